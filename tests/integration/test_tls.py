"""HTTPS end to end: the real `vigil` binary with certificates made by the `openssl` tool, called by
real clients (curl, Python's ssl module, `vigil export`), and certificate rotation with SIGHUP."""
import hashlib
import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import unittest

from vigil_server import SEED, VIGIL, VigilServer


def make_certificate(directory, name, common_name="localhost"):
    """A self-signed certificate for localhost and 127.0.0.1 (P-256 key); returns (cert, key)."""
    cert = os.path.join(directory, name + ".pem")
    key = os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "30", "-subj", f"/CN={common_name}",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def file_sha256(cert_path):
    with open(cert_path) as f:
        return hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()


class TlsServerTest(unittest.TestCase):
    """A server on HTTPS whose live certificate files the tests can replace and reload."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="vigil-tls-")
        self.cert_a, self.key_a = make_certificate(self.dir, "a", "vigil-a")
        self.cert_b, self.key_b = make_certificate(self.dir, "b", "vigil-b")
        self.live_cert = os.path.join(self.dir, "live.pem")
        self.live_key = os.path.join(self.dir, "live.key")
        self.install(self.cert_a, self.key_a)
        self.server = VigilServer(args=["--tls-cert-file", self.live_cert,
                                        "--tls-key-file", self.live_key]).start()

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def install(self, cert, key):
        """Rotation as operators do it: the new file is written beside the old and renamed over it."""
        for source, target in ((cert, self.live_cert), (key, self.live_key)):
            shutil.copyfile(source, target + ".new")
            os.replace(target + ".new", target)

    def context(self, *cafiles):
        context = ssl.create_default_context()
        for cafile in cafiles or (self.cert_a,):
            context.load_verify_locations(cafile)
        return context

    def connect(self, *cafiles):
        conn = http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=30,
                                           context=self.context(*cafiles))
        self.addCleanup(conn.close)
        conn.connect()
        return conn

    @staticmethod
    def peer_sha256(conn):
        return hashlib.sha256(conn.sock.getpeercert(binary_form=True)).hexdigest()

    def get(self, conn, path):
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode()

    def wait_for_log(self, after, msg, timeout=10):
        """The first JSON log line with this msg among those written after line number `after`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for raw in self.server.logs[after:]:
                try:
                    line = json.loads(raw)
                except ValueError:
                    continue
                if line.get("msg") == msg:
                    return line
            time.sleep(0.01)
        self.fail(f"no {msg!r} log line:\n" + "\n".join(self.server.logs[after:]))

    def reload(self):
        """Sends SIGHUP; returns the log position before it."""
        mark = len(self.server.logs)
        self.server.proc.send_signal(signal.SIGHUP)
        return mark

    def test_start_logs_https_and_the_certificate(self):
        lines = [json.loads(raw) for raw in self.server.logs if raw.startswith("{")]
        listening = next(line for line in lines if line["msg"] == "listening")
        self.assertEqual(listening["scheme"], "https")
        certificate = next(line for line in lines if line["msg"] == "tls certificate")
        self.assertEqual(certificate["subject"], "CN=vigil-a")
        self.assertEqual(certificate["sha256"], file_sha256(self.cert_a))
        self.assertRegex(certificate["not_after"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_curl_posts_detect_over_https(self):
        url = f"https://127.0.0.1:{self.server.port}"
        out = subprocess.run(["curl", "-sS", "--fail-with-body", "--cacert", self.cert_a,
                              "-H", "content-type: application/json",
                              "-d", json.dumps(dict(SEED, event_id="tls-curl-1")), url + "/detect"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        body = json.loads(out.stdout)
        self.assertEqual(body["event_id"], "tls-curl-1")
        self.assertEqual(body["fraud_label"], "FRAUD")  # the seed's 1000: the model's > 900
        health = subprocess.run(["curl", "-sS", "--fail", "--cacert", self.cert_a, url + "/healthz"],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(health.returncode, 0, health.stderr)
        # Without the CA curl refuses the self-signed certificate (exit 60), and the server goes on.
        untrusted = subprocess.run(["curl", "-sS", url + "/healthz"], capture_output=True, text=True,
                                   timeout=60)
        self.assertEqual(untrusted.returncode, 60, untrusted.stderr)
        self.assertEqual(self.get(self.connect(), "/healthz")[0], 200)

    def test_python_ssl_keep_alive_health_and_metrics(self):
        conn = self.connect()
        self.assertEqual(self.peer_sha256(conn), file_sha256(self.cert_a))
        self.assertIn(conn.sock.version(), ("TLSv1.3", "TLSv1.2"))
        first = conn.sock
        self.assertEqual(self.get(conn, "/healthz")[0], 200)
        status, metrics = self.get(conn, "/metrics")
        self.assertEqual(status, 200)
        self.assertIn("vigil_http_requests_total", metrics)
        self.assertIs(conn.sock, first)  # one TLS connection for both

    def test_sighup_serves_the_new_certificate_to_new_connections_while_old_ones_go_on(self):
        old = self.connect()
        self.assertEqual(self.get(old, "/healthz")[0], 200)
        self.install(self.cert_b, self.key_b)
        reloaded = self.wait_for_log(self.reload(), "tls certificate reloaded")
        self.assertEqual(reloaded["level"], "info")
        self.assertEqual(reloaded["subject"], "CN=vigil-b")
        self.assertEqual(reloaded["sha256"], file_sha256(self.cert_b))
        self.assertIn("not_after", reloaded)

        new = self.connect(self.cert_b)
        self.assertEqual(self.peer_sha256(new), file_sha256(self.cert_b))
        self.assertEqual(self.get(new, "/healthz")[0], 200)
        # The connection opened before the reload keeps its session and is still served.
        status, body = self.get(old, "/detect/none-such")
        self.assertEqual(status, 404, body)
        self.assertEqual(self.peer_sha256(old), file_sha256(self.cert_a))
        # A client that trusts only the old certificate can no longer connect.
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.connect(self.cert_a)

    def test_a_bad_file_on_reload_keeps_the_old_certificate_and_logs_an_error(self):
        with open(self.live_cert, "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n")
        failed = self.wait_for_log(self.reload(), "tls reload failed; still serving the previous certificate")
        self.assertEqual(failed["level"], "error")
        self.assertEqual(failed["file"], self.live_cert)
        self.assertEqual(failed["option"], "tls_cert_file")
        self.assertIn(self.live_cert, failed["error"])
        conn = self.connect()
        self.assertEqual(self.peer_sha256(conn), file_sha256(self.cert_a))
        self.assertEqual(self.get(conn, "/healthz")[0], 200)

        # A certificate whose key is not the one beside it: refused the same way.
        shutil.copyfile(self.cert_b, self.live_cert)
        mismatch = self.wait_for_log(self.reload(), "tls reload failed; still serving the previous certificate")
        self.assertEqual(mismatch["file"], self.live_key)
        self.assertIn("does not match", mismatch["error"])
        self.assertEqual(self.peer_sha256(self.connect()), file_sha256(self.cert_a))
        self.assertIsNone(self.server.proc.poll())

    def test_plain_http_against_the_tls_port_fails_cleanly(self):
        plain = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        with self.assertRaises((http.client.HTTPException, ConnectionError)):
            plain.request("GET", "/healthz")
            plain.getresponse().read()
        plain.close()
        self.assertIsNone(self.server.proc.poll())
        self.assertEqual(self.get(self.connect(), "/healthz")[0], 200)

    def test_cli_export_over_https(self):
        url = f"https://127.0.0.1:{self.server.port}"
        out = subprocess.run([VIGIL, "export", "--server", url, "--cacert", self.cert_a,
                              "transaction_detector"], capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("detector_id: transaction_detector", out.stdout)
        env = dict(os.environ, VIGIL_SERVER=url, VIGIL_CACERT=self.cert_a)
        out = subprocess.run([VIGIL, "export", "transaction_detector"], capture_output=True, text=True,
                             env=env, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        untrusted = subprocess.run([VIGIL, "export", "--server", url, "transaction_detector"],
                                   capture_output=True, text=True, timeout=60)
        self.assertNotEqual(untrusted.returncode, 0)
        self.assertIn("TLS handshake failed", untrusted.stderr)
        self.assertIn("certificate verify failed", untrusted.stderr)


class TlsStartTest(unittest.TestCase):
    """Bad TLS settings stop the start with the option, the file and the reason."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="vigil-tls-")
        self.cert_a, self.key_a = make_certificate(self.dir, "a")
        self.cert_b, self.key_b = make_certificate(self.dir, "b")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def refused(self, exit_code, *args):
        server = VigilServer(args=list(args))
        with self.assertRaises(RuntimeError) as caught:
            server.start()
        self.assertEqual(server.stop(), exit_code)
        return str(caught.exception)

    def test_refuses_to_start_on_bad_tls_files(self):
        # A usage error (exit 2) before anything is opened...
        logs = self.refused(2, "--tls-cert-file", self.cert_a)
        self.assertIn("tls_key_file is not set", logs)
        # ...and files that do not do (exit 1), as the server starts.
        logs = self.refused(1, "--tls-cert-file", self.cert_a, "--tls-key-file", self.key_b)
        self.assertIn(f"tls_key_file {self.key_b}: the private key does not match", logs)
        missing = os.path.join(self.dir, "missing.pem")
        logs = self.refused(1, "--tls-cert-file", missing, "--tls-key-file", self.key_a)
        self.assertIn(f"tls_cert_file {missing}: cannot open: No such file or directory", logs)


if __name__ == "__main__":
    unittest.main()

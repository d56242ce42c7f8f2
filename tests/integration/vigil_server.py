"""A real `vigil serve` process for integration tests: temp data dir, port 0, JSON logs."""
import atexit
import http.client
import json
import os
import queue
import signal
import subprocess
import tempfile
import threading
import time
import unittest

VIGIL = os.environ.get("VIGIL_BIN", "build/src/cli/vigil")
EXAMPLES = os.environ.get("VIGIL_EXAMPLES", "examples")
EXAMPLE_DETECTOR = os.path.join(EXAMPLES, "transaction_detector.yaml")
SEED = {"event_id": "abc123", "transaction_amount": 1000, "ip_address": "123.45.67.89",
        "account_id": "user_789"}


# Servers started and not stopped yet. A test that fails between start() and stop() would leave
# its server running after the suite; when the suite's process exits, those are killed.
_running = set()


@atexit.register
def _kill_leftovers():
    for proc in list(_running):
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


class VigilServer:
    """Starts vigil on 127.0.0.1:0 and learns its port from the "listening" log line."""

    def __init__(self, data_dir=None, args=(), env=None, apply_example=True):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="vigil-test-")
        self.args = list(args)
        if apply_example:
            self.args += ["--apply", EXAMPLE_DETECTOR]
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.port = None
        self.logs = []
        self._lines = queue.Queue()

    def start(self, timeout=30):
        cmd = [VIGIL, "serve", "--port", "0", "--data-dir", self.data_dir] + self.args
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     env=self.env, text=True)
        _running.add(self.proc)
        self._reader = threading.Thread(target=self._read_logs, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                raise RuntimeError("vigil exited early:\n" + "\n".join(self.logs))
            if line.get("msg") == "listening":
                self.port = line["port"]
                return self
        raise RuntimeError("vigil did not start:\n" + "\n".join(self.logs))

    def _read_logs(self):
        for raw in self.proc.stderr:
            self.logs.append(raw.rstrip())
            try:
                self._lines.put(json.loads(raw))
            except ValueError:
                pass
        self._lines.put(None)

    def wait_for_log(self, msg, timeout=60):
        """Returns the next log line whose "msg" is `msg`, read as the server writes it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {msg!r} log line within {timeout} s")
            if line is None:
                raise AssertionError(f"vigil exited before logging {msg!r}")
            if line.get("msg") == msg:
                return line

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        _running.discard(self.proc)
        if self.proc and self.proc.stderr:
            self._reader.join(timeout=timeout)
            self.proc.stderr.close()
        return self.proc.returncode if self.proc else None

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, path, body=None, headers=None, conn=None):
        """Returns (status, parsed JSON or text, response headers)."""
        own = conn is None
        conn = conn or self.connection()
        data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
        hdrs = {"content-type": "application/json"}
        hdrs.update(headers or {})
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read().decode()
        if own:
            conn.close()
        ctype = resp.getheader("content-type", "")
        payload = json.loads(raw) if "json" in ctype and raw else raw
        return resp.status, payload, dict(resp.getheaders())

    def detect(self, body, **kw):
        return self.request("POST", "/detect", body, **kw)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def poll(condition, timeout, what):
    """Waits until condition() is true; fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)  # a poll interval, not synchronisation: the deadline bounds the wait
    raise AssertionError(f"{what}: not within {timeout} s")


def count_decisions(data_dir, where="1=1"):
    """Rows in the seed's table, read with the sqlite3 shell as an operator would."""
    out = subprocess.run(["sqlite3", os.path.join(data_dir, "vigil.db"),
                          f"SELECT count(*) FROM decisions WHERE {where};"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


class SharedServerTest(unittest.TestCase):
    """A test case whose tests share one server with the example detector."""

    @classmethod
    def setUpClass(cls):
        cls.server = VigilServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

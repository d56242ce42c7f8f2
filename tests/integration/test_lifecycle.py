"""Restarts, catalog administration, atomic activation under load, keys, CORS and the CLI."""
import os
import signal
import subprocess
import tempfile
import threading
import unittest

from vigil_server import EXAMPLE_DETECTOR, SEED, VIGIL, VigilServer, count_decisions


class RestartTest(unittest.TestCase):
    def test_catalog_and_decisions_survive_a_restart(self):
        server = VigilServer().start()
        self.assertEqual(server.detect(dict(SEED, event_id="persist-1"))[0], 200)
        _, before, _ = server.request("GET", "/detect/persist-1")
        self.assertEqual(server.stop(), 0, "SIGTERM exits 0")
        self.assertIn("stopped", "\n".join(server.logs))
        # Restart without --apply: the catalog comes from the store.
        again = VigilServer(data_dir=server.data_dir, apply_example=False).start()
        try:
            status, after, _ = again.request("GET", "/detect/persist-1")
            self.assertEqual(status, 200)
            self.assertEqual(before, after)
            status, body, _ = again.detect(dict(SEED, event_id="persist-1"))
            self.assertTrue(body["replay"])
            status, body, _ = again.detect(dict(SEED, event_id="persist-2"))
            self.assertEqual((status, body["detector_version"]), (200, "1"))
            self.assertEqual(count_decisions(server.data_dir), 2)
        finally:
            again.stop()
        verify = subprocess.run([VIGIL, "verify", "--data-dir", server.data_dir],
                                capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        self.assertIn("ok: 2 decision records", verify.stdout)

    def test_reapplying_the_example_changes_nothing(self):
        server = VigilServer().start()
        server.stop()
        again = VigilServer(data_dir=server.data_dir).start()
        again.stop()
        applied = [l for l in again.logs if '"applied detector file"' in l]
        self.assertEqual(len(applied), 1)
        self.assertIn('"changes":[]', applied[0])


class AdminTest(unittest.TestCase):
    def setUp(self):
        self.server = VigilServer().start()

    def tearDown(self):
        self.server.stop()

    def test_new_rule_version_and_activation(self):
        s = self.server
        status, rule, _ = s.request("POST", "/v1/detectors/transaction_detector/rules/large_amount/versions",
                                    {"expression": "$transaction_amount >= 500", "outcomes": ["review"]})
        self.assertEqual(status, 201, rule)
        self.assertEqual(rule["rule_version"], "2")
        status, version, _ = s.request("POST", "/v1/detectors/transaction_detector/versions",
                                       {"rules": ["blocked_ip", "large_amount"],
                                        "default_outcome": "legit"})
        self.assertEqual(status, 201, version)
        self.assertEqual((version["detector_version"], version["status"]), ("2", "DRAFT"))
        self.assertEqual(version["rules"][1], {"rule_id": "large_amount", "rule_version": "2"})
        # DRAFT is editable, and can be tried explicitly before activation.
        status, body, _ = s.detect(dict(SEED, event_id="draft-1", transaction_amount=600,
                                        detector_version="2"))
        self.assertEqual((status, body["fraud_label"], body["detector_version"]), (200, "REVIEW", "2"))
        status, _, _ = s.request("PUT", "/v1/detectors/transaction_detector/versions/2/status",
                                 {"status": "ACTIVE"})
        self.assertEqual(status, 200)
        _, v1, _ = s.request("GET", "/v1/detectors/transaction_detector/versions/1")
        self.assertEqual(v1["status"], "INACTIVE")
        _, body, _ = s.detect(dict(SEED, event_id="active-2", transaction_amount=600))
        self.assertEqual(body["detector_version"], "2")

    def test_list_elements_change_without_a_rule_version(self):
        s = self.server
        small = dict(SEED, transaction_amount=20, account_id="user_list")
        _, body, _ = s.detect(dict(small, event_id="list-1", ip_address="10.9.9.9"))
        self.assertEqual(body["fraud_label"], "LEGIT")
        status, lst, _ = s.request("POST", "/v1/lists/blocked_ips/elements",
                                   {"mode": "APPEND", "elements": ["10.9.9.9"]})
        self.assertEqual(status, 200, lst)
        _, body, _ = s.detect(dict(small, event_id="list-2", ip_address="10.9.9.9"))
        self.assertEqual(body["fraud_label"], "FRAUD")
        self.assertEqual(body["rule_results"][0]["rule_version"], "1")

    def test_activation_swaps_atomically_under_load(self):
        s = self.server
        s.request("POST", "/v1/detectors/transaction_detector/versions",
                  {"rules": ["blocked_ip"], "default_outcome": "legit"})  # version 2: no model, no amount rules
        errors, answers = [], []

        def load(worker):
            conn = s.connection()
            for i in range(150):
                status, body, _ = s.detect(dict(SEED, event_id=f"swap-{worker}-{i}"), conn=conn)
                if status != 200:
                    errors.append((status, body))
                else:
                    answers.append(body)
            conn.close()

        threads = [threading.Thread(target=load, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for i in range(20):
            version = "2" if i % 2 == 0 else "1"
            status, body, _ = s.request("PUT", f"/v1/detectors/transaction_detector/versions/{version}/status",
                                        {"status": "ACTIVE"})
            self.assertEqual(status, 200, body)
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(answers), 600)
        for body in answers:  # each answer is wholly one version's
            if body["detector_version"] == "1":  # the model (1000 is fraud to it), then the rules
                self.assertEqual(len(body["model_scores"]), 1, body)
                self.assertEqual(body["fraud_label"], "FRAUD", body)
            else:
                self.assertEqual((body["model_scores"], body["fraud_label"]), ([], "LEGIT"), body)

    def test_apply_and_export_with_the_cli(self):
        env = dict(os.environ, VIGIL_SERVER=f"http://127.0.0.1:{self.server.port}")
        out = subprocess.run([VIGIL, "export", "transaction_detector"], capture_output=True,
                             text=True, env=env)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("detector_id: transaction_detector", out.stdout)
        exported = os.path.join(tempfile.mkdtemp(), "exported.yaml")
        with open(exported, "w") as f:
            f.write(out.stdout.replace("$transaction_amount >= 10000", "$transaction_amount >= 20000"))
        out = subprocess.run([VIGIL, "apply", "-f", exported], capture_output=True, text=True, env=env)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("rule very_large_amount: created version 2", out.stdout)
        self.assertIn('"detector_version":"2"', out.stdout)
        again = subprocess.run([VIGIL, "apply", "-f", exported], capture_output=True, text=True, env=env)
        self.assertIn('"changes":[]', again.stdout)
        bad = subprocess.run([VIGIL, "apply", "-f", EXAMPLE_DETECTOR + ".missing"], capture_output=True,
                             text=True, env=env)
        self.assertNotEqual(bad.returncode, 0)


class KeysAndCorsTest(unittest.TestCase):
    def test_keys_guard_every_route(self):
        data_dir = tempfile.mkdtemp(prefix="vigil-keys-")
        keys = {}
        for name, perms in (("scorer", "decide"), ("ops", "all")):
            out = subprocess.run([VIGIL, "keys", "create", "--data-dir", data_dir, "--name", name,
                                  "--permissions", perms], capture_output=True, text=True)
            self.assertEqual(out.returncode, 0, out.stderr)
            keys[name] = out.stdout.strip()
        listed = subprocess.run([VIGIL, "keys", "list", "--data-dir", data_dir], capture_output=True, text=True)
        self.assertNotIn(keys["ops"], listed.stdout, "keys are stored hashed")
        server = VigilServer(data_dir=data_dir, args=["--cors-origins", "https://app.example"]).start()
        try:
            status, body, _ = server.detect(dict(SEED, event_id="k-1"))
            self.assertEqual((status, body["error"]["code"]), (401, "Unauthenticated"))
            status, _, _ = server.detect(dict(SEED, event_id="k-1"), headers={"x-api-key": "vgl_wrong"})
            self.assertEqual(status, 401)
            status, _, _ = server.detect(dict(SEED, event_id="k-1"), headers={"x-api-key": keys["scorer"]})
            self.assertEqual(status, 200)
            status, body, _ = server.request("GET", "/detect/k-1", headers={"x-api-key": keys["scorer"]})
            self.assertEqual((status, body["error"]["code"]), (403, "PermissionDenied"))
            status, _, _ = server.request("GET", "/detect/k-1", headers={"x-api-key": keys["ops"]})
            self.assertEqual(status, 200)
            status, _, _ = server.request("POST", "/v1/outcomes", {"name": "x"},
                                          headers={"x-api-key": keys["scorer"]})
            self.assertEqual(status, 403)
            self.assertEqual(server.request("GET", "/v1/outcomes/x", headers={"x-api-key": keys["ops"]})[0], 404)
            status, _, headers = server.request("OPTIONS", "/detect", headers={
                "origin": "https://app.example", "access-control-request-method": "POST"})
            self.assertEqual(status, 204)
            self.assertEqual(headers["Access-Control-Allow-Origin"], "https://app.example")
            self.assertIn("x-api-key", headers["Access-Control-Allow-Headers"])
            _, _, headers = server.request("GET", "/healthz", headers={"origin": "https://evil.example"})
            self.assertNotIn("Access-Control-Allow-Origin", headers)
        finally:
            server.stop()

    def test_no_keys_off_loopback_refuses_to_start(self):
        proc = subprocess.run([VIGIL, "serve", "--address", "0.0.0.0", "--port", "0", "--data-dir",
                               tempfile.mkdtemp()], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("no API keys are configured", proc.stderr)

    def test_loopback_without_keys_says_so(self):
        server = VigilServer().start()
        server.stop()
        self.assertIn("running without API keys", "\n".join(server.logs))


if __name__ == "__main__":
    unittest.main()

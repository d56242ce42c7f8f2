"""Per-key rate limits, as API Gateway usage plans: over its limit a caller gets 429 with
Retry-After, its request is not decided or stored, and other callers are not affected.

Nothing here sleeps: limits are either slow enough that no token comes back while a test runs
(and the bounds allow for the time the test really took), or fast enough that polling sees the
bucket refill within milliseconds."""
import http.client
import json
import os
import re
import subprocess
import tempfile
import time
import unittest

from vigil_server import SEED, VIGIL, VigilServer, count_decisions

NOISY, STEADY, QUICK = "key-noisy", "key-steady", "key-quick"
CONFIG = """
rate_limit: {rate: 1000, burst: 1000}
api_keys:
  - name: noisy
    key: key-noisy
    permissions: all
    rate_limit: {rate: 0.25, burst: 5}
  - name: steady
    key: key-steady
    permissions: all
  - name: quick
    key: key-quick
    permissions: all
    rate_limit: {rate: 50, burst: 1}
"""


def most_admitted(burst, rate, seconds):
    """The most a token bucket can admit in `seconds`: the burst plus what refilled."""
    return burst + int(rate * seconds)


def rate_limited_total(server, caller):
    _, text, _ = server.request("GET", "/metrics")
    found = re.search(r'^vigil_rate_limited_total\{key="%s"\} (\d+)$' % re.escape(caller), text,
                      re.MULTILINE)
    return int(found.group(1)) if found else 0


class RateLimitTestCase(unittest.TestCase):
    def hammer(self, server, n, prefix, headers=None, conn=None):
        """Sends n distinct decisions at once; returns ({event_id: (status, body, headers)}, seconds)."""
        own = conn is None
        conn = conn or server.connection()
        answers = {}
        start = time.monotonic()
        for i in range(n):
            event_id = f"{prefix}-{i}"
            answers[event_id] = server.detect(dict(SEED, event_id=event_id), headers=headers,
                                              conn=conn)
        elapsed = time.monotonic() - start
        if own:
            conn.close()
        return answers, elapsed

    def assertThrottled(self, answer, who, max_retry_after):
        status, body, headers = answer
        self.assertEqual(status, 429, body)
        self.assertEqual(body["error"]["code"], "ThrottlingException", body)
        self.assertIn(who, body["error"]["message"])
        self.assertIn("rate limit", body["error"]["message"])
        retry_after = int(headers["Retry-After"])
        self.assertGreaterEqual(retry_after, 1)
        self.assertLessEqual(retry_after, max_retry_after)
        self.assertIn(f"retry after {retry_after} s", body["error"]["message"])
        return retry_after


class PerKeyLimitTest(RateLimitTestCase):
    @classmethod
    def setUpClass(cls):
        config = os.path.join(tempfile.mkdtemp(prefix="vigil-rate-"), "vigil.yaml")
        with open(config, "w") as f:
            f.write(CONFIG)
        cls.started = time.monotonic()
        cls.server = VigilServer(args=["--config", config]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_a_noisy_key_is_refused_and_nothing_of_it_is_stored(self):
        s = self.server
        before = count_decisions(s.data_dir)
        answers, elapsed = self.hammer(s, 20, "noisy", headers={"x-api-key": NOISY})
        admitted = [e for e, (status, _, _) in answers.items() if status == 200]
        refused = [e for e, (status, _, _) in answers.items() if status == 429]
        self.assertEqual(len(admitted) + len(refused), 20, answers)
        self.assertGreaterEqual(len(admitted), 5, "the burst is admitted")
        self.assertLessEqual(len(admitted), most_admitted(5, 0.25, elapsed))
        self.assertTrue(refused)
        for event_id in refused:
            # A token every 4 s: Retry-After is the whole seconds until the next one.
            self.assertThrottled(answers[event_id], "key 'noisy'", 4)
        # Refused requests were neither decided nor stored.
        self.assertEqual(count_decisions(s.data_dir), before + len(admitted))
        self.assertEqual(count_decisions(s.data_dir, "event_id LIKE 'noisy-%'"), len(admitted))
        for event_id in refused:
            status, _, _ = s.request("GET", f"/detect/{event_id}", headers={"x-api-key": STEADY})
            self.assertEqual(status, 404, event_id)
        self.assertGreaterEqual(rate_limited_total(s, "noisy"), len(refused))

    def test_other_keys_keep_being_served_while_one_is_throttled(self):
        s = self.server
        start = time.monotonic()
        noisy_ok = 0
        noisy_conn, steady_conn = s.connection(), s.connection()
        for i in range(15):
            status, body, _ = s.detect(dict(SEED, event_id=f"mixed-noisy-{i}"),
                                       headers={"x-api-key": NOISY}, conn=noisy_conn)
            self.assertIn(status, (200, 429), body)
            noisy_ok += status == 200
            status, body, _ = s.detect(dict(SEED, event_id=f"mixed-steady-{i}"),
                                       headers={"x-api-key": STEADY}, conn=steady_conn)
            self.assertEqual(status, 200, body)
            self.assertFalse(body["replay"])
        noisy_conn.close()
        steady_conn.close()
        self.assertLessEqual(noisy_ok, most_admitted(5, 0.25, time.monotonic() - start))
        self.assertEqual(count_decisions(s.data_dir, "event_id LIKE 'mixed-steady-%'"), 15)
        self.assertEqual(count_decisions(s.data_dir, "event_id LIKE 'mixed-noisy-%'"), noisy_ok)
        # Reads are limited as well; health, readiness and metrics never are.
        for path in ("/healthz", "/readyz", "/metrics"):
            self.assertEqual(s.request("GET", path, headers={"x-api-key": NOISY})[0], 200, path)

    def test_a_refilled_bucket_admits_again(self):
        # quick: 50 requests/s, burst 1 — a token every 20 ms. Polling back to back soon runs the
        # bucket dry, and soon after that it has a token again.
        s = self.server
        conn = s.connection()
        seen, deadline = [], time.monotonic() + 30
        while time.monotonic() < deadline:
            status, body, headers = s.request("GET", "/detect/never-decided",
                                              headers={"x-api-key": QUICK}, conn=conn)
            if status == 429:
                self.assertThrottled((status, body, headers), "key 'quick'", 1)
            else:
                self.assertEqual(status, 404, body)  # admitted, and answered by the handler
            seen.append(status)
            if 429 in seen and seen[-1] == 404:
                break
        conn.close()
        self.assertIn(429, seen)
        self.assertEqual(seen[-1], 404, "admitted again once the bucket refilled")

    def test_refusals_are_logged_at_most_once_per_key_per_second(self):
        s = self.server
        answers, _ = self.hammer(s, 30, "logged", headers={"x-api-key": NOISY})
        self.assertTrue(any(a[0] == 429 for a in answers.values()))
        lines = [json.loads(l) for l in list(s.logs) if '"rate limited"' in l]
        noisy = [l for l in lines if l.get("key") == "noisy"]
        self.assertTrue(noisy)
        self.assertEqual(noisy[0]["level"], "warn")
        self.assertEqual(noisy[0]["limit"], "0.25/s burst 5")
        self.assertGreaterEqual(noisy[-1]["refused"], 1)
        # Other tests of this class hammer the same key: one line at once, then one a second.
        self.assertLessEqual(len(noisy), 1 + int(time.monotonic() - self.started) + 1)
        self.assertLess(len(noisy), rate_limited_total(s, "noisy"))

    def test_the_limits_are_logged_at_start(self):
        line = next(json.loads(l) for l in list(self.server.logs) if '"rate limits"' in l)
        self.assertEqual(line["default"], "1000/s burst 1000")
        self.assertEqual(line["per"], "key")
        self.assertIn({"key": "noisy", "limit": "0.25/s burst 5"}, line["keys"])


class StoredKeyLimitTest(RateLimitTestCase):
    def test_keys_create_takes_a_rate_limit(self):
        data_dir = tempfile.mkdtemp(prefix="vigil-rate-keys-")
        out = subprocess.run([VIGIL, "keys", "create", "--data-dir", data_dir, "--name", "batch",
                              "--permissions", "decide", "--rate", "0.25", "--burst", "2"],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        key = out.stdout.strip()
        self.assertIn("rate limit 0.25/s burst 2", out.stderr)
        out = subprocess.run([VIGIL, "keys", "create", "--data-dir", data_dir, "--name", "free",
                              "--permissions", "decide"], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        free = out.stdout.strip()
        listed = subprocess.run([VIGIL, "keys", "list", "--data-dir", data_dir],
                                capture_output=True, text=True)
        self.assertRegex(listed.stdout, r"batch\tdecide\t\w+\.\.\.\t0\.25/s burst 2")
        self.assertRegex(listed.stdout, r"free\tdecide\t\w+\.\.\.\tdefault")
        bad = subprocess.run([VIGIL, "keys", "create", "--data-dir", data_dir, "--name", "bad",
                              "--permissions", "decide", "--rate", "-3"], capture_output=True, text=True)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("--rate", bad.stderr)

        with VigilServer(data_dir=data_dir) as server:
            answers, elapsed = self.hammer(server, 8, "stored", headers={"x-api-key": key})
            statuses = [a[0] for a in answers.values()]
            self.assertEqual(statuses[:2], [200, 200])
            self.assertLessEqual(statuses.count(200), most_admitted(2, 0.25, elapsed))
            self.assertIn(429, statuses)
            self.assertEqual(count_decisions(server.data_dir), statuses.count(200))
            # The key without a limit of its own has the default: unlimited.
            answers, _ = self.hammer(server, 30, "free", headers={"x-api-key": free})
            self.assertEqual({a[0] for a in answers.values()}, {200})


class PerAddressLimitTest(RateLimitTestCase):
    """Without keys (loopback only), each client address has the default limit."""

    @classmethod
    def setUpClass(cls):
        cls.server = VigilServer(args=["--rate-limit-burst", "3"],
                                 env={"VIGIL_RATE_LIMIT_RATE": "0.25"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_each_client_address_has_its_own_bucket(self):
        s = self.server
        answers, elapsed = self.hammer(s, 10, "addr")
        statuses = [a[0] for a in answers.values()]
        self.assertEqual(statuses[:3], [200, 200, 200])
        self.assertLessEqual(statuses.count(200), most_admitted(3, 0.25, elapsed))
        refused = [a for a in answers.values() if a[0] == 429]
        self.assertTrue(refused)
        self.assertThrottled(refused[0], "client 127.0.0.1", 4)
        self.assertEqual(count_decisions(s.data_dir, "event_id LIKE 'addr-%'"), statuses.count(200))
        # Another loopback address is another client, with a full bucket.
        other = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30,
                                           source_address=("127.0.0.2", 0))
        answers, _ = self.hammer(s, 3, "other-addr", conn=other)
        other.close()
        self.assertEqual([a[0] for a in answers.values()], [200, 200, 200])
        # Health, readiness and metrics are not limited.
        for path in ("/healthz", "/readyz", "/metrics"):
            self.assertEqual(s.request("GET", path)[0], 200, path)
        self.assertGreaterEqual(rate_limited_total(s, "127.0.0.1"), len(refused))
        self.assertEqual(rate_limited_total(s, "127.0.0.2"), 0)


if __name__ == "__main__":
    unittest.main()

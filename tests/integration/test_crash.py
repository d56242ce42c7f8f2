"""Crash consistency: kill -9 under concurrent load, many times; nothing acknowledged is lost.

Each round starts vigil on the same data directory, drives concurrent /detect load (with some
event ids sent twice at once), and kills the server with SIGKILL after a random number of
acknowledged decisions. After every restart: each decision that got a 200 is stored with the
content it was answered with, no event id is stored twice, the hash chain verifies end to end
and the catalog is intact.
"""
import http.client
import json
import random
import signal
import subprocess
import threading
import unittest

from vigil_server import SEED, VIGIL, VigilServer

ROUNDS = 12
WORKERS = 6
ANSWER_KEYS = ("event_id", "fraud_label", "insight_score", "timestamp", "detector_id",
               "detector_version", "outcomes", "rule_results", "model_scores")


class CrashTest(unittest.TestCase):
    def test_kill_9_under_load_loses_nothing_acknowledged(self):
        rng = random.Random(20261128)
        acknowledged = {}  # event_id -> answer
        lock = threading.Lock()
        mismatches = []  # assertions fail in the main thread, not in workers
        data_dir = None
        for round_no in range(ROUNDS):
            server = VigilServer(data_dir=data_dir, apply_example=(round_no == 0)).start()
            data_dir = server.data_dir
            self.check_stored(server, acknowledged)
            kill_after = rng.randint(20, 300)
            killed = threading.Event()
            count = [0]

            def worker(worker_no):
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                i = 0
                while not killed.is_set():
                    i += 1
                    # Every 7th request reuses the previous id of worker 0: concurrent duplicates.
                    event_id = f"r{round_no}-w{worker_no}-{i}" if i % 7 else f"r{round_no}-w0-{i - 1}"
                    body = dict(SEED, event_id=event_id, transaction_amount=rng.randint(1, 20000))
                    try:
                        conn.request("POST", "/detect", json.dumps(body),
                                     {"content-type": "application/json"})
                        resp = conn.getresponse()
                        answer = json.loads(resp.read())
                    except (OSError, http.client.HTTPException, ValueError):
                        return  # the server is gone
                    if resp.status != 200:
                        continue
                    with lock:
                        previous = acknowledged.get(event_id)
                        if previous is not None and strip(previous) != strip(answer):
                            mismatches.append((event_id, previous, answer))
                        acknowledged[event_id] = answer
                        count[0] += 1
                        if count[0] >= kill_after and not killed.is_set():
                            killed.set()
                            server.proc.send_signal(signal.SIGKILL)

            threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            if not killed.is_set():
                server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(timeout=30)
            server.stop()
        self.assertEqual(mismatches, [], "a replayed id answered differently")
        final = VigilServer(data_dir=data_dir, apply_example=False).start()
        try:
            self.check_stored(final, acknowledged)
        finally:
            final.stop()
        self.assertGreater(len(acknowledged), ROUNDS * 20)
        rows, distinct = sqlite(data_dir, "SELECT count(*), count(DISTINCT event_id) FROM decisions").split("|")
        self.assertEqual(rows, distinct, "no event id is stored twice")
        verify = subprocess.run([VIGIL, "verify", "--data-dir", data_dir], capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)

    def check_stored(self, server, acknowledged):
        conn = server.connection()
        for event_id, answer in list(acknowledged.items()):
            status, record, _ = server.request("GET", f"/detect/{event_id}", conn=conn)
            self.assertEqual(status, 200, f"acknowledged {event_id} is lost")
            self.assertEqual(strip(answer), {k: record[k] for k in ANSWER_KEYS}, event_id)
        conn.close()
        status, version, _ = server.request("GET", "/v1/detectors/transaction_detector/versions/1")
        self.assertEqual((status, version["status"], len(version["rules"])), (200, "ACTIVE", 6))


def strip(answer):
    return {k: answer[k] for k in ANSWER_KEYS}


def sqlite(data_dir, query):
    import os
    return subprocess.run(["sqlite3", os.path.join(data_dir, "vigil.db"), query],
                          capture_output=True, text=True, check=True).stdout.strip()


if __name__ == "__main__":
    unittest.main()

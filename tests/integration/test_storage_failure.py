"""The real server when the disk under its data directory fails: it fills up, or the kernel turns
it read-only. Writes are answered 503 with the documented error, one clear JSON log line names
the cause and the database, the process stays up and not ready, reads and replays keep working,
nothing answered 200 is lost and nothing answered 503 is stored; once there is room again the
server recovers by itself, and the hash chain verifies.

The data directory lives on a file system mounted by the test: a small tmpfs (to fill up), or
ext4 on a loop device that the kernel remounts read-only after an injected error (what happens
on a disk error with errors=remount-ro). Needs root with CAP_SYS_ADMIN, as in CI; without it the
tests are skipped, saying which command failed and why.

Why not `mount -o remount,ro` of a tmpfs under the running server: Linux refuses to remount a
file system read-only while a process holds a file on it open for writing (EBUSY), and the
server holds its database open for as long as it runs. A disk error is how a data directory
really turns read-only under a running server.
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from vigil_server import SEED, VIGIL, VigilServer, poll

ANSWER_KEYS = ("event_id", "fraud_label", "insight_score", "timestamp", "detector_id",
               "detector_version", "outcomes", "rule_results", "model_scores")
# The writer probes an idle, unhealthy store once a second (src/store/sqlite/writer.h); watching
# /readyz for longer than two probes shows that the probes do not turn it ready while failing.
PROBE_INTERVAL_S = 1.0
# Room the probe wants before it calls the store healthy (src/store/sqlite/writer.cc), in pages
# of the store's page size (docs/operations.md).
PROBE_ROOM_BYTES = 64 * 32 * 1024
WORKERS = 6


def sh(*cmd, check=True):
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=60)


def try_sh(*cmd):
    """Runs cmd; raises SkipTest naming the command and its error when it cannot run."""
    try:
        out = sh(*cmd, check=False)
    except OSError as e:
        raise unittest.SkipTest(f"`{' '.join(cmd)}` cannot run: {e}")
    if out.returncode != 0:
        raise unittest.SkipTest(f"`{' '.join(cmd)}` failed (exit {out.returncode}, running as "
                                f"uid {os.geteuid()}): {out.stderr.strip()}")
    return out.stdout.strip()


def metric(server, name):
    _, text, _ = server.request("GET", "/metrics")
    found = re.search(r"^%s (\S+)$" % re.escape(name), text, re.MULTILINE)
    return float(found.group(1)) if found else None


def stored_rows(data_dir, uri_suffix=""):
    """The decisions table as the sqlite3 shell reads it: {event_id: row}."""
    db = os.path.join(data_dir, "vigil.db")
    out = sh("sqlite3", "-json", f"file:{db}{uri_suffix}",
             "SELECT event_id, fraud_label, insight_score, timestamp, detector_id, "
             "detector_version, record FROM decisions")
    return {row["event_id"]: row for row in json.loads(out.stdout or "[]")}


def log_lines(server, msg_prefix):
    lines = []
    for raw in list(server.logs):
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if line.get("msg", "").startswith(msg_prefix):
            lines.append(line)
    return lines


def instant(timestamp):
    """An ISO-8601 UTC timestamp ("2026-12-01T08:54:09.858Z") as a datetime."""
    return datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


class DiskFailureTestCase(unittest.TestCase):
    def drive_until_refused(self, server, prefix, min_refusals=3, max_requests=20000,
                            timeout=30):
        """WORKERS concurrent clients send new decisions until each has been refused
        min_refusals times. Returns {event_id: (status, body)}."""
        answers, lock = {}, threading.Lock()
        deadline = time.monotonic() + timeout

        def worker(w):
            conn = server.connection()
            refused = 0
            for i in range(max_requests // WORKERS):
                if refused >= min_refusals or time.monotonic() > deadline:
                    break
                event_id = f"{prefix}-{w}-{i}"
                status, body, _ = server.detect(dict(SEED, event_id=event_id), conn=conn)
                with lock:
                    answers[event_id] = (status, body)
                refused += status == 503
            conn.close()

        threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=timeout + 30)
        return answers

    def refuse_once_more(self, server, prefix):
        """Sends decisions one at a time until one is refused, so that the store's last write
        failed (concurrent batches may leave it either way). Returns (event_id, body)."""
        for i in range(100):
            event_id = f"{prefix}-{i}"
            status, body, _ = server.detect(dict(SEED, event_id=event_id))
            if status == 503:
                return event_id, body
            self.assertEqual(status, 200, body)
            self.accepted[event_id] = body
        self.fail("the store kept accepting writes on a full or read-only disk")

    def assertUnavailable(self, body, cause):
        self.assertEqual(body["error"]["code"], "Unavailable", body)
        self.assertIn("nothing of this batch was stored", body["error"]["message"])
        self.assertIn(cause, body["error"]["message"])

    def assertFailingButServing(self, server):
        """While the store cannot write: up, not ready, reads and replays answered."""
        self.assertIsNone(server.proc.poll(), "the server exited")
        self.assertEqual(server.request("GET", "/healthz")[0], 200)
        status, body, _ = server.request("GET", "/readyz")
        self.assertEqual((status, body), (503, {"status": "store unavailable"}))
        self.assertEqual(metric(server, "vigil_store_healthy"), 0)
        conn = server.connection()
        for event_id, answer in self.accepted.items():
            status, record, _ = server.request("GET", f"/detect/{event_id}", conn=conn)
            self.assertEqual(status, 200, record)
            for key in ANSWER_KEYS:
                self.assertEqual(record[key], answer[key], (event_id, key))
            # A replay is answered from the stored decision, identical but for `replay`.
            status, replay, _ = server.detect(dict(SEED, event_id=event_id), conn=conn)
            self.assertEqual(status, 200, replay)
            self.assertTrue(replay["replay"])
            self.assertEqual({k: replay[k] for k in ANSWER_KEYS},
                             {k: answer[k] for k in ANSWER_KEYS})
        for event_id in self.refused:
            status, body, _ = server.request("GET", f"/detect/{event_id}", conn=conn)
            self.assertEqual(status, 404, (event_id, body))
        conn.close()

    def assertStoredExactly(self, data_dir, uri_suffix=""):
        """The sqlite3 shell sees every accepted decision as answered, and nothing refused."""
        rows = stored_rows(data_dir, uri_suffix)
        self.assertEqual(set(rows), set(self.accepted))
        for event_id, answer in self.accepted.items():
            row = rows[event_id]
            for key in ("fraud_label", "insight_score", "detector_id", "detector_version"):
                self.assertEqual(row[key], answer[key], (event_id, key))
            # The same instant; the column always has six fraction digits, the answer trims
            # trailing zeros (".858000Z" and ".858Z").
            self.assertEqual(instant(row["timestamp"]), instant(answer["timestamp"]), event_id)
            record = json.loads(row["record"])
            for key in ANSWER_KEYS:
                self.assertEqual(record[key], answer[key], (event_id, key))

    def assertReadyzStaysDown(self, server, seconds):
        """/readyz answers 503 every time it is asked for `seconds` (longer than the probes)."""
        end = time.monotonic() + seconds
        checks = 0
        while time.monotonic() < end:
            self.assertEqual(server.request("GET", "/readyz")[0], 503,
                             f"ready after {checks} checks while the disk is still failing")
            checks += 1
        self.assertGreater(checks, 0)

    def assertChainVerifies(self, data_dir, records):
        out = sh(VIGIL, "verify", "--data-dir", data_dir, check=False)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn(f"ok: {records} decision records", out.stdout)

    def take_answers(self, answers):
        for event_id, (status, body) in answers.items():
            if status == 200:
                self.assertFalse(body["replay"], body)
                self.accepted[event_id] = body
            else:
                self.assertEqual(status, 503, body)
                self.refused[event_id] = body


class FullDiskTest(DiskFailureTestCase):
    SIZE_KIB = 4096

    def setUp(self):
        self.accepted, self.refused = {}, {}
        self.mount = tempfile.mkdtemp(prefix="vigil-tmpfs-")
        self.addCleanup(os.rmdir, self.mount)
        try_sh("mount", "-t", "tmpfs", "-o", f"size={self.SIZE_KIB}k,mode=0755", "vigil-test",
               self.mount)
        self.addCleanup(sh, "umount", self.mount)
        self.data_dir = os.path.join(self.mount, "data")

    def test_a_full_disk_is_503_and_the_server_recovers_when_space_returns(self):
        server = VigilServer(data_dir=self.data_dir).start()
        self.addCleanup(server.stop)
        answers = self.drive_until_refused(server, "fill")
        self.take_answers(answers)
        self.assertGreater(len(self.accepted), 10, "the disk filled before anything fit")
        self.assertTrue(self.refused)
        event_id, body = self.refuse_once_more(server, "last")
        self.refused[event_id] = body
        for body in self.refused.values():
            self.assertUnavailable(body, "SQLITE_FULL")

        # One clear log line per change of health, naming the database and the cause.
        down = log_lines(server, "store unavailable")
        self.assertTrue(down, "no log line says why writes fail")
        self.assertLessEqual(len(down), len(self.refused))
        for line in down:
            self.assertEqual(line["level"], "error")
            self.assertEqual(line["database"], os.path.join(self.data_dir, "vigil.db"))
            self.assertIn("SQLITE_FULL", line["error"])
            self.assertIn("ENOSPC", line["cause"])
            self.assertFalse(line["read_only"])
            self.assertLess(line["free_bytes"], PROBE_ROOM_BYTES)
        self.assertEqual(len(log_lines(server, "store available again")), len(down) - 1,
                         "unavailable and available again alternate")

        self.assertFailingButServing(server)
        self.assertStoredExactly(self.data_dir)
        self.assertReadyzStaysDown(server, 2.2 * PROBE_INTERVAL_S)
        self.assertIsNone(server.proc.poll())

        # Free space: the server sees it by itself, without a single write from a client.
        sh("mount", "-o", f"remount,size={self.SIZE_KIB + 4 * PROBE_ROOM_BYTES // 1024}k",
           self.mount)
        poll(lambda: server.request("GET", "/readyz")[0] == 200, 10, "ready again")
        self.assertEqual(metric(server, "vigil_store_healthy"), 1)
        up = log_lines(server, "store available again")
        self.assertEqual(len(up), len(down))
        self.assertGreaterEqual(up[-1]["unavailable_ms"], 2000)
        for i in range(20):
            status, body, _ = server.detect(dict(SEED, event_id=f"after-{i}"))
            self.assertEqual(status, 200, body)
            self.accepted[body["event_id"]] = body
        # The refused ids were never stored: now they are decided afresh, not replayed.
        for event_id in list(self.refused)[:5]:
            status, body, _ = server.detect(dict(SEED, event_id=event_id))
            self.assertEqual(status, 200, body)
            self.assertFalse(body["replay"])
            self.accepted[event_id] = body
            del self.refused[event_id]
        self.assertStoredExactly(self.data_dir)
        self.assertEqual(server.stop(), 0)
        self.assertChainVerifies(self.data_dir, len(self.accepted))


class ReadOnlyStartTest(unittest.TestCase):
    def setUp(self):
        self.mount = tempfile.mkdtemp(prefix="vigil-tmpfs-")
        self.addCleanup(os.rmdir, self.mount)
        try_sh("mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "vigil-test", self.mount)
        self.addCleanup(sh, "umount", self.mount)

    def start_fails(self, data_dir):
        out = subprocess.run([VIGIL, "serve", "--port", "0", "--data-dir", data_dir],
                             capture_output=True, text=True, timeout=30)
        self.assertNotEqual(out.returncode, 0, out.stderr)
        lines = [json.loads(l) for l in out.stderr.splitlines() if l.startswith("{")]
        self.assertFalse([l for l in lines if l.get("msg") == "listening"])
        failure = [l for l in lines if l.get("msg") == "cannot open the store"]
        self.assertEqual(len(failure), 1, out.stderr)
        self.assertEqual(failure[0]["level"], "error")
        self.assertEqual(failure[0]["code"], "Unavailable")
        return failure[0]["error"]

    def test_an_existing_store_on_a_read_only_file_system_does_not_start(self):
        data_dir = os.path.join(self.mount, "data")
        with VigilServer(data_dir=data_dir) as server:
            for i in range(3):
                self.assertEqual(server.detect(dict(SEED, event_id=f"ro-{i}"))[0], 200)
        sh("mount", "-o", "remount,ro", self.mount)
        error = self.start_fails(data_dir)
        self.assertIn(f'cannot open the store in "{data_dir}"', error)
        self.assertIn("is not writable: Read-only file system", error)
        sh("mount", "-o", "remount,rw", self.mount)
        self.assertEqual(set(stored_rows(data_dir)), {"ro-0", "ro-1", "ro-2"}, "nothing changed")

    def test_a_missing_data_directory_on_a_read_only_file_system_does_not_start(self):
        sh("mount", "-o", "remount,ro", self.mount)
        data_dir = os.path.join(self.mount, "data")
        error = self.start_fails(data_dir)
        self.assertIn(f"cannot create the data directory {data_dir}", error)
        self.assertFalse(os.path.exists(data_dir))


class ReadOnlyWhileServingTest(DiskFailureTestCase):
    """ext4 with errors=remount-ro: an injected error makes the kernel turn it read-only, as a
    failing disk would. The kernel does not let it be written again before a file system check,
    so recovery is what an operator does: stop, check, mount, start."""

    def setUp(self):
        self.accepted, self.refused = {}, {}
        work = tempfile.mkdtemp(prefix="vigil-ext4-")
        self.addCleanup(shutil.rmtree, work)
        self.image = os.path.join(work, "disk.img")
        self.mount = os.path.join(work, "mnt")
        os.mkdir(self.mount)
        with open(self.image, "wb") as f:
            f.truncate(64 << 20)
        try_sh("mkfs.ext4", "-q", "-F", self.image)
        self.device = try_sh("losetup", "--find", "--show", self.image)
        self.addCleanup(sh, "losetup", "--detach", self.device)
        try_sh("mount", "-o", "errors=remount-ro", self.device, self.mount)
        self.mounted = True
        self.addCleanup(lambda: self.mounted and sh("umount", self.mount))
        self.trigger = f"/sys/fs/ext4/{os.path.basename(self.device)}/trigger_fs_error"
        if not os.path.exists(self.trigger):
            raise unittest.SkipTest(f"{self.trigger} does not exist: this kernel cannot inject "
                                    "an ext4 error")
        self.data_dir = os.path.join(self.mount, "data")

    def test_a_disk_turning_read_only_is_503_and_nothing_is_lost(self):
        server = VigilServer(data_dir=self.data_dir).start()
        self.addCleanup(server.stop)
        answers = {}
        conn = server.connection()
        for i in range(30):
            status, body, _ = server.detect(dict(SEED, event_id=f"before-{i}"), conn=conn)
            answers[f"before-{i}"] = (status, body)
        conn.close()
        self.take_answers(answers)
        self.assertEqual(len(self.accepted), 30)

        with open(self.trigger, "w") as f:
            f.write("vigil integration test: turn the file system read-only\n")
        answers = self.drive_until_refused(server, "during", max_requests=600)
        self.take_answers(answers)
        self.assertGreaterEqual(len(self.refused), WORKERS)
        # Decisions racing the error may have been answered either way; each answer holds.
        for body in self.refused.values():
            self.assertUnavailable(body, "SQLITE_IOERR")
        event_id, body = self.refuse_once_more(server, "last")
        self.refused[event_id] = body

        down = log_lines(server, "store unavailable")
        self.assertEqual(len(down), 1, down)
        self.assertEqual(down[0]["level"], "error")
        self.assertEqual(down[0]["database"], os.path.join(self.data_dir, "vigil.db"))
        self.assertTrue(down[0]["read_only"])
        self.assertIn("read-only (EROFS)", down[0]["cause"])
        self.assertIn("disk I/O error (SQLITE_IOERR)", down[0]["error"])

        self.assertFailingButServing(server)
        self.assertReadyzStaysDown(server, 2.2 * PROBE_INTERVAL_S)
        self.assertEqual(log_lines(server, "store available again"), [])
        self.assertEqual(server.stop(), 0)

        # What an operator does: check the file system, mount it again, start the server.
        sh("umount", self.mount)
        self.mounted = False
        fsck = sh("e2fsck", "-f", "-y", self.device, check=False)
        self.assertIn(fsck.returncode, (0, 1), fsck.stdout + fsck.stderr)  # 1: errors fixed
        sh("mount", "-o", "errors=remount-ro", self.device, self.mount)
        self.mounted = True
        self.assertStoredExactly(self.data_dir)
        self.assertChainVerifies(self.data_dir, len(self.accepted))
        with VigilServer(data_dir=self.data_dir, apply_example=False) as again:
            self.assertEqual(again.request("GET", "/readyz")[0], 200)
            for event_id in list(self.refused)[:3]:
                status, body, _ = again.detect(dict(SEED, event_id=event_id))
                self.assertEqual(status, 200, body)
                self.assertFalse(body["replay"], "a refused decision was stored")
                self.accepted[event_id] = body
        self.assertChainVerifies(self.data_dir, len(self.accepted))


if __name__ == "__main__":
    unittest.main()

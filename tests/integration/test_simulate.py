"""`vigil simulate`: the real binary writes the Fraud Detection Handbook's dataset as AFD CSV."""
import csv
import datetime
import io
import os
import subprocess
import tempfile
import unittest

VIGIL = os.environ.get("VIGIL_BIN", "build/src/cli/vigil")
HEADER = ["EVENT_ID", "EVENT_TIMESTAMP", "ENTITY_ID", "ENTITY_TYPE", "EVENT_LABEL",
          "LABEL_TIMESTAMP", "terminal_id", "tx_amount"]
SMALL = ["--customers", "100", "--terminals", "200", "--days", "30"]


def simulate(*args):
    return subprocess.run([VIGIL, "simulate", *args], capture_output=True, text=True, timeout=120)


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


class SimulateTest(unittest.TestCase):
    def test_writes_afd_csv_to_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "tx.csv")
            out = simulate("--output", path, *SMALL, "--start", "2020-02-20", "--seed", "7")
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(out.stdout, "")
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
        self.assertEqual(rows[0], HEADER)
        body = rows[1:]
        self.assertGreater(len(body), 100 * 30 // 2)
        for i, row in enumerate(body):
            self.assertEqual(len(row), 8, row)
            self.assertEqual(row[0], str(i))
            self.assertLess(int(row[2]), 100)
            self.assertEqual(row[3], "customer")
            self.assertIn(row[4], ("fraud", "legit"))
            self.assertEqual(parse_time(row[5]) - parse_time(row[1]), datetime.timedelta(days=7))
            self.assertLess(int(row[6]), 200)
            self.assertRegex(row[7], r"^\d+\.\d\d$")
        first, last = parse_time(body[0][1]), parse_time(body[-1][1])
        self.assertGreaterEqual(first, datetime.datetime(2020, 2, 20))
        self.assertLess(last, datetime.datetime(2020, 2, 20) + datetime.timedelta(days=30))
        self.assertEqual([parse_time(r[1]) for r in body], sorted(parse_time(r[1]) for r in body))
        # The summary: counts, fraud share, per-scenario counts, time taken.
        self.assertIn(f"{len(body)} transactions", out.stderr)
        frauds = sum(r[4] == "fraud" for r in body)
        self.assertIn(f"{frauds} frauds", out.stderr)
        self.assertRegex(out.stderr, r"scenario 1 \d+, scenario 2 \d+, scenario 3 \d+")
        self.assertRegex(out.stderr, r"\d+\.\d\d s")

    def test_stdout_and_scenario_column_are_reproducible(self):
        a = simulate("--output", "-", *SMALL, "--scenario-column")
        b = simulate("--output", "-", *SMALL, "--scenario-column")
        self.assertEqual(a.returncode, 0, a.stderr)
        self.assertEqual(a.stdout, b.stdout)
        rows = list(csv.reader(io.StringIO(a.stdout)))
        self.assertEqual(rows[0], HEADER + ["tx_fraud_scenario"])
        for row in rows[1:]:
            self.assertEqual(row[4] == "fraud", row[8] != "0", row)
        other = simulate("--output", "-", *SMALL, "--seed", "1")
        self.assertNotEqual(other.stdout, a.stdout)

    def test_bad_options_name_the_option_and_exit_2(self):
        cases = [(["--customers", "0"], "--customers"), (["--terminals", "abc"], "--terminals"),
                 (["--days", "-3"], "--days"), (["--start", "2018-02-30"], "--start"),
                 (["--radius", "0"], "--radius"), (["--seed", "x"], "--seed"),
                 (["--bogus"], "--bogus")]
        for args, option in cases:
            with self.subTest(args=args):
                out = simulate("--output", "-", *args)
                self.assertEqual(out.returncode, 2, out.stderr)
                self.assertIn(option, out.stderr)
                self.assertEqual(out.stdout, "")
        missing = simulate(*SMALL)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("--output", missing.stderr)

    def test_sends_live_to_a_server_with_labels_in_simulated_time(self):
        from vigil_server import EXAMPLES, VigilServer
        server = VigilServer(apply_example=False,
                             args=["--apply", os.path.join(EXAMPLES, "card_payments.yaml")]).start()
        try:
            url = f"http://127.0.0.1:{server.port}"
            out = simulate("--send", url, "--rate", "5000", "--customers", "40", "--terminals",
                           "80", "--days", "12", "--labels")
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertRegex(out.stderr, r"sent [\d,]+ payments and [\d,]+ labels")
            self.assertNotRegex(out.stderr, r"labels to .* answers .*[345]\d\d:")
            status, record, _ = server.request("GET", "/detect/sim-0")
            self.assertEqual(status, 200, record)
            self.assertEqual(record["detector_id"], "card_payments")
            status, event, _ = server.request("GET", "/events/card_transaction/sim-0")
            self.assertEqual(status, 200, event)
            self.assertIn(event["label"], ("fraud", "legit"))  # labelled 7 simulated days on
        finally:
            server.stop()
        # Nothing listening: exit 1 naming the server.
        out = simulate("--send", url, "--customers", "5", "--terminals", "10", "--days", "1")
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn("127.0.0.1", out.stderr)
        both = simulate("--send", url, "--output", "-", *SMALL)
        self.assertEqual(both.returncode, 2)

    def test_unwritable_output_fails(self):
        out = simulate("--output", "/nonexistent-dir/tx.csv", *SMALL)
        self.assertEqual(out.returncode, 1)
        self.assertIn("/nonexistent-dir/tx.csv", out.stderr)


if __name__ == "__main__":
    unittest.main()

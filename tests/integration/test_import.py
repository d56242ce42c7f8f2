"""`vigil import`: AFD-format CSV history into a stopped server's data directory, then the
aggregates rebuilt from it when the server starts."""
import csv
import datetime
import os
import subprocess
import tempfile
import threading
import unittest

from vigil_server import EXAMPLES, VIGIL, VigilServer

CARD_PAYMENTS = os.path.join(EXAMPLES, "card_payments.yaml")
HEADER = ("EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,EVENT_LABEL,LABEL_TIMESTAMP,"
          "terminal_id,tx_amount")


def run(*args, stdin=None):
    return subprocess.run([VIGIL, *args], capture_output=True, text=True, timeout=300,
                          input=stdin)


def stored_events(data_dir):
    out = subprocess.run(["sqlite3", os.path.join(data_dir, "vigil.db"),
                          "SELECT count(*) FROM events;"], capture_output=True, text=True,
                         check=True)
    return int(out.stdout.strip())


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


class ImportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.data_dir = os.path.join(self.tmp.name, "data")
        # A data directory that knows the card_payments event type.
        VigilServer(data_dir=self.data_dir, apply_example=False,
                    args=["--apply", CARD_PAYMENTS]).start().stop()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def importing(self, path):
        return run("import", path, "--event-type", "card_transaction", "--data-dir",
                   self.data_dir)

    def test_a_simulated_history_is_imported_and_the_windows_rebuilt_from_it(self):
        csv_path = os.path.join(self.tmp.name, "tx.csv")
        out = run("simulate", "--output", csv_path, "--customers", "60", "--terminals", "120",
                  "--days", "20", "--seed", "3")
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(csv_path) as f:
            rows = list(csv.DictReader(f))
        out = self.importing(csv_path)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(f"imported {len(rows):,} events of card_transaction", out.stderr)
        self.assertEqual(stored_events(self.data_dir), len(rows))

        server = VigilServer(data_dir=self.data_dir, apply_example=False).start()
        try:
            self.assertTrue(any('"aggregates rebuilt"' in line for line in server.logs))
            # A payment right after the history, of the last row's customer at its terminal.
            last = rows[-1]
            now = parse_time(last["EVENT_TIMESTAMP"]) + datetime.timedelta(seconds=1)
            body = {"event_id": "after-history", "event_timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "customer_id": last["ENTITY_ID"], "terminal_id": last["terminal_id"],
                    "tx_amount": 10}
            status, answer, _ = server.detect(body)
            self.assertEqual(status, 200, answer)
            status, record, _ = server.request("GET", "/detect/after-history")
            values = {v["name"]: v["value"] for v in record["variables"]
                      if v["source"] == "AGGREGATE"}
            # The same windows computed straight from the CSV.
            def within(row, days, delay=0):
                t = parse_time(row["EVENT_TIMESTAMP"])
                return now - datetime.timedelta(days=days + delay) < t <= \
                    now - datetime.timedelta(days=delay)
            mine = [r for r in rows if r["ENTITY_ID"] == last["ENTITY_ID"] and within(r, 7)]
            self.assertEqual(values["customer_id_nb_tx_7day_window"], len(mine) + 1)
            amounts = [float(r["tx_amount"]) for r in mine] + [10.0]
            self.assertAlmostEqual(values["customer_id_avg_amount_7day_window"],
                                   sum(amounts) / len(amounts))
            terminal = [r for r in rows if r["terminal_id"] == last["terminal_id"]
                        and within(r, 7, delay=7)]
            self.assertEqual(values["terminal_id_nb_tx_7day_window"], len(terminal))
            frauds = sum(r["EVENT_LABEL"] == "fraud" for r in terminal)
            self.assertAlmostEqual(values["terminal_id_risk_7day_window"],
                                   frauds / len(terminal) if terminal else 0.0)
            # While the server runs, the data directory is its own.
            out = self.importing(csv_path)
            self.assertEqual(out.returncode, 1)
            self.assertIn("error:", out.stderr)
        finally:
            server.stop()

    def test_an_aggregate_added_while_serving_does_not_hold_the_decisions(self):
        csv_path = os.path.join(self.tmp.name, "tx.csv")
        out = run("simulate", "--output", csv_path, "--customers", "500", "--terminals", "1000",
                  "--days", "150", "--seed", "5")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.importing(csv_path).returncode, 0)
        # One event loop: before edits had a thread of their own, it was busy filling the windows.
        server = VigilServer(data_dir=self.data_dir, apply_example=False,
                             args=["--threads", "1"]).start()
        try:
            variable = {"name": "customer_terminals_30d", "data_type": "INTEGER",
                        "data_source": "AGGREGATE",
                        "aggregate": {"event_type": "card_transaction",
                                      "function": "distinct_count", "key": "customer",
                                      "of": "terminal_id", "window": "30d"}}
            edit = {}

            def add_variable():
                edit["status"] = server.request("POST", "/v1/variables", variable)[0]

            adding = threading.Thread(target=add_variable)
            adding.start()
            server.wait_for_log("rebuilding aggregates from the stored events")
            status, answer, _ = server.detect(
                {"event_id": "during-the-edit", "event_timestamp": "2018-09-01T10:00:00Z",
                 "customer_id": "1", "terminal_id": "2", "tx_amount": 10})
            self.assertEqual(status, 200, answer)
            self.assertNotIn("status", edit, "the decision waited for the edit")
            adding.join()
            self.assertEqual(edit["status"], 201)
        finally:
            server.stop()

    def test_bad_rows_are_reported_by_line_and_the_others_imported(self):
        path = self.write("mixed.csv", "\n".join([
            HEADER,
            "a1,2018-04-01T00:00:01Z,7,customer,legit,2018-04-08T00:00:01Z,3,10.10",
            "a2,yesterday,7,customer,legit,2018-04-08T00:00:01Z,3,10.10",
            "a3,2018-04-01T00:00:03Z,7,customer,stolen,2018-04-08T00:00:01Z,3,10.10",
            "a4,2018-04-01T00:00:04Z,7,customer,legit,2018-04-08T00:00:01Z,3",
            "a5,2018-04-01T00:00:05Z,7,merchant,legit,2018-04-08T00:00:01Z,3,1",
            "a6,2018-04-01T00:00:06Z,7,customer,fraud,,3,1",
            "a7,2018-04-01T00:00:07Z,7,customer,legit,2018-04-08T00:00:01Z,3,lots",
            'a8,2018-04-01T00:00:08Z,7,customer,,,"3",20',
        ]) + "\n")
        out = self.importing(path)
        self.assertEqual(out.returncode, 3, out.stderr)
        self.assertIn("imported 2 events", out.stderr)
        self.assertIn("6 rows rejected", out.stderr)
        for line, why in [(3, "EVENT_TIMESTAMP"), (4, "EVENT_LABEL 'stolen'"),
                          (5, "7 columns, the header has 8"), (6, "ENTITY_TYPE 'merchant'"),
                          (7, "LABEL_TIMESTAMP: required with a label"), (8, "tx_amount")]:
            self.assertRegex(out.stderr, rf"line {line}: .*{why}")
        self.assertEqual(stored_events(self.data_dir), 2)

    def test_a_new_data_directory_with_its_detector_applied_first(self):
        fresh = os.path.join(self.tmp.name, "fresh")
        path = self.write("one.csv", HEADER +
                          "\na1,2018-04-01T00:00:01Z,7,customer,legit,2018-04-08T00:00:01Z,3,1\n")
        out = run("import", path, "--event-type", "card_transaction", "--data-dir", fresh,
                  "--apply", CARD_PAYMENTS)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("applied detector file", out.stderr)
        self.assertEqual(stored_events(fresh), 1)
        # Without it, the event type is unknown there and the message says what to do.
        out = run("import", path, "--event-type", "card_transaction", "--data-dir",
                  os.path.join(self.tmp.name, "other"))
        self.assertEqual(out.returncode, 2)
        self.assertIn("--apply", out.stderr)

    def test_a_bad_header_imports_nothing(self):
        path = self.write("bad.csv", HEADER.replace("tx_amount", "amount") +
                          "\na1,2018-04-01T00:00:01Z,7,customer,legit,2018-04-08T00:00:01Z,3,1\n")
        out = self.importing(path)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("column 8 'amount'", out.stderr)
        self.assertIn("tx_amount, terminal_id", out.stderr)
        out = run("import", path, "--event-type", "nothing", "--data-dir", self.data_dir)
        self.assertEqual(out.returncode, 2)
        self.assertIn("event type 'nothing' does not exist", out.stderr)
        self.assertEqual(stored_events(self.data_dir), 0)


if __name__ == "__main__":
    unittest.main()

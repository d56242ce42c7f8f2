"""The example detector's model (examples/models/): examples/models/train_transaction_model.sh
writes the shipped version file again byte for byte, the file is what `make run` serves, and the
seed's shape of the simulated payments, sent live, is decided by it."""
import csv
import filecmp
import io
import os
import subprocess
import tempfile
import unittest

from vigil_server import EXAMPLES, VIGIL, VigilServer

ROOT = os.path.dirname(os.path.abspath(EXAMPLES))
SCRIPT = os.path.join(EXAMPLES, "models", "train_transaction_model.sh")
SHIPPED = os.path.join(EXAMPLES, "models", "transaction_model-1.0.json")


class ExampleModelTest(unittest.TestCase):
    @unittest.skipIf(os.environ.get("VIGIL_SANITIZED") == "1",
                     "another compiler's arithmetic may round the replayed aggregates otherwise; "
                     "the file is the release build's (make test)")
    def test_the_script_writes_the_shipped_model_again(self):
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run([SCRIPT, out], capture_output=True, text=True, timeout=600,
                                  env=dict(os.environ, VIGIL=VIGIL))
            self.assertEqual(done.returncode, 0, done.stderr + done.stdout)
            self.assertRegex(done.stdout, r"auc 0\.\d+ \[0\.\d+, 0\.\d+\]")
            self.assertTrue(filecmp.cmp(os.path.join(out, "transaction_model-1.0.json"), SHIPPED,
                                        shallow=False),
                            "the shipped model is not what the script trains: run "
                            "examples/models/train_transaction_model.sh and commit the file")
            self.assertTrue(os.path.exists(os.path.join(out, "transaction_model.report.html")))

    def test_the_seed_shape_sent_live_is_scored_by_the_model(self):
        with tempfile.TemporaryDirectory() as tmp:
            csv_path = os.path.join(tmp, "seed.csv")
            small = ["--customers", "50", "--terminals", "100", "--days", "20", "--seed", "3"]
            made = subprocess.run([VIGIL, "simulate", "--shape", "seed", "--output", csv_path,
                                   *small], capture_output=True, text=True, timeout=120)
            self.assertEqual(made.returncode, 0, made.stderr)
            with open(csv_path, newline="") as f:
                rows = list(csv.DictReader(f))
            self.assertEqual(list(rows[0].keys())[-2:], ["ip_address", "transaction_amount"])
            self.assertEqual(rows[0]["ENTITY_TYPE"], "account")
            self.assertRegex(rows[0]["ENTITY_ID"], r"^user_\d+$")
            self.assertRegex(rows[0]["ip_address"], r"^10\.\d+\.\d+\.\d+$")

            with VigilServer() as server:
                url = f"http://127.0.0.1:{server.port}"
                sent = subprocess.run([VIGIL, "simulate", "--shape", "seed", "--send", url,
                                       "--rate", "5000", "--limit", "400", "--labels", *small],
                                      capture_output=True, text=True, timeout=300)
                self.assertEqual(sent.returncode, 0, sent.stderr)
                frauds = 0
                for i, row in enumerate(rows[:400]):
                    status, record, _ = server.request("GET", f"/detect/sim-{i}")
                    self.assertEqual(status, 200, record)
                    self.assertEqual(record["detector_id"], "transaction_detector")
                    self.assertEqual(record["entities"],
                                     [{"entity_type": "account", "entity_id": row["ENTITY_ID"]}])
                    [model] = record["model_scores"]
                    self.assertEqual(model["score"], record["insight_score"])
                    variables = {v["name"]: v["value"] for v in record["variables"]}
                    self.assertEqual(variables["ip_address"], row["ip_address"])
                    # A payment far above what the simulated accounts spend is the model's fraud.
                    if float(row["transaction_amount"]) > 400:
                        self.assertEqual(record["fraud_label"], "FRAUD", record)
                    frauds += record["fraud_label"] == "FRAUD"
                self.assertLess(frauds, 100)  # most payments are legitimate


if __name__ == "__main__":
    unittest.main()

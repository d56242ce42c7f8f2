"""`vigil evaluate` and `vigil train` on a simulated card history imported into a real data
directory: the Handbook's protocol prints every fold, training writes its report, and bad
input is refused by name without changing the data directory or writing anything."""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from vigil_server import EXAMPLES, VIGIL, VigilServer, poll

SIGNALS = os.path.join(os.path.dirname(__file__), "..", "..", "bench", "quality", "fraud_signals.py")
FILES = [os.path.join(EXAMPLES, "card_payments.yaml"),
         os.path.join(EXAMPLES, "card_model_features.yaml")]


def run(*args):
    return subprocess.run([VIGIL, *args], capture_output=True, text=True, timeout=600)


def query(data_dir, sql):
    return subprocess.run(["sqlite3", os.path.join(data_dir, "vigil.db"), sql],
                          capture_output=True, text=True, check=True).stdout


def events(data_dir):
    """What training must not change: every stored event."""
    return query(data_dir, "SELECT count(*), sum(length(variables)), max(label_timestamp) FROM events;")


def snapshot(data_dir):
    """What a reader must not change: the events and every catalog object."""
    return events(data_dir) + query(data_dir, "SELECT kind, id, length(json) FROM catalog ORDER BY kind, id;")


class TrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data_dir = os.path.join(cls.tmp.name, "data")
        cls.csv = csv_path = os.path.join(cls.tmp.name, "tx.csv")
        out = run("simulate", "--output", csv_path, "--customers", "1000", "--terminals", "2000",
                  "--days", "100", "--seed", "11")
        assert out.returncode == 0, out.stderr
        args = ["import", csv_path, "--event-type", "card_transaction", "--data-dir", cls.data_dir]
        for f in FILES:
            args += ["--apply", f]
        out = run(*args)
        assert out.returncode == 0, out.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def evaluate(self, train_days="28", *extra):
        return run("evaluate", "--data-dir", self.data_dir, "--event-type", "card_transaction",
                   "--train-days", train_days, "--folds", "2", "--train-start", "2018-05-26", *extra)

    def test_evaluate_prints_every_fold_and_their_means_and_changes_nothing(self):
        before = snapshot(self.data_dir)
        scores = os.path.join(self.tmp.name, "scores.csv")
        out = self.evaluate("28", "--scores", scores)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(snapshot(self.data_dir), before)
        folds = [line.split() for line in out.stdout.splitlines() if re.match(r"\s+\d+\s+2018", line)]
        self.assertEqual([f[1] for f in folds], ["2018-05-26", "2018-05-19"])
        for f in folds:
            train_events, train_frauds, test_events = int(f[2]), int(f[3]), int(f[4])
            self.assertGreater(train_frauds, 400)
            self.assertGreater(test_events, train_events / 10)
            auc, ap, cp = float(f[6]), float(f[9]), float(f[10])
            self.assertGreater(auc, 0.75, out.stdout)
            self.assertGreater(ap, 0.3, out.stdout)
            self.assertGreater(cp, 0.0, out.stdout)
        self.assertRegex(out.stdout, r"mean auc 0\.\d{3} \+/- 0\.\d{3}  ap 0\.\d{3} .* \(2 folds\)")
        # The model features file's variables were among the inputs (every numeric one by default).
        self.assertIn("terminal_id_risk_3day_window", out.stderr)
        self.every_test_event_has_its_score(scores, folds)

    def every_test_event_has_its_score(self, scores, folds):
        with open(scores, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(list(rows[0]), ["fold", "event_timestamp", "entity_id", "probability", "fraud"])
        for n, fold in enumerate(folds, start=1):
            mine = [r for r in rows if r["fold"] == str(n)]
            self.assertEqual(len(mine), int(fold[4]))
            self.assertEqual(sum(r["fraud"] == "1" for r in mine), int(fold[5]))
            self.assertTrue(all(0 < float(r["probability"]) < 1 for r in mine))
        # bench/quality/fraud_signals.py reads them and counts Card Precision@100 as vigil does (ties
        # between cards of equal score may be broken differently), beside the fraud cards with a
        # signal.
        out = subprocess.run([sys.executable, SIGNALS, self.csv, scores], capture_output=True,
                             text=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        table = out.stdout.split("\nmean")[0].splitlines()[1:]  # the folds' rows
        lines = {line.split()[0]: line.split() for line in table}
        for n, fold in enumerate(folds, start=1):
            fraud_cards, no_signal = float(lines[str(n)][2]), float(lines[str(n)][3])
            self.assertAlmostEqual(float(lines[str(n)][5]), float(fold[10]), delta=0.01, msg=out.stdout)
            self.assertGreater(fraud_cards, no_signal, out.stdout)
            self.assertGreater(no_signal, 0, out.stdout)

    def test_evaluate_refuses_an_unwritable_scores_file(self):
        out = self.evaluate("28", "--scores", os.path.join(self.tmp.name, "no", "such", "dir.csv"))
        self.assertEqual(out.returncode, 2, out.stdout)
        self.assertIn("--scores", out.stderr)
        self.assertEqual(out.stdout, "")

    def test_evaluate_refuses_a_training_week_with_too_few_frauds(self):
        out = self.evaluate(train_days="1")
        self.assertEqual(out.returncode, 2, out.stdout)
        self.assertIn("Too few fraud events", out.stderr)

    def test_train_adds_a_model_version_that_serves_and_writes_its_report(self):
        out_dir = os.path.join(self.tmp.name, "model")
        before = events(self.data_dir)
        out = run("train", "--data-dir", self.data_dir, "--event-type", "card_transaction",
                  "--model-id", "card_model", "--output", out_dir)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(events(self.data_dir), before)
        self.assertIn("trained card_model version 1.0", out.stdout)
        self.assertEqual(query(self.data_dir, "SELECT id FROM catalog WHERE kind LIKE 'model%' ORDER BY id;").split(),
                         ["card_model", "card_model/1.0"])
        self.serve_the_trained_model()
        self.assertRegex(out.stdout, r"auc 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]")
        with open(os.path.join(out_dir, "card_model.training_result.json")) as f:
            result = json.load(f)
        metrics = result["trainingMetrics"]
        self.assertGreater(metrics["auc"], 0.8)
        low, high = metrics["uncertaintyRange"]["lowerBoundValue"], metrics["uncertaintyRange"]["upperBoundValue"]
        self.assertLess(low, metrics["auc"])
        self.assertGreater(high, metrics["auc"])
        points = metrics["metricDataPoints"]
        self.assertGreater(len(points), 10)
        # The thresholds are insight scores: ~2% of the legitimate hold-out events score above 905.
        near_900 = min(points, key=lambda p: abs(p["threshold"] - 905))
        self.assertLess(abs(near_900["fpr"] - 0.02), 0.01, near_900)
        names = [m["variableName"] for m in result["variableImportanceMetrics"]["logOddsMetrics"]]
        # The Handbook's frauds show in the amount (against the card's usual one) and at the terminal.
        amount = {"tx_amount", "customer_id_amount_over_90day_window",
                  "customer_id_amount_over_30day_delayed", "customer_id_max_amount_7day_window"}
        self.assertTrue(amount & set(names[:5]), names)
        self.assertTrue(any(n.startswith("terminal_id_") for n in names[:5]), names)
        sizes = result["sizes"]
        share = sizes["validationEvents"] / (sizes["validationEvents"] + sizes["trainingEvents"])
        self.assertAlmostEqual(share, 0.15, delta=0.01)
        with open(os.path.join(out_dir, "card_model.report.html")) as f:
            html = f.read()
        self.assertIn("<svg", html)
        self.assertNotIn("<script", html)
        with open(os.path.join(out_dir, "card_model.xgboost.json")) as f:
            self.assertEqual(json.load(f)["learner"]["objective"]["name"], "binary:logistic")

    def serve_the_trained_model(self):
        server = VigilServer(data_dir=self.data_dir, apply_example=False).start()
        try:
            status, version, _ = server.request("GET", "/v1/models/card_model/versions/1.0")
            self.assertEqual(status, 200, version)
            self.assertEqual(version["status"], "TRAINING_COMPLETE")
            self.assertIn("terminal_id_risk_7day_window", version["inputs"])
            self.assertGreater(version["training_metrics"]["trainingMetrics"]["auc"], 0.8)
            status, body, _ = server.request(
                "POST", "/v1/detectors/card_payments/versions",
                {"rules": ["compromised_terminal"], "default_outcome": "approve",
                 "model_versions": [{"model_id": "card_model", "model_version": "1.0"}]})
            self.assertEqual(status, 201, body)
            n = body["detector_version"]
            status, body, _ = server.request(
                "PUT", f"/v1/detectors/card_payments/versions/{n}/status", {"status": "ACTIVE"})
            self.assertEqual(status, 200, body)
            scores = {}
            for amount in (30.0, 900.0):  # the Handbook's scenario 1: over 220 is fraud
                status, answer, _ = server.detect(
                    {"event_id": f"after-{amount}", "detector_id": "card_payments", "event_timestamp": "2018-07-10T12:00:00Z",
                     "customer_id": "7", "terminal_id": "11", "tx_amount": amount})
                self.assertEqual(status, 200, answer)
                [model] = answer["model_scores"]
                self.assertEqual((model["model_id"], model["model_version"]), ("card_model", "1.0"))
                scores[amount] = model["score"]
                self.assertTrue(model["top_contributors"], answer)
            self.assertGreater(scores[900.0], 900)
            self.assertLess(scores[30.0], scores[900.0])
            # A derived variable over an aggregate is computed once the aggregates are, as the
            # model's training computed it.
            status, record, _ = server.request("GET", "/detect/after-900.0")
            self.assertEqual(status, 200, record)
            variables = {v["name"]: v for v in record["variables"]}
            ratio = variables["customer_id_amount_over_90day_window"]
            self.assertEqual(ratio["source"], "DERIVED")
            mean = variables["customer_id_avg_amount_90day_window"]["value"]
            self.assertAlmostEqual(ratio["value"], 900.0 / mean, places=6)
        finally:
            server.stop()

    def test_training_over_the_admin_api_runs_in_the_background(self):
        server = VigilServer(data_dir=self.data_dir, apply_example=False).start()
        try:
            status, body, _ = server.request("POST", "/v1/models/no_such_model/training", {})
            self.assertEqual(status, 404, body)
            status, body, _ = server.request(
                "POST", "/v1/models", {"model_id": "api_model", "event_type": "card_transaction"})
            self.assertEqual(status, 201, body)
            inputs = ["tx_amount", "terminal_id_risk_7day_window", "customer_id_nb_tx_1day_window"]
            status, body, _ = server.request("POST", "/v1/models/api_model/training",
                                             {"inputs": inputs, "holdout": 0.2})
            self.assertEqual(status, 202, body)
            self.assertEqual((body["model_version"], body["status"]), ("1.0", "TRAINING_IN_PROGRESS"))
            job_id = body["job_id"]

            def job():
                return server.request("GET", f"/v1/jobs/{job_id}")[1]
            poll(lambda: job()["status"] in ("SUCCEEDED", "FAILED"), 300, "the training job")
            done = job()
            self.assertEqual(done["status"], "SUCCEEDED", done)
            self.assertEqual(done["progress"]["stage"], "validate")
            self.assertEqual(done["result"]["model_version"], "1.0")
            status, version, _ = server.request("GET", "/v1/models/api_model/versions/1.0")
            self.assertEqual(version["status"], "TRAINING_COMPLETE")
            self.assertEqual(version["inputs"], inputs)
            self.assertGreater(version["training_metrics"]["trainingMetrics"]["auc"], 0.8)
            sizes = version["training_metrics"]["sizes"]
            self.assertAlmostEqual(sizes["validationEvents"] /
                                   (sizes["validationEvents"] + sizes["trainingEvents"]), 0.2,
                                   delta=0.01)
            # An unknown input is refused at once; nothing is created.
            status, body, _ = server.request("POST", "/v1/models/api_model/training",
                                             {"inputs": ["tx_amount", "no_such_variable"]})
            self.assertEqual(status, 404, body)  # as the catalog answers for an unknown variable
            self.assertIn("no_such_variable", body["error"]["message"])
            self.assertEqual(server.request("GET", "/v1/models/api_model/versions/2.0")[0], 404)
            # Too few frauds in what is left for training fails the job and marks the version.
            status, body, _ = server.request("POST", "/v1/models/api_model/training",
                                             {"inputs": inputs, "holdout": 0.99})
            self.assertEqual(status, 202, body)
            failing = body["job_id"]
            poll(lambda: server.request("GET", f"/v1/jobs/{failing}")[1]["status"] == "FAILED",
                 300, "the failing job")
            failed = server.request("GET", f"/v1/jobs/{failing}")[1]
            self.assertIn("Too few fraud events", failed["error"]["message"])
            status, version, _ = server.request("GET", "/v1/models/api_model/versions/2.0")
            self.assertEqual(version["status"], "ERROR")
            self.assertIn("Too few", version["training_metrics"]["error"]["message"])
            status, jobs, _ = server.request("GET", "/v1/jobs")
            self.assertEqual([j["job_id"] for j in jobs["items"]], [job_id, failing])
        finally:
            server.stop()

    def test_train_from_a_csv_through_the_data_directorys_declarations(self):
        # A data directory with the declarations and no events: --csv gives the events.
        declared = os.path.join(self.tmp.name, "declared")
        empty = os.path.join(self.tmp.name, "empty.csv")
        with open(empty, "w") as f:
            f.write("EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,terminal_id,tx_amount\n")
        args = ["import", empty, "--event-type", "card_transaction", "--data-dir", declared]
        for f in FILES:
            args += ["--apply", f]
        self.assertEqual(run(*args).returncode, 0)
        out_dir = os.path.join(self.tmp.name, "from_csv")
        inputs = "tx_amount,terminal_id_risk_7day_window,customer_id_avg_amount_30day_window"
        out = run("train", "--data-dir", declared, "--event-type", "card_transaction",
                  "--csv", self.csv, "--model-id", "csv_model", "--inputs", inputs,
                  "--output", out_dir)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stderr, r"read [\d,]+ events from .*tx\.csv; 0 rows rejected")
        self.assertIn("trained csv_model version 1.0", out.stdout)
        self.assertEqual(query(declared, "SELECT count(*) FROM events;").strip(), "0")
        with open(os.path.join(out_dir, "csv_model-1.0.json")) as f:
            version = json.load(f)
        self.assertEqual(version["inputs"], inputs.split(","))
        self.assertGreater(version["training_metrics"]["trainingMetrics"]["auc"], 0.8)
        # The same events stored give the same model: the CSV is replayed as stored events are.
        stored = run("train", "--data-dir", self.data_dir, "--event-type", "card_transaction",
                     "--model-id", "csv_model", "--inputs", inputs, "--version", "1.0",
                     "--no-add", "--output", os.path.join(self.tmp.name, "from_store"))
        self.assertEqual(stored.returncode, 0, stored.stderr)
        with open(os.path.join(self.tmp.name, "from_store", "csv_model-1.0.json")) as f:
            self.assertEqual(json.load(f)["scorer"], version["scorer"])
        # A CSV that does not fit the event type is refused by name; nothing is added.
        bad = os.path.join(self.tmp.name, "bad.csv")
        with open(bad, "w") as f:
            f.write("EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount\n")
        before = snapshot(declared)
        out = run("train", "--data-dir", declared, "--event-type", "card_transaction",
                  "--csv", bad, "--model-id", "csv_model", "--output", out_dir)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("'amount' is neither AFD metadata", out.stderr)
        self.assertEqual(snapshot(declared), before)

    def test_bad_input_is_refused_by_name_and_writes_nothing(self):
        out_dir = os.path.join(self.tmp.name, "nothing")
        before = snapshot(self.data_dir)
        for args, expected in [
            (["--inputs", "tx_amount,no_such_variable"], "inputs[1] 'no_such_variable'"),
            (["--inputs", "tx_amount,tx_amount"], "appears twice"),
            (["--fraud-labels", "chargeback"], "'chargeback' is not a label"),
        ]:
            out = run("train", "--data-dir", self.data_dir, "--event-type", "card_transaction",
                      "--model-id", "m", "--output", out_dir, *args)
            self.assertEqual(out.returncode, 2, out.stderr)
            self.assertIn(expected, out.stderr)
        out = run("train", "--data-dir", self.data_dir, "--event-type", "no_such_type",
                  "--model-id", "m", "--output", out_dir)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("no_such_type", out.stderr)
        self.assertFalse(os.path.exists(out_dir))
        self.assertEqual(snapshot(self.data_dir), before)


if __name__ == "__main__":
    unittest.main()

"""Models end to end: an XGBoost model trained by libxgboost (tests/integration/model_fixture.cc)
imported with `vigil model import`, used by a detector version, scoring /detect answers that
match offline scoring, with a rule on its $<model_id>_insightscore; bad files and bad versions
are refused and change nothing."""
import json
import os
import subprocess
import tempfile
import unittest

from vigil_server import VIGIL, VigilServer

FIXTURE = os.environ.get("MODEL_FIXTURE", "build/tests/integration/model_fixture")
RULES = ["blocked_ip", "high_model_score", "very_large_amount", "large_amount", "missing_ip"]
IMPORTED = "2.0"  # the example detector brings transaction_model 1.0 (examples/models/)


def catalog_rows(data_dir):
    out = subprocess.run(["sqlite3", os.path.join(data_dir, "vigil.db"),
                          "SELECT kind, id, json FROM catalog ORDER BY kind, id;"],
                         capture_output=True, text=True, check=True)
    return out.stdout


class ModelsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="vigil-models-")
        cls.model = os.path.join(cls.work, "model.json")
        cls.calibration = os.path.join(cls.work, "calibration.json")
        subprocess.run([FIXTURE, "train", cls.model, cls.calibration], check=True)
        # A data directory with the example detector, then stopped.
        cls.data_dir = os.path.join(cls.work, "data")
        VigilServer(data_dir=cls.data_dir).start().stop()

    def import_model(self, model, *extra):
        return subprocess.run([VIGIL, "model", "import", model, "--model-id", "transaction_model",
                               "--event-type", "transaction", "--data-dir", self.data_dir,
                               *extra], capture_output=True, text=True)

    def write(self, name, content):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        return path

    def test_an_imported_model_scores_detect_answers(self):
        before = catalog_rows(self.data_dir)
        # Bad files first: each is refused, naming where, and changes nothing.
        with open(self.model) as f:
            xgb = json.load(f)
        xgb["learner"]["objective"]["name"] = "multi:softprob"
        wrong = self.import_model(self.write("multi.json", xgb), "--inputs", "transaction_amount",
                                  "--calibration", self.calibration)
        self.assertEqual(wrong.returncode, 2, wrong.stderr)
        self.assertIn("xgboost_model.learner.objective.name", wrong.stderr)
        self.assertIn("nothing was changed", wrong.stderr)
        with open(self.model) as f:
            cut = f.read()[:500]
        truncated = self.import_model(self.write("cut.json", cut),
                                      "--inputs", "transaction_amount",
                                      "--calibration", self.calibration)
        self.assertEqual(truncated.returncode, 2, truncated.stderr)
        two = self.import_model(self.model, "--inputs", "transaction_amount,ip_address",
                                "--calibration", self.calibration)
        self.assertEqual(two.returncode, 2, two.stderr)
        self.assertIn("ip_address", two.stderr)  # a STRING input needs --mapping
        mapping = self.write("mapping.json", {"inputs": [
            {"variable": "ip_address", "encoding": "number", "target_encodings": []}]})
        mismatched = self.import_model(self.model, "--inputs", "transaction_amount",
                                       "--mapping", mapping, "--calibration", self.calibration)
        self.assertEqual(mismatched.returncode, 2, mismatched.stderr)
        self.assertIn("encodes 'ip_address'", mismatched.stderr)
        uncalibrated = self.import_model(self.model, "--inputs", "transaction_amount")
        self.assertEqual(uncalibrated.returncode, 2, uncalibrated.stderr)
        self.assertIn("at least 400", uncalibrated.stderr)
        self.assertEqual(catalog_rows(self.data_dir), before)

        done = self.import_model(self.model, "--inputs", "transaction_amount",
                                 "--calibration", self.calibration)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), IMPORTED)

        with VigilServer(data_dir=self.data_dir, apply_example=False) as server:
            status, version, _ = server.request("GET", f"/v1/models/transaction_model/versions/{IMPORTED}")
            self.assertEqual(status, 200, version)
            self.assertEqual(version["status"], "TRAINING_COMPLETE")
            self.assertEqual(version["inputs"], ["transaction_amount"])
            scorer = self.write("scorer.json", version["scorer"])

            status, body, _ = server.request(
                "POST", "/v1/detectors/transaction_detector/versions",
                {"rules": RULES, "default_outcome": "legit",
                 "model_versions": [{"model_id": "transaction_model", "model_version": IMPORTED}]})
            self.assertEqual(status, 201, body)
            n = body["detector_version"]
            status, body, _ = server.request(
                "PUT", f"/v1/detectors/transaction_detector/versions/{n}/status",
                {"status": "ACTIVE"})
            self.assertEqual(status, 200, body)

            amounts = [950, 120, 810.5]
            offline = subprocess.run([FIXTURE, "score", scorer] + [str(a) for a in amounts],
                                     capture_output=True, text=True, check=True)
            expected = [float(line) for line in offline.stdout.split()]
            self.assertEqual(len(expected), len(amounts))
            for i, (amount, score) in enumerate(zip(amounts, expected)):
                status, answer, _ = server.detect({"event_id": f"m{i}",
                                                   "transaction_amount": amount,
                                                   "ip_address": "10.1.2.3",
                                                   "account_id": "user_1"})
                self.assertEqual(status, 200, answer)
                self.assertEqual(answer["detector_version"], n)
                [model] = answer["model_scores"]
                self.assertEqual(model["model_id"], "transaction_model")
                self.assertEqual(model["model_version"], IMPORTED)
                self.assertEqual(model["score"], score)
                self.assertEqual(answer["insight_score"], score)
                self.assertEqual(model["top_contributors"][0]["variable"], "transaction_amount")
                matched = [r["rule_id"] for r in answer["rule_results"]]
                if score > 900:
                    self.assertEqual(matched, ["high_model_score"])
                    self.assertEqual(answer["fraud_label"], "FRAUD")
                else:
                    self.assertNotIn("high_model_score", matched)
                status, record, _ = server.request("GET", f"/detect/m{i}")
                self.assertEqual(record["model_scores"], answer["model_scores"])
                score_variable = [v for v in record["variables"]
                                  if v["name"] == "transaction_model_insightscore"]
                self.assertEqual(score_variable[0]["value"], score)
            self.assertGreater(expected[0], 900)
            self.assertLess(expected[1], 900)

            # Through the admin API: a bad version is refused naming the member, nothing changes.
            before = catalog_rows(self.data_dir)
            bad = dict(version["scorer"])
            bad["inputs"] = []
            status, body, _ = server.request(
                "POST", "/v1/models/transaction_model/versions",
                {"inputs": ["transaction_amount"], "scorer": bad})
            self.assertEqual(status, 400, body)
            self.assertEqual(body["error"]["field"], "scorer.inputs")
            status, body, _ = server.request(
                "POST", "/v1/models/transaction_model/versions",
                {"inputs": ["no_such_variable"], "scorer": version["scorer"]})
            self.assertEqual(status, 404, body)
            self.assertEqual(body["error"]["field"], "inputs[0]")
            status, body, _ = server.request("DELETE", f"/v1/models/transaction_model/versions/{IMPORTED}")
            self.assertEqual(status, 409, body)
            status, body, _ = server.request("DELETE", "/v1/variables/transaction_model_insightscore")
            self.assertEqual(status, 409, body)
            self.assertEqual(catalog_rows(self.data_dir), before)
            status, body, _ = server.request("GET", "/v1/models/transaction_model/versions")
            self.assertEqual([v["model_version"] for v in body["items"]], ["1.0", IMPORTED])

            # Models through the API: one brings its score variable, which goes with it.
            status, body, _ = server.request("POST", "/v1/models",
                                             {"model_id": "other_model", "event_type": "transaction"})
            self.assertEqual(status, 201, body)
            self.assertEqual(body["model_type"], "TRANSACTION_FRAUD_INSIGHTS")
            status, body, _ = server.request("GET", "/v1/variables/other_model_insightscore")
            self.assertEqual((status, body["data_source"]), (200, "MODEL_SCORE"))
            self.assertEqual(server.request("POST", "/v1/models",
                                            {"model_id": "other_model",
                                             "event_type": "transaction"})[0], 409)
            self.assertEqual(server.request("DELETE", "/v1/models/other_model")[0], 204)
            self.assertEqual(server.request("GET", "/v1/variables/other_model_insightscore")[0],
                             404)
            status, body, _ = server.request(
                "PUT", f"/v1/models/transaction_model/versions/{IMPORTED}/status", {"status": "ACTIVE"})
            self.assertEqual((status, body.get("status")), (200, "ACTIVE"), body)
            status, body, _ = server.request(
                "PUT", f"/v1/models/transaction_model/versions/{IMPORTED}/status", {"status": "INACTIVE"})
            self.assertEqual(status, 409, body)  # the ACTIVE detector version uses it

            # A good one through the API is the next version.
            status, body, _ = server.request(
                "POST", "/v1/models/transaction_model/versions",
                {"inputs": ["transaction_amount"], "scorer": version["scorer"],
                 "training_metrics": {"auc": 0.97}})
            self.assertEqual(status, 201, body)
            self.assertEqual(body["model_version"], "3.0")


if __name__ == "__main__":
    unittest.main()

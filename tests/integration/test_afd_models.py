"""AFD's model operations with the real AWS clients, as AWS's sample notebooks use them: a detector
built from nothing, a model trained by CreateModelVersion on an AFD-format CSV under the server's
S3 directory (s3://bucket/key is <s3 root>/bucket/key), activated, attached to a detector version
whose rule reads its score, and predictions that carry it; refusals change nothing."""
import csv
import os
import random
import time
import unittest

from afd_clients import aws, client, refused
from vigil_server import VigilServer

EVENT_TYPE = "signup"
DETECTOR = "signup_check"
MODEL = "signup_model"
MODEL_TYPE = "ONLINE_FRAUD_INSIGHTS"
BUCKET = "training-data"
LABELS = {"labelMapper": {"FRAUD": ["fraud"], "LEGIT": ["legit"]},
          "unlabeledEventsTreatment": "IGNORE"}


def write_history(path, rows=2400, seed=7):
    """A labelled history in AFD's CSV format: large amounts are mostly fraud. Small enough to
    train in a second, large enough for AFD's 400 events of each class."""
    rng = random.Random(seed)
    start = 1_767_225_600  # 2026-01-01
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["EVENT_ID", "EVENT_TIMESTAMP", "ENTITY_ID", "ENTITY_TYPE", "EVENT_LABEL",
                      "LABEL_TIMESTAMP", "amount", "ip_address"])
        for i in range(rows):
            amount = round(rng.uniform(1, 1000), 2)
            fraud = rng.random() < (0.8 if amount > 600 else 0.05)
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + i * 600))
            out.writerow([f"h-{i}", when, f"c-{i % 300}", "customer",
                          "fraud" if fraud else "legit", when, amount,
                          f"10.0.{i % 7}.{i % 200}"])


def build_event_type(fd):
    fd.put_entity_type(name="customer")
    for label in ("fraud", "legit"):
        fd.put_label(name=label)
    for outcome in ("approve", "review"):
        fd.put_outcome(name=outcome)
    fd.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0",
                       variableType="PRICE")
    fd.create_variable(name="ip_address", dataType="STRING", dataSource="EVENT",
                       defaultValue="0.0.0.0", variableType="IP_ADDRESS")
    fd.put_event_type(name=EVENT_TYPE, eventVariables=["amount", "ip_address"],
                      labels=["fraud", "legit"], entityTypes=["customer"])
    fd.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)


def external_events(key):
    return {"dataLocation": f"s3://{BUCKET}/{key}",
            "dataAccessRoleArn": "arn:aws:iam::123456789012:role/ignored"}


def wait_for_training(fd, version, timeout=300):
    """Polls GetModelVersion, as the notebooks do, until training has ended; returns it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = fd.get_model_version(modelId=MODEL, modelType=MODEL_TYPE,
                                   modelVersionNumber=version)
        if got["status"] != "TRAINING_IN_PROGRESS":
            return got
        time.sleep(0.1)  # a poll interval; the deadline bounds the wait
    raise AssertionError(f"version {version} still training after {timeout} s")


class AfdModelsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = VigilServer(apply_example=False).start()
        cls.fd = client(cls.server)
        cls.raw = client(cls.server, validate=False)
        cls.s3 = os.path.join(cls.server.data_dir, "s3")  # the default --s3-root
        os.makedirs(os.path.join(cls.s3, BUCKET))
        write_history(os.path.join(cls.s3, BUCKET, "signups.csv"))
        build_event_type(cls.fd)
        cls.fd.create_model(modelId=MODEL, modelType=MODEL_TYPE, eventTypeName=EVENT_TYPE,
                            description="signup risk")
        started = cls.fd.create_model_version(
            modelId=MODEL, modelType=MODEL_TYPE, trainingDataSource="EXTERNAL_EVENTS",
            trainingDataSchema={"modelVariables": ["amount", "ip_address"], "labelSchema": LABELS},
            externalEventsDetail=external_events("signups.csv"))
        cls.started = started
        cls.trained = wait_for_training(cls.fd, started["modelVersionNumber"])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def models_now(self):
        """What refusals must not change: the models, their versions and the detector's."""
        return {path: self.server.request("GET", path)[1]
                for path in ("/v1/models", f"/v1/detectors/{DETECTOR}/versions",
                             "/v1/variables")}

    def test_1_training_completes_with_afds_training_result(self):
        self.assertEqual({k: v for k, v in self.started.items() if k != "ResponseMetadata"},
                         {"modelId": MODEL, "modelType": MODEL_TYPE, "modelVersionNumber": "1.0",
                          "status": "TRAINING_IN_PROGRESS"})
        got = self.trained
        self.assertEqual(got["status"], "TRAINING_COMPLETE", got)
        self.assertEqual(got["trainingDataSource"], "EXTERNAL_EVENTS")
        self.assertEqual(got["externalEventsDetail"]["dataLocation"],
                         f"s3://{BUCKET}/signups.csv")
        self.assertEqual(got["trainingDataSchema"]["modelVariables"], ["amount", "ip_address"])
        self.assertEqual(got["trainingDataSchema"]["labelSchema"], LABELS)
        self.assertRegex(got["arn"], r"^arn:aws:frauddetector:")
        detail = self.fd.describe_model_versions(modelId=MODEL, modelVersionNumber="1.0",
                                                 modelType=MODEL_TYPE)["modelVersionDetails"]
        self.assertEqual(len(detail), 1)
        result = detail[0]["trainingResult"]
        self.assertGreater(result["trainingMetrics"]["auc"], 0.8)
        points = result["trainingMetrics"]["metricDataPoints"]
        self.assertGreater(len(points), 10)
        self.assertEqual(set(points[0]), {"fpr", "precision", "tpr", "threshold"})
        importance = result["variableImportanceMetrics"]["logOddsMetrics"]
        self.assertIn("amount", {m["variableName"] for m in importance})
        for m in importance:
            self.assertEqual(m["variableType"], {"amount": "PRICE",
                                                 "ip_address": "IP_ADDRESS"}[m["variableName"]])
        self.assertIn("fileLevelMessages", result["dataValidationMetrics"])
        models = self.fd.get_models()["models"]
        self.assertEqual([(m["modelId"], m["modelType"], m["eventTypeName"], m["description"])
                          for m in models], [(MODEL, MODEL_TYPE, EVENT_TYPE, "signup risk")])
        # The CLI reads the same.
        listed = aws(self.server, "get-models", "--model-id", MODEL, "--model-type", MODEL_TYPE)
        self.assertEqual(listed["models"][0]["modelId"], MODEL)

    def test_2_the_active_model_scores_predictions_and_rules_read_it(self):
        self.fd.update_model_version_status(modelId=MODEL, modelType=MODEL_TYPE,
                                            modelVersionNumber="1.0", status="ACTIVE")
        self.assertEqual(self.fd.get_model_version(modelId=MODEL, modelType=MODEL_TYPE,
                                                   modelVersionNumber="1.0")["status"], "ACTIVE")
        self.fd.create_rule(ruleId="risky", detectorId=DETECTOR, language="DETECTORPL",
                            expression=f"${MODEL}_insightscore > 400", outcomes=["review"])
        self.fd.create_rule(ruleId="everyone", detectorId=DETECTOR, language="DETECTORPL",
                            expression="$amount >= 0", outcomes=["approve"])
        version = self.fd.create_detector_version(
            detectorId=DETECTOR,
            rules=[{"detectorId": DETECTOR, "ruleId": r, "ruleVersion": "1"}
                   for r in ("risky", "everyone")],
            modelVersions=[{"modelId": MODEL, "modelType": MODEL_TYPE,
                            "modelVersionNumber": "1.0"}])
        self.fd.update_detector_version_status(detectorId=DETECTOR,
                                               detectorVersionId=version["detectorVersionId"],
                                               status="ACTIVE")
        scores = {}
        for event_id, amount in (("p-small", "20"), ("p-large", "950")):
            got = self.fd.get_event_prediction(
                detectorId=DETECTOR, eventId=event_id, eventTypeName=EVENT_TYPE,
                eventTimestamp="2026-03-01T10:00:00Z",
                entities=[{"entityType": "customer", "entityId": "c-new"}],
                eventVariables={"amount": amount, "ip_address": "10.0.1.1"})
            [model_score] = got["modelScores"]
            self.assertEqual(model_score["modelVersion"],
                             {"modelId": MODEL, "modelType": MODEL_TYPE,
                              "modelVersionNumber": "1.0"})
            scores[event_id] = model_score["scores"][f"{MODEL}_insightscore"]
            outcomes = [o for r in got["ruleResults"] for o in r["outcomes"]]
            self.assertEqual(outcomes, ["review"] if scores[event_id] > 400 else ["approve"])
        self.assertGreater(scores["p-large"], scores["p-small"])
        self.assertGreater(scores["p-large"], 400)

    def test_3_refusals_change_nothing(self):
        before = self.models_now()
        schema = {"modelVariables": ["amount"], "labelSchema": LABELS}
        for key, message in (("missing.csv", "no such file"),
                             ("../../vigil.db", "may not leave the S3 directory"),
                             ("a//b.csv", "may not leave the S3 directory")):
            error = refused(self.fd.create_model_version, "ValidationException", modelId=MODEL,
                            modelType=MODEL_TYPE, trainingDataSource="EXTERNAL_EVENTS",
                            trainingDataSchema=schema, externalEventsDetail=external_events(key))
            self.assertIn(message, error["Error"]["Message"])
            self.assertIn("externalEventsDetail.dataLocation", error["Error"]["Message"])
        refused(self.fd.create_model_version, "ValidationException", modelId=MODEL,
                modelType=MODEL_TYPE, trainingDataSource="INGESTED_EVENTS",
                trainingDataSchema=schema,
                ingestedEventsDetail={"ingestedEventsTimeWindow": {
                    "startTime": "2026-02-01T00:00:00Z", "endTime": "2026-01-01T00:00:00Z"}})
        refused(self.fd.create_model_version, "ValidationException", modelId=MODEL,
                modelType=MODEL_TYPE, trainingDataSource="EXTERNAL_EVENTS",
                trainingDataSchema={"modelVariables": ["amount"],
                                    "labelSchema": {"labelMapper": {"FRAUD": ["chargeback"],
                                                                    "LEGIT": ["legit"]}}},
                externalEventsDetail=external_events("signups.csv"))
        refused(self.fd.create_model_version, "ResourceNotFoundException", modelId=MODEL,
                modelType="ACCOUNT_TAKEOVER_INSIGHTS", trainingDataSource="EXTERNAL_EVENTS",
                trainingDataSchema=schema, externalEventsDetail=external_events("signups.csv"))
        refused(self.fd.create_model, "ConflictException", modelId=MODEL, modelType=MODEL_TYPE,
                eventTypeName=EVENT_TYPE)
        refused(self.fd.create_model, "ResourceNotFoundException", modelId="other_model",
                modelType=MODEL_TYPE, eventTypeName="no_such_type")
        refused(self.fd.update_model_version_status, "ResourceNotFoundException", modelId=MODEL,
                modelType=MODEL_TYPE, modelVersionNumber="9.0", status="ACTIVE")
        # The model has versions: AFD deletes a model only without them.
        refused(self.fd.delete_model, "ConflictException", modelId=MODEL, modelType=MODEL_TYPE)
        self.assertEqual(self.models_now(), before)

    def test_4_a_version_that_failed_to_train_cannot_go_active(self):
        # The server stores no events, so a window of them trains on nothing: ERROR.
        started = self.fd.create_model_version(
            modelId=MODEL, modelType=MODEL_TYPE, trainingDataSource="INGESTED_EVENTS",
            trainingDataSchema={"modelVariables": ["amount"], "labelSchema": LABELS},
            ingestedEventsDetail={"ingestedEventsTimeWindow": {
                "startTime": "2026-01-01T00:00:00Z", "endTime": "2026-02-01T00:00:00Z"}})
        number = started["modelVersionNumber"]
        self.assertNotEqual(number, "1.0")
        got = wait_for_training(self.fd, number)
        self.assertEqual(got["status"], "ERROR", got)
        self.assertEqual(got["ingestedEventsDetail"]["ingestedEventsTimeWindow"]["startTime"],
                         "2026-01-01T00:00:00Z")
        before = self.models_now()
        error = refused(self.fd.update_model_version_status, "ConflictException", modelId=MODEL,
                        modelType=MODEL_TYPE, modelVersionNumber=number, status="ACTIVE")
        self.assertIn("ERROR", error["Error"]["Message"])
        self.assertEqual(self.models_now(), before)
        # A version no detector version uses can go.
        self.fd.delete_model_version(modelId=MODEL, modelType=MODEL_TYPE,
                                     modelVersionNumber=number)
        self.assertEqual([v["modelVersionNumber"] for v in self.fd.describe_model_versions(
            modelId=MODEL, modelType=MODEL_TYPE)["modelVersionDetails"]], ["1.0"])

    def test_5_a_batch_prediction_job_writes_its_output_and_stores_nothing(self):
        os.makedirs(os.path.join(self.s3, "batch-in"), exist_ok=True)
        with open(os.path.join(self.s3, "batch-in", "events.csv"), "w") as f:
            f.write("EVENT_ID,EVENT_TIMESTAMP,ENTITY_ID,ENTITY_TYPE,amount,ip_address\n"
                    "b-1,2026-03-01T10:00:00Z,c-1,customer,20,10.0.0.1\n"
                    "b-2,2026-03-01T10:01:00Z,c-2,customer,990,10.0.0.2\n"
                    "b-3,not a time,c-3,customer,5,10.0.0.3\n")
        job = dict(jobId="batch_1", inputPath="s3://batch-in/events.csv",
                   outputPath="s3://batch-out/", eventTypeName=EVENT_TYPE, detectorName=DETECTOR,
                   detectorVersion="1", iamRoleArn="arn:aws:iam::123456789012:role/ignored")
        self.fd.create_batch_prediction_job(**job)
        deadline = time.monotonic() + 60
        while True:
            [got] = self.fd.get_batch_prediction_jobs(jobId="batch_1")["batchPredictions"]
            if got["status"] in ("COMPLETE", "FAILED") or time.monotonic() > deadline:
                break
            time.sleep(0.05)  # a poll interval; the deadline bounds the wait
        self.assertEqual(got["status"], "COMPLETE", got)
        self.assertEqual((got["processedRecordsCount"], got["totalRecordsCount"]), (3, 3))
        self.assertEqual((got["inputPath"], got["detectorName"], got["detectorVersion"]),
                         (job["inputPath"], DETECTOR, "1"))
        self.assertIn("completionTime", got)
        with open(os.path.join(self.s3, "batch-out", "batch_1.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["EVENT_ID"] for r in rows], ["b-1", "b-2", "b-3"])
        self.assertEqual(list(rows[0])[-4:], ["MODEL_SCORES", "OUTCOMES", "STATUS",
                                               "RULE_RESULTS"])
        self.assertEqual([r["STATUS"] for r in rows[:2]], ["Success", "Success"])
        self.assertTrue(rows[2]["STATUS"].startswith("Failure: "), rows[2])
        self.assertRegex(rows[1]["MODEL_SCORES"], r"^\{'signup_model': \d+\.\d\}$")
        self.assertIn(rows[1]["OUTCOMES"], ("['review']", "['approve']"))
        self.assertIn("'ruleId': ", rows[1]["RULE_RESULTS"])
        # Batch decisions are not live ones: nothing stored.
        self.assertEqual(self.server.request("GET", "/detect/b-1")[0], 404)
        # Refusals change nothing: no job is added.
        for change, code in (({"inputPath": "s3://batch-in/missing.csv"}, "ValidationException"),
                             ({"inputPath": "s3://batch-in/../../vigil.db"},
                              "ValidationException"),
                             ({"outputPath": "s3://../out"}, "ValidationException"),
                             ({"detectorName": "no_such_detector"}, "ResourceNotFoundException"),
                             ({"detectorVersion": "99"}, "ResourceNotFoundException"),
                             ({"jobId": "batch_1"}, "ConflictException")):
            refused(self.fd.create_batch_prediction_job, code,
                    **{**job, "jobId": "batch_2", **change})
        self.assertEqual([j["jobId"] for j in
                          self.fd.get_batch_prediction_jobs()["batchPredictions"]], ["batch_1"])
        refused(self.fd.cancel_batch_prediction_job, "ValidationException", jobId="batch_1")
        self.fd.delete_batch_prediction_job(jobId="batch_1")
        refused(self.fd.get_batch_prediction_jobs, "ResourceNotFoundException", jobId="batch_1")
        self.assertTrue(os.path.exists(os.path.join(self.s3, "batch-out", "batch_1.csv")))

    def test_6_update_model_version_retrains_into_minor_versions(self):
        write_history(os.path.join(self.s3, BUCKET, "signups-2.csv"), seed=8)
        before = self.models_now()
        # Refused, changing nothing: an unknown major version, the wrong source's detail, a file
        # that is not there.
        refused(self.fd.update_model_version, "ResourceNotFoundException", "no version 7.0",
                modelId=MODEL, modelType=MODEL_TYPE, majorVersionNumber="7",
                externalEventsDetail=external_events("signups-2.csv"))
        refused(self.fd.update_model_version, "ValidationException",
                "externalEventsDetail is required", modelId=MODEL, modelType=MODEL_TYPE,
                majorVersionNumber="1", ingestedEventsDetail={"ingestedEventsTimeWindow": {
                    "startTime": "2026-01-01T00:00:00Z", "endTime": "2026-02-01T00:00:00Z"}})
        refused(self.fd.update_model_version, "ValidationException", "no such file",
                modelId=MODEL, modelType=MODEL_TYPE, majorVersionNumber="1",
                externalEventsDetail=external_events("missing.csv"))
        self.assertEqual(self.models_now(), before)

        numbers = []
        for _ in range(2):
            started = self.fd.update_model_version(
                modelId=MODEL, modelType=MODEL_TYPE, majorVersionNumber="1",
                externalEventsDetail=external_events("signups-2.csv"))
            self.assertEqual(started["status"], "TRAINING_IN_PROGRESS")
            numbers.append(started["modelVersionNumber"])
            got = wait_for_training(self.fd, numbers[-1])
            self.assertEqual(got["status"], "TRAINING_COMPLETE", got)
            # 1.0's inputs and labels, on the new data.
            self.assertEqual(got["trainingDataSource"], "EXTERNAL_EVENTS")
            self.assertEqual(got["externalEventsDetail"]["dataLocation"],
                             f"s3://{BUCKET}/signups-2.csv")
            self.assertEqual(got["trainingDataSchema"], self.trained["trainingDataSchema"])
        self.assertEqual(numbers, ["1.01", "1.02"])
        # The CLI reads the same.
        listed = aws(self.server, "describe-model-versions", "--model-id", MODEL,
                     "--model-type", MODEL_TYPE)
        self.assertEqual([v["modelVersionNumber"] for v in listed["modelVersionDetails"]],
                         ["1.0", "1.01", "1.02"])


if __name__ == "__main__":
    unittest.main()

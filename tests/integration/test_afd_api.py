"""AFD's JSON API with the real AWS clients (Debian's python3-boto3 and awscli) pointed at a real
server with --endpoint-url / endpoint_url: a detector built from nothing, predictions read back
through both APIs, stored events and labels, and refusals that change nothing."""
import json
import os
import tempfile
import unittest

import botocore.exceptions

from afd_clients import ANY_CREDENTIALS, aws, client, refused
from vigil_server import VigilServer

DETECTOR = "signup_detector"
EVENT_TYPE = "registration"
TIMESTAMP = "2026-11-20T10:00:00Z"


def build_detector(fd, server, credentials=ANY_CREDENTIALS):
    """A detector from nothing, as AWS's samples build one: entity type, labels, outcomes,
    variables, event type, detector, rules, a version, activated; with boto3 (`fd`) and the aws
    CLI (signing with `credentials`)."""
    fd.put_entity_type(name="customer", description="a customer")
    for label in ("fraud", "legit"):
        fd.put_label(name=label)
    fd.put_outcome(name="approve")
    aws(server, "put-outcome", "--name", "review", credentials=credentials)
    aws(server, "put-outcome", "--name", "block", "--description", "stop it",
        credentials=credentials)
    fd.create_variable(name="amount", dataType="FLOAT", dataSource="EVENT", defaultValue="0.0",
                       variableType="PRICE")
    result = fd.batch_create_variable(variableEntries=[
        {"name": "email_address", "dataType": "STRING", "dataSource": "EVENT",
         "defaultValue": "unknown", "variableType": "EMAIL_ADDRESS"},
        {"name": "ip_address", "dataType": "STRING", "dataSource": "EVENT",
         "defaultValue": "0.0.0.0", "variableType": "IP_ADDRESS"}])
    assert result["errors"] == [], result
    fd.update_variable(name="amount", defaultValue="1.0", description="order total")
    fd.put_event_type(name=EVENT_TYPE, eventVariables=["amount", "email_address", "ip_address"],
                      labels=["fraud", "legit"], entityTypes=["customer"],
                      eventIngestion="ENABLED")
    fd.put_detector(detectorId=DETECTOR, eventTypeName=EVENT_TYPE)
    fd.create_list(name="blocked_ips", elements=["203.0.113.7"], variableType="IP_ADDRESS")
    fd.update_list(name="blocked_ips", elements=["198.51.100.9"], updateMode="APPEND")
    fd.create_rule(ruleId="blocked_ip", detectorId=DETECTOR, language="DETECTORPL",
                   expression="$ip_address in @blocked_ips", outcomes=["block"])
    fd.create_rule(ruleId="big_amount", detectorId=DETECTOR, language="DETECTORPL",
                   expression="$amount > 1000", outcomes=["review"])
    fd.create_rule(ruleId="everyone", detectorId=DETECTOR, language="DETECTORPL",
                   expression="$amount >= 0", outcomes=["approve"])
    rule = fd.update_rule_version(rule={"detectorId": DETECTOR, "ruleId": "big_amount",
                                        "ruleVersion": "1"},
                                  expression="$amount > 500", language="DETECTORPL",
                                  outcomes=["review"])["rule"]
    assert rule["ruleVersion"] == "2", rule
    fd.update_rule_metadata(rule=rule, description="large orders")
    version = aws(server, "create-detector-version", "--detector-id", DETECTOR, "--rules",
                  json.dumps([{"detectorId": DETECTOR, "ruleId": r, "ruleVersion": v}
                              for r, v in (("blocked_ip", "1"), ("big_amount", "2"),
                                           ("everyone", "1"))]),
                  "--rule-execution-mode", "FIRST_MATCHED", credentials=credentials)
    assert version == {"detectorId": DETECTOR, "detectorVersionId": "1", "status": "DRAFT"}, version
    fd.update_detector_version_status(detectorId=DETECTOR, detectorVersionId="1", status="ACTIVE")
    fd.update_detector_version_metadata(detectorId=DETECTOR, detectorVersionId="1",
                                        description="the live one")


def predict(fd, event_id, amount, ip="10.0.0.1", **kw):
    return fd.get_event_prediction(
        detectorId=DETECTOR, eventId=event_id, eventTypeName=EVENT_TYPE,
        eventTimestamp=TIMESTAMP, entities=[{"entityType": "customer", "entityId": "cust-1"}],
        eventVariables={"amount": str(amount), "email_address": "a@example.com",
                        "ip_address": ip}, **kw)


class AfdApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = VigilServer(apply_example=False).start()
        cls.fd = client(cls.server)
        cls.raw = client(cls.server, validate=False)
        build_detector(cls.fd, cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_the_built_detector_reads_back(self):
        version = self.fd.get_detector_version(detectorId=DETECTOR, detectorVersionId="1")
        self.assertEqual(version["status"], "ACTIVE")
        self.assertEqual(version["description"], "the live one")
        self.assertEqual(version["ruleExecutionMode"], "FIRST_MATCHED")
        summaries = self.fd.describe_detector(detectorId=DETECTOR)["detectorVersionSummaries"]
        self.assertEqual([(v["detectorVersionId"], v["status"]) for v in summaries],
                         [("1", "ACTIVE")])
        self.assertEqual([r["ruleId"] for r in version["rules"]],
                         ["blocked_ip", "big_amount", "everyone"])
        rules = self.fd.get_rules(detectorId=DETECTOR, ruleId="big_amount")["ruleDetails"]
        self.assertEqual([(r["ruleVersion"], r["expression"]) for r in rules],
                         [("1", "$amount > 1000"), ("2", "$amount > 500")])
        self.assertEqual(rules[1]["description"], "large orders")
        variables = {v["name"]: v for v in self.fd.get_variables()["variables"]}
        self.assertEqual(variables["amount"]["defaultValue"], "1.0")
        self.assertEqual(variables["amount"]["dataType"], "FLOAT")
        self.assertEqual(self.fd.get_event_types(name=EVENT_TYPE)["eventTypes"][0]["entityTypes"],
                         ["customer"])
        self.assertEqual(sorted(self.fd.get_list_elements(name="blocked_ips")["elements"]),
                         ["198.51.100.9", "203.0.113.7"])
        self.assertEqual([d["detectorId"] for d in self.fd.get_detectors()["detectors"]], [DETECTOR])
        outcomes = aws(self.server, "get-outcomes")["outcomes"]
        self.assertEqual([o["name"] for o in outcomes], ["approve", "block", "review"])
        # The REST API sees the same catalog.
        status, body, _ = self.server.request("GET", f"/v1/detectors/{DETECTOR}/versions/1")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["status"], "ACTIVE")

    def test_labels_page_with_tokens(self):
        first = self.fd.get_labels(maxResults=10)
        self.assertEqual([l["name"] for l in first["labels"]], ["fraud", "legit"])
        self.assertNotIn("nextToken", first)
        page = self.fd.get_list_elements(name="blocked_ips", maxResults=500)
        self.assertNotIn("nextToken", page)

    def test_a_prediction_is_visible_through_both_apis(self):
        result = predict(self.fd, "evt-big-1", 750)
        self.assertEqual(result["ruleResults"], [{"ruleId": "big_amount", "outcomes": ["review"]}])
        self.assertEqual(result["modelScores"], [])
        self.assertEqual(result["externalModelOutputs"], [])
        self.assertRegex(result["ResponseMetadata"]["RequestId"], r"^[0-9a-f-]{36}$")
        # The REST API's decision record is that decision.
        status, record, _ = self.server.request("GET", "/detect/evt-big-1")
        self.assertEqual(status, 200, record)
        self.assertEqual(record["detector_id"], DETECTOR)
        self.assertEqual(record["outcomes"], ["review"])
        self.assertEqual(record["entities"], [{"entity_type": "customer", "entity_id": "cust-1"}])
        # Event ingestion is ENABLED: the event is stored, typed as declared.
        status, event, _ = self.server.request("GET", f"/events/{EVENT_TYPE}/evt-big-1")
        self.assertEqual(status, 200, event)
        self.assertEqual(event["variables"]["amount"], 750.0)
        # The same event id again answers the stored decision.
        self.assertEqual(predict(self.fd, "evt-big-1", 5)["ruleResults"], result["ruleResults"])

    def test_list_predictions_and_their_metadata(self):
        predict(self.fd, "evt-blocked-1", 10, ip="203.0.113.7")
        summaries = self.fd.list_event_predictions(
            eventId={"value": "evt-blocked-1"}, maxResults=50)["eventPredictionSummaries"]
        self.assertEqual(len(summaries), 1, summaries)
        summary = summaries[0]
        self.assertEqual((summary["detectorId"], summary["detectorVersionId"],
                          summary["eventTypeName"]), (DETECTOR, "1", EVENT_TYPE))
        metadata = self.fd.get_event_prediction_metadata(
            eventId="evt-blocked-1", eventTypeName=EVENT_TYPE, detectorId=DETECTOR,
            detectorVersionId="1", predictionTimestamp=summary["predictionTimestamp"])
        self.assertEqual(metadata["outcomes"], ["block"])
        self.assertEqual(metadata["entityId"], "cust-1")
        self.assertEqual(metadata["rules"][0]["expressionWithValues"],
                         '"203.0.113.7" in @blocked_ips')
        self.assertTrue(metadata["rules"][0]["matched"])
        variables = {v["name"]: v["value"] for v in metadata["eventVariables"]}
        self.assertEqual(variables["ip_address"], "203.0.113.7")
        refused(self.fd.get_event_prediction_metadata, "ResourceNotFoundException",
                           eventId="evt-blocked-1", eventTypeName=EVENT_TYPE,
                           detectorId=DETECTOR, detectorVersionId="1",
                           predictionTimestamp="2020-01-01T00:00:00Z")
        # Paging (at least 50 a page, as the model says): newest first, each once, to the end.
        for i in range(52):
            predict(self.fd, f"evt-page-{i}", 1)
        seen, token, pages = [], None, 0
        while True:
            kw = {"nextToken": token} if token else {}
            page = self.fd.list_event_predictions(maxResults=50, detectorId={"value": DETECTOR},
                                                  **kw)
            seen += [s["eventId"] for s in page["eventPredictionSummaries"]]
            pages += 1
            token = page.get("nextToken")
            if not token:
                break
        self.assertGreaterEqual(pages, 2)
        self.assertEqual(seen[:3], ["evt-page-51", "evt-page-50", "evt-page-49"])
        self.assertEqual(len(seen), len(set(seen)))
        self.assertTrue({f"evt-page-{i}" for i in range(52)} <= set(seen))

    def test_the_cli_gets_a_prediction(self):
        result = aws(self.server, "get-event-prediction", "--detector-id", DETECTOR,
                     "--event-id", "evt-cli-1", "--event-type-name", EVENT_TYPE,
                     "--event-timestamp", TIMESTAMP,
                     "--entities", "entityType=customer,entityId=cust-2",
                     "--event-variables", "amount=20,email_address=b@example.com")
        self.assertEqual(result["ruleResults"], [{"ruleId": "everyone", "outcomes": ["approve"]}])

    def test_stored_events_and_labels(self):
        self.fd.send_event(eventId="sent-1", eventTypeName=EVENT_TYPE, eventTimestamp=TIMESTAMP,
                           eventVariables={"amount": "12.5", "ip_address": "10.1.2.3"},
                           entities=[{"entityType": "customer", "entityId": "cust-3"}])
        event = self.fd.get_event(eventId="sent-1", eventTypeName=EVENT_TYPE)["event"]
        self.assertEqual(event["entities"], [{"entityType": "customer", "entityId": "cust-3"}])
        self.assertEqual(event["eventVariables"]["amount"], "12.5")
        self.assertNotIn("currentLabel", event)
        self.fd.update_event_label(eventId="sent-1", eventTypeName=EVENT_TYPE,
                                   assignedLabel="fraud", labelTimestamp="2026-11-21T10:00:00Z")
        event = self.fd.get_event(eventId="sent-1", eventTypeName=EVENT_TYPE)["event"]
        self.assertEqual(event["currentLabel"], "fraud")
        status, rest, _ = self.server.request("GET", f"/events/{EVENT_TYPE}/sent-1")
        self.assertEqual((status, rest["label"]), (200, "fraud"))
        # A label the event type does not have is refused, and the label stays.
        refused(self.fd.update_event_label, "ValidationException", "chargeback",
                           eventId="sent-1", eventTypeName=EVENT_TYPE, assignedLabel="chargeback",
                           labelTimestamp="2026-11-22T10:00:00Z")
        self.assertEqual(self.fd.get_event(eventId="sent-1",
                                           eventTypeName=EVENT_TYPE)["event"]["currentLabel"],
                         "fraud")
        self.fd.delete_event(eventId="sent-1", eventTypeName=EVENT_TYPE)
        refused(self.fd.get_event, "ResourceNotFoundException", "sent-1",
                           eventId="sent-1", eventTypeName=EVENT_TYPE)

    def catalog_now(self):
        return {path: self.server.request("GET", path)[1]
                for path in ("/v1/labels", "/v1/variables", "/v1/event-types", "/v1/detectors",
                             f"/v1/detectors/{DETECTOR}/versions")}

    def test_refusals_change_nothing(self):
        before = self.catalog_now()
        refused(self.raw.put_label, "ValidationException",
                           "Value null at 'name' failed to satisfy constraint: Member must not "
                           "be null", description="no name")
        refused(self.raw.put_label, "ValidationException",
                           "Value 'Bad Name' at 'name' failed to satisfy constraint: Member must "
                           "satisfy regular expression pattern: ^[0-9a-z_-]+$", name="Bad Name")
        # The model gives CreateVariable's name no pattern; the catalog checks it.
        refused(self.raw.create_variable, "ValidationException", "Bad Name",
                           name="Bad Name", dataType="STRING", dataSource="EVENT",
                           defaultValue="x")
        refused(self.raw.put_event_type, "ValidationException",
                           "Value 'SOMETIMES' at 'eventIngestion'", "enum value set",
                           name=EVENT_TYPE, eventVariables=["amount"], entityTypes=["customer"],
                           eventIngestion="SOMETIMES")
        refused(self.raw.update_detector_version, "ValidationException",
                           "Value null at 'externalModelEndpoints'", detectorId=DETECTOR,
                           detectorVersionId="1", rules=[])
        # Valid in shape, refused by the catalog: an ACTIVE version is not editable.
        refused(self.fd.update_detector_version, "ConflictException",
                           detectorId=DETECTOR, detectorVersionId="1", externalModelEndpoints=[],
                           rules=[{"detectorId": DETECTOR, "ruleId": "everyone",
                                   "ruleVersion": "1"}])
        refused(self.fd.put_detector, "ResourceNotFoundException",
                           detectorId="other", eventTypeName="no_such_type")
        error = refused(self.fd.get_kms_encryption_key, "UnsupportedOperationException",
                        "GetKMSEncryptionKey")
        self.assertEqual(error["ResponseMetadata"]["HTTPHeaders"]["content-type"],
                         "application/x-amz-json-1.1")
        refused(predict, "ResourceNotFoundException", fd=self.fd, event_id="evt-none",
                           amount=1, detectorVersionId="9")
        self.assertEqual(self.catalog_now(), before)
        self.assertEqual(self.server.request("GET", "/detect/evt-none")[0], 404)

    def post(self, target, body="{}"):
        conn = self.server.connection()
        conn.request("POST", "/", body=body, headers={
            "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"})
        resp = conn.getresponse()
        payload = json.loads(resp.read().decode() or "{}")
        headers = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, payload, headers

    def test_an_unknown_target_is_an_unknown_operation(self):
        for target in ("AWSHawksNestServiceFacade.MakeItSo", "SomeOtherService.GetLabels"):
            status, body, headers = self.post(target)
            self.assertEqual(status, 400, body)
            self.assertEqual(body["__type"], "UnknownOperationException")
            self.assertIn(target, body["message"])
            self.assertIn("x-amzn-requestid", headers)
        status, body, _ = self.post("AWSHawksNestServiceFacade.GetLabels", body="{not json")
        self.assertEqual((status, body["__type"]), (400, "SerializationException"))

    def test_every_operation_of_the_model_works_or_says_why_not(self):
        """Each of the 73 operations, with an empty body: answered 200, or refused with an
        AFD-shaped error of a documented kind, always with a request id."""
        names = self.fd.meta.service_model.operation_names
        self.assertEqual(len(names), 73)
        kinds = {}
        for name in names:
            status, body, headers = self.post("AWSHawksNestServiceFacade." + name)
            self.assertIn("x-amzn-requestid", headers, name)
            self.assertEqual(headers["content-type"], "application/x-amz-json-1.1", name)
            if status == 200:
                kinds.setdefault("ok", []).append(name)
                continue
            self.assertEqual(status, 400, (name, body))
            self.assertIn(body["__type"], ("ValidationException", "UnsupportedOperationException"),
                          (name, body))
            if body["__type"] == "UnsupportedOperationException":
                self.assertIn(name, body["message"])
            kinds.setdefault(body["__type"], []).append(name)
        self.assertIn("GetLabels", kinds["ok"])
        self.assertIn("GetEventPrediction", kinds["ValidationException"])
        self.assertIn("CreateBatchImportJob", kinds["UnsupportedOperationException"])


class AfdApiWithKeysTest(unittest.TestCase):
    """With API keys the AFD API needs calls signed with a key's access key (test_afd_auth tests
    that): the made-up credentials of a keyless setup are refused, AFD-shaped; the REST API keeps
    working with its keys. Without keys, a caller over the rate limit gets AFD's
    ThrottlingException (a 400, which the SDKs retry)."""

    def test_a_keyed_server_refuses_unknown_credentials(self):
        config = os.path.join(tempfile.mkdtemp(prefix="vigil-afd-keys-"), "vigil.yaml")
        with open(config, "w") as f:
            f.write("api_keys:\n  - name: admin\n    key: key-admin\n    permissions: all\n")
        with VigilServer(args=["--config", config]) as server:
            with self.assertRaises(botocore.exceptions.ClientError) as caught:
                client(server).get_detectors()
            error = caught.exception.response
            self.assertEqual(error["Error"]["Code"], "UnrecognizedClientException")
            self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
            self.assertNotIn("AFD API without authentication", "\n".join(server.logs))
            status, _, _ = server.request("GET", "/v1/detectors", headers={"x-api-key": "key-admin"})
            self.assertEqual(status, 200)

    def test_over_the_rate_limit_is_a_throttling_exception(self):
        config = os.path.join(tempfile.mkdtemp(prefix="vigil-afd-rate-"), "vigil.yaml")
        with open(config, "w") as f:
            f.write("rate_limit: {rate: 0.001, burst: 1}\n")
        with VigilServer(args=["--config", config]) as server:
            fd = client(server)
            fd.get_detectors()  # the burst
            with self.assertRaises(botocore.exceptions.ClientError) as caught:
                fd.get_detectors()
            error = caught.exception.response
            self.assertEqual(error["Error"]["Code"], "ThrottlingException")
            self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
            self.assertIn("rate limit", error["Error"]["Message"])
            self.assertIn("AFD API without authentication: listening on loopback only",
                          "\n".join(server.logs))


if __name__ == "__main__":
    unittest.main()

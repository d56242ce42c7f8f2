"""Bad input gets a clear error (what, where, why) and changes nothing."""
import unittest

from vigil_server import SEED, SharedServerTest, count_decisions


class BadInputTest(SharedServerTest):
    def assertRejected(self, body, status, code, field=None, message_part=None):
        before = count_decisions(self.server.data_dir)
        got, answer, _ = self.server.detect(body)
        self.assertEqual(got, status, answer)
        self.assertEqual(answer["error"]["code"], code, answer)
        if field is not None:
            self.assertEqual(answer["error"].get("field"), field, answer)
        if message_part is not None:
            self.assertIn(message_part, answer["error"]["message"])
        self.assertEqual(count_decisions(self.server.data_dir), before, "nothing may be stored")
        return answer

    def test_malformed_json(self):
        self.assertRejected('{"event_id": "x",', 400, "InvalidArgument", "body", "malformed JSON at 1:")

    def test_not_an_object(self):
        self.assertRejected("[1, 2]", 400, "InvalidArgument", "body")

    def test_missing_event_id(self):
        body = dict(SEED)
        del body["event_id"]
        self.assertRejected(body, 400, "InvalidArgument", "event_id", "required")

    def test_malformed_event_id(self):
        self.assertRejected(dict(SEED, event_id="a b"), 400, "InvalidArgument", "event_id")

    def test_value_that_does_not_coerce(self):
        answer = self.assertRejected(dict(SEED, event_id="bad-1", transaction_amount="lots"), 400,
                                     "InvalidArgument", "transaction_amount", "expected a FLOAT")
        self.assertEqual(self.server.request("GET", "/detect/bad-1")[0], 404)

    def test_undeclared_field(self):
        self.assertRejected(dict(SEED, event_id="bad-2", amount=5), 400, "InvalidArgument", "amount",
                            "unknown field 'amount'")

    def test_nested_value(self):
        self.assertRejected(dict(SEED, event_id="bad-3", ip_address={"v4": "1.2.3.4"}), 400,
                            "InvalidArgument", "ip_address")

    def test_bad_timestamp(self):
        self.assertRejected(dict(SEED, event_id="bad-4", event_timestamp="yesterday"), 400,
                            "InvalidArgument", "event_timestamp", "ISO-8601")

    def test_unknown_detector(self):
        self.assertRejected(dict(SEED, event_id="bad-5", detector_id="nope"), 404, "NotFound",
                            "detector_id")

    def test_unknown_detector_version(self):
        self.assertRejected(dict(SEED, event_id="bad-6", detector_version="99"), 404, "NotFound",
                            "detector_version")

    def test_model_scores_cannot_be_sent(self):
        self.assertRejected(dict(SEED, event_id="bad-7", transaction_model_insightscore=999), 400,
                            "InvalidArgument", "transaction_model_insightscore")

    def test_oversize_body_is_413(self):
        before = count_decisions(self.server.data_dir)
        body = '{"event_id":"big","ip_address":"' + "x" * (300 * 1024) + '"}'
        status, answer, _ = self.server.detect(body)
        self.assertEqual(status, 413)
        self.assertEqual(answer["error"]["code"], "PayloadTooLarge")
        self.assertEqual(count_decisions(self.server.data_dir), before)

    def test_unknown_route_and_method(self):
        self.assertEqual(self.server.request("GET", "/nope")[0], 404)
        self.assertEqual(self.server.request("DELETE", "/detect")[0], 404)

    def test_draft_edits_of_an_active_version_conflict(self):
        status, answer, _ = self.server.request(
            "PUT", "/v1/detectors/transaction_detector/versions/1",
            {"rules": ["blocked_ip"], "rule_execution_mode": "FIRST_MATCHED"})
        self.assertEqual(status, 409, answer)
        self.assertEqual(answer["error"]["code"], "Conflict")
        self.assertIn("only DRAFT versions can be edited", answer["error"]["message"])
        _, version, _ = self.server.request("GET", "/v1/detectors/transaction_detector/versions/1")
        self.assertEqual(len(version["rules"]), 6, "the ACTIVE version is unchanged")

    def test_a_rule_that_does_not_compile_is_rejected_with_line_and_column(self):
        status, answer, _ = self.server.request(
            "POST", "/v1/detectors/transaction_detector/rules",
            {"rule_id": "typo", "expression": "$transaction_amount > 5 and $amout < 3",
             "outcomes": ["review"]})
        self.assertEqual(status, 400, answer)
        self.assertEqual(answer["error"]["field"], "expression")
        self.assertRegex(answer["error"]["message"], r"1:\d+: .*amout")
        self.assertEqual(self.server.request("GET", "/v1/detectors/transaction_detector/rules/typo")[0], 404)

    def test_names_follow_afd_patterns(self):
        status, answer, _ = self.server.request("POST", "/v1/outcomes", {"name": "Block!"})
        self.assertEqual(status, 400)
        self.assertEqual(answer["error"]["field"], "name")
        self.assertIn("^[0-9a-z_-]+$", answer["error"]["message"])
        self.assertEqual(self.server.request("GET", "/v1/outcomes/Block!")[0], 404)


if __name__ == "__main__":
    unittest.main()

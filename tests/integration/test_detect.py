"""POST /detect and GET /detect/{event_id} end to end, against a real server and SQLite file."""
import json
import re
import unittest

from vigil_server import SEED, SharedServerTest, count_decisions


class DetectTest(SharedServerTest):
    def test_the_seed_request_verbatim(self):
        status, body, headers = self.server.detect(dict(SEED, event_id="seed-1"))
        self.assertEqual(status, 200, body)
        for key in ("event_id", "fraud_label", "insight_score", "timestamp", "detector_id",
                    "detector_version", "outcomes", "rule_results", "model_scores"):
            self.assertIn(key, body)
        self.assertEqual(body["event_id"], "seed-1")
        # As in the seed: $transaction_model_insightscore > 900 -> FRAUD. The example's model has
        # learnt from simulated history that a payment of 1000 on a card-not-present account is
        # fraud (examples/models/).
        self.assertEqual(body["fraud_label"], "FRAUD")
        self.assertGreater(body["insight_score"], 900)
        self.assertLessEqual(body["insight_score"], 1000)
        self.assertRegex(body["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
        self.assertEqual(body["detector_id"], "transaction_detector")
        self.assertEqual(body["detector_version"], "1")
        self.assertEqual(body["outcomes"], ["fraud"])
        self.assertEqual(body["rule_results"],
                         [{"rule_id": "high_model_score", "rule_version": "1", "outcomes": ["fraud"]}])
        [model] = body["model_scores"]
        self.assertEqual((model["model_id"], model["model_version"], model["score"]),
                         ("transaction_model", "1.0", body["insight_score"]))
        self.assertEqual(len(model["top_contributors"]), 3)
        self.assertEqual(model["top_contributors"][0]["variable"], "transaction_amount")
        self.assertFalse(body["replay"])
        self.assertTrue(headers["Content-Type"].startswith("application/json"))

    def test_the_stored_record_explains_the_decision(self):
        self.server.detect(dict(SEED, event_id="explain-1", ip_address="203.0.113.7"))
        status, record, _ = self.server.request("GET", "/detect/explain-1")
        self.assertEqual(status, 200, record)
        self.assertEqual(record["fraud_label"], "FRAUD")
        variables = {v["name"]: v for v in record["variables"]}
        self.assertEqual(variables["transaction_amount"],
                         {"name": "transaction_amount", "data_type": "FLOAT", "value": 1000.0,
                          "source": "EVENT"})
        # The model scores before the rules, so its score is recorded even when a rule before
        # the model's decides.
        self.assertEqual(variables["transaction_model_insightscore"]["value"], record["insight_score"])
        self.assertEqual(variables["transaction_model_insightscore"]["source"], "MODEL_SCORE")
        self.assertEqual(record["entities"], [{"entity_type": "account", "entity_id": "user_789"}])
        first = record["rules"][0]
        self.assertEqual(first["rule_id"], "blocked_ip")
        self.assertEqual(first["expression"], "$ip_address in @blocked_ips")
        self.assertEqual(first["expression_with_values"], '"203.0.113.7" in @blocked_ips')
        self.assertTrue(first["matched"])
        self.assertEqual(len(record["rules"]), 1)  # FIRST_MATCHED stops there
        self.assertEqual(record["chain"]["hash"].__len__(), 64)

    def test_no_rule_matched_gives_the_default_outcome(self):
        status, body, _ = self.server.detect(dict(SEED, event_id="small-1", transaction_amount=12.5,
                                                  account_id="user_small"))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["fraud_label"], "LEGIT")
        self.assertEqual(body["rule_results"], [])
        self.assertLess(body["insight_score"], 600)
        _, record, _ = self.server.request("GET", "/detect/small-1")
        self.assertEqual([r["matched"] for r in record["rules"]], [False] * 6)
        self.assertEqual(record["rules"][1]["expression_with_values"],
                         f"{body['insight_score']} > 900")

    def test_a_replayed_event_id_returns_the_stored_decision(self):
        first = self.server.detect(dict(SEED, event_id="replay-1"))[1]
        # Different content, same id: the stored decision comes back, nothing is decided again.
        status, again, _ = self.server.detect(dict(SEED, event_id="replay-1", transaction_amount=5))
        self.assertEqual(status, 200)
        self.assertTrue(again["replay"])
        first.pop("replay"), again.pop("replay")
        self.assertEqual(first, again)
        self.assertEqual(count_decisions(self.server.data_dir, "event_id='replay-1'"), 1)

    def test_the_seed_table_is_queryable_with_sqlite3(self):
        self.server.detect(dict(SEED, event_id="table-1"))
        import subprocess, os
        out = subprocess.run(
            ["sqlite3", os.path.join(self.server.data_dir, "vigil.db"),
             "SELECT event_id, fraud_label, insight_score > 900, timestamp FROM decisions "
             "WHERE event_id='table-1';"], capture_output=True, text=True, check=True).stdout
        event_id, label, high_score, ts = out.strip().split("|")
        self.assertEqual((event_id, label, high_score), ("table-1", "FRAUD", "1"))
        self.assertRegex(ts, r"Z$")

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        conn = self.server.connection()
        for i in range(20):
            status, body, _ = self.server.detect(dict(SEED, event_id=f"ka-{i}"), conn=conn)
            self.assertEqual(status, 200, body)
        conn.close()

    def test_event_timestamp_is_recorded(self):
        body = dict(SEED, event_id="ts-1", event_timestamp="2025-07-15T12:34:56Z")
        self.assertEqual(self.server.detect(body)[0], 200)
        _, record, _ = self.server.request("GET", "/detect/ts-1")
        self.assertEqual(record["event_timestamp"], "2025-07-15T12:34:56Z")

    def test_unknown_event_id_is_404(self):
        status, body, _ = self.server.request("GET", "/detect/never-seen")
        self.assertEqual(status, 404)
        self.assertEqual(body["error"]["code"], "NotFound")

    def test_health_and_metrics(self):
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)
        self.assertEqual(self.server.request("GET", "/readyz")[0], 200)
        self.server.detect(dict(SEED, event_id="metrics-1"))
        status, text, _ = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertIn('vigil_http_requests_total{route="/detect",status="200"}', text)
        self.assertIn("vigil_http_request_duration_seconds_bucket", text)
        self.assertRegex(text, r'vigil_decisions_total\{detector="transaction_detector",outcome="fraud"\} \d+')
        self.assertRegex(text, r'vigil_rule_matches_total\{detector="transaction_detector",rule="high_model_score"\} \d+')
        self.assertIn("vigil_store_commit_duration_seconds_count", text)
        self.assertIn("vigil_store_commit_batch_size_bucket", text)


if __name__ == "__main__":
    unittest.main()

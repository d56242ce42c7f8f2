"""Derived variables end to end: the Handbook's calendar features of examples/card_payments.yaml,
and one added through the admin API, on a real server."""
import os
import unittest

from vigil_server import EXAMPLES, VigilServer

CARD_PAYMENTS = os.path.join(EXAMPLES, "card_payments.yaml")


def payment(event_id, at, amount=10):
    return {"event_id": event_id, "event_timestamp": at, "customer_id": "42",
            "terminal_id": "7", "tx_amount": amount}


class DerivedTest(unittest.TestCase):
    def setUp(self):
        self.server = VigilServer(apply_example=False, args=["--apply", CARD_PAYMENTS]).start()

    def tearDown(self):
        self.server.stop()

    def derived(self, event_id):
        status, record, _ = self.server.request("GET", "/detect/" + event_id)
        self.assertEqual(status, 200, record)
        return {v["name"]: v["value"] for v in record["variables"] if v["source"] == "DERIVED"}

    def test_weekend_and_night_follow_the_events_own_time(self):
        # 2018-08-04 is a Saturday; the decisions are made now, years later.
        for event_id, at in [("sat_night", "2018-08-04T06:59:59Z"),
                             ("sat_morning", "2018-08-04T07:00:00Z"),
                             ("mon_night", "2018-08-06T00:00:00Z"),
                             ("fri_late", "2018-08-03T23:59:59Z")]:
            status, body, _ = self.server.detect(payment(event_id, at))
            self.assertEqual(status, 200, body)
        self.assertEqual(self.derived("sat_night"),
                         {"tx_during_weekend": True, "tx_during_night": True})
        self.assertEqual(self.derived("sat_morning"),
                         {"tx_during_weekend": True, "tx_during_night": False})
        self.assertEqual(self.derived("mon_night"),
                         {"tx_during_weekend": False, "tx_during_night": True})
        self.assertEqual(self.derived("fri_late"),
                         {"tx_during_weekend": False, "tx_during_night": False})

    def test_an_event_cannot_set_one_and_the_refusal_stores_nothing(self):
        bad = dict(payment("b1", "2018-08-04T03:00:00Z"), tx_during_night=False)
        status, body, _ = self.server.detect(bad)
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["field"], "tx_during_night")
        self.assertIn("derived from the event", body["error"]["message"])
        self.assertEqual(self.server.request("GET", "/detect/b1")[0], 404)

    def test_one_added_through_the_api_is_read_by_the_next_rule_version(self):
        variable = {"name": "amount_in_cents", "data_type": "FLOAT", "data_source": "DERIVED",
                    "derived": {"event_type": "card_transaction",
                                "expression": "$tx_amount * 100"}}
        status, body, _ = self.server.request("POST", "/v1/variables", variable)
        self.assertEqual(status, 201, body)
        self.assertEqual(self.server.detect(payment("c1", "2018-08-01T10:00:00Z", 12.34))[0], 200)
        self.assertEqual(self.derived("c1")["amount_in_cents"], 1234.0)
        status, body, _ = self.server.request("GET", "/v1/variables/amount_in_cents")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["derived"], variable["derived"])

    def test_an_expression_that_does_not_fit_is_refused_and_changes_nothing(self):
        for name, data_type, expression, says in [
                ("night_hour", "INTEGER", "gethour(geteventdatetime()) <= 6",
                 "derived.expression is BOOLEAN, but the variable's data_type is INTEGER"),
                ("typo", "FLOAT", "$tx_amout * 100", "unknown variable $tx_amout"),
                ("listed", "BOOLEAN", "$terminal_id in @blocked", "unknown list @blocked")]:
            variable = {"name": name, "data_type": data_type, "data_source": "DERIVED",
                        "derived": {"event_type": "card_transaction", "expression": expression}}
            status, body, _ = self.server.request("POST", "/v1/variables", variable)
            self.assertEqual(status, 400, body)
            self.assertEqual(body["error"]["field"], "derived.expression", body)
            self.assertIn(says, body["error"]["message"])
            self.assertEqual(self.server.request("GET", "/v1/variables/" + name)[0], 404)
        # Decisions go on as before.
        self.assertEqual(self.server.detect(payment("after", "2018-08-04T03:00:00Z"))[0], 200)
        self.assertEqual(set(self.derived("after")), {"tx_during_weekend", "tx_during_night"})


if __name__ == "__main__":
    unittest.main()

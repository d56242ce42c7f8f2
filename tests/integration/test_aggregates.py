"""Aggregate variables end to end: examples/card_payments.yaml on a real server."""
import os
import unittest

from vigil_server import EXAMPLES, VigilServer

CARD_PAYMENTS = os.path.join(EXAMPLES, "card_payments.yaml")


def payment(event_id, at, amount, customer="42", terminal="7"):
    return {"event_id": event_id, "event_timestamp": at, "customer_id": customer,
            "terminal_id": terminal, "tx_amount": amount}


def aggregates(server, event_id):
    status, record, _ = server.request("GET", "/detect/" + event_id)
    assert status == 200, record
    return {v["name"]: v["value"] for v in record["variables"] if v["source"] == "AGGREGATE"}


class AggregatesTest(unittest.TestCase):
    def setUp(self):
        self.server = VigilServer(apply_example=False, args=["--apply", CARD_PAYMENTS]).start()

    def tearDown(self):
        self.server.stop()

    def test_each_decision_reads_the_windows_of_the_earlier_ones(self):
        for event_id, at, amount in [("p1", "2018-08-01T10:00:00Z", 20),
                                     ("p2", "2018-08-01T10:30:00Z", 40),
                                     ("p3", "2018-08-02T10:00:00Z", 60)]:
            status, body, _ = self.server.detect(payment(event_id, at, amount))
            self.assertEqual(status, 200, body)
        values = aggregates(self.server, "p3")
        self.assertEqual(values["customer_id_nb_tx_1day_window"], 2)  # p1 left at exactly 24 h
        self.assertEqual(values["customer_id_avg_amount_1day_window"], 50.0)
        self.assertEqual(values["customer_id_nb_tx_7day_window"], 3)
        self.assertEqual(values["customer_id_avg_amount_7day_window"], 40.0)
        # The terminal's windows end 7 days back: nothing there yet.
        self.assertEqual(values["terminal_id_nb_tx_7day_window"], 0)
        self.assertEqual(values["terminal_id_risk_7day_window"], 0.0)
        self.assertEqual(len(values), 12)

    def test_a_repeated_event_id_counts_once(self):
        first = payment("r1", "2018-08-01T10:00:00Z", 10)
        self.assertEqual(self.server.detect(first)[0], 200)
        status, body, _ = self.server.detect(first)
        self.assertEqual(status, 200, body)
        self.assertTrue(body["replay"])
        # Even with another timestamp the stored decision answers, and counts nowhere again.
        self.assertTrue(self.server.detect(dict(first, event_timestamp="2018-08-01T10:05:00Z"))[1]
                        ["replay"])
        self.assertEqual(self.server.detect(payment("r2", "2018-08-01T10:10:00Z", 10))[0], 200)
        self.assertEqual(aggregates(self.server, "r2")["customer_id_nb_tx_1day_window"], 2)

    def test_an_event_cannot_set_an_aggregate_and_a_refused_event_counts_nowhere(self):
        bad = dict(payment("b1", "2018-08-01T10:00:00Z", 10), customer_id_nb_tx_1day_window=0)
        status, body, _ = self.server.detect(bad)
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["field"], "customer_id_nb_tx_1day_window", body)
        self.assertIn("computes it", body["error"]["message"])
        self.assertEqual(self.server.detect(payment("b2", "2018-08-01T10:01:00Z", 10))[0], 200)
        self.assertEqual(aggregates(self.server, "b2")["customer_id_nb_tx_1day_window"], 1)

    def test_rules_read_aggregates(self):
        for n in range(10):
            self.server.detect(payment(f"u{n}", f"2018-08-01T1{n}:00:00Z", 20))
        status, body, _ = self.server.detect(payment("u10", "2018-08-01T20:00:00Z", 100))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["fraud_label"], "REVIEW")  # 100 > 3 x the 30-day mean (~27)
        self.assertEqual(body["rule_results"][0]["rule_id"], "unusual_amount")


if __name__ == "__main__":
    unittest.main()

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

    def test_a_restart_rebuilds_every_window_from_the_stored_events(self):
        for n in range(5):
            self.server.detect(payment(f"s{n}", f"2018-08-01T1{n}:00:00Z", 10 * (n + 1)))
        before = self.server.detect(payment("s5", "2018-08-01T16:00:00Z", 60))
        self.assertEqual(before[0], 200)
        self.server.stop()
        self.server = VigilServer(data_dir=self.server.data_dir, apply_example=False,
                                  args=["--apply", CARD_PAYMENTS]).start()
        self.assertTrue(any('"aggregates rebuilt"' in line for line in self.server.logs))
        self.assertEqual(self.server.detect(payment("s6", "2018-08-01T17:00:00Z", 70))[0], 200)
        values = aggregates(self.server, "s6")
        self.assertEqual(values["customer_id_nb_tx_1day_window"], 7)
        self.assertEqual(values["customer_id_avg_amount_1day_window"], 40.0)

    def test_sent_events_and_their_labels_feed_the_windows(self):
        # History sent without deciding: the terminal's payments of a week ago, one of them fraud.
        for n, label in enumerate(["legit", "fraud", "legit", "legit"]):
            body = dict(payment(f"h{n}", f"2018-07-25T1{n}:00:00Z", 30, customer=str(100 + n)),
                        label=label, label_timestamp="2018-07-30T00:00:00Z")
            status, answer, _ = self.server.request("POST", "/events/card_transaction", body)
            self.assertEqual(status, 200, answer)
        self.assertEqual(self.server.detect(payment("n1", "2018-08-01T14:00:00Z", 30))[0], 200)
        values = aggregates(self.server, "n1")
        self.assertEqual(values["terminal_id_nb_tx_1day_window"], 4)
        self.assertEqual(values["terminal_id_risk_1day_window"], 0.25)
        # A label changed now counts from now on...
        status, answer, _ = self.server.request(
            "PUT", "/events/card_transaction/h2/label",
            {"label": "fraud", "label_timestamp": "2018-08-01T14:15:00Z"})
        self.assertEqual(status, 200, answer)
        self.assertEqual(self.server.detect(payment("n2", "2018-08-01T14:30:00Z", 30))[0], 200)
        self.assertEqual(aggregates(self.server, "n2")["terminal_id_risk_1day_window"], 0.5)
        # ...a deleted event counts no more...
        status, _, _ = self.server.request("DELETE", "/events/card_transaction/h3")
        self.assertEqual(status, 204)
        self.assertEqual(self.server.detect(payment("n3", "2018-08-01T15:00:00Z", 30))[0], 200)
        self.assertEqual(aggregates(self.server, "n3")["terminal_id_nb_tx_1day_window"], 3)
        # ...and after a restart the windows say the same.
        self.server.stop()
        self.server = VigilServer(data_dir=self.server.data_dir, apply_example=False,
                                  args=["--apply", CARD_PAYMENTS]).start()
        self.assertEqual(self.server.detect(payment("n4", "2018-08-01T15:30:00Z", 30))[0], 200)
        values = aggregates(self.server, "n4")
        self.assertEqual(values["terminal_id_nb_tx_1day_window"], 3)
        self.assertAlmostEqual(values["terminal_id_risk_1day_window"], 2 / 3)

    def test_an_aggregate_added_while_serving_starts_with_the_stored_history(self):
        for n in range(3):
            self.assertEqual(self.server.detect(
                payment(f"q{n}", f"2018-08-01T1{n}:00:00Z", 10, terminal=str(n)))[0], 200)
        variable = {"name": "customer_terminals_1day", "data_type": "INTEGER",
                    "data_source": "AGGREGATE",
                    "aggregate": {"event_type": "card_transaction", "function": "distinct_count",
                                  "key": "customer", "of": "terminal_id", "window": "1d"}}
        status, body, _ = self.server.request("POST", "/v1/variables", variable)
        self.assertEqual(status, 201, body)
        self.assertEqual(self.server.detect(payment("q3", "2018-08-01T13:00:00Z", 10,
                                                    terminal="0"))[0], 200)
        values = aggregates(self.server, "q3")
        self.assertEqual(values["customer_terminals_1day"], 3)  # terminals 0, 1, 2: from history
        self.assertEqual(values["customer_id_nb_tx_1day_window"], 4)  # kept its state
        # A definition that does not resolve is refused and changes nothing.
        bad = dict(variable, name="broken",
                   aggregate=dict(variable["aggregate"], of="device_id"))
        status, body, _ = self.server.request("POST", "/v1/variables", bad)
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["field"], "aggregate.of")
        self.assertEqual(self.server.request("GET", "/v1/variables/broken")[0], 404)

    def test_rules_read_aggregates(self):
        for n in range(10):
            self.server.detect(payment(f"u{n}", f"2018-08-01T1{n}:00:00Z", 20))
        status, body, _ = self.server.detect(payment("u10", "2018-08-01T20:00:00Z", 100))
        self.assertEqual(status, 200, body)
        self.assertEqual(body["fraud_label"], "REVIEW")  # 100 > 3 x the 30-day mean (~27)
        self.assertEqual(body["rule_results"][0]["rule_id"], "unusual_amount")


if __name__ == "__main__":
    unittest.main()

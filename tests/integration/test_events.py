"""Stored events and labels end to end: event ingestion with /detect, POST /events/{event_type}
(SendEvent), PUT .../label (UpdateEventLabel), GET and DELETE, their errors, their permissions,
and a restart. A real server on a real port; the events table read with the sqlite3 shell."""
import os
import re
import subprocess
import tempfile
import unittest

from vigil_server import SEED, VIGIL, SharedServerTest, VigilServer, count_decisions

SENT = {"event_id": "sent-1", "event_timestamp": "2026-11-01T10:00:00Z",
        "transaction_amount": "12.5", "ip_address": "10.1.2.3", "account_id": "acct_1"}
LABEL = {"label": "fraud", "label_timestamp": "2026-11-30T10:00:00Z"}


def events_table(data_dir, where="1=1"):
    """Every row of the events table (ordered), as an operator would read it."""
    out = subprocess.run(["sqlite3", os.path.join(data_dir, "vigil.db"),
                          f"SELECT * FROM events WHERE {where} ORDER BY event_type, event_id;"],
                         capture_output=True, text=True, check=True)
    return out.stdout


def count_events(data_dir, where="1=1"):
    return len(events_table(data_dir, where).splitlines())


def metric(server, name, **labels):
    _, text, _ = server.request("GET", "/metrics")
    selector = ",".join(f'{k}="{v}"' for k, v in labels.items())
    found = re.search(r"^%s\{%s\} (\d+)$" % (re.escape(name), re.escape(selector)), text,
                      re.MULTILINE)
    return int(found.group(1)) if found else 0


class IngestionTest(SharedServerTest):
    """The example's event type has event_ingestion: ENABLED."""

    def test_a_decision_stores_its_event(self):
        before = metric(self.server, "vigil_stored_events_total", event_type="transaction",
                        source="detect")
        body = {"event_id": "ingest-1", "event_timestamp": "2026-11-28T12:00:00Z",
                "transaction_amount": 1000, "account_id": "user_789"}
        self.assertEqual(self.server.detect(body)[0], 200)
        status, event, _ = self.server.request("GET", "/events/transaction/ingest-1")
        self.assertEqual(status, 200, event)
        stored = event.pop("stored")
        self.assertRegex(stored, r"Z$")
        self.assertEqual(event, {
            "event_type": "transaction", "event_id": "ingest-1", "entity_type": "account",
            "entity_id": "user_789", "event_timestamp": "2026-11-28T12:00:00Z",
            # Typed as declared; the absent ip_address took its default, as the decision did.
            "variables": {"transaction_amount": 1000.0, "ip_address": "0.0.0.0"},
            "label": None, "label_timestamp": None})
        self.assertEqual(count_events(self.server.data_dir, "event_id='ingest-1'"), 1)
        self.assertEqual(metric(self.server, "vigil_stored_events_total", event_type="transaction",
                                source="detect"), before + 1)

    def test_a_replayed_event_id_stores_nothing_new(self):
        self.assertEqual(self.server.detect(dict(SEED, event_id="ingest-replay"))[0], 200)
        row = events_table(self.server.data_dir, "event_id='ingest-replay'")
        _, first, _ = self.server.request("GET", "/events/transaction/ingest-replay")
        status, again, _ = self.server.detect(dict(SEED, event_id="ingest-replay",
                                                   transaction_amount=5))
        self.assertEqual(status, 200)
        self.assertTrue(again["replay"])
        _, second, _ = self.server.request("GET", "/events/transaction/ingest-replay")
        self.assertEqual(first, second)
        self.assertEqual(events_table(self.server.data_dir, "event_id='ingest-replay'"), row)
        self.assertEqual(count_decisions(self.server.data_dir, "event_id='ingest-replay'"), 1)

    def test_a_refused_decision_stores_no_event(self):
        status, body, _ = self.server.detect(dict(SEED, event_id="ingest-bad", amount=3))
        self.assertEqual(status, 400, body)
        self.assertEqual(count_events(self.server.data_dir, "event_id='ingest-bad'"), 0)
        self.assertEqual(count_decisions(self.server.data_dir, "event_id='ingest-bad'"), 0)

    def test_deleting_the_event_keeps_its_decision(self):
        self.assertEqual(self.server.detect(dict(SEED, event_id="ingest-del"))[0], 200)
        status, body, _ = self.server.request("DELETE", "/events/transaction/ingest-del")
        self.assertEqual((status, body), (204, ""))
        self.assertEqual(self.server.request("GET", "/events/transaction/ingest-del")[0], 404)
        self.assertEqual(self.server.request("GET", "/detect/ingest-del")[0], 200)
        # The decision is not made again, so its event is not stored again either.
        self.assertTrue(self.server.detect(dict(SEED, event_id="ingest-del"))[1]["replay"])
        self.assertEqual(count_events(self.server.data_dir, "event_id='ingest-del'"), 0)


# A detector whose decisions are not stored as events: nothing of it aggregates its events.
QUIET_DETECTOR = """
detector: {detector_id: signup_detector, event_type: signup}
entity_types: [visitor]
labels: [fraud, legit]
outcomes: [{name: block}, {name: allow}]
variables:
  - {name: email_domain, data_type: STRING, default_value: ""}
event_type: {name: signup, variables: [email_domain], entity_types: [visitor],
             labels: [fraud, legit], event_ingestion: DISABLED}
rules:
  - {rule_id: throwaway, expression: '$email_domain == "mailinator.com"', outcomes: [block]}
version: {rules: [throwaway], default_outcome: allow, status: ACTIVE}
"""


class IngestionDisabledTest(unittest.TestCase):
    def test_a_decision_stores_no_event(self):
        with VigilServer() as server:
            # The example's event type has aggregates, which are rebuilt from its stored events:
            # its ingestion cannot be turned off, and the refusal changes nothing.
            _, event_type, _ = server.request("GET", "/v1/event-types/transaction")
            status, body, _ = server.request("PUT", "/v1/event-types/transaction",
                                             dict(event_type, event_ingestion="DISABLED"))
            self.assertEqual(status, 400, body)
            self.assertIn("set event_ingestion: ENABLED", body["error"]["message"])
            self.assertEqual(server.request("GET", "/v1/event-types/transaction")[1], event_type)

            status, body, _ = server.request("POST", "/v1/apply", QUIET_DETECTOR,
                                             headers={"content-type": "application/yaml"})
            self.assertEqual(status, 200, body)
            status, body, _ = server.detect({"event_id": "quiet-1", "detector_id": "signup_detector",
                                             "email_domain": "mailinator.com", "visitor_id": "v1"})
            self.assertEqual((status, body.get("fraud_label")), (200, "BLOCK"), body)
            self.assertEqual(count_decisions(server.data_dir, "event_id='quiet-1'"), 1)
            self.assertEqual(count_events(server.data_dir), 0)
            status, body, _ = server.request("GET", "/events/signup/quiet-1")
            self.assertEqual((status, body["error"]["code"]), (404, "NotFound"))
            # Sending an event stays possible: ingestion is about decisions only.
            sent = {"event_id": "sent-q", "event_timestamp": "2026-11-01T10:00:00Z",
                    "email_domain": "example.com", "visitor_id": "v2"}
            self.assertEqual(server.request("POST", "/events/signup", sent)[0], 200)


class SendEventTest(SharedServerTest):
    def test_send_label_get_and_delete(self):
        sent_before = metric(self.server, "vigil_stored_events_total", event_type="transaction",
                             source="send")
        labels_before = metric(self.server, "vigil_event_label_updates_total",
                               event_type="transaction", label="fraud")
        status, event, _ = self.server.request("POST", "/events/transaction", SENT)
        self.assertEqual(status, 200, event)
        self.assertEqual(event["variables"], {"transaction_amount": 12.5, "ip_address": "10.1.2.3"})
        self.assertEqual((event["entity_type"], event["entity_id"]), ("account", "acct_1"))
        self.assertEqual(event["event_timestamp"], "2026-11-01T10:00:00Z")
        self.assertIsNone(event["label"])
        self.assertEqual(self.server.request("GET", "/events/transaction/sent-1")[1], event)
        self.assertEqual(count_decisions(self.server.data_dir, "event_id='sent-1'"), 0,
                         "sending an event decides nothing")

        status, labelled, _ = self.server.request("PUT", "/events/transaction/sent-1/label", LABEL)
        self.assertEqual(status, 200, labelled)
        self.assertEqual((labelled["label"], labelled["label_timestamp"]),
                         ("fraud", "2026-11-30T10:00:00Z"))
        self.assertEqual(labelled["stored"], event["stored"])
        self.assertEqual(dict(labelled, label=None, label_timestamp=None), event)
        self.assertEqual(self.server.request("GET", "/events/transaction/sent-1")[1], labelled)

        status, changed, _ = self.server.request(
            "PUT", "/events/transaction/sent-1/label",
            {"label": "legit", "label_timestamp": "2026-12-01T00:00:00Z"})
        self.assertEqual((status, changed["label"]), (200, "legit"))
        self.assertIn("|legit|2026-12-01T00:00:00.000000Z|",
                      events_table(self.server.data_dir, "event_id='sent-1'"))

        status, body, _ = self.server.request("DELETE", "/events/transaction/sent-1")
        self.assertEqual((status, body), (204, ""))
        self.assertEqual(self.server.request("GET", "/events/transaction/sent-1")[0], 404)
        self.assertEqual(self.server.request("DELETE", "/events/transaction/sent-1")[0], 404)
        self.assertEqual(count_events(self.server.data_dir, "event_id='sent-1'"), 0)

        self.assertEqual(metric(self.server, "vigil_stored_events_total", event_type="transaction",
                                source="send"), sent_before + 1)
        self.assertEqual(metric(self.server, "vigil_event_label_updates_total",
                                event_type="transaction", label="fraud"), labels_before + 1)

    def test_send_with_a_label(self):
        body = dict(SENT, event_id="sent-labelled", label="legit",
                    label_timestamp="2026-11-02T00:00:00Z")
        status, event, _ = self.server.request("POST", "/events/transaction", body)
        self.assertEqual(status, 200, event)
        self.assertEqual((event["label"], event["label_timestamp"]),
                         ("legit", "2026-11-02T00:00:00Z"))

    def test_sending_an_event_id_again_replaces_it(self):
        self.server.request("POST", "/events/transaction",
                            dict(SENT, event_id="sent-twice", label="legit",
                                 label_timestamp="2026-11-02T00:00:00Z"))
        status, event, _ = self.server.request("POST", "/events/transaction",
                                               dict(SENT, event_id="sent-twice",
                                                    transaction_amount=7))
        self.assertEqual(status, 200, event)
        self.assertEqual(event["variables"]["transaction_amount"], 7.0)
        self.assertIsNone(event["label"])
        self.assertEqual(count_events(self.server.data_dir, "event_id='sent-twice'"), 1)

    def test_every_error_names_what_where_and_why_and_changes_nothing(self):
        self.assertEqual(self.server.request("POST", "/events/transaction",
                                             dict(SENT, event_id="err-base"))[0], 200)
        self.assertEqual(self.server.detect(dict(SEED, event_id="err-decided"))[0], 200)
        base = "/events/transaction/err-base"
        cases = [
            # (method, path, body, status, field, message fragment)
            ("POST", "/events/nope", SENT, 404, "event_type", "event type 'nope' does not exist"),
            ("POST", "/events/transaction", dict(SENT, event_id="err-base", amount=3), 400,
             "amount", "unknown field 'amount': event type 'transaction' declares "
                       "transaction_amount, ip_address, account_id"),
            ("POST", "/events/transaction", dict(SENT, event_id="err-base",
                                                 transaction_amount="lots"), 400,
             "transaction_amount", "transaction_amount:"),
            ("POST", "/events/transaction", dict(SENT, event_id="err-base", label="chargeback",
                                                 label_timestamp="2026-11-02T00:00:00Z"), 400,
             "label", "label 'chargeback' is not a label of event type 'transaction' "
                      "(its labels: fraud, legit)"),
            ("POST", "/events/transaction", dict(SENT, event_id="err-base", label="fraud"), 400,
             "label_timestamp", "label_timestamp is required with a label"),
            ("POST", "/events/transaction", {k: v for k, v in SENT.items()
                                             if k != "event_timestamp"}, 400,
             "event_timestamp", "event_timestamp is required"),
            ("POST", "/events/transaction", dict(SENT, event_id="err-base",
                                                 detector_id="transaction_detector"), 400,
             "detector_id", "unknown field 'detector_id'"),
            ("POST", "/events/transaction", dict(SENT, event_id="bad id"), 400, "event_id",
             "event_id"),
            ("POST", "/events/transaction", '{"event_id": "err-base",', 400, "body",
             "malformed JSON"),
            ("PUT", base + "/label", {"label": "chargeback",
                                      "label_timestamp": "2026-11-30T10:00:00Z"}, 400,
             "label", "is not a label of event type 'transaction'"),
            ("PUT", base + "/label", {"label": "fraud"}, 400, "label_timestamp",
             "label_timestamp is required"),
            ("PUT", base + "/label", {"label_timestamp": "2026-11-30T10:00:00Z"}, 400, "label",
             "label is required"),
            ("PUT", base + "/label", dict(LABEL, label_timestamp="soon"), 400, "label_timestamp",
             "label_timestamp"),
            ("PUT", base + "/label", dict(LABEL, note="x"), 400, "note", "unknown field note"),
            ("PUT", "/events/transaction/never-sent/label", LABEL, 404, "event_id",
             "no stored event 'never-sent' of event type 'transaction'"),
            ("PUT", "/events/nope/err-base/label", LABEL, 404, "event_type",
             "event type 'nope' does not exist"),
            ("GET", "/events/transaction/never-sent", None, 404, "event_id",
             "no stored event 'never-sent'"),
            ("GET", "/events/nope/err-base", None, 404, "event_type",
             "event type 'nope' does not exist"),
            ("GET", "/events/transaction/bad%20id", None, 400, "event_id", "event_id"),
            ("DELETE", "/events/transaction/never-sent", None, 404, "event_id",
             "no stored event 'never-sent'"),
            ("DELETE", base + "?delete_audit_history=true", None, 400, "delete_audit_history",
             "decision records are hash-chained"),
            ("DELETE", "/events/transaction/err-decided?delete_audit_history=true", None, 400,
             "delete_audit_history", "would break the chain"),
            ("DELETE", base + "?delete_audit_history=maybe", None, 400, "delete_audit_history",
             "must be true or false"),
            ("DELETE", base + "?force=1", None, 400, "force", "unknown query parameter 'force'"),
        ]
        table = events_table(self.server.data_dir)
        decisions = count_decisions(self.server.data_dir)
        for method, path, body, status, field, fragment in cases:
            with self.subTest(method=method, path=path, body=body):
                got, answer, _ = self.server.request(method, path, body)
                self.assertEqual(got, status, answer)
                error = answer["error"]
                self.assertEqual(error["field"], field, error)
                self.assertIn(fragment, error["message"])
                self.assertEqual(events_table(self.server.data_dir), table, "nothing changed")
        self.assertEqual(count_decisions(self.server.data_dir), decisions)
        self.assertEqual(self.server.request("GET", "/detect/err-decided")[0], 200)

    def test_unknown_paths_and_methods(self):
        self.assertEqual(self.server.request("GET", "/events")[0], 404)
        self.assertEqual(self.server.request("GET", "/events/transaction/x/y/z")[0], 404)
        self.assertEqual(self.server.request("GET", "/events/transaction/x/labels")[0], 404)
        self.assertEqual(self.server.request("PATCH", "/events/transaction/x")[0], 405)
        self.assertEqual(self.server.request("GET", "/events/transaction")[0], 405)


class EventPermissionsTest(unittest.TestCase):
    def test_writes_need_events_and_reads_need_read(self):
        data_dir = tempfile.mkdtemp(prefix="vigil-event-keys-")
        keys = {}
        for name, perms in (("scorer", "decide"), ("labeller", "events"), ("auditor", "read"),
                            ("ops", "all")):
            out = subprocess.run([VIGIL, "keys", "create", "--data-dir", data_dir, "--name", name,
                                  "--permissions", perms], capture_output=True, text=True)
            self.assertEqual(out.returncode, 0, out.stderr)
            keys[name] = {"x-api-key": out.stdout.strip()}
        with VigilServer(data_dir=data_dir) as server:
            for name in ("scorer", "auditor"):
                status, body, _ = server.request("POST", "/events/transaction", SENT,
                                                 headers=keys[name])
                self.assertEqual(status, 403, name)
                self.assertIn("lacks the events permission", body["error"]["message"])
            self.assertEqual(server.request("POST", "/events/transaction", SENT)[0], 401)
            self.assertEqual(server.request("POST", "/events/transaction", SENT,
                                            headers=keys["labeller"])[0], 200)
            self.assertEqual(server.request("PUT", "/events/transaction/sent-1/label", LABEL,
                                            headers=keys["labeller"])[0], 200)
            self.assertEqual(server.request("GET", "/events/transaction/sent-1",
                                            headers=keys["labeller"])[0], 403)
            status, event, _ = server.request("GET", "/events/transaction/sent-1",
                                              headers=keys["auditor"])
            self.assertEqual((status, event["label"]), (200, "fraud"))
            self.assertEqual(server.request("DELETE", "/events/transaction/sent-1",
                                            headers=keys["auditor"])[0], 403)
            self.assertEqual(server.request("DELETE", "/events/transaction/sent-1",
                                            headers=keys["ops"])[0], 204)


class EventRestartTest(unittest.TestCase):
    def test_events_and_labels_survive_a_restart(self):
        server = VigilServer().start()
        try:
            self.assertEqual(server.detect(dict(SEED, event_id="kept-decided"))[0], 200)
            self.assertEqual(server.request("POST", "/events/transaction",
                                            dict(SENT, event_id="kept-sent"))[0], 200)
            self.assertEqual(server.request("PUT", "/events/transaction/kept-decided/label",
                                            LABEL)[0], 200)
            before = {event_id: server.request("GET", f"/events/transaction/{event_id}")[1]
                      for event_id in ("kept-decided", "kept-sent")}
        finally:
            self.assertEqual(server.stop(), 0)
        again = VigilServer(data_dir=server.data_dir, apply_example=False).start()
        try:
            for event_id, event in before.items():
                status, after, _ = again.request("GET", f"/events/transaction/{event_id}")
                self.assertEqual((status, after), (200, event))
            self.assertEqual(before["kept-decided"]["label"], "fraud")
            # The decided event's record is still whole and still answers repeats.
            self.assertTrue(again.detect(dict(SEED, event_id="kept-decided"))[1]["replay"])
        finally:
            again.stop()
        verify = subprocess.run([VIGIL, "verify", "--data-dir", server.data_dir],
                                capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)


if __name__ == "__main__":
    unittest.main()

"""The DynamoDB sink against dynalite (a DynamoDB implementation, npm package) on loopback.

Every decision /detect answers reaches the seed's `FraudDetectionResults` table with the seed's
attributes and the record; an outage of the table in the middle of a load run (dynalite killed with
SIGKILL, then started again on the same port and LevelDB path) and a restart of vigil while the
table is down lose no item. The table is read back with boto3, as the seed's users read it.
"""
import decimal
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config

from vigil_server import SEED, VigilServer, poll

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
NODE_DIR = os.environ.get("DYNALITE_DIR", os.path.join(ROOT, "build", "node"))
TABLE = "FraudDetectionResults"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
               "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
_running = []


def install_dynalite():
    """The path of dynalite's launcher, installed by the project's script when missing."""
    out = subprocess.run([os.path.join(ROOT, "scripts", "install-dynalite.sh"), NODE_DIR],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("cannot install dynalite:\n" + out.stderr)
    return out.stdout.strip().splitlines()[-1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dynalite:
    """dynalite on 127.0.0.1, its tables kept in a LevelDB directory across restarts."""

    def __init__(self, launcher):
        self.launcher = launcher
        self.port = free_port()
        self.path = tempfile.mkdtemp(prefix="vigil-dynalite-")
        self.proc = None
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._client = None

    def start(self):
        self.proc = subprocess.Popen(
            ["node", self.launcher, "--host", "127.0.0.1", "--port", str(self.port),
             "--path", self.path, "--createTableMs", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _running.append(self.proc)

        def listening():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0
        poll(listening, 30, "dynalite listening")
        return self

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def client(self):
        """One boto3 client for every call (it reconnects after a restart)."""
        if self._client is None:
            self._client = self._new_client()
        return self._client

    def _new_client(self):
        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                            config=Config(retries={"max_attempts": 2}, connect_timeout=5,
                                          read_timeout=30))

    def create_table(self):
        self.client().create_table(
            TableName=TABLE, KeySchema=[{"AttributeName": "event_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "event_id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST")
        self.client().get_waiter("table_exists").wait(TableName=TABLE,
                                                      WaiterConfig={"Delay": 0.1})

    def items(self):
        """Every item of the table, by event_id, as Python values."""
        out, start = {}, None
        client, reader = self.client(), TypeDeserializer()
        while True:
            page = client.scan(TableName=TABLE, **({"ExclusiveStartKey": start} if start else {}))
            for raw in page["Items"]:
                item = {k: reader.deserialize(v) for k, v in raw.items()}
                out[item["event_id"]] = item
            start = page.get("LastEvaluatedKey")
            if not start:
                return out


def tearDownModule():
    for proc in _running:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def sink_server(dynalite, data_dir=None, extra=()):
    args = ["--dynamodb-endpoint", dynalite.endpoint, "--dynamodb-max-backoff-ms", "300",
            "--dynamodb-timeout-ms", "2000", "--durability", "none", *extra]
    return VigilServer(data_dir=data_dir, args=args, env=CREDENTIALS,
                       apply_example=data_dir is None)


def metrics(server):
    """The /metrics samples as {'name{labels}': value}."""
    status, text, _ = server.request("GET", "/metrics")
    assert status == 200, text
    out = {}
    for line in text.splitlines():
        m = re.match(r"^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def failures(samples):
    return sum(v for k, v in samples.items() if k.startswith("vigil_dynamodb_failures_total"))


class Load:
    """Threads sending /detect until stopped; keeps every answer that came back 200."""

    def __init__(self, server, prefix, workers=4):
        self.server, self.prefix, self.workers = server, prefix, workers
        self.answers, self.errors = {}, []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(w,)) for w in range(workers)]

    def run(self, worker):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        i = 0
        while not self.stopping.is_set():
            i += 1
            event_id = f"{self.prefix}-{worker}-{i}"
            body = dict(SEED, event_id=event_id, transaction_amount=(i * 37) % 20000)
            try:
                conn.request("POST", "/detect", json.dumps(body),
                             {"content-type": "application/json"})
                resp = conn.getresponse()
                answer = json.loads(resp.read())
            except (OSError, http.client.HTTPException, ValueError) as e:
                with self.lock:
                    self.errors.append(repr(e))
                return
            with self.lock:
                if resp.status == 200:
                    self.answers[event_id] = answer
                else:
                    self.errors.append((resp.status, answer))

    def count(self):
        with self.lock:
            return len(self.answers)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)


class DynamoDbSinkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.launcher = install_dynalite()

    def assert_items_match(self, items, answers):
        """The table holds exactly the answered decisions, each as it was answered."""
        self.assertEqual(set(items), set(answers), "items missing or extra in the table")
        for event_id, answer in answers.items():
            item = items[event_id]
            self.assertEqual(item["fraud_label"], answer["fraud_label"], event_id)
            self.assertEqual(item["timestamp"], answer["timestamp"], event_id)
            if answer["insight_score"] is None:
                self.assertNotIn("insight_score", item, event_id)
            else:
                self.assertEqual(item["insight_score"],
                                 decimal.Decimal(str(answer["insight_score"])), event_id)
            self.assertEqual(item["detector_id"], answer["detector_id"], event_id)
            self.assertEqual(item["record"]["event_id"], event_id)
            self.assertEqual(item["record"]["fraud_label"], answer["fraud_label"])
            self.assertEqual(item["record"]["outcomes"], answer["outcomes"])

    def wait_for_items(self, dynalite, answers, timeout=90):
        poll(lambda: set(answers) <= set(dynalite.items()), timeout,
             f"{len(answers)} decisions in the table")
        self.assert_items_match(dynalite.items(), answers)

    def test_every_decision_arrives_with_the_seed_attributes(self):
        dynalite = Dynalite(self.launcher).start()
        try:
            dynalite.create_table()
            with sink_server(dynalite) as server:
                answers = {}
                for i in range(60):
                    body = dict(SEED, event_id=f"seed-{i}", transaction_amount=i * 400)
                    status, answer, _ = server.detect(body)
                    self.assertEqual(status, 200, answer)
                    answers[answer["event_id"]] = answer
                self.wait_for_items(dynalite, answers)
                self.assertGreater(len({a["fraud_label"] for a in answers.values()}), 1)
                item = dynalite.items()["seed-0"]
                self.assertEqual(item["seq"], 1)
                self.assertEqual(len(item["hash"]), 64)
                poll(lambda: metrics(server).get("vigil_dynamodb_outbox_decisions") == 0, 30,
                     "an empty outbox")
                samples = metrics(server)
                self.assertEqual(samples["vigil_dynamodb_items_written_total"], 60)
                self.assertEqual(samples["vigil_dynamodb_exported_seq"], 60)
                self.assertEqual(samples["vigil_dynamodb_outbox_oldest_age_seconds"], 0)
                self.assertGreater(samples["vigil_dynamodb_last_success_timestamp_seconds"],
                                   time.time() - 120)
                self.assertEqual(failures(samples), 0)
        finally:
            dynalite.kill()

    def test_outage_in_the_middle_of_a_load_run_loses_nothing(self):
        dynalite = Dynalite(self.launcher).start()
        try:
            dynalite.create_table()
            with sink_server(dynalite) as server:
                with Load(server, "outage") as load:
                    poll(lambda: len(dynalite.items()) >= 100, 60, "100 items before the outage")
                    dynalite.kill()
                    answered_at_kill = load.count()
                    poll(lambda: failures(metrics(server)) > 0, 30, "failures in /metrics")
                    lag = metrics(server)["vigil_dynamodb_outbox_decisions"]
                    poll(lambda: metrics(server)["vigil_dynamodb_outbox_decisions"] > lag + 50,
                         60, "the outbox growing while the table is down")
                    self.assertGreater(
                        metrics(server)["vigil_dynamodb_outbox_oldest_age_seconds"], 0)
                    # /detect answers while the table is down, at no extra cost to wait for.
                    poll(lambda: load.count() > answered_at_kill + 200, 60,
                         "answers during the outage")
                    self.assertEqual(load.errors, [])
                    dynalite.start()
                    poll(lambda: load.count() > answered_at_kill + 400, 60,
                         "answers after the outage")
                self.assertEqual(load.errors, [])
                self.wait_for_items(dynalite, load.answers)
                poll(lambda: metrics(server).get("vigil_dynamodb_outbox_decisions") == 0, 30,
                     "an empty outbox")
                samples = metrics(server)
                self.assertGreater(samples["vigil_dynamodb_failures_total{kind=\"unreachable\"}"], 0)
                self.assertGreater(samples["vigil_dynamodb_retries_total"], 0)
                self.assertEqual(samples["vigil_dynamodb_exported_seq"], len(load.answers))
        finally:
            dynalite.kill()

    def test_vigil_restarted_while_the_table_is_down_delivers_everything(self):
        dynalite = Dynalite(self.launcher).start()
        try:
            answers = {}

            def send(server, prefix, n):
                for i in range(n):
                    status, answer, _ = server.detect(dict(SEED, event_id=f"{prefix}-{i}"))
                    self.assertEqual(status, 200, answer)
                    answers[answer["event_id"]] = answer

            # The sink creates the table itself here.
            server = sink_server(dynalite, extra=["--dynamodb-create-table", "true"]).start()
            send(server, "before", 30)
            self.wait_for_items(dynalite, answers)
            dynalite.kill()
            send(server, "down", 30)
            poll(lambda: metrics(server)["vigil_dynamodb_outbox_decisions"] == 30, 30,
                 "30 decisions waiting in the outbox")
            self.assertEqual(server.stop(), 0)
            server = sink_server(dynalite, data_dir=server.data_dir,
                                 extra=["--dynamodb-create-table", "true"]).start()
            send(server, "restarted", 30)
            poll(lambda: metrics(server)["vigil_dynamodb_outbox_decisions"] == 60, 30,
                 "60 decisions waiting after the restart")
            dynalite.start()
            self.wait_for_items(dynalite, answers)
            poll(lambda: metrics(server).get("vigil_dynamodb_outbox_decisions") == 0, 30,
                 "an empty outbox")
            self.assertEqual(server.stop(), 0)
        finally:
            dynalite.kill()


if __name__ == "__main__":
    unittest.main()

"""SigV4 authentication of AFD's JSON API on a server with API keys: access keys made with
`vigil keys create --aws`, calls signed by Debian's boto3 and aws CLI, each key's permissions
mapped onto AFD's operations, and refusals (AFD-shaped) that change nothing."""
import contextlib
import datetime
import importlib
import os
import subprocess
import types
import unittest
from unittest import mock

import botocore.auth

from afd_clients import refused
from test_afd_api import DETECTOR, EVENT_TYPE, aws, build_detector, client, predict
from vigil_server import VIGIL, VigilServer


def create_access_key(data_dir, name, permissions, *extra):
    """`vigil keys create --aws`: its (access key id, secret access key), printed once."""
    out = subprocess.run([VIGIL, "keys", "create", "--data-dir", data_dir, "--name", name,
                          "--permissions", permissions, "--aws", *extra],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(out.stderr)
    printed = dict(line.split("=", 1) for line in out.stdout.split())
    return printed["AWS_ACCESS_KEY_ID"], printed["AWS_SECRET_ACCESS_KEY"]


@contextlib.contextmanager
def signing_clock(at):
    """botocore signs as if it were `at` (UTC): both its signers (the pure-Python one and, when
    awscrt is installed, as on Debian, the CRT one) read the time from datetime.utcnow()."""
    class Clock(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return at

    fake = types.SimpleNamespace(datetime=Clock, timezone=datetime.timezone,
                                 timedelta=datetime.timedelta)
    with contextlib.ExitStack() as stack:
        for name in ("botocore.auth", "botocore.crt.auth"):
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            stack.enter_context(mock.patch.object(module, "datetime", fake))
        yield


class AfdAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = VigilServer(apply_example=False)
        os.chmod(cls.server.data_dir, 0o700)
        cls.admin = create_access_key(cls.server.data_dir, "builder", "all")
        # As the seed's IAM role: frauddetector:GetEventPrediction and nothing else.
        cls.scorer = create_access_key(cls.server.data_dir, "scorer", "decide")
        cls.limited = create_access_key(cls.server.data_dir, "limited", "read", "--rate", "0.001",
                                        "--burst", "1")
        # `vigil keys list` opens the store, so before the server does.
        cls.listed = subprocess.run([VIGIL, "keys", "list", "--data-dir", cls.server.data_dir],
                                    capture_output=True, text=True, timeout=60)
        cls.server.start()
        cls.fd = client(cls.server, credentials=cls.admin)
        build_detector(cls.fd, cls.server, credentials=cls.admin)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def detectors(self):
        return [d["detectorId"] for d in self.fd.get_detectors()["detectors"]]

    def test_keys_list_shows_access_key_ids_never_secrets(self):
        listed = self.listed
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertRegex(self.scorer[0], r"^AKIA[A-Z0-9]{16}$")
        self.assertEqual(len(self.scorer[1]), 40)
        self.assertIn("scorer\tdecide\t-\tdefault\t" + self.scorer[0], listed.stdout)
        for _, secret in (self.admin, self.scorer, self.limited):
            self.assertNotIn(secret, listed.stdout)

    def test_the_admin_key_builds_and_the_aws_cli_signs_with_it(self):
        self.assertEqual(self.detectors(), [DETECTOR])
        version = aws(self.server, "get-detector-version", "--detector-id", DETECTOR,
                      "--detector-version-id", "1", credentials=self.admin)
        self.assertEqual(version["status"], "ACTIVE")
        result = predict(self.fd, "evt-admin-1", 750)
        self.assertEqual(result["ruleResults"], [{"ruleId": "big_amount", "outcomes": ["review"]}])

    def test_a_scoring_only_key_scores_and_nothing_else(self):
        scorer = client(self.server, credentials=self.scorer)
        result = predict(scorer, "evt-scorer-1", 1500)
        self.assertEqual(result["ruleResults"], [{"ruleId": "big_amount", "outcomes": ["review"]}])
        refused(scorer.put_detector, "AccessDeniedException",
                           "User: scorer is not authorized to perform: frauddetector:PutDetector",
                           detectorId="other_detector", eventTypeName=EVENT_TYPE)
        refused(scorer.get_detectors, "AccessDeniedException",
                           "frauddetector:GetDetectors")
        refused(scorer.delete_detector, "AccessDeniedException",
                           "frauddetector:DeleteDetector", detectorId=DETECTOR)
        self.assertEqual(self.detectors(), [DETECTOR])  # nothing changed
        with self.assertRaises(AssertionError) as caught:
            aws(self.server, "put-outcome", "--name", "sneaky", credentials=self.scorer)
        self.assertIn("AccessDeniedException", str(caught.exception))
        self.assertNotIn("sneaky", [o["name"] for o in self.fd.get_outcomes()["outcomes"]])

    def test_a_wrong_secret_is_an_invalid_signature(self):
        forged = client(self.server, credentials=(self.admin[0], "w" * 40))
        refused(forged.put_detector, "InvalidSignatureException",
                           detectorId="forged_detector", eventTypeName=EVENT_TYPE)
        self.assertEqual(self.detectors(), [DETECTOR])

    def test_an_unknown_access_key_is_unrecognized(self):
        stranger = client(self.server, credentials=("AKIA0000000000000000", "s" * 40))
        refused(stranger.get_detectors, "UnrecognizedClientException")

    def test_a_request_signed_20_minutes_ago_is_an_invalid_signature(self):
        past = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
        with signing_clock(past):
            refused(self.fd.put_detector, "InvalidSignatureException",
                               "Signature expired", detectorId="late_detector",
                               eventTypeName=EVENT_TYPE)
        self.assertEqual(self.detectors(), [DETECTOR])

    def test_an_unsigned_call_is_refused(self):
        status, body, headers = self.server.request(
            "POST", "/", body="{}",
            headers={"x-amz-target": "AWSHawksNestServiceFacade.GetDetectors",
                     "content-type": "application/x-amz-json-1.1"})
        self.assertEqual((status, body["__type"]), (400, "MissingAuthenticationTokenException"))
        self.assertIn("x-amzn-requestid", {name.lower() for name in headers})

    def test_a_keys_rate_limit_applies_to_its_afd_calls(self):
        limited = client(self.server, credentials=self.limited)
        limited.get_detectors()  # the burst
        refused(limited.get_detectors, "ThrottlingException", "key 'limited'",
                           "rate limit")
        self.fd.get_detectors()  # the other keys are not limited by it

    def test_the_log_says_the_afd_api_is_authenticated(self):
        self.assertNotIn("AFD API without authentication", "\n".join(self.server.logs))


if __name__ == "__main__":
    unittest.main()

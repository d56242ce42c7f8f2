"""The real AWS clients (Debian's python3-boto3 and awscli) pointed at a Vigil server, as the AFD
tests use them: importing this module gives both clients the service model Vigil serves."""
import json
import os
import re
import shutil
import subprocess
import tempfile

import boto3
import botocore.config
import botocore.exceptions

# The Debian package's CLI when there is one (a pip-installed `aws` may come first on PATH).
AWS_CLI = "/usr/bin/aws" if os.path.exists("/usr/bin/aws") else shutil.which("aws")
SERVICE_MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "api",
                             "afd", "model", "frauddetector-2019-11-15.service.json")


def use_vigils_service_model():
    """Debian 12's botocore (1.29.27) predates AFD's lists (botocore 1.29.72): both clients are
    given the service model Vigil serves, as docs/api.md tells users to, through AWS_DATA_PATH."""
    data_path = tempfile.mkdtemp(prefix="vigil-botocore-")
    target = os.path.join(data_path, "frauddetector", "2019-11-15")
    os.makedirs(target)
    shutil.copy(SERVICE_MODEL, os.path.join(target, "service-2.json"))
    os.environ["AWS_DATA_PATH"] = data_path


use_vigils_service_model()


# Any credentials do on a server without API keys (signatures are not checked there).
ANY_CREDENTIALS = ("x", "y")


def client(server, validate=True, credentials=ANY_CREDENTIALS):
    """boto3's frauddetector client, as an AFD user creates it, plus the endpoint. `validate`
    False turns off botocore's own parameter checks, so that bad requests reach the server.
    `credentials`: (access key id, secret access key)."""
    config = botocore.config.Config(parameter_validation=validate, retries={"max_attempts": 1})
    return boto3.client("frauddetector", endpoint_url=f"http://127.0.0.1:{server.port}",
                        region_name="us-east-1", aws_access_key_id=credentials[0],
                        aws_secret_access_key=credentials[1], config=config)


def aws(server, *args, credentials=ANY_CREDENTIALS):
    """Runs `aws frauddetector ARGS --endpoint-url ...` with `credentials` in the environment
    (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and returns its parsed JSON output."""
    home = tempfile.mkdtemp(prefix="vigil-aws-")
    env = dict(os.environ, HOME=home, AWS_ACCESS_KEY_ID=credentials[0],
               AWS_SECRET_ACCESS_KEY=credentials[1],
               AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               AWS_CONFIG_FILE=os.path.join(home, "config"), AWS_PAGER="",
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, "credentials"))
    out = subprocess.run([AWS_CLI, "frauddetector", *args, "--endpoint-url",
                          f"http://127.0.0.1:{server.port}", "--output", "json"],
                         capture_output=True, text=True, env=env, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)}: {out.returncode}\n{out.stderr}")
    return json.loads(out.stdout) if out.stdout.strip() else {}


def refused(call, code, *message_parts, **kw):
    """Calls `call(**kw)`, which must fail with AFD error `code`: a 400 with a request id, whose
    message holds every one of `message_parts`. Returns the error response."""
    try:
        call(**kw)
    except botocore.exceptions.ClientError as e:
        error = e.response
        assert error["Error"]["Code"] == code, error
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 400, error
        assert re.match(r"^[0-9a-f-]{36}$", error["ResponseMetadata"]["RequestId"]), error
        for part in message_parts:
            assert part in error["Error"]["Message"], (part, error)
        return error
    raise AssertionError(f"{getattr(call, '__name__', call)} was not refused")

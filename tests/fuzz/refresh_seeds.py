#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from what the project already documents and tests.

    tests/fuzz/refresh_seeds.py

corpus/detect_body/    the /detect bodies of README.md, docs/api.md and tests/integration (written
                       out here), valid and invalid
corpus/detector_file/  examples/*.yaml, the same as JSON, and the YAML blocks of
                       docs/detector-files.md
corpus/rule/           every `rule:` of tests/rules/*.test and the code spans of docs/rules.md that
                       read as rules

Each seed is named by the SHA-1 of its bytes, as libFuzzer names the inputs it keeps, so running
this again adds only what is new and never duplicates a seed. Nothing is deleted: inputs found by
fuzzing and copied in by hand stay.
"""
import hashlib
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

SEED = {"event_id": "abc123", "transaction_amount": 1000, "ip_address": "123.45.67.89",
        "account_id": "user_789"}


def detect_bodies():
    readme = (ROOT / "README.md").read_text()
    for body in re.findall(r"-d '(\{\"event_id\".*?\})'", readme):
        yield body
    bodies = [
        SEED,
        dict(SEED, event_timestamp="2025-07-15T12:34:56Z"),
        dict(SEED, event_timestamp="2025-07-15T12:34:56.123456+02:00"),
        dict(SEED, event_timestamp="2025-07-15"),
        dict(SEED, detector_id="transaction_detector", detector_version="1"),
        dict(SEED, detector_version=1),
        dict(SEED, transaction_amount="1000"),
        dict(SEED, transaction_amount=12000.5),
        dict(SEED, ip_address="203.0.113.7"),
        dict(SEED, ip_address=None),
        {"event_id": "only-the-id"},
        {"event_id": 42, "transaction_amount": 150},
        # the rejections of tests/integration/test_bad_input.py
        dict(SEED, event_id="a b"),
        dict(SEED, transaction_amount="lots"),
        dict(SEED, amount=5),
        dict(SEED, ip_address={"v4": "1.2.3.4"}),
        dict(SEED, event_timestamp="yesterday"),
        dict(SEED, detector_id="nope"),
        dict(SEED, detector_version="99"),
        dict(SEED, transaction_model_insightscore=999),
    ]
    for body in bodies:
        yield json.dumps(body, separators=(",", ":"))
    yield '{"event_id": "x",'
    yield "[1, 2]"
    yield '{"event_id":"u","ip_address":"caf\\u00e9 \\ud83d\\ude00","transaction_amount":1e3}'


def detector_files():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text()
        yield text
        json_text = example_as_json(text)
        if json_text:
            yield json_text
    docs = (ROOT / "docs" / "detector-files.md").read_text()
    for block in re.findall(r"```yaml\n(.*?)```", docs, re.S):
        yield block


def example_as_json(text):
    """The example as JSON, when PyYAML is there (optional: the YAML seed covers the same)."""
    try:
        import yaml
    except ImportError:
        return None
    return json.dumps(yaml.safe_load(text), indent=2)


def rules():
    for path in sorted((ROOT / "tests" / "rules").glob("*.test")):
        lines = path.read_text().splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("rule:") and line[5:].strip():
                yield line[5:].strip()
            elif line.strip() == "rule:":
                body = []
                i += 1
                while i < len(lines) and not lines[i].startswith("expect"):
                    body.append(lines[i])
                    i += 1
                yield "\n".join(body)
                continue
            i += 1
    docs = (ROOT / "docs" / "rules.md").read_text()
    for span in re.findall(r"`([^`\n]*[$@][^`\n]*)`", docs):
        if re.search(r"(==|!=|>=|<=|[<>]| in | and | or |regex_match|not )", span):
            yield span


def write(target, seeds):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    added = 0
    for seed in seeds:
        data = seed.encode()
        path = directory / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            added += 1
    print(f"{target}: {added} new seeds, {len(list(directory.iterdir()))} in all")


write("detect_body", detect_bodies())
write("detector_file", detector_files())
write("rule", rules())

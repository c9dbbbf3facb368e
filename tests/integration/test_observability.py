"""On Lambda: structured JSON logs with context, EMF metrics, and never a secret."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_sqs_jobs import call


def _lines(out: str) -> list[dict[str, Any]]:
    parsed = []
    for line in out.splitlines():
        try:
            parsed.append(json.loads(line))
        except ValueError:
            continue
    return parsed


def test_logs_and_metrics_are_structured_and_carry_context(
    lambda_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    register = call(
        "mutation Register($i: RegisterInput!) { register(input: $i) { token user { id } } }",
        {"i": {"name": "Obs", "email": "obs@example.com", "password": PASSWORD}},
    )
    token = register["data"]["register"]["token"]
    user_id = register["data"]["register"]["user"]["id"]
    call("query Me { me { id } }", token=token)
    call('query Broken { project(id: "nope") { id } }', token=token)
    out = capsys.readouterr().out
    records = _lines(out)
    logs = [r for r in records if "_aws" not in r]
    metrics = [r for r in records if "_aws" in r]
    me = next(r for r in logs if r.get("operation") == "Me" and "operation" in r.get("message", ""))
    assert me["level"] == "INFO"
    assert me["service"] == "graphql-api"
    assert me["user_id"] == user_id
    assert me["request_id"] == "52fdfc07-2182-154f-163f-5f0f9a621d72"
    names = {m["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Name"] for m in metrics}
    assert {"GraphQLOperationLatency", "GraphQLErrors"} <= names
    error_metric = next(m for m in metrics if "GraphQLErrors" in m)
    assert error_metric["code"] == "NOT_FOUND"
    assert error_metric["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "IntelligentEngineeringPlatform"
    assert token not in out
    assert PASSWORD not in out

"""template.yaml and the code agree: tables, indexes, TTLs, env vars; and cfn-lint passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from cfnlint.decode.cfn_yaml import load

from graphql_api.config import Settings, load_settings
from graphql_api.store.tables import ALL_TABLES

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE: dict[str, Any] = load(str(ROOT / "template.yaml"))
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
FUNCTION = RESOURCES["GraphQLFunction"]["Properties"]
ENV: dict[str, Any] = FUNCTION["Environment"]["Variables"]


def _tables() -> dict[str, dict[str, Any]]:
    """Table properties by logical table name (the part after the stage prefix)."""
    found = {}
    for resource in RESOURCES.values():
        if resource["Type"] == "AWS::DynamoDB::Table":
            props = resource["Properties"]
            found[props["TableName"]["Fn::Sub"].removeprefix("iep-${Stage}-")] = props
    return found


def test_cfn_lint_passes() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(ROOT / "template.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_table_index_and_ttl_the_code_uses_is_declared() -> None:
    tables = _tables()
    assert set(tables) == {spec.name for spec in ALL_TABLES}
    assert ENV["DYNAMODB_TABLE_PREFIX"] == {"Fn::Sub": "iep-${Stage}"}
    for spec in ALL_TABLES:
        props = tables[spec.name]
        keys = [(k["AttributeName"], k["KeyType"]) for k in props["KeySchema"]]
        assert keys == [(spec.pk, "HASH"), *([(spec.sk, "RANGE")] if spec.sk else [])]
        declared = {
            i["IndexName"]: [(k["AttributeName"], k["KeyType"]) for k in i["KeySchema"]]
            for i in props.get("GlobalSecondaryIndexes", [])
        }
        expected = {i.name: [(i.pk, "HASH"), *([(i.sk, "RANGE")] if i.sk else [])] for i in spec.indexes}
        assert declared == expected
        assert all(
            i["Projection"] == {"ProjectionType": "ALL"} for i in props.get("GlobalSecondaryIndexes", [])
        )
        ttl = props.get("TimeToLiveSpecification")
        assert ttl == ({"AttributeName": spec.ttl, "Enabled": True} if spec.ttl else None)
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"] == {"SSEEnabled": True}


def test_every_env_var_is_a_setting_and_the_required_ones_are_set() -> None:
    known = {name.upper() for name in Settings.model_fields} | {
        "JWT_SECRET_SSM_PARAMETER",
        "GEMINI_API_KEY_SSM_PARAMETER",
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
    }
    assert set(ENV) <= known
    required = {"APP_ENV", "STORAGE", "DYNAMODB_TABLE_PREFIX", "JWT_SECRET_SSM_PARAMETER", "BEDROCK_MODEL_ID",
                "FRONTEND_URL", "SES_FROM_EMAIL", "EMAIL_BACKEND", "JOBS_QUEUE_URL"}  # fmt: skip
    assert required <= set(ENV)
    assert ENV["APP_ENV"] == "production"
    assert "JWT_SECRET" not in ENV  # never plain text
    assert "GEMINI_API_KEY" not in ENV


def test_function_queue_and_api_are_wired_as_the_code_expects() -> None:
    assert FUNCTION["Handler"] == "graphql_api.handler.handler"
    assert TEMPLATE["Globals"]["Function"]["Runtime"] == "python3.12"
    assert FUNCTION["MemorySize"] == 1024
    events = FUNCTION["Events"]
    assert {
        (e["Properties"]["Path"], e["Properties"]["Method"]) for e in events.values() if e["Type"] == "Api"
    } == {
        ("/graphql", "POST"),
        ("/graphql", "GET"),
        ("/health", "GET"),
    }
    jobs = events["Jobs"]["Properties"]
    assert jobs["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    queue = RESOURCES["JobsQueue"]["Properties"]
    assert queue["VisibilityTimeout"] >= FUNCTION["Timeout"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["JobsDeadLetterQueue", "Arn"]}
    assert RESOURCES["FunctionLogGroup"]["Properties"]["RetentionInDays"] == 7
    assert RESOURCES["Api"]["Properties"]["TracingEnabled"] is True
    statements = next(p["Statement"] for p in FUNCTION["Policies"] if "Statement" in p)
    bedrock = next(s for s in statements if s["Action"] == ["bedrock:InvokeModel"])
    assert "${BedrockModelId}" in bedrock["Resource"]["Fn::Sub"]
    ses = next(s for s in statements if s["Action"] == ["ses:SendEmail"])
    assert ses["Condition"] == {"StringEquals": {"ses:FromAddress": {"Ref": "SesFromEmail"}}}


def test_secrets_come_from_ssm_secure_strings(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> None:
    ssm = boto3.client("ssm", endpoint_url=moto_endpoint, region_name="us-east-1")
    ssm.put_parameter(Name="/iep/test/jwt", Value="s" * 40, Type="SecureString", Overwrite=True)
    ssm.put_parameter(Name="/iep/test/gemini", Value="gemini-key", Type="SecureString", Overwrite=True)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", moto_endpoint)
    monkeypatch.setenv("JWT_SECRET_SSM_PARAMETER", "/iep/test/jwt")
    monkeypatch.setenv("GEMINI_API_KEY_SSM_PARAMETER", "/iep/test/gemini")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    settings = load_settings(app_env="production")
    assert settings.signing_secret == "s" * 40
    assert settings.gemini_api_key == "gemini-key"
    assert "gemini-key" not in repr(settings)
    monkeypatch.setenv("JWT_SECRET_SSM_PARAMETER", "/iep/test/missing")
    from graphql_api.config import ConfigError

    with pytest.raises(ConfigError, match="JWT_SECRET_SSM_PARAMETER"):
        load_settings(app_env="production")


def test_concurrency_is_capped_and_the_api_is_throttled_and_logged() -> None:
    assert FUNCTION["ReservedConcurrentExecutions"] == {"Ref": "ReservedConcurrency"}
    jobs = FUNCTION["Events"]["Jobs"]["Properties"]
    assert jobs["ScalingConfig"] == {"MaximumConcurrency": {"Ref": "JobsMaxConcurrency"}}
    parameters = TEMPLATE["Parameters"]
    # The queue can never take every execution from the API.
    assert parameters["JobsMaxConcurrency"]["Default"] < parameters["ReservedConcurrency"]["Default"]
    api = RESOURCES["Api"]["Properties"]
    [throttle] = api["MethodSettings"]
    assert throttle["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRateLimit"}
    access = api["AccessLogSetting"]
    assert access["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    assert "querystring" not in access["Format"].lower()  # GET operations' variables stay out of logs
    assert "authorization" not in access["Format"].lower()


def test_both_api_stages_write_json_access_logs_without_tokens_or_bodies() -> None:
    stages = {
        "Api": RESOURCES["Api"]["Properties"]["AccessLogSetting"],
        "SocketStage": RESOURCES["SocketStage"]["Properties"]["AccessLogSettings"],
    }
    for name, access in stages.items():
        group = access["DestinationArn"]["Fn::GetAtt"][0]
        assert RESOURCES[group]["Type"] == "AWS::Logs::LogGroup", name
        assert RESOURCES[group]["Properties"]["RetentionInDays"] > 0, name
        line = json.loads(access["Format"])  # one JSON object per line, as the REST stage writes
        assert "$context.requestId" in line.values(), name
        assert "$context.status" in line.values(), name
        for secret in ("querystring", "authorization", "header", "body", "payload"):
            assert secret not in access["Format"].lower(), (name, secret)
    socket = json.loads(stages["SocketStage"]["Format"])
    assert {socket["connectionId"], socket["eventType"]} == {"$context.connectionId", "$context.eventType"}

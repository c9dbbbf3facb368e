"""The command line: export-schema and create-tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from graphql import build_schema

from graphql_api.__main__ import main
from graphql_api.store.tables import ALL_TABLES

ROOT = Path(__file__).resolve().parents[2]


def test_export_schema_prints_sdl() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "graphql_api", "export-schema"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "type Query {" in out
    create = build_schema(out).mutation_type.fields["createProject"]  # the SDL parses back
    assert (str(create.args["input"].type), str(create.type)) == ("CreateProjectInput!", "Project!")


def test_create_tables_is_idempotent(
    monkeypatch: pytest.MonkeyPatch, moto_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORAGE", "dynamodb")
    monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("DYNAMODB_TABLE_PREFIX", "cli-test")
    assert main(["create-tables"]) == 0
    assert f"created {len(ALL_TABLES)} table(s)" in capsys.readouterr().out
    assert main(["create-tables"]) == 0
    assert "created 0 table(s)" in capsys.readouterr().out
    client = boto3.client("dynamodb", endpoint_url=moto_endpoint, region_name="us-east-1")
    pages = client.get_paginator("list_tables").paginate()  # the shared server holds 100+ tables
    names = [n for page in pages for n in page["TableNames"] if n.startswith("cli-test-")]
    assert sorted(names) == sorted(f"cli-test-{t.name}" for t in ALL_TABLES)
    projects = client.describe_table(TableName="cli-test-projects")["Table"]
    assert [i["IndexName"] for i in projects["GlobalSecondaryIndexes"]] == ["UserIdIndex"]
    ttl = client.describe_time_to_live(TableName="cli-test-ai-cache")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}


def test_bad_configuration_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STORAGE", "postgres")
    assert main(["create-tables"]) == 2
    assert "STORAGE" in capsys.readouterr().err

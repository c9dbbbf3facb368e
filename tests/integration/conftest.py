"""Fixtures shared by the integration tests that drive the Lambda handler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import graphql_api.handler as handler_module


@pytest.fixture
def lambda_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, moto_endpoint: str) -> Iterator[None]:
    """The function's environment, as template.yaml sets it, against moto's server."""
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "graphql-api")
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("JWT_SECRET", "a-production-grade-secret-of-more-than-32-bytes")
    monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("DYNAMODB_TABLE_PREFIX", f"lambda{tmp_path.name[-8:]}")
    monkeypatch.setenv("BCRYPT_ROUNDS", "10")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    from graphql_api.__main__ import main

    assert main(["create-tables"]) == 0
    handler_module.reset()
    yield
    handler_module.reset()

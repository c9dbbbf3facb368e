"""Fixtures shared by the integration tests that drive the Lambda handler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import graphql_api.handler as handler_module
from tests.conftest import deploy_lambda


@pytest.fixture
def lambda_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, moto_endpoint: str) -> Iterator[None]:
    """The function's environment, as template.yaml sets it, against moto's server."""
    deploy_lambda(monkeypatch, tmp_path, moto_endpoint, DYNAMODB_TABLE_PREFIX=f"lambda{tmp_path.name[-8:]}")
    yield
    handler_module.reset()

"""Settings: validated at start-up, with messages that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphql_api.config import ConfigError, load_settings


def test_production_refuses_a_missing_or_short_secret() -> None:
    with pytest.raises(ConfigError, match="JWT_SECRET"):
        load_settings(app_env="production")
    with pytest.raises(ConfigError, match="JWT_SECRET"):
        load_settings(app_env="production", jwt_secret="x" * 31)
    assert load_settings(app_env="production", jwt_secret="x" * 32).signing_secret == "x" * 32


def test_development_generates_one_secret_and_keeps_it(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path).signing_secret
    assert len(first) >= 32
    assert (tmp_path / "jwt-secret").stat().st_mode & 0o077 == 0
    assert load_settings(data_dir=tmp_path).signing_secret == first  # survives a restart


def test_defaults_and_derived_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    settings = load_settings(data_dir=tmp_path)
    assert settings.storage == "sqlite"
    assert settings.port == 3001
    assert settings.resolved_sqlite_path == tmp_path / "iep.sqlite3"
    assert settings.dynamodb_table_prefix == "intelligent-engineering-platform-dev"
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "fn")
    assert load_settings().storage == "dynamodb"


def test_invalid_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "not-a-port")
    with pytest.raises(ConfigError, match="PORT"):
        load_settings()
    monkeypatch.delenv("PORT")
    with pytest.raises(ConfigError, match="BCRYPT_ROUNDS"):
        load_settings(bcrypt_rounds=4)
    with pytest.raises(ConfigError, match="DYNAMODB_TABLE_PREFIX"):
        load_settings(dynamodb_table_prefix="bad prefix!")

"""Every setting of the API, read once from the environment and validated.

One typed object instead of `os.environ` lookups scattered through the code, so that a
misconfiguration fails at start-up with a message naming the variable, not at the first
request that happens to need it.
"""

from __future__ import annotations

import os
import re
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_JWT_SECRET_BYTES = 32
_SECRET_FILE_NAME = "jwt-secret"  # noqa: S105 - a file name, not a secret


# USD per 1,000 tokens (input, output), by engine; local generation is free.
AI_PRICES_PER_1K: dict[str, tuple[float, float]] = {
    "BEDROCK": (0.003, 0.015),  # Claude 3.5 Sonnet on Bedrock
    "GEMINI": (0.00015, 0.0006),  # Gemini 2.0 Flash
    "OPENAI": (0.0, 0.0),  # whatever the endpoint charges: OPENAI_PRICE_*_PER_1K, 0 by default
    "LOCAL": (0.0, 0.0),
}


# In development any localhost port may call the API and open sockets (a frontend dev server).
LOCALHOST_ORIGIN = re.compile(r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?")


class ConfigError(RuntimeError):
    """Raised when the environment cannot produce a valid configuration."""


# A JSON string spends at most 6 bytes on one byte of UTF-8 text (a control character is
# written \u0001; a quote or a newline takes 2, a character escaped by an ASCII-only
# encoder at most 3 per byte). The request body must hold the largest import so escaped,
# plus the document and the JSON around it, or LIMIT_IMPORT_BYTES could not be reached.
JSON_ESCAPE_BYTES_MAX = 6
REQUEST_ENVELOPE_BYTES = 65_536


def import_request_bytes(import_bytes: int) -> int:
    """The largest importProject request body: its content at the worst JSON escape, plus the envelope."""
    return JSON_ESCAPE_BYTES_MAX * import_bytes + REQUEST_ENVELOPE_BYTES


def _running_on_lambda() -> bool:
    return "AWS_LAMBDA_FUNCTION_NAME" in os.environ


class Limits(BaseSettings):
    """Input and query limits; each is documented in the README's config table."""

    model_config = SettingsConfigDict(env_prefix="LIMIT_", frozen=True, extra="ignore")

    name_length: int = 200
    text_length: int = 2_000
    requirements_length: int = 20_000
    list_items: int = 100
    phases_per_project: int = 24
    sprints_per_phase: int = 20
    tasks_per_sprint: int = 200
    page_size_default: int = 20
    page_size_max: int = 100
    duration_weeks_max: int = 104
    baselines_per_project: int = 5  # setBaseline beyond it drops the oldest
    proposals_per_project: int = 20  # proposals kept; a new one beyond it drops the oldest decided one
    actual_hours_max: int = 10_000  # hours logged against one task
    lag_days_max: int = 365  # a dependency's lag, either way (a negative lag is a lead)
    members_per_project: int = 50  # the owner included; members live in the outline item
    invitations_pending: int = 20  # PENDING invitations one project holds at once
    invitations_per_day: int = 30  # invitations one project sends in any 24 hours
    import_bytes: int = 200_000  # importProject's content; LIMIT_BODY_BYTES is sized to carry it
    start_year_min: int = 1970  # a project's startDate; its end follows from the phases
    start_year_max: int = 2200
    password_min_length: int = 8
    password_max_length: int = 256
    query_depth: int = 10
    query_aliases: int = 30
    query_tokens: int = 5_000
    query_fields: int = 400  # field selections after expanding fragments: a resolver-count bound
    query_fragment_spreads: int = 100  # fragment spreads written in one document
    exports_per_operation: int = 1  # exportProject fields per operation (rendering is CPU-heavy)
    # A request body (413 beyond). Default: the largest importProject request,
    # import_request_bytes(LIMIT_IMPORT_BYTES) = 1,265,536; a smaller value is refused at start-up.
    body_bytes: int = 0
    persisted_query_cache_bytes: int = 4_000_000  # APQ documents kept in each process (LRU)
    # APQ documents shared through the ephemeral table: one item each, under DynamoDB's 400 KB
    persisted_query_document_bytes: int = Field(default=350_000, ge=1, le=390_000)
    header_bytes: int = 16_384  # a request's line and headers (serve)
    ws_message_bytes: int = 65_536  # one WebSocket message (serve)
    sockets_per_user: int = 5  # WebSockets one user holds open at once (per process)
    subscriptions_per_socket: int = 20  # live subscriptions on one API Gateway WebSocket
    batch_operations: int = 0  # 0: batching off
    login_failures_per_email: int = 5
    login_failures_per_client: int = 20
    login_failures_per_account: int = 50  # from all clients; refuses only clients that failed too
    login_window_seconds: int = 900
    reset_mails_per_hour: int = 3  # password-reset mails to one address
    jobs_per_window: int = 30  # generation jobs one user may submit per window
    jobs_window_seconds: int = 600

    @model_validator(mode="after")
    def _body_carries_the_largest_import(self) -> Limits:
        needed = import_request_bytes(self.import_bytes)
        if self.body_bytes == 0:
            object.__setattr__(self, "body_bytes", needed)  # frozen: set once, while validating
        elif self.body_bytes < needed:
            raise ValueError(
                f"LIMIT_BODY_BYTES ({self.body_bytes}) is below the largest importProject request "
                f"({JSON_ESCAPE_BYTES_MAX} x LIMIT_IMPORT_BYTES + {REQUEST_ENVELOPE_BYTES} = {needed}): "
                "an import under LIMIT_IMPORT_BYTES would be refused by the body limit"
            )
        return self


class Settings(BaseSettings):
    """The whole configuration; construct through `load_settings()`."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=False)

    app_env: Literal["development", "production"] = "development"
    port: int = Field(default=3001, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)  # serve's processes
    max_connections: int = Field(default=1000, ge=1)  # serve answers 503 beyond this many at once
    keep_alive_seconds: int = Field(default=5, ge=1, le=300)  # an idle keep-alive socket closes after this
    head_timeout_seconds: float = Field(default=10, gt=0, le=300)  # a request head must arrive within this
    forwarded_allow_ips: str | None = None  # proxies whose X-Forwarded-For serve believes (comma-separated)
    storage: Literal["sqlite", "dynamodb"] = Field(
        default_factory=lambda: "dynamodb" if _running_on_lambda() else "sqlite"
    )
    data_dir: Path = Path(".data")
    sqlite_path: Path | None = None
    dynamodb_table_prefix: str = "intelligent-engineering-platform-dev"
    dynamodb_endpoint_url: str | None = None
    aws_region: str = "us-east-1"

    jwt_secret: str | None = Field(default=None, repr=False)
    jwt_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    bcrypt_rounds: int = Field(default=12, ge=10, le=16)

    frontend_url: str = "http://localhost:3000"
    cors_origins: str | None = None
    bedrock_model_id: str = "anthropic.claude-3-5-sonnet-20241022-v2:0"
    bedrock_enabled: bool | None = None
    bedrock_endpoint_url: str | None = None
    gemini_api_key: str | None = Field(default=None, repr=False)
    gemini_model: str = "gemini-2.0-flash"
    gemini_base_url: str | None = None
    ai_engines: str = "bedrock,gemini,openai,local"
    # Any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, LM Studio, a gateway);
    # configured when a base URL or a key is set.
    openai_base_url: str | None = None
    openai_api_key: str | None = Field(default=None, repr=False)
    openai_model: str = "gpt-4o-mini"
    openai_price_input_per_1k: float = Field(default=0.0, ge=0)
    openai_price_output_per_1k: float = Field(default=0.0, ge=0)
    ai_deadline_seconds: float = Field(default=90.0, gt=0, le=900)
    ai_connect_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    ai_read_timeout_seconds: float = Field(default=60.0, gt=0, le=900)
    ai_sdk_max_attempts: int = Field(default=1, ge=1, le=3)
    ai_max_output_tokens: int = Field(default=4096, ge=256, le=32_000)
    # The plan around an AI task (context.py), in characters of its JSON: oldest work trimmed first
    ai_context_chars: int = Field(default=12_000, ge=1_000, le=200_000)
    activity_days: int = Field(default=90, ge=1, le=3650)  # project events kept (TTL), for activity
    # projectChanged: how often a follower also reads the stored events (other processes' writes)
    activity_poll_seconds: float = Field(default=1.0, gt=0, le=30)
    ai_breaker_threshold: int = Field(default=3, ge=1, le=100)
    ai_breaker_cooldown_seconds: float = Field(default=30.0, ge=0, le=3600)
    ses_from_email: str | None = None
    email_backend: Literal["outbox", "ses"] = "outbox"
    ses_endpoint_url: str | None = None
    password_reset_ttl_seconds: int = Field(default=3600, ge=60, le=86_400)
    # Tell a member by email when they are removed from a project (not when they leave).
    notify_removed_members: bool = True
    # requestPasswordReset answers after this long whether or not the account exists.
    reset_response_seconds: float = Field(default=0.25, ge=0, le=5)

    jobs_queue_url: str | None = None
    jobs_concurrency: int = Field(default=4, ge=1, le=64)
    # A plan edit that loses a race retries (jittered backoff) for this long before CONFLICT.
    edit_retry_seconds: float = Field(default=5.0, ge=0, le=25)
    # CPU-heavy work gets pools of its own, so it never queues in front of storage calls.
    render_workers: int = Field(default=1, ge=1, le=16)  # export rendering (PDF above all)
    hash_workers: int = Field(default=2, ge=1, le=16)  # bcrypt (releases the GIL)
    # Past this many seconds a whole-project plan finishes its current step and queues
    # itself again, so no run outlives the Lambda timeout. Unset: one run does it all.
    jobs_time_budget_seconds: float | None = Field(default=None, ge=0)
    sqs_endpoint_url: str | None = None
    # The WebSocket API's Management API (https://{api}.execute-api.{region}.amazonaws.com/{stage}):
    # set, job changes are pushed to API Gateway WebSocket subscribers.
    apigw_management_endpoint_url: str | None = None
    socket_post_concurrency: int = Field(default=16, ge=1, le=256)  # pushes in flight per publish
    # Automatic persisted queries: how long a document stays in the shared (ephemeral) table.
    persisted_query_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)
    # Selections that only read loaded objects run compiled (schema/compiled.py); off: graphql-core only.
    compiled_execution: bool = True
    enable_introspection: bool | None = None  # default: on in development, off in production
    enable_graphiql: bool | None = None  # default: on in development, off in production
    log_level: str = "INFO"
    limits: Limits = Field(default_factory=Limits)

    @field_validator("dynamodb_table_prefix")
    @classmethod
    def _prefix_is_a_table_name(cls, value: str) -> str:
        allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        if not value or not set(value) <= allowed:
            msg = "must be non-empty and use only letters, digits, '_', '.' and '-'"
            raise ValueError(msg)
        return value

    @field_validator("ai_engines")
    @classmethod
    def _known_engines(cls, value: str) -> str:
        names = [n.strip().lower() for n in value.split(",") if n.strip()]
        unknown = sorted(set(names) - {"bedrock", "gemini", "openai", "local"})
        if unknown or not names or len(set(names)) != len(names):
            msg = "must list bedrock, gemini, openai and/or local, each at most once"
            raise ValueError(msg)
        return ",".join(names)

    @property
    def engine_order(self) -> list[str]:
        return self.ai_engines.split(",")

    @property
    def bedrock_configured(self) -> bool:
        """Bedrock needs AWS: on by default where the app runs on AWS (DynamoDB storage)."""
        if self.bedrock_enabled is not None:
            return self.bedrock_enabled
        return self.storage == "dynamodb"

    @model_validator(mode="after")
    def _ses_needs_a_sender(self) -> Settings:
        if self.email_backend == "ses" and not self.ses_from_email:
            msg = "SES_FROM_EMAIL must be set when EMAIL_BACKEND=ses"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _production_needs_a_real_secret(self) -> Settings:
        if self.app_env == "production":
            secret = self.jwt_secret or ""
            if len(secret.encode()) < MIN_JWT_SECRET_BYTES:
                msg = (
                    f"JWT_SECRET must be set to at least {MIN_JWT_SECRET_BYTES} bytes when APP_ENV=production"
                )
                raise ValueError(msg)
        return self

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def introspection(self) -> bool:
        return self.enable_introspection if self.enable_introspection is not None else not self.is_production

    @property
    def graphiql(self) -> bool:
        return self.enable_graphiql if self.enable_graphiql is not None else not self.is_production

    @property
    def resolved_sqlite_path(self) -> Path:
        return self.sqlite_path or self.data_dir / "iep.sqlite3"

    @property
    def endpoint_url(self) -> str | None:
        """`DYNAMODB_ENDPOINT_URL`; None lets boto3 honour `AWS_ENDPOINT_URL` itself."""
        return self.dynamodb_endpoint_url or None

    @property
    def allowed_origins(self) -> list[str]:
        if self.cors_origins:
            return [o.strip() for o in self.cors_origins.split(",") if o.strip()]
        return [self.frontend_url]

    @cached_property
    def signing_secret(self) -> str:
        """The JWT secret; in development one is generated once and kept in DATA_DIR.

        Keeping it on disk means tokens survive a restart of `make run`.
        """
        if self.jwt_secret:
            return self.jwt_secret
        path = self.data_dir / _SECRET_FILE_NAME
        try:
            existing = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            existing = ""
        if len(existing.encode()) >= MIN_JWT_SECRET_BYTES:
            return existing
        self.data_dir.mkdir(parents=True, exist_ok=True)
        generated = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(generated)
        return generated


_SECRET_PARAMETERS = {
    "jwt_secret": "JWT_SECRET_SSM_PARAMETER",
    "gemini_api_key": "GEMINI_API_KEY_SSM_PARAMETER",
}


def _secrets_from_ssm(overrides: dict[str, object]) -> None:
    """Secrets named by an SSM SecureString parameter are fetched once, decrypted.

    So the template never holds secret text and the console shows only the name.
    """
    for field, variable in _SECRET_PARAMETERS.items():
        name = os.environ.get(variable)
        if not name or overrides.get(field) or os.environ.get(field.upper()):
            continue
        from aws_lambda_powertools.utilities import parameters  # noqa: PLC0415

        try:
            value = parameters.get_parameter(name, decrypt=True, max_age=3600)
        except Exception as exc:  # noqa: BLE001 - any failure to read a secret is a configuration error
            raise ConfigError(
                f"invalid configuration: {variable}: cannot read {name} ({type(exc).__name__})"
            ) from None
        overrides[field] = value


def load_settings(**overrides: object) -> Settings:
    """Read the environment (plus explicit overrides, for tests and the CLI)."""
    _secrets_from_ssm(overrides)
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper() or 'config'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None

"""Logs, metrics and traces: Powertools on Lambda, readable lines on a laptop.

The same calls work everywhere: on Lambda logs are structured JSON (with request id,
operation name and user id), metrics are CloudWatch EMF lines and boto3 calls are traced
in X-Ray; locally logs are one readable line and metrics go to the debug log. Nothing
here ever logs a password, a token or an API key: callers pass names and codes only.
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import sys
from typing import Any

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
operation_name: contextvars.ContextVar[str | None] = contextvars.ContextVar("operation_name", default=None)
user_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("user_id", default=None)

NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "IntelligentEngineeringPlatform")
SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "graphql-api")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}")
_logger = logging.getLogger("graphql_api.metrics")


def on_lambda() -> bool:
    return "AWS_LAMBDA_FUNCTION_NAME" in os.environ


def redact(text: str) -> str:
    """Last line of defence: no bearer token or JWT survives into a log line."""
    return _JWT.sub("[redacted-jwt]", _BEARER.sub(r"\1[redacted]", text))


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        if getattr(record, "operation", None) is None:  # a caller may name it explicitly
            record.operation = operation_name.get()
        record.user_id = user_id.get()
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stdout is now (Lambda's log capture, or a test's)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


_installed: tuple[bool, logging.Handler] | None = None


def configure_logging(level: str) -> None:
    """JSON via Powertools' formatter on Lambda, a plain line locally; idempotent."""
    global _installed  # noqa: PLW0603 - one handler per process
    root = logging.getLogger("graphql_api")
    root.setLevel(level)
    lambda_mode = on_lambda()
    if _installed is not None:
        if _installed[0] == lambda_mode:
            return
        root.removeHandler(_installed[1])
    handler = _StdoutHandler(sys.stdout)
    handler.addFilter(_ContextFilter())
    if lambda_mode:
        from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter  # noqa: PLC0415

        handler.setFormatter(LambdaPowertoolsFormatter(service=SERVICE))
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s [%(operation)s user=%(user_id)s] %(message)s"
            )
        )
    root.addHandler(handler)
    root.propagate = False
    _installed = (lambda_mode, handler)


def metric(name: str, value: float = 1, unit: str = "Count", **dimensions: str) -> None:
    """One CloudWatch metric (EMF) on Lambda; a debug line elsewhere."""
    if not on_lambda():
        _logger.debug("metric %s=%s %s %s", name, value, unit, dimensions)
        return
    from aws_lambda_powertools.metrics import MetricUnit, single_metric  # noqa: PLC0415

    with single_metric(name=name, unit=MetricUnit(unit), value=value, namespace=NAMESPACE) as emf:
        emf.add_dimension(name="service", value=SERVICE)
        for key, dim in dimensions.items():
            emf.add_dimension(name=key, value=dim)


def trace_aws_calls() -> None:
    """Trace boto3 calls in X-Ray when Lambda runs with active tracing (needs the tracer extra)."""
    if not on_lambda() or "AWS_XRAY_DAEMON_ADDRESS" not in os.environ:
        return
    try:
        from aws_lambda_powertools import Tracer  # noqa: PLC0415

        Tracer(service=SERVICE, patch_modules=["boto3", "botocore"])
    except ImportError:  # the package was built without aws-lambda-powertools[tracer]
        logging.getLogger("graphql_api").warning("X-Ray tracing unavailable: aws-xray-sdk not installed")


def record_ai_call(engine: str, *, cached: bool, failover_reasons: list[str], latency_ms: float) -> None:
    metric("AIRequests", engine=engine)
    if cached:
        metric("AICacheHits", engine=engine)
    for reason in failover_reasons:
        metric("AIFailovers", reason=reason.split(":", 1)[0])
    metric("AILatency", latency_ms, "Milliseconds", engine=engine)


def record_operation(name: str | None, duration_ms: float, error_codes: list[str]) -> None:
    operation = name or "anonymous"
    metric("GraphQLOperationLatency", duration_ms, "Milliseconds", operation=operation)
    for code in error_codes:
        metric("GraphQLErrors", code=code)


def log_fields(**fields: Any) -> str:  # noqa: ANN401 - a log line's values
    return " ".join(f"{k}={v}" for k, v in fields.items())


class RedactQueryString(logging.Filter):
    """uvicorn's access log, without query strings: a GET operation's variables stay out of logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:  # noqa: PLR2004 - (client, method, path, ...)
            record.args = (*args[:2], args[2].split("?", 1)[0] + "?[redacted]", *args[3:])
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """Uvicorn's own logging set-up, with the query-string filter on its access log."""
    from uvicorn.config import LOGGING_CONFIG  # noqa: PLC0415 - only `serve` has uvicorn

    config: dict[str, Any] = {**LOGGING_CONFIG, "handlers": {**LOGGING_CONFIG["handlers"]}}
    config["filters"] = {"redact_query": {"()": f"{__name__}.RedactQueryString"}}
    config["handlers"]["access"] = {**config["handlers"]["access"], "filters": ["redact_query"]}
    return config

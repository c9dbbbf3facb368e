"""A schema extension that times each operation and counts its errors by code."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from graphql_api import observability

logger = logging.getLogger("graphql_api.operations")


class ObserveOperations(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        token = observability.operation_name.set(self.execution_context.operation_name)
        try:
            yield
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            result = self.execution_context.result
            errors = getattr(result, "errors", None) or []
            codes = [str((e.extensions or {}).get("code", "INTERNAL_SERVER_ERROR")) for e in errors]
            name = self.execution_context.operation_name
            observability.record_operation(name, elapsed, codes)
            logger.info(
                "operation %s",
                observability.log_fields(
                    name=name or "anonymous", ms=round(elapsed, 1), errors=",".join(codes) or "-"
                ),
                extra={"operation": name or "anonymous"},
            )
            with contextlib.suppress(ValueError):  # Strawberry may resume us in another context
                observability.operation_name.reset(token)

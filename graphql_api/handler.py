"""AWS Lambda entry point: API Gateway proxy events through Mangum.

The app is built at first invocation, not import, so an import error in configuration
surfaces as a clear log line, and importing this module stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mangum import Mangum

_adapter: Mangum | None = None


def _get_adapter() -> Mangum:
    global _adapter  # noqa: PLW0603 - one adapter per Lambda execution environment
    if _adapter is None:
        from mangum import Mangum  # noqa: PLC0415

        from graphql_api.app import create_app  # noqa: PLC0415

        # Built-in templates are seeded on first use; Lambda runs no lifespan.
        _adapter = Mangum(create_app(seed=False), lifespan="off", api_gateway_base_path="/")
    return _adapter


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:  # noqa: ANN401 - LambdaContext
    result: dict[str, Any] = _get_adapter()(event, context)
    return result

"""AWS Lambda entry point: API Gateway REST (Mangum), API Gateway WebSocket and SQS events.

The app is built at the first invocation, not at import, so importing this module stays
cheap and a configuration error surfaces as one clear log line.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mangum import Mangum

    from graphql_api.container import Container

_adapter: Mangum | None = None
_container: Container | None = None


def _loop() -> asyncio.AbstractEventLoop:
    """One event loop per execution environment, shared by both kinds of event.

    Mangum runs the app on the thread's current loop; `asyncio.run` would close and
    unset it, breaking the next API request on a warm instance that served SQS first.
    """
    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        loop = None
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    return loop


def _get_container() -> Container:
    global _container  # noqa: PLW0603 - one container per Lambda execution environment
    if _container is None:
        from graphql_api.config import load_settings  # noqa: PLC0415
        from graphql_api.container import build_container  # noqa: PLC0415

        _container = build_container(load_settings())
    return _container


def _get_adapter() -> Mangum:
    global _adapter  # noqa: PLW0603 - one adapter per Lambda execution environment
    if _adapter is None:
        from mangum import Mangum  # noqa: PLC0415

        from graphql_api.app import create_app  # noqa: PLC0415

        # Built-in templates are seeded on first use; Lambda runs no lifespan.
        _adapter = Mangum(create_app(container=_get_container(), seed=False), lifespan="off")
    return _adapter


def _is_sqs(event: dict[str, Any]) -> bool:
    records = event.get("Records") or []
    return bool(records) and all(r.get("eventSource") == "aws:sqs" for r in records)


def _is_socket(event: dict[str, Any]) -> bool:
    """An API Gateway WebSocket event ($connect, a message, $disconnect)."""
    context = event.get("requestContext")
    return isinstance(context, dict) and context.get("eventType") in {"CONNECT", "MESSAGE", "DISCONNECT"}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:  # noqa: ANN401 - LambdaContext
    from graphql_api import observability  # noqa: PLC0415

    observability.request_id.set(getattr(context, "aws_request_id", None))
    observability.user_id.set(None)
    if _is_sqs(event):
        from graphql_api.jobs.sqs import handle_sqs_event  # noqa: PLC0415

        return _loop().run_until_complete(handle_sqs_event(_get_container().worker, event))
    if _is_socket(event):
        sockets = _get_container().sockets
        if sockets is None:
            return {"statusCode": 501, "body": "WebSocket subscriptions are not configured."}
        return _loop().run_until_complete(sockets.handle(event))
    _loop()
    result: dict[str, Any] = _get_adapter()(event, context)
    return result


def reset() -> None:
    """Forget the built app and container (tests change the environment between cases)."""
    global _adapter, _container  # noqa: PLW0603
    if _container is not None:
        _container.close()
    _adapter = None
    _container = None

"""Command line: serve, export-schema, create-tables, run-jobs."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415

    from graphql_api.app import create_app  # noqa: PLC0415
    from graphql_api.config import load_settings  # noqa: PLC0415
    from graphql_api.observability import uvicorn_log_config  # noqa: PLC0415
    from graphql_api.serve_protocol import HEAD_TIMEOUT_ENV, BoundedH11Protocol  # noqa: PLC0415

    settings = load_settings()
    port = args.port or settings.port
    workers = args.workers or settings.workers
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings.signing_secret  # noqa: B018 - generate the development secret once, before any worker
    os.environ[HEAD_TIMEOUT_ENV] = str(settings.head_timeout_seconds)  # read by every worker
    print(  # noqa: T201 - the one line a developer needs
        f"GraphQL API on http://{args.host}:{port}/graphql "
        f"(storage={settings.storage}, env={settings.app_env}, workers={workers})",
        flush=True,
    )
    limits = settings.limits
    uvicorn.run(
        # Workers import the app themselves; one process builds it here.
        "graphql_api.app:create_app" if workers > 1 else create_app(settings),
        factory=workers > 1,
        workers=workers,
        host=args.host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=uvicorn_log_config(),
        # h11 bounds a request's head (httptools has no limit); a head must arrive within
        # HEAD_TIMEOUT_SECONDS and an idle keep-alive socket closes after KEEP_ALIVE_SECONDS.
        http=BoundedH11Protocol,
        h11_max_incomplete_event_size=limits.header_bytes,
        timeout_keep_alive=settings.keep_alive_seconds,
        limit_concurrency=settings.max_connections,
        ws_max_size=limits.ws_message_bytes,
        # X-Forwarded-For is believed only from the proxies named in FORWARDED_ALLOW_IPS.
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or "",
        server_header=False,
    )
    return 0


def _export_schema(_: argparse.Namespace) -> int:
    from graphql_api.schema.build import build_schema  # noqa: PLC0415

    sys.stdout.write(build_schema().as_str() + "\n")
    return 0


def _create_tables(_: argparse.Namespace) -> int:
    from graphql_api.config import load_settings  # noqa: PLC0415
    from graphql_api.container import build_container  # noqa: PLC0415

    container = build_container(load_settings())

    async def run() -> list[str]:
        created = await container.store.create_tables()
        await container.templates.seed_builtins()
        return created

    created = asyncio.run(run())
    print(f"{container.store.backend}: created {len(created)} table(s): {', '.join(created) or 'none'}")  # noqa: T201
    return 0


def _run_jobs(_: argparse.Namespace) -> int:
    from graphql_api.config import load_settings  # noqa: PLC0415
    from graphql_api.container import build_container  # noqa: PLC0415
    from graphql_api.jobs.sqs import drain_queue, make_sqs_client  # noqa: PLC0415

    settings = load_settings()
    if not settings.jobs_queue_url:
        print("error: JOBS_QUEUE_URL is not set", file=sys.stderr)  # noqa: T201
        return 2
    container = build_container(settings)
    client = make_sqs_client(settings.aws_region, settings.sqs_endpoint_url)
    processed = asyncio.run(drain_queue(container.worker, client, settings.jobs_queue_url))
    print(f"processed {processed} job message(s)")  # noqa: T201
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graphql_api")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API with GraphiQL")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None, help="processes (default: WORKERS, 1)")
    serve.set_defaults(run=_serve)
    commands.add_parser("export-schema", help="print the schema as SDL").set_defaults(run=_export_schema)
    commands.add_parser("create-tables", help="create the storage tables (idempotent)").set_defaults(
        run=_create_tables
    )
    commands.add_parser("run-jobs", help="drain JOBS_QUEUE_URL of generation jobs").set_defaults(
        run=_run_jobs
    )
    args = parser.parse_args(argv)
    from graphql_api.config import ConfigError  # noqa: PLC0415

    try:
        code: int = args.run(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    return code


if __name__ == "__main__":
    raise SystemExit(main())

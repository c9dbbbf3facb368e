"""Jobs over SQS: the mutation sends the job id; the same Lambda function consumes it.

A message whose job cannot be read is reported as a batch item failure, so SQS
redelivers it alone and, after the redrive policy's count, moves it to the DLQ. A job
that ran and FAILED (every AI engine out) is not retried: its record says why.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

from graphql_api.aws import LazyClient

if TYPE_CHECKING:
    from graphql_api.services.generation.worker import GenerationWorker

logger = logging.getLogger("graphql_api.jobs")


def make_sqs_client(region: str, endpoint_url: str | None) -> Any:  # noqa: ANN401 - boto3 client
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    config = Config(region_name=region, retries={"mode": "standard", "total_max_attempts": 3})
    return boto3.client("sqs", endpoint_url=endpoint_url, config=config)


class SqsDispatcher:
    def __init__(self, client: LazyClient[Any], queue_url: str) -> None:
        self._client = client
        self._queue_url = queue_url

    async def dispatch(self, job_id: str) -> None:
        body = json.dumps({"jobId": job_id})
        await asyncio.to_thread(self._client.get().send_message, QueueUrl=self._queue_url, MessageBody=body)


def _job_id(body: str) -> str:
    data = json.loads(body)
    job_id = data.get("jobId") if isinstance(data, dict) else None
    if not isinstance(job_id, str) or not job_id:
        msg = "message has no jobId"
        raise ValueError(msg)
    return job_id


async def process_message(generation: GenerationWorker, body: str) -> bool:
    """Run the job a message names. False: a poison message (retry, then DLQ)."""
    try:
        job_id = _job_id(body)
    except ValueError:
        logger.warning("unreadable job message")
        return False
    if await generation.jobs.load(job_id) is None:
        logger.warning("job %s does not exist", job_id)
        return False
    await generation.run(job_id)  # None when already done: a duplicate delivery
    return True


async def handle_sqs_event(generation: GenerationWorker, event: dict[str, Any]) -> dict[str, Any]:
    failures = []
    for record in event.get("Records", []):
        try:
            ok = await process_message(generation, str(record.get("body", "")))
        except Exception:
            logger.exception("job message %s failed", record.get("messageId"))
            ok = False
        if not ok:
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}


async def drain_queue(
    generation: GenerationWorker,
    client: Any,  # noqa: ANN401 - boto3 client
    queue_url: str,
    *,
    wait_seconds: int = 1,
) -> int:
    """Receive and run jobs until the queue is empty (`python -m graphql_api run-jobs`)."""
    processed = 0
    while True:
        response = await asyncio.to_thread(
            client.receive_message, QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait_seconds
        )
        messages = response.get("Messages", [])
        if not messages:
            return processed
        for message in messages:
            if await process_message(generation, message.get("Body", "")):
                await asyncio.to_thread(
                    client.delete_message, QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"]
                )
                processed += 1

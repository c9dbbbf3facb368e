"""Where generation jobs run: an in-process asyncio pool, or SQS and the Lambda handler."""

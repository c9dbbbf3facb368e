"""Email: SES in production, an outbox folder of .eml files on the embedded default.

Sending never fails the user's request: an error is logged (without the message body,
which may hold a reset link) and the caller carries on.
"""

from __future__ import annotations

import asyncio
import html
import logging
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from graphql_api.aws import LazyClient

if TYPE_CHECKING:
    from graphql_api.config import Settings

logger = logging.getLogger("graphql_api.email")


@dataclass(frozen=True, slots=True)
class Email:
    to: str
    subject: str
    text: str
    html: str

    def __post_init__(self) -> None:
        # Header values are one line, whatever a project name held: a CR or LF there
        # would make the mail library refuse the message (or, elsewhere, inject headers).
        object.__setattr__(self, "subject", one_line(self.subject))
        object.__setattr__(self, "to", one_line(self.to))


def one_line(value: str) -> str:
    return " ".join(value.split())


class EmailSender(Protocol):
    async def send(self, email: Email) -> None: ...


class OutboxSender:
    """Writes each message as an .eml file; one log line says where."""

    def __init__(self, folder: Path, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    async def send(self, email: Email) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")

        def write() -> Path:
            self._folder.mkdir(parents=True, exist_ok=True)
            path = self._folder / f"{uuid.uuid4().hex}.eml"
            path.write_bytes(bytes(message))
            return path

        path = await asyncio.to_thread(write)
        logger.info("email %r written to %s", email.subject, path)


class SesSender:
    def __init__(self, client: LazyClient[Any], sender: str) -> None:
        self._client = client
        self._sender = sender

    async def send(self, email: Email) -> None:
        await asyncio.to_thread(
            self._client.get().send_email,
            Source=self._sender,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {
                    "Text": {"Data": email.text, "Charset": "UTF-8"},
                    "Html": {"Data": email.html, "Charset": "UTF-8"},
                },
            },
        )


class Mailer:
    """Builds the platform's messages and sends them, never raising."""

    def __init__(self, sender: EmailSender, frontend_url: str) -> None:
        self._sender = sender
        self._frontend = frontend_url.rstrip("/")

    async def _send(self, email: Email) -> bool:
        try:
            await self._sender.send(email)
        except Exception as exc:  # noqa: BLE001 - an email must never fail the request
            logger.warning("could not send email %r: %s", email.subject, type(exc).__name__)
            return False
        return True

    async def welcome(self, to: str, name: str) -> bool:
        safe = html.escape(name)
        return await self._send(
            Email(
                to=to,
                subject="Welcome to the Intelligent Engineering Platform",
                text=f"Hello {name},\n\nYour account is ready. Start a project at {self._frontend}/projects\n",
                html=f"<p>Hello {safe},</p><p>Your account is ready. "
                f'<a href="{html.escape(self._frontend)}/projects">Start a project</a>.</p>',
            )
        )

    async def password_reset(self, to: str, name: str, token: str) -> bool:
        link = f"{self._frontend}/reset-password?token={token}"
        return await self._send(
            Email(
                to=to,
                subject="Reset your password",
                text=f"Hello {name},\n\nReset your password within one hour: {link}\n"
                "If you did not ask for this, ignore this email.\n",
                html=f'<p>Hello {html.escape(name)},</p><p><a href="{html.escape(link)}">Reset your password</a> '
                "within one hour.</p><p>If you did not ask for this, ignore this email.</p>",
            )
        )

    async def plan_finished(
        self, to: str, name: str, project_id: str, project_name: str, *, ok: bool, detail: str
    ) -> bool:
        link = f"{self._frontend}/projects/{project_id}"
        outcome = "is ready" if ok else "stopped"
        return await self._send(
            Email(
                to=to,
                subject=f"Your plan for {project_name} {outcome}",
                text=f"Hello {name},\n\nThe plan for {project_name} {outcome}: {detail}\n{link}\n",
                html=f"<p>Hello {html.escape(name)},</p><p>The plan for <strong>{html.escape(project_name)}</strong> "
                f'{outcome}: {html.escape(detail)}</p><p><a href="{html.escape(link)}">Open the project</a></p>',
            )
        )

    async def invitation(self, to: str, inviter: str, project_name: str, role: str, token: str) -> bool:
        link = f"{self._frontend}/invitations?token={token}"
        return await self._send(
            Email(
                to=to,
                subject=f"{inviter} invites you to {project_name}",
                text=f"Hello,\n\n{inviter} invites you to join the project {project_name} as {role.lower()}.\n"
                f"Accept within 7 days, signed in with this email address: {link}\n"
                "If you do not know them, ignore this email.\n",
                html=f"<p>Hello,</p><p>{html.escape(inviter)} invites you to join the project "
                f"<strong>{html.escape(project_name)}</strong> as {html.escape(role.lower())}.</p>"
                f'<p><a href="{html.escape(link)}">Accept the invitation</a> within 7 days, signed in with '
                "this email address.</p><p>If you do not know them, ignore this email.</p>",
            )
        )

    async def member_removed(self, to: str, name: str, project_name: str) -> bool:
        return await self._send(
            Email(
                to=to,
                subject=f"You were removed from {project_name}",
                text=f"Hello {name},\n\nThe owner of {project_name} removed you from the project; "
                "its tasks assigned to you are unassigned.\n",
                html=f"<p>Hello {html.escape(name)},</p><p>The owner of <strong>{html.escape(project_name)}"
                "</strong> removed you from the project; its tasks assigned to you are unassigned.</p>",
            )
        )


def make_mailer(settings: Settings) -> Mailer:
    sender_address = settings.ses_from_email or "no-reply@localhost"
    sender: EmailSender
    if settings.email_backend == "ses":

        def client() -> Any:  # noqa: ANN401 - boto3 client
            import boto3  # noqa: PLC0415

            return boto3.client(
                "ses", region_name=settings.aws_region, endpoint_url=settings.ses_endpoint_url
            )

        sender = SesSender(LazyClient(client), sender_address)
    else:
        sender = OutboxSender(settings.data_dir / "outbox", sender_address)
    return Mailer(sender, settings.frontend_url)

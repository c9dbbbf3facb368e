"""A project's event, and where events are kept (`<projectId>#E`, `E#<version>`, expiring by TTL).

Events carry ids, not documents: a client refetches what it shows. They live beside the
project's partition, so reading a project never pays for its history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from graphql_api.core.clock import iso
from graphql_api.core.enums import ActivityKind
from graphql_api.services.models import Project, Record
from graphql_api.store.base import Item, Key
from graphql_api.store.codec import pack

EVENTS_PK = "#E"  # appended to a project's id
EVENT_PREFIX = "E#"
DAY_SECONDS = 86_400


class ProjectEvent(Record):
    id: str
    project_id: str
    version: int  # the project's version after the write
    kind: ActivityKind
    action: str  # the mutation or job kind that wrote it, e.g. "updateTask"
    ids: list[str]
    summary: str  # one line a person reads: "Ana set 'Pour cap beam' to DONE"
    actor_id: str
    at: datetime

    def may_end_follow(self, user_id: str) -> bool:
        """A membership change naming this follower: they may have left, so their subscription may end."""
        return self.kind == ActivityKind.MEMBER and user_id in self.ids


@dataclass(slots=True)
class Activity:
    """What a write says about itself: set by the service that writes, finished by the storage."""

    kind: ActivityKind
    action: str
    ids: list[str] = field(default_factory=list)
    said: str | None = None  # what happened, after the actor's name ("set 'Pour cap beam' to DONE")

    def say(self, said: str, *ids: str | None) -> None:
        self.said = said
        self.ids = [i for i in ids if i]


def actor_name(before: Project, user_id: str, after: Project | None = None) -> str:
    """The actor as the project knew them: before the write (one who left), or after (one who joined)."""
    members = [*before.members, *(after.members if after else [])]
    member = next((m for m in members if m.user_id == user_id), None)
    return member.name if member else "Someone"


def event_key(project_id: str, version: int) -> Key:
    return {"id": project_id + EVENTS_PK, "sk": f"{EVENT_PREFIX}{version:012d}"}


def event_item(event: ProjectEvent, keep_days: int) -> Item:
    expires = int(event.at.timestamp()) + keep_days * DAY_SECONDS
    return {
        **event_key(event.project_id, event.version),
        "data": pack(event),
        "ttl": expires,
        "at": iso(event.at),
    }

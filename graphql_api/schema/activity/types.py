"""ProjectEvent and its page: who changed what, and when."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.core.enums import ActivityKind
from graphql_api.schema.records import from_record
from graphql_api.services.activity.records import ProjectEvent


@strawberry.type(name="ProjectEvent")
class ProjectEventType:
    id: strawberry.ID
    project_id: strawberry.ID
    version: int
    kind: ActivityKind
    action: str
    ids: list[strawberry.ID]
    summary: str
    actor_id: strawberry.ID
    at: datetime


def project_event_type(event: ProjectEvent) -> ProjectEventType:
    return from_record(ProjectEventType, event)


@strawberry.type(name="ProjectEventPage")
class ProjectEventPage:
    items: list[ProjectEventType]
    next_token: str | None

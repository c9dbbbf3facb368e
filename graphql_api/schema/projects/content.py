"""A project's value types: team entries and the AI-written content of phases and sprints.

Each is derived from its domain record (`strawberry.experimental.pydantic`), so its
fields are declared once, in services/models; the records themselves are served
(schema/records.served), no copy made per request.
"""

from __future__ import annotations

import strawberry

from graphql_api.services import models


@strawberry.experimental.pydantic.type(model=models.TeamMember, all_fields=True, name="TeamMember")
class TeamMemberType:
    pass


@strawberry.experimental.pydantic.type(model=models.Deliverable, all_fields=True, name="Deliverable")
class DeliverableType:
    pass


@strawberry.experimental.pydantic.type(model=models.Milestone, all_fields=True, name="Milestone")
class MilestoneType:
    pass


@strawberry.experimental.pydantic.type(model=models.RoleNeed, all_fields=True, name="RoleNeed")
class RoleNeedType:
    pass


@strawberry.experimental.pydantic.type(model=models.PhaseContent, all_fields=True, name="PhaseContent")
class PhaseContentType:
    pass


@strawberry.experimental.pydantic.type(model=models.SprintContent, all_fields=True, name="SprintContent")
class SprintContentType:
    pass

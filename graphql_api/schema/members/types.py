"""ProjectMember and ProjectInvitation: who shares a project, and who has been asked to."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.core.enums import InvitationStatus, ProjectRole
from graphql_api.services import models


@strawberry.experimental.pydantic.type(model=models.Member, all_fields=True, name="ProjectMember")
class ProjectMemberType:
    id: strawberry.ID
    user_id: strawberry.ID


@strawberry.type(name="ProjectInvitation")
class ProjectInvitationType:
    id: strawberry.ID
    project_id: strawberry.ID
    email: str
    role: ProjectRole
    status: InvitationStatus
    created_at: datetime
    expires_at: datetime

    @classmethod
    def from_domain(
        cls, project_id: str, invitation: models.Invitation, now: datetime
    ) -> ProjectInvitationType:
        return cls(
            id=strawberry.ID(invitation.id),
            project_id=strawberry.ID(project_id),
            email=invitation.email,
            role=invitation.role,
            status=invitation.status_at(now),
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
        )


def member_types(project: models.Project) -> dict[str, ProjectMemberType]:
    """Each member's type by user id, built once per project (tasks share them)."""
    return {m.user_id: ProjectMemberType.from_pydantic(m) for m in project.members}

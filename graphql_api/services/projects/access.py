"""The one answer to "may this user do this to this project" (pure).

Every entry point (HTTP, WebSocket, jobs, exports) reaches a project through
`ProjectStorage`, which asks this module. The contract's rule: VIEWER reads, EDITOR
also changes the plan and runs AI work, OWNER also changes the project itself and
its members. A non-member learns nothing, not even that the project exists
(NOT_FOUND); a member without the role is told so (FORBIDDEN).
"""

from __future__ import annotations

from graphql_api.core.enums import ProjectRole
from graphql_api.core.errors import ForbiddenError, NotFoundError
from graphql_api.services.models import Member, Project

NOT_FOUND = "Project not found."
_RANK = {ProjectRole.VIEWER: 0, ProjectRole.EDITOR: 1, ProjectRole.OWNER: 2}
_NEEDS = {
    ProjectRole.EDITOR: "Only an editor or the owner may change this project's plan.",
    ProjectRole.OWNER: "Only the project's owner may do this.",
}


def member_of(project: Project, user_id: str) -> Member | None:
    return next((m for m in project.members if m.user_id == user_id), None)


def role_of(project: Project, user_id: str) -> ProjectRole | None:
    """The user's role; the creator is OWNER even in an outline written before members existed."""
    if user_id == project.user_id:
        return ProjectRole.OWNER
    member = member_of(project, user_id)
    return member.role if member is not None else None


def require(project: Project | None, user_id: str, need: ProjectRole) -> ProjectRole:
    """The user's role when it is at least `need`; NOT_FOUND for a non-member, else FORBIDDEN."""
    role = role_of(project, user_id) if project is not None else None
    if role is None:
        raise NotFoundError(NOT_FOUND)
    if _RANK[role] < _RANK[need]:
        raise ForbiddenError(_NEEDS[need])
    return role

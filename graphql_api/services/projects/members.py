"""Sharing a project: invitations by email, members' roles and allocations, leaving.

Members and invitations live in the outline (see `storage.py` for the index entries
that make shared projects listable), so each change here is one versioned write and
authorising any request costs nothing beyond the outline it reads anyway. An
invitation's token is `<projectId>.<invitationId>.<secret>`; only the secret's SHA-256
is kept, compared in constant time, so a leaked outline cannot be turned into a link.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ActivityKind, InvitationStatus, ProjectRole
from graphql_api.core.errors import (
    BadInputError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
)
from graphql_api.services import validation
from graphql_api.services.activity.records import Activity
from graphql_api.services.models import Invitation, Member, Project, User
from graphql_api.services.projects import access
from graphql_api.services.projects.lifecycle import new_id

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.email import Mailer
    from graphql_api.services.projects.results import ProjectView
    from graphql_api.services.projects.storage import Draft, ProjectStorage

INVITATION_LIFETIME = timedelta(days=7)
_DAY = timedelta(days=1)
_INVALID_LINK = "This invitation link is not valid."
_TOKEN_MAX_LENGTH = 256  # two uuids and a 43-character secret fit with room to spare


def owner_member(user: User, now: datetime) -> Member:
    return Member(
        id=new_id(), user_id=user.id, name=user.name, email=user.email, role=ProjectRole.OWNER, added_at=now
    )


def assignee_in(project: Project, assignee_id: str | None) -> str | None:
    """A task's assignee: a member's user id, or None (an empty string unassigns)."""
    if not assignee_id:
        return None
    if access.role_of(project, assignee_id) is None:
        raise BadInputError("A task can be assigned only to a member of its project.", field="assigneeId")
    return assignee_id


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _member(project: Project, user_id: str) -> Member:
    member = access.member_of(project, user_id)
    if member is None:
        raise NotFoundError("No such member of this project.", field="userId")
    return member


def _unassign(project: Project, user_id: str) -> None:
    for task in project.all_tasks():
        if task.assignee_id == user_id:
            task.assignee_id = None


class MemberService:
    """inviteMember, acceptInvitation, revokeInvitation, updateMember and removeMember."""

    def __init__(
        self,
        storage: ProjectStorage,
        limits: Limits,
        mailer: Mailer,
        *,
        notify_removed: bool,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._storage = storage
        self._limits = limits
        self._mailer = mailer
        self._notify_removed = notify_removed
        self.clock = clock  # tests move time to expire invitations

    async def invite(self, user: User, project_id: str, email: str, role: ProjectRole) -> Invitation:
        address = validation.normalise_email(email)
        if role == ProjectRole.OWNER:
            raise BadInputError("Invite an EDITOR or a VIEWER; a project has one OWNER.", field="role")
        secret = secrets.token_urlsafe(32)
        now = self.clock()

        async def apply(draft: Draft) -> Invitation:
            project = draft.project
            if any(m.email.casefold() == address for m in project.members):
                raise ConflictError(f"{address} is already a member of this project.", field="email")
            self._check_invitation_room(project, now)
            for earlier in project.invitations:  # a new invitation replaces a pending one
                if earlier.email == address and earlier.status_at(now) == InvitationStatus.PENDING:
                    earlier.status = InvitationStatus.REVOKED
            invitation = Invitation(
                id=new_id(),
                email=address,
                role=role,
                token_hash=_digest(secret),
                created_at=now,
                expires_at=now + INVITATION_LIFETIME,
            )
            # Keep what is pending and what counts towards today's limit; the rest is history.
            project.invitations = [
                i
                for i in project.invitations
                if i.status_at(now) == InvitationStatus.PENDING or i.created_at > now - _DAY
            ]
            project.invitations.append(invitation)
            return invitation

        activity = Activity(ActivityKind.MEMBER, "inviteMember", said="invited someone to the project")
        view, invitation = await self._storage.mutate(
            user.id, project_id, apply, activity=activity, need=ProjectRole.OWNER
        )
        token = f"{project_id}.{invitation.id}.{secret}"
        await self._mailer.invitation(address, user.name, view.project.name, role.value, token)
        return invitation

    def _check_invitation_room(self, project: Project, now: datetime) -> None:
        limits = self._limits
        if len(project.members) >= limits.members_per_project:
            msg = f"A project has at most {limits.members_per_project} members."
            raise BadInputError(msg, field="email")
        pending = [i for i in project.invitations if i.status_at(now) == InvitationStatus.PENDING]
        if len(pending) >= limits.invitations_pending:
            msg = f"At most {limits.invitations_pending} invitations may wait at once; revoke one first."
            raise BadInputError(msg, field="email")
        today = sorted(i.created_at for i in project.invitations if i.created_at > now - _DAY)
        if len(today) >= limits.invitations_per_day:
            retry = max(1, int((today[0] + _DAY - now).total_seconds()))
            msg = (
                f"At most {limits.invitations_per_day} invitations per project in 24 hours; try again later."
            )
            raise RateLimitedError(msg, retry_after=retry)

    async def accept(self, user: User, token: str) -> ProjectView:
        project_id, _, rest = token.partition(".")
        invitation_id, _, secret = rest.partition(".")
        if not (project_id and invitation_id and secret) or len(token) > _TOKEN_MAX_LENGTH:
            raise BadInputError(_INVALID_LINK, field="token")
        now = self.clock()

        async def apply(draft: Draft) -> None:
            project = draft.project
            invitation = next((i for i in project.invitations if i.id == invitation_id), None)
            if invitation is None or not hmac.compare_digest(invitation.token_hash, _digest(secret)):
                raise BadInputError(_INVALID_LINK, field="token")
            status = invitation.status_at(now)
            if status != InvitationStatus.PENDING:
                msg = f"This invitation can no longer be used ({status.value.lower()})."
                raise BadInputError(msg, field="token")
            if invitation.email != user.email.casefold():
                raise ForbiddenError("This invitation was sent to another email address.")
            if access.role_of(project, user.id) is not None:
                raise ConflictError("You are already a member of this project.", field="token")
            if len(project.members) >= self._limits.members_per_project:
                msg = f"A project has at most {self._limits.members_per_project} members."
                raise BadInputError(msg, field="token")
            invitation.status = InvitationStatus.ACCEPTED
            project.members.append(
                Member(
                    id=new_id(),
                    user_id=user.id,
                    name=user.name,
                    email=user.email,
                    role=invitation.role,
                    added_at=now,
                )
            )

        try:
            joined = Activity(ActivityKind.MEMBER, "acceptInvitation", [user.id], "joined the project")
            view, _ = await self._storage.mutate(user.id, project_id, apply, activity=joined, need=None)
        except NotFoundError:
            raise BadInputError(_INVALID_LINK, field="token") from None
        return view

    async def revoke(self, user: User, project_id: str, invitation_id: str) -> bool:
        now = self.clock()

        async def apply(draft: Draft) -> None:
            invitation = next((i for i in draft.project.invitations if i.id == invitation_id), None)
            if invitation is None:
                raise NotFoundError("Invitation not found.", field="invitationId")
            if invitation.status_at(now) != InvitationStatus.PENDING:
                raise BadInputError("Only a pending invitation can be revoked.", field="invitationId")
            invitation.status = InvitationStatus.REVOKED

        revoked = Activity(ActivityKind.MEMBER, "revokeInvitation", [invitation_id], "revoked an invitation")
        await self._storage.mutate(user.id, project_id, apply, activity=revoked, need=ProjectRole.OWNER)
        return True

    async def update(
        self, user: User, project_id: str, user_id: str, role: ProjectRole | None, allocation: float | None
    ) -> Member:
        if allocation is not None:
            validation.number_range(allocation, "allocation", low=0, high=1)

        async def apply(draft: Draft) -> Member:
            member = _member(draft.project, user_id)
            if role is not None and role != member.role:
                if ProjectRole.OWNER in {role, member.role}:
                    raise BadInputError("The OWNER role cannot be given or taken.", field="role")
                member.role = role
            if allocation is not None:
                member.allocation = allocation
            return member

        updated = Activity(
            ActivityKind.MEMBER, "updateMember", [user_id], "changed a member's role or allocation"
        )
        _, member = await self._storage.mutate(
            user.id, project_id, apply, activity=updated, need=ProjectRole.OWNER
        )
        return member

    async def remove(self, user: User, project_id: str, user_id: str) -> bool:
        """The owner removes others; anyone else may leave; the owner cannot leave."""

        async def apply(draft: Draft) -> Member:
            project = draft.project
            if user_id == user.id and access.role_of(project, user.id) == ProjectRole.OWNER:
                raise BadInputError("The owner cannot leave the project.", field="userId")
            if user_id != user.id:
                access.require(project, user.id, ProjectRole.OWNER)
            member = _member(project, user_id)
            project.members.remove(member)
            _unassign(project, user_id)
            return member

        said = "left the project" if user_id == user.id else "removed a member"
        removed = Activity(ActivityKind.MEMBER, "removeMember", [user_id], said)
        view, member = await self._storage.mutate(
            user.id, project_id, apply, activity=removed, need=ProjectRole.VIEWER
        )
        if user_id != user.id and self._notify_removed:
            await self._mailer.member_removed(member.email, member.name, view.project.name)
        return True

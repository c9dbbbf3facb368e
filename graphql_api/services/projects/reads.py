"""Reading projects: one project with all its parts in one Query, pages of outlines, parts in batches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from graphql_api.core.enums import ProjectRole
from graphql_api.core.errors import BadInputError, NotFoundError
from graphql_api.services.models import Project, RiskAssessment, User
from graphql_api.services.projects import access, items
from graphql_api.services.projects.items import Part, PartKey
from graphql_api.services.projects.results import ProjectPage, ProjectView
from graphql_api.services.projects.storage import ProjectStorage

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.auth.tokens import TokenService


class ProjectQueries:
    def __init__(self, storage: ProjectStorage, tokens: TokenService, limits: Limits) -> None:
        self._storage = storage
        self._tokens = tokens
        self._limits = limits

    async def get(self, user: User, project_id: str) -> ProjectView:
        """The whole project, content included, in one Query."""
        return await self.whole(user.id, project_id)

    async def find(self, user: User, project_id: str) -> ProjectView | None:
        try:
            return await self.get(user, project_id)
        except NotFoundError:
            return None

    async def whole(
        self, user_id: str, project_id: str, need: ProjectRole = ProjectRole.VIEWER
    ) -> ProjectView:
        """Outline, texts and latest assessment in one Query: the plan an AI task is told about."""
        view = items.assemble(await self._storage.partition(project_id))
        access.require(view.project if view else None, user_id, need)
        assert view is not None  # noqa: S101 - require() raised otherwise
        return view

    async def outline(self, user_id: str, project_id: str, need: ProjectRole = ProjectRole.VIEWER) -> Project:
        """The outline alone, for a user with at least `need` (what a generation job reads first)."""
        return await self._storage.outline(user_id, project_id, need)

    async def risk_history(self, user: User, project_id: str) -> list[RiskAssessment]:
        """Every assessment, oldest first (earlier assessments are kept)."""
        parts = await self._storage.partition(project_id)
        view = items.assemble(parts)
        access.require(view.project if view else None, user.id, ProjectRole.VIEWER)
        return items.risk_history(parts)

    async def list(self, user: User, limit: int | None, next_token: str | None) -> ProjectPage:
        size = self._limits.page_size_default if limit is None else limit
        if not 1 <= size <= self._limits.page_size_max:
            msg = f"limit must be between 1 and {self._limits.page_size_max}."
            raise BadInputError(msg, field="limit")
        scope = f"projects:{user.id}"
        start = self._tokens.open_cursor(scope, next_token) if next_token else None
        projects, next_key = await self._storage.by_user(user.id, size, start)
        token = self._tokens.sign_cursor(scope, dict(next_key)) if next_key else None
        return ProjectPage([ProjectView(p) for p in projects], token)

    async def parts(self, keys: Sequence[PartKey]) -> dict[PartKey, Part | None]:
        """Phase texts, risk assessments and usage of a page of projects, in one batch.

        The keys come from projects the caller has already read, so no ownership check
        is repeated here.
        """
        return await self._storage.parts(keys)

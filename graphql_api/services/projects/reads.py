"""Reading projects: one project with all its parts in one Query, pages of outlines, parts in batches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from graphql_api.core.errors import BadInputError, NotFoundError
from graphql_api.services.models import Project, RiskAssessment, User
from graphql_api.services.projects import storage
from graphql_api.services.projects.results import ProjectPage, ProjectView
from graphql_api.services.projects.storage import Part, PartKey, ProjectStorage
from graphql_api.store.codec import unpack_item

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
        view = storage.assemble(await self._storage.partition(project_id))
        if view is None or view.project.user_id != user.id:
            raise NotFoundError(storage.NOT_FOUND)
        return view

    async def find(self, user: User, project_id: str) -> ProjectView | None:
        try:
            return await self.get(user, project_id)
        except NotFoundError:
            return None

    async def outline(self, owner_id: str, project_id: str) -> Project:
        """The outline alone (what a generation job reads before it writes)."""
        return await self._storage.outline(owner_id, project_id)

    async def risk_history(self, user: User, project_id: str) -> list[RiskAssessment]:
        """Every assessment, oldest first (earlier assessments are kept)."""
        items = await self._storage.partition(project_id)
        view = storage.assemble(items)
        if view is None or view.project.user_id != user.id:
            raise NotFoundError(storage.NOT_FOUND)
        return storage.risk_history(items)

    async def list(self, user: User, limit: int | None, next_token: str | None) -> ProjectPage:
        size = self._limits.page_size_default if limit is None else limit
        if not 1 <= size <= self._limits.page_size_max:
            msg = f"limit must be between 1 and {self._limits.page_size_max}."
            raise BadInputError(msg, field="limit")
        scope = f"projects:{user.id}"
        start = self._tokens.open_cursor(scope, next_token) if next_token else None
        page = await self._storage.by_user(user.id, size, start)
        views = [ProjectView(unpack_item(Project, item)) for item in page.items]
        token = self._tokens.sign_cursor(scope, dict(page.next_key)) if page.next_key else None
        return ProjectPage(views, token)

    async def parts(self, keys: Sequence[PartKey]) -> dict[PartKey, Part | None]:
        """Phase texts, risk assessments and usage of a page of projects, in one batch.

        The keys come from projects the caller has already read, so no ownership check
        is repeated here.
        """
        return await self._storage.parts(keys)

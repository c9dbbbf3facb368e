"""Per-request context: the container, the caller's credentials and DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strawberry.fastapi import BaseContext

from graphql_api import observability
from graphql_api.schema.projects.loaders import ProjectPartByKeyLoader

if TYPE_CHECKING:
    from graphql_api.container import Container
    from graphql_api.services.models import User


@dataclass
class Context(BaseContext):
    container: Container
    authorization: str | None = None
    client_address: str | None = None
    _user: User | None = field(default=None, repr=False)
    socket_user: str | None = None  # the user a counted WebSocket belongs to
    project_parts: ProjectPartByKeyLoader = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.project_parts = ProjectPartByKeyLoader(self.container.projects)

    def _credentials(self) -> str | None:
        """The HTTP header, or the graphql-ws `connection_init` payload's Authorization."""
        if self.authorization:
            return self.authorization
        params: Any = getattr(self, "connection_params", None)
        if isinstance(params, dict):
            value = params.get("Authorization") or params.get("authorization")
            return value if isinstance(value, str) else None
        return None

    @property
    def known_user(self) -> User | None:
        """The caller, once `user()` has authenticated them in this request (no lookup)."""
        return self._user

    async def user(self) -> User:
        """The authenticated caller; UNAUTHENTICATED otherwise. Looked up once per request."""
        if self._user is None:
            self._user = await self.container.auth.authenticate(self._credentials())
            observability.user_id.set(self._user.id)
        return self._user

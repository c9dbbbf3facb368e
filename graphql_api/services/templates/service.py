"""Templates: the built-ins (seeded idempotently) and each user's own."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from graphql_api.core.clock import iso
from graphql_api.core.errors import NotFoundError
from graphql_api.services.models import Template
from graphql_api.services.templates.builtin import builtin_templates
from graphql_api.store.base import Item
from graphql_api.store.codec import pack, unpack_item
from graphql_api.store.ops import Update
from graphql_api.store.tables import TEMPLATES

if TYPE_CHECKING:
    from graphql_api.services.models import User
    from graphql_api.store.base import Store

BUILTIN_OWNER = "__builtin__"
_NOT_FOUND = "Template not found."


def _definition(template: Template) -> Template:
    return template.model_copy(update={"usage": 0})


def fingerprint(template: Template) -> str:
    return hashlib.sha256(pack(_definition(template))).hexdigest()[:16]


def template_item(template: Template) -> Item:
    return {
        "id": template.id,
        "ownerId": template.owner_id or BUILTIN_OWNER,
        "createdAt": iso(template.created_at),
        "data": pack(_definition(template)),
        "usage": template.usage,
    }


def template_from_item(item: Item) -> Template:
    usage = item.get("usage", 0)
    return unpack_item(Template, item).model_copy(update={"usage": usage if isinstance(usage, int) else 0})


def usage_increment(template_id: str) -> Update:
    """The transaction step that counts one more project created from a template."""
    return Update(TEMPLATES.name, {"id": template_id}, increments={"usage": 1})


class TemplateService:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._seeded = False

    async def seed_builtins(self) -> int:
        """Write built-ins that are missing or changed; keep their usage counts.

        Reads what is stored first, so a warm deployment writes nothing.
        """
        page = await self._store.query(TEMPLATES.name, BUILTIN_OWNER, index="OwnerIndex")
        stored = {str(item["id"]): item.get("fingerprint") for item in page.items}
        written = 0
        for template in builtin_templates():
            mark = fingerprint(template)
            if stored.get(template.id) == mark:
                continue
            item = template_item(template)
            values = {k: v for k, v in item.items() if k not in {"id", "usage"}}
            values["fingerprint"] = mark
            await self._store.update(Update(TEMPLATES.name, {"id": template.id}, values=values))
            written += 1
        self._seeded = True
        return written

    async def _builtins(self) -> list[Template]:
        if not self._seeded:
            await self.seed_builtins()
        page = await self._store.query(TEMPLATES.name, BUILTIN_OWNER, index="OwnerIndex")
        return [template_from_item(item) for item in page.items]

    async def list_for(self, user: User) -> list[Template]:
        builtins = await self._builtins()
        own = await self._store.query(TEMPLATES.name, user.id, index="OwnerIndex", forward=False)
        return builtins + [template_from_item(item) for item in own.items]

    async def get(self, user: User, template_id: str) -> Template:
        if not self._seeded:
            await self.seed_builtins()
        item = await self._store.get(TEMPLATES.name, {"id": template_id})
        if item is None:
            raise NotFoundError(_NOT_FOUND)
        template = template_from_item(item)
        if template.owner_id is not None and template.owner_id != user.id:
            raise NotFoundError(_NOT_FOUND)
        return template

    async def create(self, template: Template) -> Template:
        """Store a user's template (the AI template job calls this)."""
        await self._store.put(TEMPLATES.name, template_item(template))
        return template

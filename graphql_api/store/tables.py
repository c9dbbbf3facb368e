"""The tables and indexes the code uses: one source for both backends and the tests.

`template.yaml` must declare the same tables and indexes; a test compares them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IndexSpec:
    name: str
    pk: str
    sk: str | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    pk: str
    sk: str | None = None
    indexes: tuple[IndexSpec, ...] = ()
    ttl: str | None = None

    def index(self, name: str) -> IndexSpec:
        for spec in self.indexes:
            if spec.name == name:
                return spec
        msg = f"table {self.name!r} has no index {name!r}"
        raise KeyError(msg)

    def key_names(self) -> tuple[str, ...]:
        return (self.pk, self.sk) if self.sk else (self.pk,)


USERS = TableSpec("users", pk="id", indexes=(IndexSpec("EmailIndex", "email"),))
# One partition per project: the outline item (sk "P") plus its content items; only the
# outline (userId = the owner) and the membership entries ("M#<userId>") carry userId, so
# UserIdIndex stays sparse and lists owned and shared projects. A whole project is one Query.
# Beside each partition: its proposals ("<id>#Q") and its activity ("<id>#E"), events
# expiring by TTL (LIMIT-free: ACTIVITY_DAYS, 90 by default); no other item carries `ttl`.
PROJECTS = TableSpec(
    "projects",
    pk="id",
    sk="sk",
    indexes=(IndexSpec("UserIdIndex", "userId", "createdAt"),),
    ttl="ttl",
)
TEMPLATES = TableSpec("templates", pk="id", indexes=(IndexSpec("OwnerIndex", "ownerId", "createdAt"),))
AI_CACHE = TableSpec("ai-cache", pk="cacheKey", ttl="ttl")
# Generation jobs (kept 7 days) and, keyed "TARGET#...", the lock that makes a second
# request for the same target return the running job instead of starting another.
JOBS = TableSpec("jobs", pk="id", ttl="ttl")
# Short-lived records that expire by TTL: hashed password-reset tokens ("RESET#..."),
# login attempt counters ("LOGIN#...").
EPHEMERAL = TableSpec("ephemeral", pk="id", ttl="ttl")

# API Gateway WebSocket connections ("C#<connectionId>"/"C"), each subscription twice: under
# its connection ("C#<id>"/"S#<operationId>", for cleanup) and under its topic
# ("T#<topic>"/"<connectionId>#<operationId>", what one publish queries). All expire by TTL.
CONNECTIONS = TableSpec("connections", pk="id", sk="sk", ttl="ttl")

ALL_TABLES: tuple[TableSpec, ...] = (USERS, PROJECTS, TEMPLATES, AI_CACHE, JOBS, EPHEMERAL, CONNECTIONS)
TABLES_BY_NAME = {spec.name: spec for spec in ALL_TABLES}

"""Assembles the schema from the per-domain roots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from graphql_api.schema.activity.resolvers import ActivitySubscription
from graphql_api.schema.ai.resolvers import AIQuery
from graphql_api.schema.baselines.resolvers import BaselineMutation
from graphql_api.schema.compiled import CompiledExecutionContext
from graphql_api.schema.docs import describe
from graphql_api.schema.errors import process_errors
from graphql_api.schema.export.resolvers import ExportMutation
from graphql_api.schema.jobs.resolvers import JobMutation, JobQuery, JobSubscription
from graphql_api.schema.members.resolvers import MemberMutation
from graphql_api.schema.observe import ObserveOperations
from graphql_api.schema.projects.resolvers import ProjectMutation, ProjectQuery
from graphql_api.schema.projects.structure import StructureMutation
from graphql_api.schema.proposals.resolvers import ProposalMutation
from graphql_api.schema.risks.resolvers import RiskMutation
from graphql_api.schema.scalars import SCALAR_MAP
from graphql_api.schema.templates.resolvers import TemplateQuery
from graphql_api.schema.users.resolvers import UserMutation, UserQuery

if TYPE_CHECKING:
    from graphql import GraphQLError, GraphQLSchema
    from strawberry.types import ExecutionContext

    from graphql_api.config import Settings

Query = merge_types("Query", (UserQuery, ProjectQuery, TemplateQuery, JobQuery, AIQuery))
Mutation = merge_types(
    "Mutation",
    (
        UserMutation,
        ProjectMutation,
        StructureMutation,
        RiskMutation,
        BaselineMutation,
        MemberMutation,
        JobMutation,
        ProposalMutation,
        ExportMutation,
    ),
)
Subscription = merge_types("Subscription", (JobSubscription, ActivitySubscription))


class ApiSchema(strawberry.Schema):
    # With introspection off, "Did you mean ...?" would hand the schema out piecemeal.
    suggestions = True

    @property
    def core(self) -> GraphQLSchema:
        """graphql-core's schema, for a transport that runs documents itself (API Gateway sockets)."""
        return self._schema

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        process_errors(errors, execution_context, suggestions=self.suggestions)


def build_schema(
    extra_extensions: tuple[Any, ...] = (),
    *,
    batch_operations: int = 0,
    suggestions: bool = True,
    compiled: bool = True,
) -> ApiSchema:
    batching = {"max_operations": batch_operations} if batch_operations > 0 else None
    schema = ApiSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(scalar_map=SCALAR_MAP, batching_config=batching),  # type: ignore[arg-type]
        extensions=[ObserveOperations, *extra_extensions],
        execution_context_class=CompiledExecutionContext if compiled else None,
    )
    schema.suggestions = suggestions
    describe(schema._schema)  # noqa: SLF001 - Strawberry exposes the graphql-core schema only so
    return schema


def configured_schema(settings: Settings) -> ApiSchema:
    """The schema every transport runs (HTTP, serve's WebSocket, API Gateway's WebSocket).

    Document cost (depth, aliases, fields, fragment spreads, exports) is checked in
    linear time before graphql-core validates; see schema/limits.py.
    """
    from strawberry.extensions import DisableIntrospection, MaxTokensLimiter, ParserCache  # noqa: PLC0415

    from graphql_api.schema.limits import BoundedValidation  # noqa: PLC0415

    limits = settings.limits
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=limits.query_tokens),
        ParserCache,
        lambda: BoundedValidation(limits),
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return build_schema(
        tuple(extensions),
        batch_operations=limits.batch_operations,
        suggestions=settings.introspection,
        compiled=settings.compiled_execution,
    )

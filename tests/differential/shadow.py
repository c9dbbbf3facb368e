"""An execution context that checks every compiled selection against graphql-core as it runs.

The whole test suite runs on it (tests/conftest.py): each time a selection set is
answered by a compiled plan (its graphql-core fields and awaits included), graphql-core
answers the same object again, with the compiled path off all the way down, and the
two answers must serialise to the same bytes, with the same errors at the same paths.
graphql-core's run is a shadow: its errors are taken back out of the response. So every
query and every mutation's selection the suite sends, over whatever data that test
built, is compared; test_compiled_paths.py adds whole responses (errors included).
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar

from graphql.language import print_ast

from graphql_api.schema.compiled import CompiledExecutionContext

if TYPE_CHECKING:
    from graphql import GraphQLError, GraphQLObjectType
    from graphql.execution.collect_fields import GroupedFieldSet
    from graphql.pyutils import AwaitableOrValue, Path

_STANDARD: ContextVar[bool] = ContextVar("standard_only", default=False)


class ShadowedExecutionContext(CompiledExecutionContext):
    mismatches: ClassVar[list[str]] = []
    compared: ClassVar[int] = 0

    def compiling(self) -> bool:
        return super().compiling() and not _STANDARD.get()

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        args = (parent_type, source_value, path, grouped_field_set, position_context)
        if not self.compiling():
            return super().execute_fields(*args)
        result = super().execute_fields(*args)
        if self.is_awaitable(result):
            return self._compare_later(result, args)
        if not self.ran_compiled(grouped_field_set):
            return result  # graphql-core answered: nothing to compare
        known = set(map(id, self._errors()))
        standard = self._standard(args)
        if self.is_awaitable(standard):
            return self._finish(result, standard, args, known)
        self._compare(result, standard, args, self._take_shadow_errors(path, known))
        return result

    def _standard(self, args: tuple[Any, ...]) -> Any:
        """graphql-core's answer for the same object, the compiled path off all the way down."""
        token = _STANDARD.set(True)
        try:
            return super().execute_fields(*args)
        finally:
            _STANDARD.reset(token)

    async def _compare_later(self, pending: Any, args: tuple[Any, ...]) -> dict[str, Any]:
        result: dict[str, Any] = await pending
        if not self.ran_compiled(args[3]):
            return result
        known = set(map(id, self._errors()))
        return await self._finish(result, self._standard(args), args, known)

    async def _finish(self, result: Any, standard: Any, args: tuple[Any, ...], known: set[int]) -> Any:
        token = _STANDARD.set(True)
        try:
            if self.is_awaitable(standard):
                standard = await standard
        finally:
            _STANDARD.reset(token)
        self._compare(result, standard, args, self._take_shadow_errors(args[2], known))
        return result

    def _errors(self) -> list[GraphQLError]:
        return self.collected_errors._errors

    def _take_shadow_errors(self, path: Path | None, known: set[int]) -> list[GraphQLError]:
        """The errors graphql-core's shadow run added under `path`, removed from the response."""
        prefix = path.as_list() if path else []
        errors = self._errors()
        shadow = [e for e in errors if id(e) not in known and (e.path or [])[: len(prefix)] == prefix]
        taken = set(map(id, shadow))
        errors[:] = [e for e in errors if id(e) not in taken]
        return shadow

    def _compare(
        self, result: Any, standard: Any, args: tuple[Any, ...], shadow_errors: list[GraphQLError]
    ) -> None:
        parent_type, _, path, _, _ = args
        where = (
            f"{parent_type.name} at {path.as_list() if path else []} in {print_ast(self.operation)[:300]!r}"
        )
        type(self).compared += 1
        if json.dumps(standard) != json.dumps(result):
            self.mismatches.append(
                f"{where}\n compiled: {json.dumps(result)[:500]}\n graphql-core: {json.dumps(standard)[:500]}"
            )
        prefix = path.as_list() if path else []
        compiled_errors = sorted(
            (e.message, str(e.path)) for e in self._errors() if (e.path or [])[: len(prefix)] == prefix
        )
        if sorted((e.message, str(e.path)) for e in shadow_errors) != compiled_errors:
            self.mismatches.append(f"{where}\n errors: shadow {shadow_errors} vs compiled {compiled_errors}")

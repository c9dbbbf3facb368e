"""An execution context that checks every compiled selection against graphql-core as it runs.

The whole test suite runs on it (tests/conftest.py): each time a selection set is
answered by a compiled plan, graphql-core answers the same object again, with the
compiled path off all the way down and its errors kept apart, and the two answers
must serialise to the same bytes with no error on graphql-core's side. So every
query and every mutation's selection the suite sends, over whatever data that test
built, is compared; test_compiled_paths.py adds whole responses (errors included).
"""

from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING, Any, ClassVar

from graphql.execution.executor import CollectedErrors
from graphql.language import print_ast

from graphql_api.schema.compiled import CompiledExecutionContext

if TYPE_CHECKING:
    from graphql import GraphQLObjectType
    from graphql.execution.collect_fields import GroupedFieldSet
    from graphql.pyutils import AwaitableOrValue, Path


class ShadowedExecutionContext(CompiledExecutionContext):
    mismatches: ClassVar[list[str]] = []
    compared: ClassVar[int] = 0

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        result = super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        known = self._plans.get(id(grouped_field_set))
        if not self._compiles or known is None or known[1] is None or known[1].failed:
            return result  # graphql-core answered: nothing to compare
        errors, self.collected_errors = self.collected_errors, CollectedErrors()
        self._compiles = False
        try:
            standard = super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        finally:
            self._compiles = True
            shadow_errors, self.collected_errors = self.collected_errors.errors, errors
        where = (
            f"{parent_type.name} at {path.as_list() if path else []} in {print_ast(self.operation)[:300]!r}"
        )
        type(self).compared += 1
        if inspect.isawaitable(standard):
            standard.close()  # type: ignore[attr-defined]  # a coroutine: graphql-core had something to await
            self.mismatches.append(f"graphql-core awaited what the compiled path read: {where}")
        elif shadow_errors or json.dumps(standard) != json.dumps(result):
            self.mismatches.append(
                f"{where}\n compiled: {json.dumps(result)[:500]}\n graphql-core: {json.dumps(standard)[:500]}"
                f"\n errors: {[e.message for e in shadow_errors]}"
            )
        return result

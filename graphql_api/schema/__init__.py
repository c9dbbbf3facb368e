"""GraphQL only: types, inputs, resolvers, errors and context.

A resolver maps its arguments to one service call and shapes the result; storage,
AI and business rules live in `services`.
"""

from graphql_api.schema import enums as _enums  # noqa: F401 - registers every enum before any type

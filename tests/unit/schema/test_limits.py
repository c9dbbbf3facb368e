"""The document cost check does linear work, whatever a document expands to."""

from __future__ import annotations

from graphql import parse

from graphql_api.config import Limits
from graphql_api.schema.limits import _Costs, document_errors


def fan_out(levels: int) -> str:
    """Each fragment spreads the next twice: 2**levels fields once expanded."""
    fragments = [f"fragment F{n} on User {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)]
    fragments.append(f"fragment F{levels} on User {{ id }}")
    return "query { me { ...F0 } }\n" + "\n".join(fragments)


def test_fan_out_is_counted_without_expanding_it() -> None:
    for levels in (10, 20, 40):
        document = parse(fan_out(levels))
        costs = _Costs(document)
        cost = costs.of(document.definitions[0].selection_set)
        assert cost.fields == 1 + 2**levels  # `me` plus every expanded `id`
        assert costs.steps <= 3 * (levels + 2)  # each selection written once, visited once


def test_limits_are_reported_with_their_names() -> None:
    limits = Limits(query_fragment_spreads=100)
    errors = document_errors(parse(fan_out(30)), limits)
    assert [e.extensions["limit"] for e in errors] == ["query_fields"]
    spreads = document_errors(parse(fan_out(60)), limits)  # 120 spreads written
    assert [e.extensions["limit"] for e in spreads] == ["query_fragment_spreads"]


def test_a_cycle_and_an_unknown_fragment_cost_nothing_here() -> None:
    document = parse(
        "query { me { ...A ...Missing } } fragment A on User { ...B } fragment B on User { ...A id }"
    )
    assert document_errors(document, Limits()) == []  # graphql-core reports both, cheaply


def test_exports_per_operation() -> None:
    two = 'mutation { a: exportProject(projectId: "p", format: PDF) { size } b: exportProject(projectId: "p", format: JSON) { size } }'
    [error] = document_errors(parse(two), Limits())
    assert error.extensions == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "exports_per_operation"}
    one = 'mutation { exportProject(projectId: "p", format: PDF) { size } }'
    assert document_errors(parse(one), Limits()) == []

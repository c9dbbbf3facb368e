"""The contract's schedule rule, on exact dates."""

from __future__ import annotations

from datetime import date

from graphql_api.services.schedule.spans import Span, phase_spans, sprint_spans


def test_phases_run_back_to_back_and_null_counts_as_four_weeks() -> None:
    spans = phase_spans(date(2027, 1, 4), [2, None, 1])
    assert spans == [
        Span(date(2027, 1, 4), date(2027, 1, 17)),
        Span(date(2027, 1, 18), date(2027, 2, 14)),
        Span(date(2027, 2, 15), date(2027, 2, 21)),
    ]


def test_sprints_split_whole_days_and_the_last_takes_the_remainder() -> None:
    phase = Span(date(2027, 1, 4), date(2027, 1, 24))  # 21 days
    assert sprint_spans(phase, 4) == [
        Span(date(2027, 1, 4), date(2027, 1, 8)),
        Span(date(2027, 1, 9), date(2027, 1, 13)),
        Span(date(2027, 1, 14), date(2027, 1, 18)),
        Span(date(2027, 1, 19), date(2027, 1, 24)),
    ]
    assert sprint_spans(phase, 1) == [phase]
    assert sprint_spans(phase, 0) == []

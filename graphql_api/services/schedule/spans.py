"""Phase and sprint dates, derived, never stored: they follow every edit for free.

The contract's rule: phases run back to back in order from the project's start; a
phase lasts durationWeeks*7 days (null counts as 4); end dates are inclusive. A phase's
days split evenly between its sprints in order (whole days; the last sprint takes the
remainder).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_PHASE_WEEKS = 4


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date


def phase_days(duration_weeks: int | None) -> int:
    return 7 * (duration_weeks if duration_weeks is not None else DEFAULT_PHASE_WEEKS)


def phase_spans(start: date, durations: list[int | None]) -> list[Span]:
    spans: list[Span] = []
    cursor = start
    for weeks in durations:
        days = phase_days(weeks)
        spans.append(Span(cursor, cursor + timedelta(days=days - 1)))
        cursor += timedelta(days=days)
    return spans


def sprint_spans(phase: Span, count: int) -> list[Span]:
    if count <= 0:
        return []
    total = (phase.end - phase.start).days + 1
    base = total // count
    spans: list[Span] = []
    for i in range(count):
        start = phase.start + timedelta(days=i * base)
        end = phase.end if i == count - 1 else start + timedelta(days=base - 1)
        spans.append(Span(start, end))
    return spans

"""Schedule, earned-value and workload wording the readable reports (Markdown, HTML, PDF) share.

Plain text: each format escapes it its own way, so one phrasing serves all three.
"""

from __future__ import annotations

from typing import Any

_LINKS = {"FINISH_TO_START": "finish-to-start", "START_TO_START": "start-to-start"}


def _lag(days: int) -> str:
    return f" {days:+d} d" if days else ""


def schedule_line(phase: dict[str, Any], names: dict[str, str]) -> str:
    """'Critical · after Design (finish-to-start)' or 'Float 9 d · after ...'."""
    slack = "Critical" if phase["critical"] else f"Float {phase['totalFloatDays']} d"
    after = [
        f"{names.get(d['phaseId'], d['phaseId'])} ({_LINKS.get(d['type'], d['type'])}{_lag(d['lagDays'])})"
        for d in phase["dependsOn"]
    ]
    return f"{slack} · after {', '.join(after)}" if after else f"{slack} · starts with the project"


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}"


def earned_value_rows(ev: dict[str, Any]) -> list[list[str]]:
    """Measure and value, in the order a project manager reads them."""
    return [
        ["Budget at completion (BAC, h)", _number(ev["budgetAtCompletion"])],
        ["Planned value (PV, h)", _number(ev["plannedValue"])],
        ["Earned value (EV, h)", _number(ev["earnedValue"])],
        ["Actual cost (AC, h)", _number(ev["actualCost"])],
        ["Schedule variance (SV = EV - PV)", _number(ev["scheduleVariance"])],
        ["Cost variance (CV = EV - AC)", _number(ev["costVariance"])],
        ["SPI (EV / PV)", _number(ev["spi"])],
        ["CPI (EV / AC)", _number(ev["cpi"])],
        ["Estimate at completion (EAC = BAC / CPI, h)", _number(ev["estimateAtCompletion"])],
    ]


def baseline_line(project: dict[str, Any]) -> str | None:
    """'14 d late against baseline Award (end 2026-05-24)'; None without a baseline."""
    days = project.get("scheduleVarianceDays")
    if days is None or not project["baselines"]:
        return None
    latest = project["baselines"][0]
    drift = "on schedule" if days == 0 else f"{abs(days)} d {'late' if days > 0 else 'early'}"
    return f"{drift} against baseline {latest['name']} (end {latest['endDate']})"


def over_allocation_rows(analytics: dict[str, Any], sprint_names: dict[str, str]) -> list[list[str]]:
    """[sprint, member, '45 h of 40 h'] for each member holding more than they can do in a sprint."""
    return [
        [
            sprint_names.get(row["sprintId"], row["sprintId"]),
            row["name"],
            f"{row['assignedHours']:g} h of {row['capacityHours']:g} h",
        ]
        for row in analytics.get("workload", [])
        if row["overAllocated"]
    ]


def sprint_names(project: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["name"] for p in project["phases"] for s in p["sprints"]}


def assignee_names(project: dict[str, Any]) -> dict[str, str]:
    """A member's name by user id, for the reports' Assignee column."""
    return {m["userId"]: m["name"] for m in project.get("members", [])}


def ai_line(usage: dict[str, Any]) -> str | None:
    """How the AI helped, for a reader; None when it did not."""
    if not usage["requests"]:
        return None
    steps = f"{usage['requests']} plan steps written with AI ({usage['cacheHits']} reused)"
    return f"{steps}, cost ${usage['costUsd']:.2f}" if usage["costUsd"] > 0 else steps


def phase_paragraphs(phase: dict[str, Any]) -> list[str]:
    """The phase's description and its plan's summary, each said once.

    A generated summary usually restates the description; then the summary alone is shown.
    """
    description = phase["description"].strip()
    summary = (phase["content"] or {}).get("summary", "").strip()
    if description and summary and description in summary:
        return [summary]
    return [text for text in (description, summary) if text]

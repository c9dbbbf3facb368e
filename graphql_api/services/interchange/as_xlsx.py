"""XLSX: sheets Tasks, Phases, Risks and Analytics with typed cells.

Numbers are numbers and dates are dates, so a spreadsheet can sum and sort them; text
is always stored as text (never a formula, whatever it starts with), which is the
XLSX form of the CSV export's formula neutralising. openpyxl loads at first use.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=None) if value else None


Row = dict[str, Any]
# A column: its header, its value from the row's record, and its number format (None: general).
Column = tuple[str, Callable[[Row], Any], str | None]
DAY, MOMENT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


def _task_columns(members: dict[str, str]) -> list[Column]:
    return [
        ("Phase", lambda r: r["phase"]["name"], None),
        ("Sprint", lambda r: r["sprint"]["name"], None),
        ("Task", lambda r: r["task"]["title"], None),
        ("Description", lambda r: r["task"]["description"], None),
        ("Status", lambda r: r["task"]["status"], None),
        ("Discipline", lambda r: r["task"]["discipline"] or "", None),
        ("Role", lambda r: r["task"]["role"] or "", None),
        ("Assignee", lambda r: members.get(r["task"].get("assigneeId") or "", ""), None),
        ("Estimate (h)", lambda r: r["task"]["estimateHours"], None),
        ("Story points", lambda r: r["task"]["storyPoints"], None),
        ("Actual (h)", lambda r: r["task"]["actualHours"], None),
        ("Sprint start", lambda r: _day(r["sprint"]["startDate"]), DAY),
        ("Sprint end", lambda r: _day(r["sprint"]["endDate"]), DAY),
        ("Completed at", lambda r: _moment(r["task"]["completedAt"]), MOMENT),
    ]


def _phase_columns(names: dict[str, str]) -> list[Column]:
    def links(phase: Row) -> str:
        return "; ".join(
            f"{names.get(d['phaseId'], d['phaseId'])} {d['type']} {d['lagDays']:+d} d"
            for d in phase["dependsOn"]
        )

    return [
        ("Order", lambda r: r["order"], None),
        ("Phase", lambda r: r["name"], None),
        ("Status", lambda r: r["status"], None),
        ("Start", lambda r: _day(r["startDate"]), DAY),
        ("End", lambda r: _day(r["endDate"]), DAY),
        ("Weeks", lambda r: r["durationWeeks"], None),
        ("Total float (d)", lambda r: r["totalFloatDays"], None),
        ("Critical", lambda r: "yes" if r["critical"] else "no", None),
        ("Depends on", links, None),
    ]


RISK_COLUMNS: list[Column] = [
    ("Risk", lambda r: r["title"], None),
    ("Category", lambda r: r["category"], None),
    ("Likelihood", lambda r: r["likelihood"], None),
    ("Impact", lambda r: r["impact"], None),
    ("Score", lambda r: r["score"], None),
    ("Level", lambda r: r["level"], None),
    ("Status", lambda r: r.get("status") or "", None),
    ("Owner", lambda r: r.get("owner") or "", None),
    ("Mitigation", lambda r: r["mitigation"], None),
]


def _figures(a: Row) -> list[Row]:
    ev = a["earnedValue"]
    measures = [
        ("As of", _day(a["asOf"])),
        ("Completion (story points)", a["completion"]),
        ("Tasks", a["tasks"]["total"]),
        ("Tasks done", a["tasks"]["done"]),
        ("Estimated hours", a["estimatedHours"]),
        ("Completed hours", a["completedHours"]),
        ("Risk exposure", a["riskExposure"]),
        ("Budget at completion (h)", ev["budgetAtCompletion"]),
        ("Planned value (h)", ev["plannedValue"]),
        ("Earned value (h)", ev["earnedValue"]),
        ("Actual cost (h)", ev["actualCost"]),
        ("SPI", ev["spi"]),
        ("CPI", ev["cpi"]),
    ]
    return [{"measure": m, "value": v} for m, v in measures]


FIGURE_COLUMNS: list[Column] = [
    ("Measure", lambda r: r["measure"], None),
    ("Value", lambda r: r["value"], "0.00"),
]


def render(doc: dict[str, Any]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # noqa: PLC0415 - at first XLSX export
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.styles import Font  # type: ignore[import-untyped]  # noqa: PLC0415

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, columns: list[Column], rows: list[Row]) -> None:
        ws = book.create_sheet(title)
        heads = []
        for name, _, _ in columns:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            heads.append(cell)
        ws.append(heads)
        for row in rows:
            cells = []
            for _, value_of, number_format in columns:
                value = value_of(row)
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: "=HYPERLINK(...)" is not run
                if number_format is not None:
                    cell.number_format = number_format
                cells.append(cell)
            ws.append(cells)

    p = doc["project"]
    members = {m["userId"]: m["name"] for m in p.get("members", [])}
    tasks = [
        {"phase": phase, "sprint": sprint, "task": task}
        for phase in p["phases"]
        for sprint in phase["sprints"]
        for task in sprint["tasks"]
    ]
    sheet("Tasks", _task_columns(members), tasks)
    sheet("Phases", _phase_columns({phase["id"]: phase["name"] for phase in p["phases"]}), p["phases"])
    sheet("Risks", RISK_COLUMNS, (p.get("riskAssessment") or {"risks": []})["risks"])
    sheet("Analytics", FIGURE_COLUMNS, _figures(p["analytics"]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""XLSX: sheets Tasks, Phases, Risks and Analytics with typed cells.

Numbers are numbers and dates are dates, so a spreadsheet can sum and sort them; text
is always stored as text (never a formula, whatever it starts with), which is the
XLSX form of the CSV export's formula neutralising. openpyxl loads at first use.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=None) if value else None


def render(doc: dict[str, Any]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # noqa: PLC0415 - at first XLSX export
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]  # noqa: PLC0415
    from openpyxl.styles import Font  # type: ignore[import-untyped]  # noqa: PLC0415

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
        ws = book.create_sheet(title)
        heads = []
        for name in header:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            heads.append(cell)
        ws.append(heads)
        for row in rows:
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: "=HYPERLINK(...)" is not run
                if index in formats:
                    cell.number_format = formats[index]
                cells.append(cell)
            ws.append(cells)

    p = doc["project"]
    members = {m["userId"]: m["name"] for m in p.get("members", [])}
    tasks = [
        [
            phase["name"], sprint["name"], t["title"], t["description"], t["status"], t["discipline"] or "",
            t["role"] or "", members.get(t.get("assigneeId") or "", ""), t["estimateHours"], t["storyPoints"],
            t["actualHours"], _day(sprint["startDate"]), _day(sprint["endDate"]), _moment(t["completedAt"]),
        ]
        for phase in p["phases"]
        for sprint in phase["sprints"]
        for t in sprint["tasks"]
    ]  # fmt: skip
    sheet(
        "Tasks",
        ["Phase", "Sprint", "Task", "Description", "Status", "Discipline", "Role", "Assignee", "Estimate (h)",
         "Story points", "Actual (h)", "Sprint start", "Sprint end", "Completed at"],
        tasks,
        {11: "yyyy-mm-dd", 12: "yyyy-mm-dd", 13: "yyyy-mm-dd hh:mm"},
    )  # fmt: skip
    names = {phase["id"]: phase["name"] for phase in p["phases"]}

    def links(phase: dict[str, Any]) -> str:
        return "; ".join(
            f"{names.get(d['phaseId'], d['phaseId'])} {d['type']} {d['lagDays']:+d} d"
            for d in phase["dependsOn"]
        )

    phases = [
        [
            phase["order"], phase["name"], phase["status"], _day(phase["startDate"]), _day(phase["endDate"]),
            phase["durationWeeks"], phase["totalFloatDays"], "yes" if phase["critical"] else "no",
            links(phase),
        ]
        for phase in p["phases"]
    ]  # fmt: skip
    sheet(
        "Phases",
        ["Order", "Phase", "Status", "Start", "End", "Weeks", "Total float (d)", "Critical", "Depends on"],
        phases,
        {3: "yyyy-mm-dd", 4: "yyyy-mm-dd"},
    )
    risk = p.get("riskAssessment") or {"risks": []}
    risks = [
        [r["title"], r["category"], r["likelihood"], r["impact"], r["score"], r["level"],
         r.get("status") or "", r.get("owner") or "", r["mitigation"]]
        for r in risk["risks"]
    ]  # fmt: skip
    sheet(
        "Risks",
        ["Risk", "Category", "Likelihood", "Impact", "Score", "Level", "Status", "Owner", "Mitigation"],
        risks,
        {},
    )
    a = p["analytics"]
    ev = a["earnedValue"]
    figures: list[list[Any]] = [
        ["As of", _day(a["asOf"])],
        ["Completion (story points)", a["completion"]],
        ["Tasks", a["tasks"]["total"]],
        ["Tasks done", a["tasks"]["done"]],
        ["Estimated hours", a["estimatedHours"]],
        ["Completed hours", a["completedHours"]],
        ["Risk exposure", a["riskExposure"]],
        ["Budget at completion (h)", ev["budgetAtCompletion"]],
        ["Planned value (h)", ev["plannedValue"]],
        ["Earned value (h)", ev["earnedValue"]],
        ["Actual cost (h)", ev["actualCost"]],
        ["SPI", ev["spi"]],
        ["CPI", ev["cpi"]],
    ]
    ws_formats = {1: "0.00"}
    sheet("Analytics", ["Measure", "Value"], figures, ws_formats)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

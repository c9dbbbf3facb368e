"""The report as a real PDF (fpdf2), with tables and both charts.

fpdf2's core fonts are Latin-1 only and Lambda has no system fonts, so the report uses
Roboto from the `font-roboto` package: any Unicode text a user types prints. fpdf2
loads at first export, not at cold start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql_api.services.interchange.wording import (
    assignee_names,
    baseline_line,
    earned_value_rows,
    over_allocation_rows,
    schedule_line,
    sprint_names,
)
from graphql_api.services.models import risk_level


def _font_dir() -> Path:
    import font_roboto  # noqa: PLC0415

    return Path(font_roboto.__file__).parent / "files"


RGB = {"LOW": (139, 195, 74), "MEDIUM": (255, 193, 7), "HIGH": (255, 112, 67), "CRITICAL": (211, 47, 47)}


def render(doc: dict[str, Any]) -> bytes:  # noqa: C901, PLR0915 - one report, top to bottom
    from fpdf import FPDF  # noqa: PLC0415
    from fpdf.fonts import FontFace  # noqa: PLC0415

    p = doc["project"]
    people = assignee_names(p)
    a = p["analytics"]
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font("Roboto", "", str(fonts / "Roboto-Regular.ttf"))
    pdf.add_font("Roboto", "B", str(fonts / "Roboto-Bold.ttf"))
    pdf.set_title(p["name"])
    pdf.set_author("Intelligent Engineering Platform")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    heading = FontFace(emphasis="BOLD", fill_color=(240, 244, 248))

    def title(text: str, size: int) -> None:
        pdf.set_font("Roboto", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str, size: int = 10) -> None:
        pdf.set_font("Roboto", "", size)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def table(headers: list[str], rows: list[list[Any]], widths: tuple[int, ...] | None = None) -> None:
        pdf.set_font("Roboto", "", 8)
        with pdf.table(col_widths=widths, headings_style=heading, line_height=4.5) as grid:
            grid.row([str(h) for h in headers])
            for row in rows:
                grid.row(["" if c is None else str(c) for c in row])
        pdf.ln(2)

    title(p["name"], 18)
    para(f"{p['status']} · {p['startDate']} – {p['endDate']} · {a['completion'] * 100:.0f}% complete", 9)
    if drift := baseline_line(p):
        para(f"Baseline: {drift}", 9)
    title("Overview", 14)
    para(p["requirements"])
    para("Disciplines: " + ", ".join(p["disciplines"]))
    for constraint in p["constraints"]:
        para(f"• {constraint}")
    if p["team"]:
        title("Team", 14)
        table(
            ["Name", "Role", "Allocation"],
            [[m["name"], m["role"], f"{m['allocation']:.0%}"] for m in p["team"]],
        )
    names = {phase["id"]: phase["name"] for phase in p["phases"]}
    for phase in p["phases"]:
        title(f"Phase {phase['order']}: {phase['name']}", 13)
        para(
            f"{phase['startDate']} – {phase['endDate']} · {phase['status']} · {schedule_line(phase, names)}",
            9,
        )
        if phase["description"]:
            para(phase["description"])
        content = phase["content"]
        if content:
            para(content["summary"])
            table(
                ["Week", "Milestone", "Criteria"],
                [[m["week"], m["name"], m["criteria"]] for m in content["milestones"]],
                (12, 50, 118),
            )
            table(
                ["Deliverable", "Description"],
                [[d["name"], d["description"]] for d in content["deliverables"]],
                (50, 130),
            )
        for sprint in phase["sprints"]:
            title(f"{sprint['name']} ({sprint['startDate']} – {sprint['endDate']})", 10)
            para(f"Goal: {sprint['goal']}", 9)
            if sprint["tasks"]:
                table(
                    ["Task", "Status", "Role", "Assignee", "Hours", "Points"],
                    [
                        [
                            t["title"],
                            t["status"],
                            t["role"] or "",
                            people.get(t["assigneeId"] or "", ""),
                            f"{t['estimateHours']:g}",
                            t["storyPoints"],
                        ]
                        for t in sprint["tasks"]
                    ],
                    (62, 26, 36, 30, 13, 13),
                )
    risk = p["riskAssessment"]
    if risk:
        pdf.add_page()
        title(f"Risks (overall {risk['overallLevel']})", 14)
        para(risk["summary"])
        _risk_matrix(pdf, risk["risks"])
        table(
            ["Risk", "L", "I", "Score", "Level", "Mitigation"],
            [
                [r["title"], r["likelihood"], r["impact"], r["score"], r["level"], r["mitigation"]]
                for r in risk["risks"]
            ],
            (50, 8, 8, 12, 20, 82),
        )
    title("Analytics", 14)
    table(
        ["Measure", "Value"],
        [
            ["Tasks done", f"{a['tasks']['done']} of {a['tasks']['total']}"],
            ["Hours", f"{a['completedHours']:g} of {a['estimatedHours']:g}"],
            ["Risk exposure", a["riskExposure"]],
            ["AI requests", f"{a['ai']['requests']} ({a['ai']['cacheHits']} cached)"],
        ],
        (60, 120),
    )
    title(f"Earned value on {a['asOf']}", 12)
    table(["Measure", "Value"], earned_value_rows(a["earnedValue"]), (120, 60))
    if over := over_allocation_rows(a, sprint_names(p)):
        title("Over-allocated members", 12)
        table(["Sprint", "Member", "Assigned of capacity"], over, (50, 80, 50))
    title("Velocity", 12)
    _velocity(pdf, a["velocity"])
    return bytes(pdf.output())


def _velocity(pdf: Any, velocity: list[dict[str, Any]]) -> None:  # noqa: ANN401 - an FPDF
    if not velocity:
        return
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    left, top, width, height = pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.l_margin - pdf.r_margin, 50
    peak = max([v["plannedPoints"] for v in velocity] + [1])
    slot = width / len(velocity)
    bar = max(0.5, slot / 2 - 0.4)
    pdf.set_draw_color(80, 80, 80)
    pdf.line(left, top + height, left + width, top + height)
    for i, v in enumerate(velocity):
        x = left + i * slot
        planned = height * v["plannedPoints"] / peak
        done = height * v["completedPoints"] / peak
        pdf.set_fill_color(144, 202, 249)
        pdf.rect(x, top + height - planned, bar, planned, style="F")
        pdf.set_fill_color(30, 136, 229)
        pdf.rect(x + bar, top + height - done, bar, done, style="F")
    pdf.set_fill_color(255, 255, 255)  # charts must not tint the tables drawn after them
    pdf.set_y(top + height + 2)
    pdf.set_font("Roboto", "", 8)
    pdf.cell(
        0, 4, "Planned (light) and completed (dark) story points per sprint", new_x="LMARGIN", new_y="NEXT"
    )


def _risk_matrix(pdf: Any, risks: list[dict[str, Any]]) -> None:  # noqa: ANN401 - an FPDF
    counts: dict[tuple[int, int], int] = {}
    for r in risks:
        counts[(r["likelihood"], r["impact"])] = counts.get((r["likelihood"], r["impact"]), 0) + 1
    cell, left, top = 10, pdf.l_margin + 10, pdf.get_y() + 2
    pdf.set_font("Roboto", "B", 9)
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x, y = left + (impact - 1) * cell, top + (5 - likelihood) * cell
            pdf.set_fill_color(*RGB[risk_level(likelihood * impact).value])
            pdf.rect(x, y, cell - 0.5, cell - 0.5, style="F")
            count = counts.get((likelihood, impact), 0)
            if count:
                pdf.set_xy(x, y + 3)
                pdf.cell(cell - 0.5, 4, str(count), align="C")
    pdf.set_fill_color(255, 255, 255)  # charts must not tint the tables drawn after them
    pdf.set_xy(left, top + 5 * cell + 1)
    pdf.set_font("Roboto", "", 8)
    pdf.cell(
        0,
        4,
        "Impact 1-5 from left to right; likelihood 1-5 from bottom to top",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)

"""The report as a real PDF (fpdf2), with tables and charts (`pdf_charts.py`).

fpdf2's core fonts are Latin-1 only and Lambda has no system fonts, so the report uses
Roboto from the `font-roboto` package: any Unicode text a user types prints. fpdf2
loads at first export, not at cold start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql_api.services.interchange import pdf_charts, wording


def _font_dir() -> Path:
    import font_roboto  # noqa: PLC0415

    return Path(font_roboto.__file__).parent / "files"


def render(doc: dict[str, Any]) -> bytes:  # noqa: C901, PLR0915 - one report, top to bottom
    from fpdf import FPDF  # noqa: PLC0415
    from fpdf.fonts import FontFace  # noqa: PLC0415

    p = doc["project"]
    people = wording.assignee_names(p)
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
    if drift := wording.baseline_line(p):
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
            f"{phase['startDate']} – {phase['endDate']} · {phase['status']} · {wording.schedule_line(phase, names)}",
            9,
        )
        for paragraph in wording.phase_paragraphs(phase):
            para(paragraph)
        content = phase["content"]
        if content:
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
        pdf_charts.risk_matrix(pdf, risk["risks"])
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
            *([["AI assistance", ai]] if (ai := wording.ai_line(a["ai"])) else []),
        ],
        (60, 120),
    )
    title(f"Earned value on {a['asOf']}", 12)
    table(["Measure", "Value"], wording.earned_value_rows(a["earnedValue"]), (120, 60))
    if over := wording.over_allocation_rows(a, wording.sprint_names(p)):
        title("Over-allocated members", 12)
        table(["Sprint", "Member", "Assigned of capacity"], over, (50, 80, 50))
    title("Velocity", 12)
    pdf_charts.velocity(pdf, a["velocity"])
    title(f"Burndown (as of {a['asOf']})", 12)
    pdf_charts.burndown(pdf, a["burndown"])
    return bytes(pdf.output())

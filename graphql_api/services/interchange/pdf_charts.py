"""The PDF report's charts, drawn with fpdf2: velocity, burndown and the risk matrix.

Each has its axes and figures written on it, so a printed page reads without the app.
"""

from __future__ import annotations

from typing import Any

from graphql_api.services.models import risk_level

RGB = {"LOW": (139, 195, 74), "MEDIUM": (255, 193, 7), "HIGH": (255, 112, 67), "CRITICAL": (211, 47, 47)}
PLANNED, DONE, GREY = (144, 202, 249), (30, 136, 229), (158, 158, 158)
HEIGHT = 50  # mm of plot


def _frame(pdf: Any, top_value: int, unit: str) -> tuple[float, float, float]:  # noqa: ANN401 - an FPDF
    """Axes with 0, middle and top marked; returns the plot's left, top and width."""
    if pdf.get_y() > pdf.h - 90:
        pdf.add_page()
    left, top = pdf.l_margin + 10, pdf.get_y() + 3
    width = pdf.w - pdf.r_margin - left
    pdf.set_draw_color(80, 80, 80)
    pdf.line(left, top + HEIGHT, left + width, top + HEIGHT)
    pdf.line(left, top, left, top + HEIGHT)
    pdf.set_font("Roboto", "", 7)
    for tick in sorted({0, top_value // 2, top_value}):
        y = top + HEIGHT - HEIGHT * tick / top_value
        pdf.set_xy(pdf.l_margin, y - 2)
        pdf.cell(9, 4, str(tick), align="R")
    pdf.set_xy(pdf.l_margin, top - 5)
    pdf.cell(0, 4, unit)
    return left, top, width


def _x_labels(pdf: Any, labels: list[str], xs: list[float], top: float) -> None:  # noqa: ANN401
    pdf.set_font("Roboto", "", 6)
    every = max(1, len(labels) // 14)
    for i, (label, x) in enumerate(zip(labels, xs, strict=True)):
        if i % every:
            continue
        with pdf.rotation(40, x, top + HEIGHT + 2):
            pdf.set_xy(x - 16, top + HEIGHT + 1)
            pdf.cell(16, 3, label[:14], align="R")


def _caption(pdf: Any, top: float, text: str) -> None:  # noqa: ANN401
    pdf.set_fill_color(255, 255, 255)  # charts must not tint the tables drawn after them
    pdf.set_xy(pdf.l_margin, top + HEIGHT + 14)
    pdf.set_font("Roboto", "", 8)
    pdf.cell(0, 4, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def velocity(pdf: Any, rows: list[dict[str, Any]]) -> None:  # noqa: ANN401 - an FPDF
    if not rows:
        return
    peak = max([v["plannedPoints"] for v in rows] + [1])
    left, top, width = _frame(pdf, peak, "story points")
    slot = width / len(rows)
    bar = max(0.5, slot / 2 - 0.4)
    xs = []
    for i, v in enumerate(rows):
        x = left + 1 + i * slot
        for offset, value, colour in ((0.0, v["plannedPoints"], PLANNED), (bar, v["completedPoints"], DONE)):
            h = HEIGHT * value / peak
            pdf.set_fill_color(*colour)
            pdf.rect(x + offset, top + HEIGHT - h, bar, h, style="F")
            if slot > 8 and value:  # noqa: PLR2004 - room for the figure
                pdf.set_font("Roboto", "", 6)
                pdf.set_xy(x + offset - 1, top + HEIGHT - h - 3.5)
                pdf.cell(bar + 2, 3, str(value), align="C")
        xs.append(x + bar)
    _x_labels(pdf, [v["name"] for v in rows], xs, top)
    _caption(pdf, top, "Planned (light) and completed (dark) story points per sprint")


def burndown(pdf: Any, points: list[dict[str, Any]]) -> None:  # noqa: ANN401 - an FPDF
    if not points:
        return
    peak = max(
        1, round(max([p["remainingPoints"] for p in points] + [p["idealPoints"] for p in points] + [1]))
    )
    left, top, width = _frame(pdf, peak, "story points left")
    step = (width - 4) / max(1, len(points) - 1)
    xy = [
        (left + 2 + i * step, top + HEIGHT - HEIGHT * p["remainingPoints"] / peak)
        for i, p in enumerate(points)
    ]
    ideal = [
        (left + 2 + i * step, top + HEIGHT - HEIGHT * p["idealPoints"] / peak) for i, p in enumerate(points)
    ]
    pdf.set_draw_color(*GREY)
    pdf.set_dash_pattern(dash=0.6, gap=1)
    pdf.polyline(ideal)
    pdf.set_draw_color(*DONE)
    pdf.set_line_width(0.5)
    for i in range(1, len(points)):
        pdf.set_dash_pattern(dash=2, gap=1.5) if points[i]["projected"] else pdf.set_dash_pattern()
        pdf.line(*xy[i - 1], *xy[i])
    pdf.set_dash_pattern()
    pdf.set_line_width(0.2)
    _x_labels(pdf, [p["date"] for p in points], [x for x, _ in xy], top)
    _caption(
        pdf,
        top,
        "Remaining story points at each sprint end: actual (solid), projected (dashed), ideal (dotted)",
    )


def risk_matrix(pdf: Any, risks: list[dict[str, Any]]) -> None:  # noqa: ANN401 - an FPDF
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

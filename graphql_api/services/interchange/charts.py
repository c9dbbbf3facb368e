"""The report's charts as inline SVG: sprint velocity, the burndown and the 5 x 5 risk matrix."""

from __future__ import annotations

from typing import Any

from graphql_api.services.interchange.text import html_text as esc
from graphql_api.services.models import risk_level

LEVEL_COLOURS = {"LOW": "#8bc34a", "MEDIUM": "#ffc107", "HIGH": "#ff7043", "CRITICAL": "#d32f2f"}


def _label(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


LEFT = 40  # px for the y axis and its figures
EMPTY = (
    '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="No sprints" width="0" height="0"></svg>'
)


def _frame(
    kind: str, label: str, top: int, width: int, height: int, *, grid: bool
) -> tuple[list[str], float, float]:
    """The chart's element, its axes and the 0 / middle / top figures; returns the base line and plot height."""
    base, plot_h = height - 70, height - 90
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" aria-label="{label}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="sans-serif">'
        ),
        f'<line x1="{LEFT}" y1="{base}" x2="{width - 5}" y2="{base}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{base}" x2="{LEFT}" y2="{base - plot_h}" stroke="#555"/>',
    ]
    for tick in _ticks(top):
        y = base - plot_h * tick / top
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{tick}</text>')
        if grid:
            parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - 5}" y2="{y:.1f}" stroke="#eee"/>')
    return parts, base, plot_h


def _ticks(top: int) -> list[int]:
    """0, the middle and the top of an axis, as whole numbers."""
    return sorted({0, top // 2, top})


def velocity_svg(velocity: list[dict[str, Any]], width: int = 720, height: int = 260) -> str:
    if not velocity:
        return EMPTY
    top = max([v["plannedPoints"] for v in velocity] + [1])
    parts, base, plot_h = _frame(
        "velocity", "Velocity: planned and completed points per sprint", top, width, height, grid=True
    )
    left = LEFT
    slot = (width - left - 10) / len(velocity)
    bar = max(2.0, slot / 2 - 2)
    parts.append(
        f'<text x="10" y="{base - plot_h / 2:.0f}" font-size="10" transform="rotate(-90 10 {base - plot_h / 2:.0f})" '
        'text-anchor="middle">story points</text>'
    )
    for i, v in enumerate(velocity):
        x = left + 4 + i * slot
        for offset, value, colour, kind in (
            (0, v["plannedPoints"], "#90caf9", "planned"),
            (bar + 1, v["completedPoints"], "#1e88e5", "completed"),
        ):
            h = plot_h * value / top
            parts.append(
                f'<rect class="{kind}" x="{x + offset:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{esc(v["name"])}: {value} {kind}</title></rect>'
            )
            if slot > 24:  # noqa: PLR2004 - room for a figure above each bar
                parts.append(
                    f'<text x="{x + offset + bar / 2:.1f}" y="{base - h - 3:.1f}" font-size="9" '
                    f'text-anchor="middle">{value}</text>'
                )
        cx = x + bar
        parts.append(
            f'<text x="{cx:.1f}" y="{base + 12}" font-size="9" text-anchor="end" '
            f'transform="rotate(-40 {cx:.1f} {base + 12})">{esc(_label(v["name"]))}</text>'
        )
    parts.append(
        f'<rect x="{left}" y="{height - 14}" width="10" height="8" fill="#90caf9"/>'
        f'<text x="{left + 14}" y="{height - 7}" font-size="10">planned</text>'
        f'<rect x="{left + 70}" y="{height - 14}" width="10" height="8" fill="#1e88e5"/>'
        f'<text x="{left + 84}" y="{height - 7}" font-size="10">completed</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def burndown_svg(burndown: list[dict[str, Any]], width: int = 720, height: int = 260) -> str:
    """Remaining points at each sprint's end: actual (solid; dashed where projected) against ideal (dotted)."""
    if not burndown:
        return EMPTY
    top = max([p["remainingPoints"] for p in burndown] + [p["idealPoints"] for p in burndown] + [1])
    top = max(1, round(top))
    parts, base, plot_h = _frame(
        "burndown",
        "Burndown: remaining story points at each sprint end, ideal and actual",
        top,
        width,
        height,
        grid=False,
    )
    left = LEFT
    step = (width - left - 20) / max(1, len(burndown) - 1)

    def at(i: int, value: float) -> str:
        return f"{left + 10 + i * step:.1f},{base - plot_h * value / top:.1f}"

    ideal = " ".join(at(i, p["idealPoints"]) for i, p in enumerate(burndown))
    actual = [i for i, p in enumerate(burndown) if not p["projected"]]
    parts.append(
        f'<polyline class="ideal" points="{ideal}" fill="none" stroke="#9e9e9e" stroke-dasharray="2 3"/>'
    )
    if actual:
        done = " ".join(at(i, burndown[i]["remainingPoints"]) for i in actual)
        parts.append(
            f'<polyline class="actual" points="{done}" fill="none" stroke="#1e88e5" stroke-width="2"/>'
        )
    ahead = ([actual[-1]] if actual else []) + [i for i, p in enumerate(burndown) if p["projected"]]
    if len(ahead) > 1:
        rest = " ".join(at(i, burndown[i]["remainingPoints"]) for i in ahead)
        parts.append(
            f'<polyline class="projected" points="{rest}" fill="none" stroke="#1e88e5" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    for i, p in enumerate(burndown):
        x = left + 10 + i * step
        parts.append(
            f'<circle cx="{x:.1f}" cy="{base - plot_h * p["remainingPoints"] / top:.1f}" r="2.5" fill="#1e88e5">'
            f"<title>{esc(p['date'])}: {p['remainingPoints']} remaining, {p['idealPoints']:g} ideal</title></circle>"
        )
        if len(burndown) <= 16 or i % 2 == 0:  # noqa: PLR2004 - every label while they fit
            parts.append(
                f'<text x="{x:.1f}" y="{base + 12}" font-size="9" text-anchor="end" '
                f'transform="rotate(-40 {x:.1f} {base + 12})">{esc(p["date"])}</text>'
            )
    parts.append(
        f'<text x="{left}" y="{height - 7}" font-size="10">— actual · - - projected · ⋯ ideal (story points left)</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def risk_matrix_svg(risks: list[dict[str, Any]], cell: int = 44) -> str:
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk["likelihood"], risk["impact"])
        counts[key] = counts.get(key, 0) + 1
    size = cell * 5 + 40
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart risk-matrix" role="img" '
            f'aria-label="Risk matrix: likelihood by impact" viewBox="0 0 {size} {size}" width="{size}" height="{size}">'
        )
    ]
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x = 30 + (impact - 1) * cell
            y = 10 + (5 - likelihood) * cell
            colour = LEVEL_COLOURS[risk_level(likelihood * impact).value]
            count = counts.get((likelihood, impact), 0)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{colour}" '
                f'data-likelihood="{likelihood}" data-impact="{impact}" data-count="{count}"/>'
            )
            if count:
                parts.append(
                    f'<text x="{x + cell / 2 - 4}" y="{y + cell / 2 + 4}" font-size="14" font-weight="bold">{count}</text>'
                )
    parts.append(f'<text x="30" y="{size - 4}" font-size="10">impact →</text>')
    parts.append(
        f'<text x="2" y="{size / 2}" font-size="10" transform="rotate(-90 8 {size / 2})">likelihood →</text>'
    )
    parts.append("</svg>")
    return "".join(parts)

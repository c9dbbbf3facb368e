"""The two charts of the report as inline SVG: sprint velocity and the 5 x 5 risk matrix."""

from __future__ import annotations

from typing import Any

from graphql_api.services.interchange.text import html_text as esc
from graphql_api.services.models import risk_level

LEVEL_COLOURS = {"LOW": "#8bc34a", "MEDIUM": "#ffc107", "HIGH": "#ff7043", "CRITICAL": "#d32f2f"}


def velocity_svg(velocity: list[dict[str, Any]], width: int = 720, height: int = 220) -> str:
    if not velocity:
        return '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="No sprints" width="0" height="0"></svg>'
    top = max([v["plannedPoints"] for v in velocity] + [1])
    plot_h = height - 40
    slot = (width - 40) / len(velocity)
    bar = max(2.0, slot / 2 - 2)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart velocity" role="img" '
            f'aria-label="Velocity: planned and completed points per sprint" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}">'
        ),
        f'<line x1="30" y1="{plot_h + 10}" x2="{width - 5}" y2="{plot_h + 10}" stroke="#555"/>',
        f'<text x="2" y="14" font-size="10">{top}</text>',
    ]
    for i, v in enumerate(velocity):
        x = 35 + i * slot
        planned = plot_h * v["plannedPoints"] / top
        done = plot_h * v["completedPoints"] / top
        name = esc(v["name"])
        parts.append(
            f'<rect class="planned" x="{x:.1f}" y="{plot_h + 10 - planned:.1f}" width="{bar:.1f}" '
            f'height="{planned:.1f}" fill="#90caf9"><title>{name}: {v["plannedPoints"]} planned</title></rect>'
        )
        parts.append(
            f'<rect class="completed" x="{x + bar + 1:.1f}" y="{plot_h + 10 - done:.1f}" width="{bar:.1f}" '
            f'height="{done:.1f}" fill="#1e88e5"><title>{name}: {v["completedPoints"]} completed</title></rect>'
        )
    parts.append(
        f'<text x="35" y="{height - 8}" font-size="10">planned (light) / completed (dark) story points</text>'
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

"""A standalone, printable HTML report with inline SVG charts and no external assets."""

from __future__ import annotations

from typing import Any

from graphql_api.services.interchange import wording
from graphql_api.services.interchange.charts import LEVEL_COLOURS, burndown_svg, risk_matrix_svg, velocity_svg
from graphql_api.services.interchange.text import html_text as esc

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:960px;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #1e88e5;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f0f4f8}
.meta{color:#555}.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;color:#fff;font-size:.8rem}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}
"""


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(doc: dict[str, Any]) -> str:
    p = doc["project"]
    people = wording.assignee_names(p)
    a = p["analytics"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(p['name'])} — project plan</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(p['name'])}</h1>",
        (
            f'<p class="meta">{esc(p["status"])} · {esc(p["startDate"])} → {esc(p["endDate"])} · '
            f"{a['completion'] * 100:.0f}% complete</p>"
        ),
        *([f'<p class="meta">Baseline: {esc(drift)}</p>'] if (drift := wording.baseline_line(p)) else []),
        "<h2>Overview</h2>",
        f'<p class="requirements">{esc(p["requirements"])}</p>',
        f"<p><strong>Disciplines:</strong> {esc(', '.join(p['disciplines']))}</p>",
    ]
    if p["constraints"]:
        out += ["<p><strong>Constraints:</strong></p>", _list(p["constraints"])]
    if p["team"]:
        out += [
            "<h2>Team</h2>",
            _table(
                ["Name", "Role", "Allocation", "Email"],
                [[m["name"], m["role"], f"{m['allocation']:.0%}", m.get("email") or ""] for m in p["team"]],
            ),
        ]
    names = {phase["id"]: phase["name"] for phase in p["phases"]}
    for phase in p["phases"]:
        out.append(f'<h2 id="phase-{esc(phase["id"])}">Phase {phase["order"]}: {esc(phase["name"])}</h2>')
        out.append(
            f'<p class="meta">{esc(phase["startDate"])} → {esc(phase["endDate"])} · {esc(phase["status"])} · '
            f"{esc(wording.schedule_line(phase, names))}</p>"
        )
        out += [f"<p>{esc(paragraph)}</p>" for paragraph in wording.phase_paragraphs(phase)]
        content = phase["content"]
        if content:
            out += ["<h3>Objectives</h3>", _list(content["objectives"])]
            out += [
                "<h3>Milestones</h3>",
                _table(
                    ["Week", "Milestone", "Criteria"],
                    [[m["week"], m["name"], m["criteria"]] for m in content["milestones"]],
                ),
                "<h3>Deliverables</h3>",
                _table(
                    ["Deliverable", "Discipline", "Description"],
                    [
                        [d["name"], d.get("discipline") or "", d["description"]]
                        for d in content["deliverables"]
                    ],
                ),
            ]
        for sprint in phase["sprints"]:
            out.append(
                f'<h3>{esc(sprint["name"])} <span class="meta">{esc(sprint["startDate"])} → '
                f"{esc(sprint['endDate'])} · {esc(sprint['status'])}</span></h3>"
            )
            out.append(f"<p><strong>Goal:</strong> {esc(sprint['goal'])}</p>")
            if sprint["tasks"]:
                out.append(
                    _table(
                        ["Task", "Description", "Status", "Discipline", "Role", "Assignee", "Hours", "Points"],
                        [
                            [t["title"], t["description"], t["status"], t["discipline"] or "", t["role"] or "",
                             people.get(t["assigneeId"] or "", ""), f"{t['estimateHours']:g}", t["storyPoints"]]
                            for t in sprint["tasks"]
                        ],
                    )
                )  # fmt: skip
    risk = p["riskAssessment"]
    out.append("<h2>Risks</h2>")
    if risk:
        colour = LEVEL_COLOURS[risk["overallLevel"]]
        out.append(
            f'<p>Overall <span class="badge" style="background:{colour}">{esc(risk["overallLevel"])}</span> '
            f"{esc(risk['summary'])}</p>"
        )
        out.append(risk_matrix_svg(risk["risks"]))
        out.append(
            _table(
                ["Risk", "Category", "L", "I", "Score", "Level", "Owner", "Mitigation", "Contingency", "Trigger"],
                [
                    [r["title"], r["category"], r["likelihood"], r["impact"], r["score"], r["level"],
                     r.get("owner") or "", r["mitigation"], r.get("contingency") or "", r.get("trigger") or ""]
                    for r in risk["risks"]
                ],
            )
        )  # fmt: skip
    else:
        out.append("<p>No risk assessment yet.</p>")
    out += [
        "<h2>Analytics</h2>",
        _table(
            ["Measure", "Value"],
            [
                ["Tasks done", f"{a['tasks']['done']} of {a['tasks']['total']}"],
                ["Hours", f"{a['completedHours']:g} of {a['estimatedHours']:g}"],
                ["Risk exposure", a["riskExposure"]],
                *([["AI assistance", ai]] if (ai := wording.ai_line(a["ai"])) else []),
            ],
        ),
        f"<h3>Earned value on {esc(a['asOf'])}</h3>",
        _table(["Measure", "Value"], wording.earned_value_rows(a["earnedValue"])),
        *(
            ["<h3>Over-allocated members</h3>", _table(["Sprint", "Member", "Assigned of capacity"], over)]
            if (over := wording.over_allocation_rows(a, wording.sprint_names(p)))
            else []
        ),
        "<h3>Velocity</h3>",
        velocity_svg(a["velocity"]),
        f"<h3>Burndown (as of {esc(a['asOf'])})</h3>",
        burndown_svg(a["burndown"]),
        "</body></html>",
    ]
    return "\n".join(out)

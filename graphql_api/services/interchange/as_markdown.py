"""A readable plan in Markdown: overview, team, phases, sprints with task tables, risks, analytics."""

from __future__ import annotations

from typing import Any

from graphql_api.services.interchange import wording
from graphql_api.services.interchange.text import markdown as md


def _list(items: list[str]) -> list[str]:
    return [f"- {md(item)}" for item in items]


def render(doc: dict[str, Any]) -> str:
    p = doc["project"]
    people = wording.assignee_names(p)
    a = p["analytics"]
    lines = [
        f"# {md(p['name'])}",
        "",
        (
            f"**Status:** {p['status']} · **Schedule:** {p['startDate']} → {p['endDate']} · "
            f"**Completion:** {a['completion'] * 100:.0f}%"
        ),
        "",
        *([f"**Baseline:** {md(drift)}", ""] if (drift := wording.baseline_line(p)) else []),
        "## Overview",
        "",
        md(p["requirements"]),
        "",
        f"**Disciplines:** {', '.join(md(d) for d in p['disciplines'])}",
        "",
    ]
    if p["constraints"]:
        lines += ["**Constraints:**", "", *_list(p["constraints"]), ""]
    if p["team"]:
        lines += ["## Team", "", "| Name | Role | Allocation | Email |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {md(m['name'])} | {md(m['role'])} | {m['allocation']:.0%} | {md(m.get('email') or '')} |"
            for m in p["team"]
        ]
        lines.append("")
    names = {phase["id"]: phase["name"] for phase in p["phases"]}
    for phase in p["phases"]:
        lines += [
            f"## Phase {phase['order']}: {md(phase['name'])}",
            "",
            f"{phase['startDate']} → {phase['endDate']} · {phase['status']} · {md(wording.schedule_line(phase, names))}",
            "",
        ]
        for paragraph in wording.phase_paragraphs(phase):
            lines += [md(paragraph), ""]
        content = phase["content"]
        if content:
            lines += ["### Objectives", "", *_list(content["objectives"]), ""]
            lines += ["### Milestones", "", "| Week | Milestone | Criteria |", "| --- | --- | --- |"]
            lines += [
                f"| {m['week']} | {md(m['name'])} | {md(m['criteria'])} |" for m in content["milestones"]
            ]
            lines += [
                "",
                "### Deliverables",
                "",
                "| Deliverable | Discipline | Description |",
                "| --- | --- | --- |",
            ]
            lines += [
                f"| {md(d['name'])} | {md(d.get('discipline') or '')} | {md(d['description'])} |"
                for d in content["deliverables"]
            ]
            lines += ["", "### Acceptance criteria", "", *_list(content["acceptanceCriteria"]), ""]
        for sprint in phase["sprints"]:
            lines += [
                f"### {md(sprint['name'])} ({sprint['startDate']} → {sprint['endDate']}, {sprint['status']})",
                "",
                f"**Goal:** {md(sprint['goal'])}",
                "",
            ]
            if sprint["tasks"]:
                lines += [
                    "| Task | Status | Discipline | Role | Assignee | Hours | Points |",
                    "| --- | --- | --- | --- | --- | --- | --- |",
                ]
                lines += [
                    f"| {md(t['title'])} | {t['status']} | {md(t['discipline'] or '')} | {md(t['role'] or '')} "
                    f"| {md(people.get(t['assigneeId'] or '', ''))} | {t['estimateHours']:g} | {t['storyPoints']} |"
                    for t in sprint["tasks"]
                ]
                lines.append("")
    risk = p["riskAssessment"]
    if risk:
        lines += [
            "## Risks",
            "",
            f"Overall: **{risk['overallLevel']}**. {md(risk['summary'])}",
            "",
            "| Risk | Category | L | I | Score | Level | Owner | Mitigation |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {md(r['title'])} | {md(r['category'])} | {r['likelihood']} | {r['impact']} | {r['score']} "
            f"| {r['level']} | {md(r.get('owner') or '')} | {md(r['mitigation'])} |"
            for r in risk["risks"]
        ]
        lines.append("")
    lines += [
        "## Analytics",
        "",
        f"- Tasks: {a['tasks']['done']} of {a['tasks']['total']} done",
        f"- Hours: {a['completedHours']:g} of {a['estimatedHours']:g} estimated",
        f"- Risk exposure: {a['riskExposure']}",
        *([f"- AI assistance: {ai}"] if (ai := wording.ai_line(a["ai"])) else []),
        "",
        f"### Earned value on {a['asOf']}",
        "",
        "| Measure | Value |",
        "| --- | --- |",
        *(f"| {md(measure)} | {value} |" for measure, value in wording.earned_value_rows(a["earnedValue"])),
        "",
    ]
    if over := wording.over_allocation_rows(a, wording.sprint_names(p)):
        lines += [
            "### Over-allocated members",
            "",
            "| Sprint | Member | Assigned of capacity |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {md(sprint)} | {md(member)} | {hours} |" for sprint, member, hours in over]
        lines.append("")
    return "\n".join(lines)

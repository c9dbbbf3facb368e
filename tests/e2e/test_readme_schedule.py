"""The worked schedule (docs/getting-started.md), as written: each answer shown there is the API's answer.

Each graphql block runs in order; a json block after it is the `data` the API must
return. Placeholders in angle brackets are ids learned from earlier answers: the
project, phases and tasks by name, and each phase's sprints as "<phase> sprint <n>".
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Api

README = (Path(__file__).resolve().parents[2] / "docs" / "getting-started.md").read_text()
HEADING = "## A worked schedule: a footbridge"


def steps(text: str) -> list[tuple[str, dict[str, Any] | None]]:
    """Each graphql block with the json block that follows it, if one does."""
    start = text.index(HEADING)
    section = text[start : text.index("\n## ", start + len(HEADING))]
    blocks = re.findall(r"```(graphql|json)\n(.*?)```", section, re.DOTALL)
    found: list[tuple[str, dict[str, Any] | None]] = []
    for kind, body in blocks:
        if kind == "graphql":
            found.append((body, None))
        else:
            found[-1] = (found[-1][0], json.loads(body))
    return found


def _learn(ids: dict[str, str], project: dict[str, Any]) -> None:
    ids["project"] = project["id"]
    for phase in project["phases"]:
        ids[phase["name"]] = phase["id"]
        for n, sprint in enumerate(phase["sprints"], start=1):
            ids[f"{phase['name']} sprint {n}"] = sprint["id"]
            for task in sprint["tasks"]:
                ids[task["title"]] = task["id"]


def _named(value: Any, names: dict[str, str]) -> Any:
    """The answer with each id shown as the README writes it: "<name>"."""
    if isinstance(value, dict):
        return {k: _named(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_named(v, names) for v in value]
    return names.get(value, value) if isinstance(value, str) else value


IDS = "query($id: ID!) { project(id: $id) { id phases { id name sprints { id tasks { id title } } } } }"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_worked_schedule_answers_as_written(api: Api) -> None:
    token, _ = await api.register()
    ids: dict[str, str] = {}
    written = steps(README)
    assert len(written) >= 6
    for document, expected in written:
        filled = re.sub(r"<([^>]+)>", lambda m: ids[m[1]], document)
        data = await api.ok(filled, {}, token)
        if "createProject" in data:
            ids["project"] = data["createProject"]["id"]
        _learn(ids, (await api.ok(IDS, {"id": ids["project"]}, token))["project"])
        data = _named(data, {v: f"<{k}>" for k, v in ids.items()})
        if os.environ.get("README_ANSWERS") == "print":  # to rewrite the README's answers
            print(json.dumps(data, indent=2))
            continue
        assert expected is not None, f"no answer written after:\n{document}"
        assert data == expected, document

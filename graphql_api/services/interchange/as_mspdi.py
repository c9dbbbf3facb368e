"""MS Project XML (MSPDI), as MS Project, ProjectLibre and MPXJ read it.

Phases and sprints are summary tasks (outline levels 1 and 2), tasks sit under their
sprint (level 3) with their estimate as work. Phase dependencies become predecessor
links (Type 1 finish-to-start, 3 start-to-start) whose lag is in elapsed days
(LagFormat 8, LinkLag in tenths of a minute), since this API's lags are calendar days.
Members, and team entries without an account, are resources; assignees are
assignments. Dates are written as the API derives them (08:00 to 17:00), so every tool
shows the same schedule whatever its calendar would have computed.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from graphql_api.services.workload import weekdays

NAMESPACE = "http://schemas.microsoft.com/project"
LINK_TYPES = {"FINISH_TO_START": "1", "START_TO_START": "3"}
ELAPSED_DAYS = "8"
TENTHS_OF_MINUTE_PER_DAY = 24 * 60 * 10


def _hours(value: float) -> str:
    whole = int(value)
    minutes = round((value - whole) * 60)
    return f"PT{whole}H{minutes}M0S"


def _add(parent: Element, tag: str, value: object) -> None:
    SubElement(parent, tag).text = str(value)


def render(doc: dict[str, Any]) -> bytes:  # noqa: C901, PLR0912, PLR0915 - one file, top to bottom
    p = doc["project"]
    root = Element("Project", xmlns=NAMESPACE)
    _add(root, "SaveVersion", 14)
    _add(root, "Name", p["name"])
    _add(root, "Title", p["name"])
    _add(root, "ScheduleFromStart", 1)
    _add(root, "StartDate", f"{p['startDate']}T08:00:00")
    _add(root, "FinishDate", f"{p['endDate']}T17:00:00")
    _add(root, "MinutesPerDay", 480)
    _add(root, "MinutesPerWeek", 2400)
    _add(root, "DaysPerMonth", 20)
    _add(root, "DurationFormat", 7)
    _add(root, "WorkFormat", 2)
    tasks = SubElement(root, "Tasks")
    uids: dict[str, int] = {}
    counter = 0

    def task(
        item_id: str, name: str, level: int, outline: str, start: str, end: str, **extra: object
    ) -> Element:
        nonlocal counter
        counter += 1
        uids[item_id] = counter
        node = SubElement(tasks, "Task")
        _add(node, "UID", counter)
        _add(node, "ID", counter)
        _add(node, "Name", name)
        _add(node, "OutlineNumber", outline)
        _add(node, "OutlineLevel", level)
        _add(node, "Start", f"{start}T08:00:00")
        _add(node, "Finish", f"{end}T17:00:00")
        days = weekdays(date.fromisoformat(start), date.fromisoformat(end))
        _add(node, "Duration", _hours(days * 8))
        _add(node, "DurationFormat", 7)
        for tag, value in extra.items():
            _add(node, tag, value)
        return node

    work_by_task: dict[str, float] = {}
    assignee_of: dict[str, str] = {}
    for phase in p["phases"]:
        phase_done = all(t["status"] == "DONE" for s in phase["sprints"] for t in s["tasks"]) and any(
            s["tasks"] for s in phase["sprints"]
        )
        node = task(
            phase["id"], phase["name"], 1, str(phase["order"]), phase["startDate"], phase["endDate"],
            Summary=1, PercentComplete=100 if phase_done else 0, Notes=phase["description"],
        )  # fmt: skip
        node.set("data-phase", phase["id"])
        for sprint in phase["sprints"]:
            task(
                sprint["id"], sprint["name"], 2, f"{phase['order']}.{sprint['order']}",
                sprint["startDate"], sprint["endDate"], Summary=1, Notes=sprint["goal"],
            )  # fmt: skip
            for index, t in enumerate(sprint["tasks"], start=1):
                task(
                    t["id"], t["title"], 3, f"{phase['order']}.{sprint['order']}.{index}",
                    sprint["startDate"], sprint["endDate"], Summary=0,
                    Work=_hours(t["estimateHours"]), ActualWork=_hours(t["actualHours"]),
                    PercentComplete=100 if t["status"] == "DONE" else 0, Notes=t["description"],
                )  # fmt: skip
                work_by_task[t["id"]] = t["estimateHours"]
                if t.get("assigneeId"):
                    assignee_of[t["id"]] = t["assigneeId"]
    for node in tasks.findall("Task"):
        phase_id = node.attrib.pop("data-phase", None)
        if phase_id is None:
            continue
        phase = next(ph for ph in p["phases"] if ph["id"] == phase_id)
        for link in phase["dependsOn"]:
            if link["phaseId"] not in uids:
                continue
            predecessor = SubElement(node, "PredecessorLink")
            _add(predecessor, "PredecessorUID", uids[link["phaseId"]])
            _add(predecessor, "Type", LINK_TYPES[link["type"]])
            _add(predecessor, "LinkLag", link["lagDays"] * TENTHS_OF_MINUTE_PER_DAY)
            _add(predecessor, "LagFormat", ELAPSED_DAYS)
    resources = SubElement(root, "Resources")
    resource_uid: dict[str, int] = {}
    role_of = {m["name"]: m["role"] for m in p["team"]}  # a member's planning role, from the roster
    people = [(m["userId"], m["name"], m.get("email"), m["allocation"]) for m in p.get("members", [])]
    known = {name for _, name, _, _ in people}
    people += [(f"team:{n}", m["name"], m.get("email"), m["allocation"]) for n, m in enumerate(p["team"])
               if m["name"] not in known]  # fmt: skip
    for number, (key, name, email, allocation) in enumerate(people, start=1):
        resource_uid[key] = number
        node = SubElement(resources, "Resource")
        _add(node, "UID", number)
        _add(node, "ID", number)
        _add(node, "Name", name)
        _add(node, "Type", 1)
        if name in role_of:  # the XSD's sequence: Group comes before EmailAddress
            _add(node, "Group", role_of[name])
        if email:
            _add(node, "EmailAddress", email)
        _add(node, "MaxUnits", f"{allocation:.2f}")
    assignments = SubElement(root, "Assignments")
    for number, (task_id, user_id) in enumerate(assignee_of.items(), start=1):
        if user_id not in resource_uid:
            continue
        node = SubElement(assignments, "Assignment")
        _add(node, "UID", number)
        _add(node, "TaskUID", uids[task_id])
        _add(node, "ResourceUID", resource_uid[user_id])
        _add(node, "Work", _hours(work_by_task[task_id]))
        _add(node, "Units", 1)
    body: bytes = tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body

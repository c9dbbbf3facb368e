"""Sharing a project (issue 14): invitations, roles, members, assignment, listing, on both backends."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from graphql_api.config import Limits
from graphql_api.container import Container
from graphql_api.core.clock import utcnow
from tests.conftest import (
    ACCEPT,
    INVITE,
    Api,
    add_member,
    api_with,
    bodies,
    invitation_token,
    outbox,
)

MEMBERS = """query($id: ID!) { project(id: $id) { myRole version
  members { id userId name email role allocation addedAt }
  invitations { id projectId email role status createdAt expiresAt } } }"""
UPDATE_MEMBER = """mutation($p: ID!, $u: ID!, $r: ProjectRole, $a: Float) {
  updateMember(projectId: $p, userId: $u, role: $r, allocation: $a) { userId role allocation } }"""
REMOVE = "mutation($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) }"
REVOKE = "mutation($p: ID!, $i: ID!) { revokeInvitation(projectId: $p, invitationId: $i) }"
ADD_TASK = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id assigneeId assignee { userId name role } } }"""
UPDATE_TASK = """mutation($p: ID!, $t: ID!, $i: UpdateTaskInput!) {
  updateTask(projectId: $p, taskId: $t, input: $i) { id assigneeId assignee { name } } }"""
LIST = """query($n: Int, $t: String) { projects(limit: $n, nextToken: $t) { items { id name myRole } nextToken } }"""


async def _shared(api: Api, container: Container, **fields: Any) -> tuple[str, str, dict[str, Any]]:
    owner, owner_id = await api.register(name="Olive Owner")
    project = await api.create_project(owner, **fields)
    return owner, owner_id, project


async def test_an_invitation_is_mailed_accepted_once_and_only_by_its_address(
    api: Api, container: Container
) -> None:
    owner, owner_id, project = await _shared(api, container, name="Bridge <b>&</b> ramps")
    pid = project["id"]
    viewer, viewer_id = await api.register("vera@example.com", name="Vera Viewer")
    other, _ = await api.register("other@example.com")

    sent = (await api.ok(INVITE, {"p": pid, "e": " Vera@Example.com ", "r": "VIEWER"}, owner))["inviteMember"]
    assert (sent["email"], sent["role"], sent["status"]) == ("vera@example.com", "VIEWER", "PENDING")
    mail = [m for m in outbox(container) if m["To"] == "vera@example.com"][-1]
    text, html = bodies(mail)["plain"], bodies(mail)["html"]
    assert "Olive Owner invites you to join the project Bridge <b>&</b> ramps as viewer" in text
    assert "Bridge &lt;b&gt;&amp;&lt;/b&gt; ramps" in html
    assert "<b>&</b>" not in html
    token = invitation_token(container, "vera@example.com")
    assert token.startswith(f"{pid}.")

    listed = (await api.ok(MEMBERS, {"id": pid}, owner))["project"]
    assert [(i["email"], i["status"]) for i in listed["invitations"]] == [("vera@example.com", "PENDING")]
    assert _day_gap(listed["invitations"][0]) == 7

    wrong = await api.error(ACCEPT, {"t": token}, other)
    assert wrong["extensions"]["code"] == "FORBIDDEN"
    forged = await api.error(ACCEPT, {"t": token[:-4] + "AAAA"}, viewer)
    assert forged["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
    joined = (await api.ok(ACCEPT, {"t": token}, viewer))["acceptInvitation"]
    assert joined == {"id": pid, "myRole": "VIEWER"}
    again = await api.error(ACCEPT, {"t": token}, viewer)
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}

    seen = (await api.ok(MEMBERS, {"id": pid}, viewer))["project"]
    assert seen["myRole"] == "VIEWER"
    assert seen["invitations"] == []  # only the owner sees invitations
    assert [(m["userId"], m["role"], m["allocation"]) for m in seen["members"]] == [
        (owner_id, "OWNER", 1.0),
        (viewer_id, "VIEWER", 1.0),
    ]
    assert (await api.ok(MEMBERS, {"id": pid}, owner))["project"][
        "invitations"
    ] == []  # accepted: not pending
    member = await api.error(INVITE, {"p": pid, "e": "vera@example.com", "r": "EDITOR"}, owner)
    assert member["extensions"] == {"code": "CONFLICT", "field": "email"}
    as_owner = await api.error(INVITE, {"p": pid, "e": "new@example.com", "r": "OWNER"}, owner)
    assert as_owner["extensions"] == {"code": "BAD_USER_INPUT", "field": "role"}
    by_viewer = await api.error(INVITE, {"p": pid, "e": "new@example.com", "r": "VIEWER"}, viewer)
    assert by_viewer["extensions"]["code"] == "FORBIDDEN"


def _day_gap(invitation: dict[str, Any]) -> int:
    from datetime import datetime

    created, expires = (datetime.fromisoformat(invitation[k]) for k in ("createdAt", "expiresAt"))
    return (expires - created).days


async def test_revoked_replaced_and_expired_invitations_cannot_be_used(
    api: Api, container: Container
) -> None:
    owner, _, project = await _shared(api, container)
    pid = project["id"]
    late, _ = await api.register("late@example.com")
    sent = (await api.ok(INVITE, {"p": pid, "e": "late@example.com", "r": "EDITOR"}, owner))["inviteMember"]
    first = invitation_token(container, "late@example.com")
    assert (await api.ok(REVOKE, {"p": pid, "i": sent["id"]}, owner))["revokeInvitation"] is True
    revoked = await api.error(ACCEPT, {"t": first}, late)
    assert revoked["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
    twice = await api.error(REVOKE, {"p": pid, "i": sent["id"]}, owner)
    assert twice["extensions"] == {"code": "BAD_USER_INPUT", "field": "invitationId"}

    await api.ok(INVITE, {"p": pid, "e": "late@example.com", "r": "EDITOR"}, owner)
    second = invitation_token(container, "late@example.com")
    await api.ok(INVITE, {"p": pid, "e": "late@example.com", "r": "VIEWER"}, owner)  # replaces the second
    replaced = await api.error(ACCEPT, {"t": second}, late)
    assert replaced["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
    third = invitation_token(container, "late@example.com")

    container.members.clock = lambda: utcnow() + timedelta(days=7, minutes=1)
    try:
        expired = await api.error(ACCEPT, {"t": third}, late)
        assert expired["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
        assert "expired" in expired["message"]
    finally:
        container.members.clock = utcnow
    container.members.clock = lambda: utcnow() + timedelta(days=6, hours=23)
    try:
        assert (await api.ok(ACCEPT, {"t": third}, late))["acceptInvitation"]["myRole"] == "VIEWER"
    finally:
        container.members.clock = utcnow
    unknown = await api.error(ACCEPT, {"t": "not-a-token"}, late)
    assert unknown["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


async def test_one_owner_always_and_members_come_and_go(api: Api, container: Container) -> None:
    owner, owner_id, project = await _shared(api, container)
    pid = project["id"]
    editor, editor_id, _ = await add_member(api, container, owner, pid, "EDITOR", "Ed")
    _viewer, viewer_id, viewer_mail = await add_member(api, container, owner, pid, "VIEWER", "Vi")

    for variables, field in (
        ({"p": pid, "u": owner_id, "r": "EDITOR"}, "role"),
        ({"p": pid, "u": editor_id, "r": "OWNER"}, "role"),
        ({"p": pid, "u": editor_id, "a": 1.5}, "allocation"),
    ):
        error = await api.error(UPDATE_MEMBER, variables, owner)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, variables
    changed = await api.ok(UPDATE_MEMBER, {"p": pid, "u": editor_id, "r": "VIEWER", "a": 0.5}, owner)
    assert changed["updateMember"] == {"userId": editor_id, "role": "VIEWER", "allocation": 0.5}
    own = await api.ok(UPDATE_MEMBER, {"p": pid, "u": owner_id, "a": 0.25}, owner)
    assert own["updateMember"] == {"userId": owner_id, "role": "OWNER", "allocation": 0.25}
    await api.ok(UPDATE_MEMBER, {"p": pid, "u": editor_id, "r": "EDITOR"}, owner)
    by_editor = await api.error(UPDATE_MEMBER, {"p": pid, "u": viewer_id, "r": "EDITOR"}, editor)
    assert by_editor["extensions"]["code"] == "FORBIDDEN"

    stays = await api.error(REMOVE, {"p": pid, "u": owner_id}, owner)
    assert stays["extensions"] == {"code": "BAD_USER_INPUT", "field": "userId"}
    not_yours = await api.error(REMOVE, {"p": pid, "u": viewer_id}, editor)
    assert not_yours["extensions"]["code"] == "FORBIDDEN"
    assert (await api.ok(REMOVE, {"p": pid, "u": editor_id}, editor))["removeMember"] is True  # leaves
    gone = await api.error(MEMBERS, {"id": pid}, editor)
    assert gone["extensions"]["code"] == "NOT_FOUND"
    assert [p["id"] for p in (await api.ok(LIST, {}, editor))["projects"]["items"]] == []

    sent_before = len(outbox(container))
    assert (await api.ok(REMOVE, {"p": pid, "u": viewer_id}, owner))["removeMember"] is True
    notices = [m for m in outbox(container)[sent_before:] if m["To"] == viewer_mail]
    assert len(notices) == 1
    assert "removed" in str(notices[0]["Subject"])
    members = (await api.ok(MEMBERS, {"id": pid}, owner))["project"]["members"]
    assert [(m["userId"], m["role"]) for m in members] == [(owner_id, "OWNER")]
    missing = await api.error(REMOVE, {"p": pid, "u": viewer_id}, owner)
    assert missing["extensions"] == {"code": "NOT_FOUND", "field": "userId"}


async def test_tasks_are_assigned_to_members_and_unassigned_when_they_leave(
    api: Api, container: Container
) -> None:
    owner, owner_id, project = await _shared(api, container)
    pid = project["id"]
    phase = project["phases"][0]
    where = {"p": pid, "ph": phase["id"], "s": phase["sprints"][0]["id"]}
    editor, editor_id, _ = await add_member(api, container, owner, pid, "EDITOR", "Eve Editor")
    stranger, stranger_id = await api.register()

    outsider = await api.error(ADD_TASK, {**where, "i": {"title": "Piles", "assigneeId": stranger_id}}, owner)
    assert outsider["extensions"] == {"code": "BAD_USER_INPUT", "field": "assigneeId"}
    task = (await api.ok(ADD_TASK, {**where, "i": {"title": "Piles", "assigneeId": editor_id}}, owner))[
        "addTask"
    ]
    assert task["assignee"] == {"userId": editor_id, "name": "Eve Editor", "role": "EDITOR"}
    mine = (await api.ok(UPDATE_TASK, {"p": pid, "t": task["id"], "i": {"assigneeId": owner_id}}, editor))[
        "updateTask"
    ]
    assert (mine["assigneeId"], mine["assignee"]) == (owner_id, {"name": "Olive Owner"})
    cleared = await api.ok(UPDATE_TASK, {"p": pid, "t": task["id"], "i": {"assigneeId": ""}}, editor)
    assert cleared["updateTask"]["assigneeId"] is None
    await api.ok(UPDATE_TASK, {"p": pid, "t": task["id"], "i": {"assigneeId": editor_id}}, owner)

    # Regenerating the sprint keeps who does what; generated tasks arrive unassigned.
    await api.ok(
        "mutation($p: ID!, $ph: ID!, $s: ID!) { generateSprint(projectId: $p, phaseId: $ph, sprintId: $s, input: {apply: APPLY}) { id } }",
        where,
        editor,
    )
    await container.dispatcher.drain()  # type: ignore[attr-defined]
    read = "query($id: ID!) { project(id: $id) { phases { sprints { tasks { title assigneeId } } } } }"
    tasks = (await api.ok(read, {"id": pid}, owner))["project"]["phases"][0]["sprints"][0]["tasks"]
    assert len(tasks) > 1
    assert {t["title"]: t["assigneeId"] for t in tasks}["Piles"] == editor_id
    assert [t for t in tasks if t["title"] != "Piles" and t["assigneeId"]] == []

    await api.ok(REMOVE, {"p": pid, "u": editor_id}, owner)
    tasks = (await api.ok(read, {"id": pid}, owner))["project"]["phases"][0]["sprints"][0]["tasks"]
    assert {t["title"]: t["assigneeId"] for t in tasks}["Piles"] is None
    assert stranger  # registered only to be refused


async def test_workload_counts_weekdays_allocation_and_flags_over_allocation(
    api: Api, container: Container
) -> None:
    # Monday 2027-03-01; one phase of 2 weeks and one sprint: 10 weekdays, 80 h at full time.
    owner, owner_id, project = await _shared(
        api,
        container,
        startDate="2027-03-01",
        phases=[{"name": "Design", "durationWeeks": 2, "sprintCount": 1}],
    )
    pid, phase = project["id"], project["phases"][0]
    sprint = phase["sprints"][0]
    where = {"p": pid, "ph": phase["id"], "s": sprint["id"]}
    _, half_id, _ = await add_member(api, container, owner, pid, "EDITOR", "Hal Half")
    await api.ok(UPDATE_MEMBER, {"p": pid, "u": half_id, "a": 0.5}, owner)
    for title, who, hours, status in (
        ("Loads", half_id, 30, "DONE"),
        ("Sizing", half_id, 15, "NOT_STARTED"),
        ("Review", owner_id, 20, "IN_PROGRESS"),
        ("Unowned", None, 99, "NOT_STARTED"),
    ):
        task = {"title": title, "estimateHours": hours, "status": status, "assigneeId": who}
        await api.ok(ADD_TASK, {**where, "i": task}, owner)
    query = """query($id: ID!) { project(id: $id) { analytics { workload {
      userId name sprintId assignedHours capacityHours overAllocated } } } }"""
    rows = (await api.ok(query, {"id": pid}, owner))["project"]["analytics"]["workload"]
    assert rows == [
        {"userId": owner_id, "name": "Olive Owner", "sprintId": sprint["id"], "assignedHours": 20.0,
         "capacityHours": 80.0, "overAllocated": False},
        {"userId": half_id, "name": "Hal Half", "sprintId": sprint["id"], "assignedHours": 45.0,
         "capacityHours": 40.0, "overAllocated": True},
    ]  # fmt: skip
    report = await api.ok(
        "mutation($p: ID!) { exportProject(projectId: $p, format: MARKDOWN) { content } }", {"p": pid}, owner
    )
    content = report["exportProject"]["content"]
    assert "Over-allocated" in content
    assert "Hal Half" in content
    assert "45 h of 40 h" in content


async def test_members_follow_project_jobs_but_not_each_others_templates(
    api: Api, container: Container
) -> None:
    owner, _, project = await _shared(api, container)
    pid = project["id"]
    viewer, _, _ = await add_member(api, container, owner, pid, "VIEWER", "Vic")
    job = (await api.ok("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": pid}, owner))[
        "assessRisks"
    ]
    read = "query($id: ID!) { generationJob(id: $id) { id kind } }"
    assert (await api.ok(read, {"id": job["id"]}, viewer))["generationJob"] == {
        "id": job["id"],
        "kind": "RISK_ASSESSMENT",
    }
    refused = await api.error("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": pid}, viewer)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    template = await api.ok(
        'mutation { generateTemplate(input: {description: "Owner only", disciplines: ["civil"]}) { id } }',
        token=owner,
    )
    private = await api.error(read, {"id": template["generateTemplate"]["id"]}, viewer)
    assert private["extensions"]["code"] == "NOT_FOUND"
    await container.dispatcher.drain()  # type: ignore[attr-defined]


async def test_listing_pages_owned_and_shared_projects_newest_first(api: Api, container: Container) -> None:
    address = "lister@example.com"
    me, _ = await api.register(address)
    others = [await api.register() for _ in range(2)]
    expected: list[tuple[str, str]] = []
    for n in range(5):
        if n % 2:  # projects 1 and 3 belong to two other users, who invite me
            owner = others[n // 2][0]
            project = await api.create_project(owner, name=f"Shared {n}")
            await api.ok(INVITE, {"p": project["id"], "e": address, "r": "EDITOR"}, owner)
            await api.ok(ACCEPT, {"t": invitation_token(container, address)}, me)
            expected.append((f"Shared {n}", "EDITOR"))
        else:
            await api.create_project(me, name=f"Mine {n}")
            expected.append((f"Mine {n}", "OWNER"))
    seen: list[tuple[str, str]] = []
    token = None
    for _ in range(3):
        page = (await api.ok(LIST, {"n": 2, "t": token}, me))["projects"]
        seen += [(p["name"], p["myRole"]) for p in page["items"]]
        token = page["nextToken"]
        if token is None:
            break
    assert seen == list(reversed(expected))


async def test_deleting_a_project_removes_its_memberships_and_invitations(
    api: Api, container: Container
) -> None:
    owner, _, project = await _shared(api, container)
    pid = project["id"]
    member, _, _ = await add_member(api, container, owner, pid, "EDITOR", "Em")
    await api.ok(INVITE, {"p": pid, "e": "pending@example.com", "r": "VIEWER"}, owner)
    refused = await api.error("mutation($id: ID!) { deleteProject(id: $id) }", {"id": pid}, member)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    await api.ok("mutation($id: ID!) { deleteProject(id: $id) }", {"id": pid}, owner)
    assert (await api.ok(LIST, {}, member))["projects"]["items"] == []
    assert (await container.store.query("projects", pid)).items == []
    late, _ = await api.register("pending@example.com")
    stale = await api.error(ACCEPT, {"t": invitation_token(container, "pending@example.com")}, late)
    assert stale["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_invitations_are_limited_per_project_waiting_and_per_day(backend: str, tmp_path: Path) -> None:
    limits = Limits(invitations_pending=2, invitations_per_day=3)
    async with api_with(backend, tmp_path, limits=limits) as (api, _container):
        owner, _ = await api.register()
        pid = (await api.create_project(owner))["id"]
        first = (await api.ok(INVITE, {"p": pid, "e": "a@example.com", "r": "VIEWER"}, owner))["inviteMember"]
        await api.ok(INVITE, {"p": pid, "e": "b@example.com", "r": "VIEWER"}, owner)
        waiting = await api.error(INVITE, {"p": pid, "e": "c@example.com", "r": "VIEWER"}, owner)
        assert waiting["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
        await api.ok(REVOKE, {"p": pid, "i": first["id"]}, owner)
        await api.ok(INVITE, {"p": pid, "e": "c@example.com", "r": "VIEWER"}, owner)  # the third today
        await api.ok(REVOKE, {"p": pid, "i": (await _pending(api, pid, owner))[0]}, owner)
        daily = await api.error(INVITE, {"p": pid, "e": "d@example.com", "r": "VIEWER"}, owner)
        assert daily["extensions"]["code"] == "RATE_LIMITED"
        assert 0 < daily["extensions"]["retryAfter"] <= 86_400


async def _pending(api: Api, project_id: str, owner: str) -> list[str]:
    listed = (await api.ok(MEMBERS, {"id": project_id}, owner))["project"]["invitations"]
    return [i["id"] for i in listed]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_full_project_takes_no_more_members(backend: str, tmp_path: Path) -> None:
    async with api_with(backend, tmp_path, limits=Limits(members_per_project=2)) as (api, container):
        owner, _ = await api.register()
        pid = (await api.create_project(owner))["id"]
        tokens = {}
        for address in ("a@example.com", "b@example.com"):
            tokens[address] = (await api.register(address))[0]
            await api.ok(INVITE, {"p": pid, "e": address, "r": "VIEWER"}, owner)
        await api.ok(ACCEPT, {"t": invitation_token(container, "a@example.com")}, tokens["a@example.com"])
        late = await api.error(
            ACCEPT, {"t": invitation_token(container, "b@example.com")}, tokens["b@example.com"]
        )
        assert late["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
        full = await api.error(INVITE, {"p": pid, "e": "c@example.com", "r": "VIEWER"}, owner)
        assert full["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
        assert "at most 2 members" in full["message"]

"""Every operation in the schema, tried anonymously, by a non-member, a viewer, an editor and the owner.

Generated from the schema itself: a new query or mutation is covered without editing
this file (only the roles a project-scoped mutation needs are listed here, and a new
one that is not listed fails the test until it is). Anonymous callers get
UNAUTHENTICATED (except the public auth mutations); a non-member gets NOT_FOUND for
anything addressed by the owner's ids and no response to them carries any of the
owner's data; a member without the role gets FORBIDDEN and writes nothing; a member
with it is never refused.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLType,
    Undefined,
    get_named_type,
)

from graphql_api.container import Container
from graphql_api.jobs.local import LocalRunner
from graphql_api.schema.build import build_schema
from graphql_api.schema.context import Context
from tests.conftest import Api, add_member
from tests.differential.documents import operation

QUIET_SECONDS = 1.5  # a subscription refused is refused at once; one accepted may wait for events
PUBLIC = {"register", "login", "requestPasswordReset", "resetPassword"}
# The role each mutation addressed to a project needs (the contract's role comments).
OWNER_ONLY = {
    "updateProject",
    "deleteProject",
    "inviteMember",
    "revokeInvitation",
    "updateMember",
    "removeMember",
}
VIEWER_MAY = {"exportProject"}
NOT_PROJECT_SCOPED = {"createProject", "importProject", "generateTemplate", "updateMe", "acceptInvitation"}
ROLE_SAMPLES = {"inviteMember.role": "EDITOR", "updateMember.role": "VIEWER"}
SECRET_NAME = "Owner-Secret-Project"
SECRET_TASK = "Owner-Secret-Task"
SECRET_TEMPLATE = "Owner-Secret-Template"
SCHEMA: GraphQLSchema = build_schema()._schema
SAMPLES = {
    "String": "x",
    "Int": 1,
    "Float": 0.5,
    "Boolean": True,
    "ID": "x",
    "Date": "2027-01-04",
    "DateTime": "2027-01-04T00:00:00Z",
}


def _sample(gtype: GraphQLType, name: str) -> Any:  # noqa: PLR0911 - one case per kind of type
    if isinstance(gtype, GraphQLNonNull):
        return _sample(gtype.of_type, name)
    if isinstance(gtype, GraphQLList):
        return [_sample(gtype.of_type, name)]
    if isinstance(gtype, GraphQLEnumType):
        return next(iter(gtype.values))
    if isinstance(gtype, GraphQLInputObjectType):
        return {
            field_name: _sample(field.type, field_name)
            for field_name, field in gtype.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    assert isinstance(gtype, GraphQLScalarType)
    if name == "email":
        return "someone@example.com"
    if name in {"password", "newPassword"}:
        return "a long enough password"
    return SAMPLES[gtype.name]


def _selection(gtype: GraphQLType, depth: int = 0) -> str:
    named = get_named_type(gtype)
    if not isinstance(named, GraphQLObjectType):
        return ""
    scalars = [
        n
        for n, f in named.fields.items()
        if not isinstance(get_named_type(f.type), GraphQLObjectType) and not f.args
    ]
    if scalars or depth > 2:
        return "{ " + " ".join(scalars[:12] or ["__typename"]) + " }"
    name, field = next((n, f) for n, f in named.fields.items() if not f.args)
    return "{ " + name + " " + _selection(field.type, depth + 1) + " }"


def _document(kind: str, name: str, field: GraphQLField, ids: dict[str, str]) -> tuple[str, dict[str, Any]]:
    variables: dict[str, Any] = {}
    for arg_name, arg in field.args.items():
        key = f"{name}.{arg_name}"
        named = get_named_type(arg.type)
        value = (
            ids.get(key, ids.get(arg_name))
            if isinstance(named, GraphQLScalarType) and named.name == "ID"
            else ROLE_SAMPLES.get(key)
        )
        if value is None:
            if not isinstance(arg.type, GraphQLNonNull):
                continue
            value = _sample(arg.type, arg_name)
        variables[arg_name] = value
    return operation(kind, name, field, variables, _selection(field.type))


def _operations() -> list[tuple[str, str, GraphQLField]]:
    found = []
    for kind, root in (
        ("query", SCHEMA.query_type),
        ("mutation", SCHEMA.mutation_type),
        ("subscription", SCHEMA.subscription_type),
    ):
        assert root is not None
        found += [(kind, name, field) for name, field in root.fields.items()]
    # Deletes last, a container after what it holds: a task, its sprint, its phase, the project.
    containers = ("deletePhase", "deleteProject")
    deletes_last = sorted(
        found,
        key=lambda op: (op[1].startswith("delete"), containers.index(op[1]) if op[1] in containers else -1),
    )
    assert len(found) >= 27  # the whole contract (26 root fields) and updateMe, not a subset
    return deletes_last


async def _owner_world(api: Api, container: Container) -> tuple[str, dict[str, str], str]:
    token, _ = await api.register("owner-matrix@example.com", name="Owner Person")
    project = await api.create_project(token, name=SECRET_NAME, templateId="builtin-software-product")
    phase, sprint = project["phases"][0], project["phases"][0]["sprints"][0]
    task = await api.ok(
        "mutation($p: ID!, $ph: ID!, $s: ID!, $t: String!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: $t}) { id } }",
        {"p": project["id"], "ph": phase["id"], "s": sprint["id"], "t": SECRET_TASK},
        token,
    )
    job = await api.ok(
        'mutation($n: String!) { generateTemplate(input: {description: "d", disciplines: ["civil"], name: $n}) { id } }',
        {"n": SECRET_TEMPLATE},
        token,
    )
    risk_job = await api.ok(
        "mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": project["id"]}, token
    )
    proposing = await api.ok(
        "mutation($p: ID!, $ph: ID!, $s: ID!) { generateSprint(projectId: $p, phaseId: $ph, sprintId: $s, "
        "input: {apply: PROPOSE}) { id } }",
        {"p": project["id"], "ph": phase["id"], "s": sprint["id"]},
        token,
    )
    invitation = await api.ok(
        'mutation($p: ID!) { inviteMember(projectId: $p, email: "later@example.com", role: VIEWER) { id } }',
        {"p": project["id"]},
        token,
    )
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    assessment = await api.ok(
        "query($id: ID!) { project(id: $id) { riskAssessment { risks { id } } } }",
        {"id": project["id"]},
        token,
    )
    template_id = (
        await api.ok(
            "query($id: ID!) { generationJob(id: $id) { template { id } } }",
            {"id": job["generateTemplate"]["id"]},
            token,
        )
    )["generationJob"]["template"]["id"]
    proposal = (
        await api.ok(
            "query($id: ID!) { generationJob(id: $id) { proposal { id } } }",
            {"id": proposing["generateSprint"]["id"]},
            token,
        )
    )["generationJob"]["proposal"]
    ids = {
        "proposalId": proposal["id"],  # accepted by the editor, then refused as decided: never FORBIDDEN
        "projectId": project["id"],
        "phaseId": phase["id"],
        "sprintId": sprint["id"],
        "taskId": task["addTask"]["id"],
        "jobId": risk_job["assessRisks"]["id"],  # a project's job: every member may follow it
        "project.id": project["id"],
        "updateProject.id": project["id"],
        "deleteProject.id": project["id"],
        "template.id": template_id,
        "generationJob.id": risk_job["assessRisks"]["id"],
        "invitationId": invitation["inviteMember"]["id"],
        "riskId": assessment["project"]["riskAssessment"]["risks"][0]["id"],
    }
    return token, ids, project["id"]


async def _run(
    api: Api, container: Container, kind: str, document: str, variables: dict[str, Any], token: str | None
) -> dict[str, Any]:
    if kind != "subscription":
        return await api.call(document, variables, token)
    schema = build_schema()
    context = Context(container=container, authorization=f"Bearer {token}" if token else None)
    stream = await schema.subscribe(document, variable_values=variables, context_value=context)
    if not hasattr(stream, "__anext__"):
        first = stream
    else:
        try:  # projectChanged emits only when someone writes: accepted and quiet is not refused
            first = await asyncio.wait_for(anext(stream), QUIET_SECONDS)  # type: ignore[arg-type]
        except TimeoutError:
            return {"data": None}
        finally:
            await stream.aclose()  # type: ignore[union-attr]
    errors = [{"message": e.message, "extensions": e.extensions} for e in (first.errors or [])]
    return {"data": first.data, "errors": errors} if errors else {"data": first.data}


async def _version(api: Api, container: Container, project_id: str, token: str) -> int | None:
    """The project's version once the jobs started so far have written (they write in the background)."""
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    body = await api.call("query($id: ID!) { project(id: $id) { version } }", {"id": project_id}, token)
    project = (body.get("data") or {}).get("project")
    return int(project["version"]) if project else None


def _needs(kind: str, name: str, field: GraphQLField) -> str:
    """VIEWER, EDITOR or OWNER for what a project's member may do; '' for what is not a project's."""
    if kind != "mutation":
        return "VIEWER"
    if name in PUBLIC or name in NOT_PROJECT_SCOPED:
        return ""
    assert {"projectId", "id"} & set(field.args), f"{name}: list it in NOT_PROJECT_SCOPED or give it a role"
    if name in OWNER_ONLY:
        return "OWNER"
    return "VIEWER" if name in VIEWER_MAY else "EDITOR"


async def test_every_operation_for_every_kind_of_caller(api: Api, container: Container) -> None:
    owner, ids, project_id = await _owner_world(api, container)
    intruder, _ = await api.register("intruder-matrix@example.com")
    callers = {
        "VIEWER": (await add_member(api, container, owner, project_id, "VIEWER", "Viewer"))[0],
        "EDITOR": (await add_member(api, container, owner, project_id, "EDITOR", "Editor"))[0],
    }
    ids["userId"] = (await add_member(api, container, owner, project_id, "VIEWER", "Spare"))[1]
    secrets = [SECRET_NAME, SECRET_TASK, SECRET_TEMPLATE, "owner-matrix@example.com", "Owner Person"]
    addressed_args = {"projectId", "phaseId", "sprintId", "taskId", "jobId", "id"}
    rank = {"": -1, "VIEWER": 0, "EDITOR": 1, "OWNER": 2}
    report: list[str] = []
    for kind, name, field in _operations():
        document, variables = _document(kind, name, field, ids)
        needs = _needs(kind, name, field)
        bodies = {"anon": await _run(api, container, kind, document, variables, None)}
        bodies["intruder"] = await _run(api, container, kind, document, variables, intruder)
        for role, token in callers.items():
            before = await _version(api, container, project_id, owner)
            bodies[role] = await _run(api, container, kind, document, variables, token)
            if needs and rank[role] < rank[needs]:
                assert await _version(api, container, project_id, owner) == before, (name, role, "wrote")
        bodies["owner"] = await _run(api, container, kind, document, variables, owner)
        codes = {
            who: [e["extensions"]["code"] for e in body.get("errors") or []] for who, body in bodies.items()
        }
        report.append(f"{name}: {codes}")
        if name not in PUBLIC:
            assert codes["anon"] == ["UNAUTHENTICATED"], (name, bodies["anon"])
        if set(field.args) & addressed_args and not (
            name == "template" and ids["template.id"].startswith("builtin")
        ):
            assert codes["intruder"] == ["NOT_FOUND"], (name, bodies["intruder"])
        for who in ("anon", "intruder"):
            assert not any(s in json.dumps(bodies[who]) for s in secrets), (name, who, bodies[who])
        refused = {"UNAUTHENTICATED", "NOT_FOUND", "FORBIDDEN"}
        for role in callers:
            if not needs or name == "template":
                continue  # not a project's operation (the template is the owner's own)
            if rank[role] < rank[needs]:
                assert codes[role] == ["FORBIDDEN"], (name, role, bodies[role])
            else:
                assert not set(codes[role]) & refused, (name, role, bodies[role])
        if name.startswith("delete") and needs == "EDITOR":
            assert codes["owner"] == ["NOT_FOUND"], (name, "the editor deleted it already")
        elif name not in PUBLIC:  # public mutations act on the credentials given, not on a session
            assert not set(codes["owner"]) & refused, (name, bodies["owner"])
    assert len(report) == len(_operations())

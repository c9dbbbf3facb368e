"""importProject: a file (this API's JSON, the CSV task table, MS Project XML) becomes a new project.

The importer is its only member (OWNER); the whole project, its text and its risk
assessment are written in one transaction, so a file either lands whole or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from graphql_api.ai.meta import GenerationInfo
from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ActivityKind, AIEngine, ImportFormat
from graphql_api.core.errors import BadInputError
from graphql_api.services.activity.records import Activity
from graphql_api.services.interchange.reading import from_csv, from_json, from_mspdi
from graphql_api.services.interchange.reading.plan import bad, check_schedule, new_id, settle
from graphql_api.services.models import Project, RiskAssessment
from graphql_api.services.projects.items import content_item, risk_item
from graphql_api.services.projects.members import owner_member
from graphql_api.services.projects.results import ProjectView
from graphql_api.store.ops import Put, WriteOp
from graphql_api.store.tables import PROJECTS

if TYPE_CHECKING:
    from graphql_api.services.models import User
    from graphql_api.services.projects.rules import ProjectRules
    from graphql_api.services.projects.storage import ProjectStorage


class ImportSpec(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    format: ImportFormat
    content: str = Field(description="The file's text (UTF-8), at most LIMIT_IMPORT_BYTES.")
    name: str | None = Field(default=None, description="Default: the file's project name.")


class ImportService:
    def __init__(self, storage: ProjectStorage, rules: ProjectRules) -> None:
        self._storage = storage
        self._rules = rules

    async def import_project(self, user: User, spec: ImportSpec) -> ProjectView:
        rules, limits = self._rules, self._rules.limits
        try:
            size = len(spec.content.encode())
        except UnicodeEncodeError:
            raise bad("it is not UTF-8 text.") from None
        if size > limits.import_bytes:
            raise bad(f"it is larger than {limits.import_bytes} bytes.")
        name = rules.name(spec.name, "name") if spec.name is not None else None
        if spec.format == ImportFormat.JSON:
            plan = from_json.read(spec.content, limits)
        elif spec.format == ImportFormat.CSV:
            plan = from_csv.read(spec.content, limits, name)
        else:
            plan = from_mspdi.read(spec.content, limits, name)
        settle(plan, limits)
        now = utcnow()
        try:
            start = rules.start_date(plan.start_date)
            team = rules.team(plan.team)
        except BadInputError as exc:
            raise bad(exc.message) from None
        project = Project(
            id=new_id(),
            user_id=user.id,
            name=name or plan.name,
            requirements=plan.requirements,
            constraints=plan.constraints,
            disciplines=plan.disciplines,
            start_date=start,
            phases=plan.phases,
            baselines=plan.baselines,
            team=team,
            members=[owner_member(user, now)],
            created_at=now,
            updated_at=now,
        )
        check_schedule(project)
        extra: list[WriteOp] = [
            Put(PROJECTS.name, content_item(project.id, phase_id, text))
            for phase_id, text in plan.texts.items()
        ]
        risk = None
        if plan.risks:
            risk = RiskAssessment(
                id=new_id(),
                project_id=project.id,
                summary=plan.risk_summary,
                risks=plan.risks,
                generation=GenerationInfo(
                    engine=AIEngine.LOCAL, model="imported", cached=False, generated_at=now
                ),
                created_at=now,
            )
            item = risk_item(risk)
            project.latest_risk_sk = str(item["sk"])
            extra.append(Put(PROJECTS.name, item))
        said = f"imported the project '{project.name}' from {spec.format.value}"
        await self._storage.insert(
            project, Activity(ActivityKind.PROJECT, "importProject", [project.id], said), extra
        )
        return ProjectView(project, dict(plan.texts), risk, None)

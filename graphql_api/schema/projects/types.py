"""Project, Phase, Sprint, Task and their content types.

Types are built eagerly from the domain outline (plain fields resolve fastest in
Strawberry); only long text that may not be loaded yet resolves through a DataLoader.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import (
    DependencyType,
    InvitationStatus,
    ProjectRole,
    ProjectStatus,
    ProposalStatus,
    WorkStatus,
)
from graphql_api.schema.activity.types import ProjectEventPage, project_event_type
from graphql_api.schema.ai.types import GenerationInfoType, generation_type
from graphql_api.schema.analytics.types import ProjectAnalyticsType
from graphql_api.schema.baselines.types import BaselinePhaseType, BaselineType
from graphql_api.schema.context import Context
from graphql_api.schema.members.types import ProjectInvitationType, ProjectMemberType, member_types
from graphql_api.schema.preloaded import NOT_LOADED, read_when_loaded
from graphql_api.schema.projects.content import PhaseContentType, SprintContentType, TeamMemberType
from graphql_api.schema.projects.loaders import ProjectPartByKeyLoader
from graphql_api.schema.projects.tasks import TaskType, phase_text
from graphql_api.schema.proposals.types import PlanProposalType, plan_proposal_type
from graphql_api.schema.records import served
from graphql_api.schema.risks.types import RiskAssessmentType, risk_assessment_type
from graphql_api.services import analytics, models
from graphql_api.services.projects import access, baselines
from graphql_api.services.projects.items import PartKey
from graphql_api.services.projects.results import ProjectView
from graphql_api.services.schedule.network import Dependency
from graphql_api.services.schedule.plan import PlanDates, plan_dates
from graphql_api.services.schedule.spans import Span
from graphql_api.services.schedule.tasks import conflicts


def _loaded_content(item: Any, _context: Context) -> object:  # noqa: ANN401 - a Phase or a Sprint
    """Content at once when the phase's text came with the project (`project(id)`)."""
    return NOT_LOADED if item._text is None else item._content_in(item._text)  # noqa: SLF001 - its own type's


@read_when_loaded(_loaded_content)
async def _content(root: Any, info: Info[Context, None]) -> Any:  # noqa: ANN401 - a Phase's or a Sprint's
    """A phase's or a sprint's content, from the phase's text (loaded in a batch when not yet)."""
    text = await phase_text(info.context.project_parts, root._project_id, root._phase_id, root._text)  # noqa: SLF001
    return root._content_in(text)  # noqa: SLF001 - its own type's


@strawberry.type(name="Sprint")
class SprintType:
    id: strawberry.ID
    name: str
    order: int
    status: WorkStatus
    goal: str
    start_date: date
    end_date: date
    tasks: list[TaskType]
    generation: GenerationInfoType | None
    _project_id: strawberry.Private[str]
    _phase_id: strawberry.Private[str]
    _text: strawberry.Private[models.PhaseText | None]

    content: SprintContentType | None = strawberry.field(
        resolver=_content, graphql_type=SprintContentType | None, description="Null until generated."
    )

    def _content_in(self, text: models.PhaseText) -> SprintContentType | None:
        content = text.sprints.get(str(self.id))
        return served(SprintContentType, content) if content is not None else None


@strawberry.type(name="PhaseDependency")
class PhaseDependencyType:
    phase_id: strawberry.ID
    type: DependencyType
    lag_days: int


@strawberry.type(name="Phase")
class PhaseType:
    id: strawberry.ID
    name: str
    order: int
    status: WorkStatus
    description: str
    duration_weeks: int | None = strawberry.field(description="Null counts as 4.")
    start_date: date
    end_date: date
    sprints: list[SprintType]
    generation: GenerationInfoType | None
    depends_on: list[PhaseDependencyType]
    total_float_days: int
    critical: bool
    baseline: BaselinePhaseType | None = strawberry.field(
        description="This phase in the latest baseline; null without one or for a phase added since."
    )
    content: PhaseContentType | None = strawberry.field(
        resolver=_content, graphql_type=PhaseContentType | None, description="Null until generated."
    )
    _project_id: strawberry.Private[str]
    _phase_id: strawberry.Private[str]
    _text: strawberry.Private[models.PhaseText | None]

    @staticmethod
    def _content_in(text: models.PhaseText) -> PhaseContentType | None:
        return served(PhaseContentType, text.phase) if text.phase else None


def _phases(self: ProjectType) -> list[PhaseType]:
    """Built when first asked, once whatever the aliases: a read of names builds no phase, sprint or task."""
    if self._built is None:
        self._built = build_phases(self._view, self._loader, self._dates)
    return self._built


@strawberry.type(name="Project")
class ProjectType:
    id: strawberry.ID
    name: str
    requirements: str
    constraints: list[str]
    disciplines: list[str]
    status: ProjectStatus
    template_id: strawberry.ID | None
    start_date: date
    end_date: date = strawberry.field(description="The last phase's endDate.")
    team: list[TeamMemberType]
    phases: list[PhaseType] = strawberry.field(resolver=_phases)
    critical_path: list[strawberry.ID]
    baselines: list[BaselineType] = strawberry.field(description="Newest first.")
    schedule_variance_days: int | None = strawberry.field(
        description="endDate minus the latest baseline's endDate (positive: late); null without one."
    )
    version: int = strawberry.field(description="Bumped on every write; optimistic concurrency.")
    created_at: datetime
    updated_at: datetime
    _view: strawberry.Private[ProjectView]
    _loader: strawberry.Private[ProjectPartByKeyLoader | None]
    _dates: strawberry.Private[PlanDates]
    _built: strawberry.Private[list[PhaseType] | None] = None

    def _role_of(self, user: models.User) -> ProjectRole:
        return access.role_of(self._view.project, user.id) or ProjectRole.VIEWER

    def _role_of_known(self, context: Context) -> ProjectRole | object:
        user = context.known_user  # the root resolver that read the project authenticated the caller
        return NOT_LOADED if user is None else self._role_of(user)

    @strawberry.field(description="The caller's role on this project.")
    @read_when_loaded(_role_of_known)
    async def my_role(self, info: Info[Context, None]) -> ProjectRole:
        return self._role_of(await info.context.user())

    @strawberry.field(description="Every member, the OWNER included.")
    def members(self) -> list[ProjectMemberType]:
        return list(member_types(self._view.project).values())

    @strawberry.field(description="PENDING invitations; only the OWNER sees any (others: an empty list).")
    async def invitations(self, info: Info[Context, None]) -> list[ProjectInvitationType]:
        user = await info.context.user()
        project = self._view.project
        if access.role_of(project, user.id) != ProjectRole.OWNER:
            return []
        now = utcnow()
        return [
            ProjectInvitationType.from_domain(project.id, i, now)
            for i in project.invitations
            if i.status_at(now) == InvitationStatus.PENDING
        ]

    @strawberry.field(description="Proposals of AI results to review, newest first; every member sees them.")
    async def proposals(
        self, info: Info[Context, None], status: ProposalStatus | None = None
    ) -> list[PlanProposalType]:
        project = self._view.project
        refs = [r for r in reversed(project.proposals) if status is None or r.status == status]
        found = await info.context.project_parts.proposals(project, refs)
        return [plan_proposal_type(p) for p in found]

    @strawberry.field(
        description="Who changed what and when, newest first (kept ACTIVITY_DAYS, 90 by default); "
        "since: only events after that version (what a reconnecting client missed)."
    )
    async def activity(
        self,
        info: Info[Context, None],
        limit: int | None = 50,
        next_token: str | None = None,
        since: int | None = None,
    ) -> ProjectEventPage:
        events, token = await info.context.container.activity.page(
            self._view.project, 50 if limit is None else limit, next_token, since
        )
        return ProjectEventPage(items=[project_event_type(e) for e in events], next_token=token)

    @strawberry.field(description="The latest assessment; null before the first.")
    async def risk_assessment(self, info: Info[Context, None]) -> RiskAssessmentType | None:
        risk = await project_risk(info, self._view)
        return risk_assessment_type(risk) if risk else None

    @strawberry.field(
        description="Progress, hours, velocity, burndown, earned value, risk exposure and AI usage, "
        "as of the end of asOf (default: today, UTC)."
    )
    async def analytics(self, info: Info[Context, None], as_of: date | None = None) -> ProjectAnalyticsType:
        risk = await project_risk(info, self._view)
        usage = await project_usage(info, self._view)
        figures = analytics.compute(self._view.project, risk, usage, as_of)
        return ProjectAnalyticsType.from_pydantic(figures)


async def project_risk(info: Info[Context, None], view: ProjectView) -> models.RiskAssessment | None:
    if view.loaded:
        return view.risk
    return await info.context.project_parts.latest_risk(view.project)


async def project_usage(info: Info[Context, None], view: ProjectView) -> models.AIUsage:
    if view.loaded and view.usage is not None:
        return view.usage
    return await info.context.project_parts.usage(view.project.id)


def _preloaded_text(
    view: ProjectView, phase: models.Phase, loader: ProjectPartByKeyLoader | None
) -> models.PhaseText | None:
    """The phase's text when it is already known; else announce it to the loader."""
    if view.texts is not None:
        return view.texts.get(phase.id, models.PhaseText())
    if not phase.has_text:
        return models.PhaseText()
    if loader is not None:
        loader.expect(PartKey.phase_text(view.project.id, phase.id))
    return None


def _dependency(dependency: Dependency) -> PhaseDependencyType:
    return PhaseDependencyType(
        phase_id=strawberry.ID(dependency.predecessor), type=dependency.link, lag_days=dependency.lag_days
    )


def _placed(
    item: models.Phase | models.Sprint,
    order: int,
    span: Span,
    project_id: str,
    phase_id: str,
    text: models.PhaseText | None,
) -> dict[str, Any]:
    """What phases and sprints share: identity, place in the plan, dates, generation, the phase's text."""
    return {
        "id": strawberry.ID(item.id),
        "name": item.name,
        "order": order,
        "status": item.status,
        "start_date": span.start,
        "end_date": span.end,
        "generation": generation_type(item.generation),
        "_project_id": project_id,
        "_phase_id": phase_id,
        "_text": text,
    }


def _baseline_phase(project: models.Project, phase_id: str) -> BaselinePhaseType | None:
    found = baselines.phase_baseline(project, phase_id)
    return served(BaselinePhaseType, found) if found else None


def build_phases(
    view: ProjectView, loader: ProjectPartByKeyLoader | None = None, dates: PlanDates | None = None
) -> list[PhaseType]:
    project = view.project
    dates = dates or plan_dates(project)
    waiting = conflicts(project, dates)
    people = member_types(project) if project.members else {}
    phases: list[PhaseType] = []
    for order, phase in enumerate(project.phases, start=1):
        text = _preloaded_text(view, phase, loader)
        scheduled = dates.phases[phase.id]
        sprints = [
            SprintType(
                **_placed(sprint, index, sprint_span, project.id, phase.id, text),
                goal=sprint.goal,
                tasks=[
                    TaskType.from_domain(
                        t, project.id, phase.id, text, loader=loader, conflicts=waiting, members=people
                    )
                    for t in sprint.tasks
                ],
            )
            for index, (sprint, sprint_span) in enumerate(
                zip(phase.sprints, dates.sprints(phase), strict=True), start=1
            )
        ]
        phases.append(
            PhaseType(
                **_placed(phase, order, dates.span(phase), project.id, phase.id, text),
                description=phase.description,
                duration_weeks=phase.duration_weeks,
                sprints=sprints,
                depends_on=[
                    PhaseDependencyType(
                        phase_id=strawberry.ID(d.predecessor), type=d.link, lag_days=d.lag_days
                    )
                    for d in dates.links[phase.id]
                ],
                total_float_days=scheduled.total_float_days,
                critical=scheduled.critical,
                baseline=_baseline_phase(project, phase.id),
            )
        )
    return phases


def build_project(view: ProjectView, loader: ProjectPartByKeyLoader | None = None) -> ProjectType:
    project = view.project
    dates = plan_dates(project)
    if not view.loaded and loader is not None:
        loader.expect(PartKey.usage(project.id))
        loader.expect(PartKey.latest_risk(project))
    return ProjectType(
        id=strawberry.ID(project.id),
        name=project.name,
        requirements=project.requirements,
        constraints=list(project.constraints),
        disciplines=list(project.disciplines),
        status=project.status,
        template_id=strawberry.ID(project.template_id) if project.template_id else None,
        start_date=project.start_date,
        end_date=dates.end or project.start_date,
        critical_path=[strawberry.ID(i) for i in dates.critical_path],
        baselines=[served(BaselineType, b) for b in project.baselines],
        schedule_variance_days=baselines.variance_days(project, dates),
        team=[served(TeamMemberType, m) for m in project.team],
        version=project.version,
        created_at=project.created_at,
        updated_at=project.updated_at,
        _view=view,
        _loader=loader,
        _dates=dates,
    )


@strawberry.type(name="ProjectPage")
class ProjectPage:
    items: list[ProjectType]
    next_token: str | None

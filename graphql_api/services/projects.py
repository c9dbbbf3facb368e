"""Projects, their phases, sprints and tasks: creation, reads, edits, deletion.

Storage shape (one partition per project): the outline item `P` and one content item
`C#<phaseId>` per phase that has long text. Every write bumps the outline's `version`
under a condition on the old one, in the same transaction as any content it touches,
so concurrent edits to different parts of a project all persist (a conflicting writer
re-reads and re-applies) and a stale `expectedVersion` writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from graphql_api.core.clock import iso, utcnow
from graphql_api.core.enums import AIEngine, ProjectStatus, WorkStatus
from graphql_api.core.errors import (
    BadInputError,
    ConflictError,
    NotFoundError,
    ServiceUnavailableError,
)
from graphql_api.services import validation
from graphql_api.services.lifecycle import default_phases
from graphql_api.services.models import (
    AIUsage,
    EngineUsage,
    GenerationInfo,
    Phase,
    PhaseContent,
    PhaseText,
    Project,
    RiskAssessment,
    Sprint,
    SprintContent,
    Task,
    TeamMember,
    TemplatePhase,
    User,
)
from graphql_api.services.schedule import phase_days
from graphql_api.services.templates import usage_increment
from graphql_api.store.base import (
    AttrEquals,
    Check,
    ConditionFailedError,
    Exists,
    Item,
    NotExists,
    Put,
    Store,
    StoreError,
    Update,
    WriteOp,
)
from graphql_api.store.codec import pack, unpack_item
from graphql_api.store.tables import PROJECTS

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.templates import TemplateService
    from graphql_api.services.tokens import TokenService

T = TypeVar("T")
OUTLINE_SK = "P"
CONTENT_PREFIX = "C#"
RISK_PREFIX = "R#"
USAGE_SK = "U"
MICRO = 1_000_000  # costs are counted in micro-USD so atomic ADDs stay exact
DEFAULT_SPRINTS_PER_PHASE = 2
_WRITE_ATTEMPTS = 8
_NOT_FOUND = "Project not found."


# ---------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True)
class MemberSpec:
    name: str
    role: str
    email: str | None = None
    allocation: float = 1.0


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    name: str
    description: str | None = None
    duration_weeks: int | None = None
    sprint_count: int | None = None


@dataclass(frozen=True, slots=True)
class NewProject:
    name: str
    requirements: str
    disciplines: Sequence[str]
    constraints: Sequence[str] = ()
    start_date: date | None = None
    template_id: str | None = None
    phases: Sequence[PhaseSpec] | None = None
    team: Sequence[MemberSpec] = ()


@dataclass(frozen=True, slots=True)
class ProjectChanges:
    expected_version: int | None = None
    name: str | None = None
    requirements: str | None = None
    constraints: Sequence[str] | None = None
    disciplines: Sequence[str] | None = None
    status: ProjectStatus | None = None
    start_date: date | None = None
    team: Sequence[MemberSpec] | None = None


@dataclass(frozen=True, slots=True)
class PhaseChanges:
    name: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    duration_weeks: int | None = None


@dataclass(frozen=True, slots=True)
class SprintChanges:
    name: str | None = None
    goal: str | None = None
    status: WorkStatus | None = None


@dataclass(frozen=True, slots=True)
class TaskSpec:
    title: str
    description: str | None = None
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float = 0.0
    story_points: int = 0
    status: WorkStatus = WorkStatus.NOT_STARTED


@dataclass(frozen=True, slots=True)
class TaskChanges:
    title: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    estimate_hours: float | None = None
    story_points: int | None = None
    role: str | None = None
    discipline: str | None = None


# ---------------------------------------------------------------- views
@dataclass(slots=True)
class ProjectView:
    """A project as read: its outline and, when loaded with it, its other items.

    `texts`, `risk` and `usage` are None when not loaded (a page of projects): the
    GraphQL layer then fetches them for the whole page in one batch.
    """

    project: Project
    texts: dict[str, PhaseText] | None = None
    risk: RiskAssessment | None = None
    usage: AIUsage | None = None
    loaded: bool = False


@dataclass(slots=True)
class _Draft:
    """A mutation's working copy: the outline, the content items it touched, other writes."""

    project: Project
    load_text: Callable[[str], Awaitable[PhaseText]]
    touched: dict[str, PhaseText] = field(default_factory=dict)
    extra: list[WriteOp] = field(default_factory=list)

    async def text(self, phase_id: str) -> PhaseText:
        if phase_id not in self.touched:
            self.touched[phase_id] = await self.load_text(phase_id)
        return self.touched[phase_id]


# ---------------------------------------------------------------- items
def outline_item(project: Project) -> Item:
    return {
        "id": project.id,
        "sk": OUTLINE_SK,
        "userId": project.user_id,
        "createdAt": iso(project.created_at),
        "version": project.version,
        "data": pack(project),
    }


def content_key(project_id: str, phase_id: str) -> dict[str, str | int | float | bool | bytes]:
    return {"id": project_id, "sk": CONTENT_PREFIX + phase_id}


def content_item(project_id: str, phase_id: str, text: PhaseText) -> Item:
    return {**content_key(project_id, phase_id), "data": pack(text)}


def risk_from_item(item: Item) -> RiskAssessment:
    return unpack_item(RiskAssessment, item)


def usage_from_item(item: Item) -> AIUsage:
    """The usage item holds flat counters (atomic ADDs); fold them into the model."""
    usage = AIUsage()
    for name, value in item.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        engine, _, counter = name.partition(".")
        if counter:
            slot = usage.by_engine.setdefault(AIEngine(engine), EngineUsage())
            setattr(slot, counter, value / MICRO if counter == "cost_usd" else value)
        elif name in AIUsage.model_fields:
            setattr(usage, name, value / MICRO if name in {"cost_usd", "saved_usd"} else value)
    return usage


def project_from_item(item: Item) -> Project:
    return unpack_item(Project, item)


def text_from_item(item: Item) -> PhaseText:
    return unpack_item(PhaseText, item)


def _new_id() -> str:
    return str(uuid.uuid4())


class ProjectService:
    def __init__(
        self, store: Store, templates: TemplateService, tokens: TokenService, limits: Limits
    ) -> None:
        self._store = store
        self._templates = templates
        self._tokens = tokens
        self._limits = limits

    # ------------------------------------------------------------ validation
    def _name(self, value: str, field: str) -> str:
        return validation.text(value, field, max_length=self._limits.name_length)

    def _optional_text(self, value: str | None, field: str) -> str | None:
        return validation.optional_text(value, field, max_length=self._limits.text_length)

    def _strings(self, values: Sequence[str], field: str, *, required: bool = False) -> list[str]:
        return validation.string_list(
            values,
            field,
            max_items=self._limits.list_items,
            max_length=self._limits.name_length if field == "disciplines" else self._limits.text_length,
            required=required,
        )

    def _team(self, members: Sequence[MemberSpec]) -> list[TeamMember]:
        if len(members) > self._limits.list_items:
            raise BadInputError(f"team holds more than {self._limits.list_items} members.", field="team")
        team = []
        for member in members:
            validation.number_range(member.allocation, "team.allocation", low=0, high=1)
            team.append(
                TeamMember(
                    name=self._name(member.name, "team.name"),
                    role=self._name(member.role, "team.role"),
                    email=validation.normalise_email(member.email, "team.email") if member.email else None,
                    allocation=member.allocation,
                )
            )
        return team

    def _weeks(self, weeks: int | None, field: str) -> int | None:
        if weeks is not None:
            validation.number_range(weeks, field, low=1, high=self._limits.duration_weeks_max)
        return weeks

    def _check_schedule(self, project: Project) -> None:
        for phase in project.phases:
            if len(phase.sprints) > phase_days(phase.duration_weeks):
                msg = f"Phase '{phase.name}' is too short for {len(phase.sprints)} sprints."
                raise BadInputError(msg, field="durationWeeks")

    def _task_numbers(self, hours: float | None, points: int | None) -> None:
        if hours is not None:
            validation.number_range(hours, "estimateHours", low=0, high=1_000)
        if points is not None:
            validation.number_range(points, "storyPoints", low=0, high=100)

    # ------------------------------------------------------------ creation
    def _build_phases(self, layout: Sequence[TemplatePhase | PhaseSpec]) -> list[Phase]:
        if not layout:
            raise BadInputError("A project needs at least one phase.", field="phases")
        if len(layout) > self._limits.phases_per_project:
            msg = f"A project holds at most {self._limits.phases_per_project} phases."
            raise BadInputError(msg, field="phases")
        phases: list[Phase] = []
        sprint_number = 0
        for spec in layout:
            weeks: int | None
            if isinstance(spec, TemplatePhase):
                name, description, weeks, count = (
                    spec.name,
                    spec.description,
                    spec.duration_weeks,
                    spec.sprint_count,
                )
            else:
                name = self._name(spec.name, "phases.name")
                description = self._optional_text(spec.description, "phases.description") or ""
                weeks = self._weeks(spec.duration_weeks, "phases.durationWeeks")
                count = DEFAULT_SPRINTS_PER_PHASE if spec.sprint_count is None else spec.sprint_count
                validation.number_range(
                    count, "phases.sprintCount", low=1, high=self._limits.sprints_per_phase
                )
            sprints = []
            for index in range(count):
                sprint_number += 1
                sprints.append(
                    Sprint(
                        id=_new_id(),
                        name=f"Sprint {sprint_number}",
                        goal=f"{name}: increment {index + 1} of {count}",
                    )
                )
            phases.append(
                Phase(id=_new_id(), name=name, description=description, duration_weeks=weeks, sprints=sprints)
            )
        return phases

    async def create(self, user: User, spec: NewProject) -> ProjectView:
        name = self._name(spec.name, "name")
        requirements = validation.text(
            spec.requirements, "requirements", max_length=self._limits.requirements_length
        )
        disciplines = self._strings(spec.disciplines, "disciplines", required=True)
        constraints = self._strings(spec.constraints, "constraints")
        team = self._team(spec.team)
        ops: list[WriteOp] = []
        layout: Sequence[TemplatePhase | PhaseSpec]
        if spec.template_id is not None:
            try:
                template = await self._templates.get(user, spec.template_id)
            except NotFoundError:
                raise NotFoundError("Template not found.", field="templateId") from None
            layout = template.phases
            ops.append(usage_increment(template.id))
        elif spec.phases is not None:
            layout = spec.phases
        else:
            layout = default_phases(disciplines)
        now = utcnow()
        project = Project(
            id=_new_id(),
            user_id=user.id,
            name=name,
            requirements=requirements,
            constraints=constraints,
            disciplines=disciplines,
            template_id=spec.template_id,
            start_date=spec.start_date or now.date(),
            team=team,
            phases=self._build_phases(layout),
            created_at=now,
            updated_at=now,
        )
        self._check_schedule(project)
        ops.insert(0, Put(PROJECTS.name, outline_item(project), NotExists()))
        await self._write(ops)
        return ProjectView(project, {})

    # ------------------------------------------------------------ reads
    async def get(self, user: User, project_id: str) -> ProjectView:
        """The whole project, content included, in one Query."""
        page = await self._guard(self._store.query(PROJECTS.name, project_id))
        return self._assemble(user.id, page.items)

    @staticmethod
    def _assemble(owner_id: str, items: Sequence[Item]) -> ProjectView:
        outline: Project | None = None
        texts: dict[str, PhaseText] = {}
        risks: dict[str, Item] = {}
        usage = AIUsage()
        for item in items:
            sk = str(item["sk"])
            if sk == OUTLINE_SK:
                outline = project_from_item(item)
            elif sk.startswith(CONTENT_PREFIX):
                texts[sk.removeprefix(CONTENT_PREFIX)] = text_from_item(item)
            elif sk.startswith(RISK_PREFIX):
                risks[sk] = item
            elif sk == USAGE_SK:
                usage = usage_from_item(item)
        if outline is None or outline.user_id != owner_id:
            raise NotFoundError(_NOT_FOUND)
        latest = risks.get(outline.latest_risk_sk or "")
        risk = risk_from_item(latest) if latest else None
        return ProjectView(outline, texts, risk, usage, loaded=True)

    async def risk_history(self, user: User, project_id: str) -> list[RiskAssessment]:
        """Every assessment, oldest first (earlier assessments are kept)."""
        page = await self._guard(self._store.query(PROJECTS.name, project_id))
        self._assemble(user.id, page.items)  # the ownership check
        return [risk_from_item(i) for i in page.items if str(i["sk"]).startswith(RISK_PREFIX)]

    async def find(self, user: User, project_id: str) -> ProjectView | None:
        try:
            return await self.get(user, project_id)
        except NotFoundError:
            return None

    async def list(
        self, user: User, limit: int | None, next_token: str | None
    ) -> tuple[list[ProjectView], str | None]:
        size = self._limits.page_size_default if limit is None else limit
        if not 1 <= size <= self._limits.page_size_max:
            msg = f"limit must be between 1 and {self._limits.page_size_max}."
            raise BadInputError(msg, field="limit")
        scope = f"projects:{user.id}"
        start = self._tokens.open_cursor(scope, next_token) if next_token else None
        page = await self._guard(
            self._store.query(
                PROJECTS.name, user.id, index="UserIdIndex", limit=size, start=start, forward=False
            )
        )
        views = [ProjectView(project_from_item(item)) for item in page.items]
        token = self._tokens.sign_cursor(scope, dict(page.next_key)) if page.next_key else None
        return views, token

    async def items_for(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item | None]:
        """Partition items by (projectId, sk), in one batch (the DataLoader's call)."""
        items = await self._guard(
            self._store.batch_get(PROJECTS.name, [{"id": p, "sk": sk} for p, sk in keys])
        )
        found = {(str(i["id"]), str(i["sk"])): i for i in items}
        return {key: found.get(key) for key in keys}

    # ------------------------------------------------------------ writes
    async def _guard(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except ConditionFailedError:
            raise
        except StoreError as exc:
            raise ServiceUnavailableError("Storage is busy; try again shortly.") from exc

    async def _write(self, ops: Sequence[WriteOp]) -> None:
        if len(ops) == 1 and isinstance(ops[0], Put):
            await self._guard(self._store.put(ops[0].table, ops[0].item, condition=ops[0].condition))
        else:
            await self._guard(self._store.transact(ops))

    async def _load_outline(self, owner_id: str, project_id: str) -> Project:
        item = await self._guard(self._store.get(PROJECTS.name, {"id": project_id, "sk": OUTLINE_SK}))
        project = project_from_item(item) if item else None
        if project is None or project.user_id != owner_id:
            raise NotFoundError(_NOT_FOUND)
        return project

    async def outline(self, owner_id: str, project_id: str) -> Project:
        """The outline alone (what a generation job reads before it writes)."""
        return await self._load_outline(owner_id, project_id)

    async def _mutate(
        self,
        user: User | str,
        project_id: str,
        change: Callable[[_Draft], Awaitable[T]],
        *,
        expected_version: int | None = None,
    ) -> tuple[ProjectView, T]:
        """Read, apply `change`, write under the version condition; retry on a race."""
        owner_id = user if isinstance(user, str) else user.id
        for _ in range(_WRITE_ATTEMPTS):
            current = await self._load_outline(owner_id, project_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(
                    f"The project changed (version {current.version}); reload and try again.",
                    field="expectedVersion",
                )

            async def load_text(phase_id: str) -> PhaseText:
                item = await self._guard(self._store.get(PROJECTS.name, content_key(project_id, phase_id)))
                return text_from_item(item) if item else PhaseText()

            draft = _Draft(current.model_copy(deep=True), load_text)
            result = await change(draft)
            project = draft.project
            self._check_schedule(project)
            for phase in project.phases:
                phase.has_text = phase.has_text or phase.id in draft.touched
            project.version = current.version + 1
            project.updated_at = utcnow()
            ops: list[WriteOp] = [
                Put(PROJECTS.name, outline_item(project), AttrEquals("version", current.version))
            ]
            ops += [
                Put(PROJECTS.name, content_item(project_id, phase_id, text))
                for phase_id, text in draft.touched.items()
            ]
            ops += draft.extra
            try:
                await self._write(ops)
            except ConditionFailedError:
                if expected_version is not None:
                    raise ConflictError(
                        "The project changed while saving; reload and try again.",
                        field="expectedVersion",
                    ) from None
                continue
            return ProjectView(project, None), result
        raise ConflictError("The project is being changed by many requests at once; try again.")

    async def update(self, user: User, project_id: str, changes: ProjectChanges) -> ProjectView:
        values: dict[str, object] = {}
        if changes.name is not None:
            values["name"] = self._name(changes.name, "name")
        if changes.requirements is not None:
            values["requirements"] = validation.text(
                changes.requirements, "requirements", max_length=self._limits.requirements_length
            )
        if changes.constraints is not None:
            values["constraints"] = self._strings(changes.constraints, "constraints")
        if changes.disciplines is not None:
            values["disciplines"] = self._strings(changes.disciplines, "disciplines", required=True)
        if changes.status is not None:
            values["status"] = changes.status
        if changes.start_date is not None:
            values["start_date"] = changes.start_date
        if changes.team is not None:
            values["team"] = self._team(changes.team)

        async def apply(draft: _Draft) -> None:
            for name, value in values.items():
                setattr(draft.project, name, value)

        view, _ = await self._mutate(user, project_id, apply, expected_version=changes.expected_version)
        return view

    async def delete(self, user: User, project_id: str) -> bool:
        """Remove the outline first (so no writer can resurrect it), then its content."""
        await self._load_outline(user.id, project_id)
        try:
            await self._guard(
                self._store.delete(
                    PROJECTS.name,
                    {"id": project_id, "sk": OUTLINE_SK},
                    condition=AttrEquals("userId", user.id),
                )
            )
        except ConditionFailedError:
            raise NotFoundError(_NOT_FOUND) from None
        page = await self._guard(self._store.query(PROJECTS.name, project_id))
        keys = [{"id": item["id"], "sk": item["sk"]} for item in page.items]
        if keys:
            await self._guard(self._store.delete_many(PROJECTS.name, keys))
        return True

    async def update_phase(
        self, user: User, project_id: str, phase_id: str, changes: PhaseChanges
    ) -> tuple[ProjectView, Phase]:
        name = self._name(changes.name, "name") if changes.name is not None else None
        description = self._optional_text(changes.description, "description")
        weeks = self._weeks(changes.duration_weeks, "durationWeeks")

        async def apply(draft: _Draft) -> Phase:
            phase = draft.project.find_phase(phase_id)
            if phase is None:
                raise NotFoundError("Phase not found.", field="phaseId")
            if name is not None:
                phase.name = name
            if changes.description is not None:
                phase.description = description or ""
            if changes.status is not None:
                phase.status = changes.status
            if weeks is not None:
                phase.duration_weeks = weeks
            return phase

        return await self._mutate(user, project_id, apply)

    async def update_sprint(
        self, user: User, project_id: str, phase_id: str, sprint_id: str, changes: SprintChanges
    ) -> tuple[ProjectView, Phase, Sprint]:
        name = self._name(changes.name, "name") if changes.name is not None else None
        goal = self._optional_text(changes.goal, "goal")

        async def apply(draft: _Draft) -> tuple[Phase, Sprint]:
            phase, sprint = _find_sprint(draft.project, phase_id, sprint_id)
            if name is not None:
                sprint.name = name
            if changes.goal is not None:
                sprint.goal = goal or ""
            if changes.status is not None:
                sprint.status = changes.status
            return phase, sprint

        view, (phase, sprint) = await self._mutate(user, project_id, apply)
        return view, phase, sprint

    async def add_task(
        self, user: User, project_id: str, phase_id: str, sprint_id: str, spec: TaskSpec
    ) -> tuple[ProjectView, Task, str]:
        title = self._name(spec.title, "title")
        description = self._optional_text(spec.description, "description")
        discipline = validation.optional_text(
            spec.discipline, "discipline", max_length=self._limits.name_length
        )
        role = validation.optional_text(spec.role, "role", max_length=self._limits.name_length)
        self._task_numbers(spec.estimate_hours, spec.story_points)
        now = utcnow()

        async def apply(draft: _Draft) -> Task:
            _, sprint = _find_sprint(draft.project, phase_id, sprint_id)
            if len(sprint.tasks) >= self._limits.tasks_per_sprint:
                msg = f"A sprint holds at most {self._limits.tasks_per_sprint} tasks."
                raise BadInputError(msg, field="sprintId")
            task = Task(
                id=_new_id(),
                title=title,
                discipline=discipline,
                role=role,
                estimate_hours=spec.estimate_hours,
                story_points=spec.story_points,
                status=spec.status,
                completed_at=now if spec.status == WorkStatus.DONE else None,
            )
            sprint.tasks.append(task)
            if description:
                (await draft.text(phase_id)).task_descriptions[task.id] = description
            return task

        view, task = await self._mutate(user, project_id, apply)
        return view, task, description or ""

    def _task_fields(self, changes: TaskChanges) -> dict[str, object]:
        """The validated plain-field changes of an UpdateTaskInput (only those given)."""
        limit = self._limits.name_length
        self._task_numbers(changes.estimate_hours, changes.story_points)
        fields: dict[str, object] = {}
        if changes.title is not None:
            fields["title"] = self._name(changes.title, "title")
        for name in ("role", "discipline"):
            value = getattr(changes, name)
            if value is not None:  # an empty string clears it
                fields[name] = validation.optional_text(value, name, max_length=limit)
        for name in ("estimate_hours", "story_points"):
            if getattr(changes, name) is not None:
                fields[name] = getattr(changes, name)
        return fields

    async def update_task(
        self, user: User, project_id: str, task_id: str, changes: TaskChanges
    ) -> tuple[ProjectView, Task, str | None]:
        """Returns the task and its new description (None when the description is unchanged)."""
        fields = self._task_fields(changes)
        description = self._optional_text(changes.description, "description")

        async def apply(draft: _Draft) -> Task:
            found = draft.project.find_task(task_id)
            if found is None:
                raise NotFoundError("Task not found.", field="taskId")
            phase, _, task = found
            for name, value in fields.items():
                setattr(task, name, value)
            if changes.status is not None and changes.status != task.status:
                task.status = changes.status
                task.completed_at = utcnow() if changes.status == WorkStatus.DONE else None
            if changes.description is not None:
                descriptions = (await draft.text(phase.id)).task_descriptions
                if description:
                    descriptions[task.id] = description
                else:
                    descriptions.pop(task.id, None)
            return task

        view, task = await self._mutate(user, project_id, apply)
        new_description = (description or "") if changes.description is not None else None
        return view, task, new_description

    async def delete_task(self, user: User, project_id: str, task_id: str) -> bool:
        async def apply(draft: _Draft) -> None:
            found = draft.project.find_task(task_id)
            if found is None:
                raise NotFoundError("Task not found.", field="taskId")
            phase, sprint, task = found
            sprint.tasks.remove(task)
            text = await draft.text(phase.id)
            if text.task_descriptions.pop(task.id, None) is None:
                draft.touched.pop(phase.id)  # nothing to rewrite

        await self._mutate(user, project_id, apply)
        return True

    # ------------------------------------------------------------ generation results
    async def apply_phase_plan(
        self, owner_id: str, project_id: str, phase_id: str, content: PhaseContent, info: GenerationInfo
    ) -> tuple[ProjectView, Phase]:
        async def apply(draft: _Draft) -> Phase:
            phase = draft.project.find_phase(phase_id)
            if phase is None:
                raise NotFoundError("Phase not found.", field="phaseId")
            (await draft.text(phase_id)).phase = content
            phase.generation = info
            return phase

        return await self._mutate(owner_id, project_id, apply)

    async def apply_sprint_plan(
        self,
        owner_id: str,
        project_id: str,
        phase_id: str,
        sprint_id: str,
        plan: GeneratedSprint,
        info: GenerationInfo,
    ) -> tuple[ProjectView, Phase, Sprint]:
        """Write a generated sprint without throwing away what the user did.

        A new task whose title matches an existing one (case-insensitive) takes that
        task's id, and its status and completedAt when the user moved it past
        NOT_STARTED. Tasks the user added by hand stay. Earlier AI tasks that the new
        plan drops are removed only while NOT_STARTED; started work stays.
        """

        async def apply(draft: _Draft) -> tuple[Phase, Sprint]:
            phase, sprint = _find_sprint(draft.project, phase_id, sprint_id)
            text = await draft.text(phase_id)
            old = {t.title.casefold(): t for t in sprint.tasks}
            merged: list[Task] = []
            for spec in plan.tasks:
                previous = old.pop(spec.title.casefold(), None)
                task = Task(
                    id=previous.id if previous else _new_id(),
                    title=spec.title,
                    discipline=spec.discipline,
                    role=spec.role,
                    estimate_hours=spec.estimate_hours,
                    story_points=spec.story_points,
                    generated=True,
                )
                if previous and previous.status != WorkStatus.NOT_STARTED:
                    task.status, task.completed_at = previous.status, previous.completed_at
                text.task_descriptions[task.id] = spec.description
                merged.append(task)
            for leftover in old.values():
                if not leftover.generated or leftover.status != WorkStatus.NOT_STARTED:
                    merged.append(leftover)
                else:
                    text.task_descriptions.pop(leftover.id, None)
            sprint.tasks = merged[: self._limits.tasks_per_sprint]
            sprint.goal = plan.goal
            sprint.generation = info
            text.sprints[sprint_id] = plan.content
            return phase, sprint

        view, (phase, sprint) = await self._mutate(owner_id, project_id, apply)
        return view, phase, sprint

    async def save_risk_assessment(self, owner_id: str, assessment: RiskAssessment) -> RiskAssessment:
        """Store a new assessment and make it the project's latest; earlier ones stay."""
        sk = f"{RISK_PREFIX}{iso(assessment.created_at)}#{assessment.id}"

        async def apply(draft: _Draft) -> None:
            phase_ids = {p.id for p in draft.project.phases}
            for risk in assessment.risks:
                if risk.phase_id not in phase_ids:
                    risk.phase_id = None
            draft.project.latest_risk_sk = sk
            draft.extra.append(
                Put(PROJECTS.name, {"id": assessment.project_id, "sk": sk, "data": pack(assessment)})
            )

        await self._mutate(owner_id, assessment.project_id, apply)
        return assessment

    async def record_usage(self, project_id: str, usage: UsageDelta) -> None:
        """Count one AI call for the project, atomically; never for a deleted project."""
        increments: dict[str, int | float] = {
            "requests": 1,
            "cache_hits": int(usage.cached),
            "failovers": usage.failovers,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cost_usd": round(usage.cost_usd * MICRO),
            "saved_usd": round(usage.saved_usd * MICRO),
        }
        prefix = usage.engine.value
        if not usage.cached:
            increments |= {
                f"{prefix}.requests": 1,
                f"{prefix}.input_tokens": usage.input_tokens,
                f"{prefix}.output_tokens": usage.output_tokens,
                f"{prefix}.cost_usd": round(usage.cost_usd * MICRO),
            }
        try:
            await self._guard(
                self._store.transact(
                    [
                        Check(PROJECTS.name, {"id": project_id, "sk": OUTLINE_SK}, Exists()),
                        Update(PROJECTS.name, {"id": project_id, "sk": USAGE_SK}, increments=increments),
                    ]
                )
            )
        except ConditionFailedError:
            return  # the project is gone: nothing to count against


@dataclass(frozen=True, slots=True)
class GeneratedTask:
    title: str
    description: str
    discipline: str | None
    role: str | None
    estimate_hours: float
    story_points: int


@dataclass(frozen=True, slots=True)
class GeneratedSprint:
    goal: str
    content: SprintContent
    tasks: Sequence[GeneratedTask]


@dataclass(frozen=True, slots=True)
class UsageDelta:
    engine: AIEngine
    cached: bool
    failovers: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    saved_usd: float = 0.0


def _find_sprint(project: Project, phase_id: str, sprint_id: str) -> tuple[Phase, Sprint]:
    phase = project.find_phase(phase_id)
    if phase is None:
        raise NotFoundError("Phase not found.", field="phaseId")
    sprint = next((s for s in phase.sprints if s.id == sprint_id), None)
    if sprint is None:
        raise NotFoundError("Sprint not found.", field="sprintId")
    return phase, sprint

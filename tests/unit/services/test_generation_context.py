"""The plan around each AI task, built from a plan whose figures are worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from graphql_api.ai.meta import GenerationInfo
from graphql_api.core.enums import AIEngine, RiskStatus, WorkStatus
from graphql_api.services.generation.context import phase_context, risk_context, sprint_context
from graphql_api.services.models import (
    Deliverable,
    Milestone,
    Phase,
    PhaseContent,
    PhaseText,
    Project,
    Risk,
    RiskAssessment,
    Sprint,
    Task,
    TeamMember,
)

NOW = datetime(2027, 1, 1, tzinfo=UTC)
ROOMY = 100_000


def task(
    title: str, hours: float, status: WorkStatus = WorkStatus.NOT_STARTED, *, generated: bool = True
) -> Task:
    return Task(id=title, title=title, estimate_hours=hours, status=status, generated=generated)


def plan() -> tuple[Project, dict[str, PhaseText]]:
    """Design: 2 weeks, 2 sprints from Mon 2027-01-04; Build: 4 weeks, 2 sprints from 2027-01-18."""
    design = Phase(
        id="design",
        name="Design",
        duration_weeks=2,
        sprints=[
            Sprint(id="d1", name="D1", tasks=[task("Survey the river bed", 24, WorkStatus.DONE)]),
            Sprint(id="d2", name="D2", tasks=[task("Size the piers", 40)]),
        ],
    )
    build = Phase(
        id="build",
        name="Build",
        duration_weeks=4,
        sprints=[
            Sprint(id="b1", name="B1", tasks=[task("Drive sheet piles", 60, WorkStatus.IN_PROGRESS)]),
            Sprint(
                id="b2",
                name="B2",
                tasks=[
                    task("Order bearings", 4, generated=False),  # hand-made: kept
                    task("Set out piers", 8, WorkStatus.DONE),  # finished: kept
                    task("Paint rails", 16),  # AI-written, unstarted: replaced
                ],
            ),
        ],
    )
    project = Project(
        id="p",
        user_id="u",
        name="Footbridge",
        requirements="A 40 m footbridge.",
        start_date=date(2027, 1, 4),
        team=[
            TeamMember(name="Ana", role="Structural engineer", allocation=1.0),
            TeamMember(name="Bo", role="Site engineer", allocation=0.5),
        ],
        phases=[design, build],
        created_at=NOW,
        updated_at=NOW,
    )
    texts = {
        "design": PhaseText(
            phase=PhaseContent(
                summary="Design the piers and deck.",
                deliverables=[Deliverable(name="Pier drawings", description="IFC drawings")],
            )
        ),
        "build": PhaseText(
            phase=PhaseContent(
                summary="Build the piers.",
                objectives=["Piers built to tolerance"],
                deliverables=[Deliverable(name="Pier as-built survey", description="Survey")],
                milestones=[Milestone(name="Piers complete", week=3, criteria="Signed off")],
            )
        ),
    }
    return project, texts


def test_a_sprint_sees_its_phase_the_work_around_it_its_dates_and_the_team() -> None:
    project, texts = plan()
    build = project.phases[1]
    context = sprint_context(project, texts, build, build.sprints[1], ROOMY)
    assert (context.start, context.end) == (date(2027, 2, 1), date(2027, 2, 14))
    # 10 weekdays x 8 h x (1.0 + 0.5) allocations
    assert context.capacity_hours == 120
    assert [(r.role, r.allocation) for r in context.team] == [
        ("Structural engineer", 1.0),
        ("Site engineer", 0.5),
    ]
    assert context.phase_objectives == ["Piers built to tolerance"]
    assert context.phase_deliverables == ["Pier as-built survey"]
    assert context.phase_milestones == ["Piers complete (week 3)"]
    assert [(w.phase, w.sprint, [t.title for t in w.tasks]) for w in context.other_sprints] == [
        ("Design", "D1", ["Survey the river bed"]),
        ("Design", "D2", ["Size the piers"]),
        ("Build", "B1", ["Drive sheet piles"]),
    ]
    assert context.other_sprints[0].tasks[0].status == "DONE"
    assert [(t.title, t.status, t.hours) for t in context.kept_tasks] == [
        ("Order bearings", "NOT_STARTED", 4),
        ("Set out piers", "DONE", 8),
    ]
    assert context.left_out == 0


def test_a_sprint_sees_the_later_sprints_of_its_own_phase_but_not_of_later_phases() -> None:
    project, texts = plan()
    design = project.phases[0]
    context = sprint_context(project, texts, design, design.sprints[0], ROOMY)
    assert [w.sprint for w in context.other_sprints] == ["D2"]  # its phase's other sprint; Build is later


def test_the_budget_drops_other_phases_oldest_first_and_says_how_many() -> None:
    project, texts = plan()
    build = project.phases[1]
    whole = sprint_context(project, texts, build, build.sprints[1], ROOMY)
    without_design = whole.model_copy(update={"other_sprints": whole.other_sprints[2:]})
    budget = len(without_design.model_dump_json(exclude_none=True)) + 5  # room for the count
    trimmed = sprint_context(project, texts, build, build.sprints[1], budget)
    assert [w.sprint for w in trimmed.other_sprints] == ["B1"]  # its own phase's sprint stays longest
    assert trimmed.left_out == 2
    assert trimmed.kept_tasks == whole.kept_tasks  # the target is never trimmed
    tiny = sprint_context(project, texts, build, build.sprints[1], 10)
    assert (tiny.other_sprints, tiny.left_out) == ([], 3)


def test_no_team_means_no_capacity_to_check_against() -> None:
    project, texts = plan()
    project.team = []
    build = project.phases[1]
    assert sprint_context(project, texts, build, build.sprints[0], ROOMY).capacity_hours is None


def test_a_phase_sees_its_dates_links_neighbours_and_what_earlier_phases_deliver() -> None:
    project, texts = plan()
    context = phase_context(project, texts, project.phases[1], ROOMY)
    assert (context.start, context.end, context.critical) == (date(2027, 1, 18), date(2027, 2, 14), True)
    assert context.depends_on == ["finish-to-start on 'Design', lag 0 days"]
    assert context.previous is not None
    assert (context.previous.name, context.previous.start, context.previous.end) == (
        "Design",
        date(2027, 1, 4),
        date(2027, 1, 17),
    )
    assert context.previous.summary == "Design the piers and deck."
    assert context.next is None
    assert context.earlier_deliverables == ["Pier drawings (Design)"]


def test_a_risk_assessment_sees_the_schedule_the_work_and_the_open_register() -> None:
    project, _ = plan()

    def risk(title: str, status: RiskStatus, owner: str | None = None) -> Risk:
        return Risk(
            id=title, title=title, description="d", category="c", likelihood=2, impact=3,
            mitigation="m", status=status, owner=owner,
        )  # fmt: skip

    register = RiskAssessment(
        id="a",
        project_id="p",
        summary="s",
        risks=[
            risk("Scour at the piers", RiskStatus.MITIGATING, "Lead structural engineer"),
            risk("Late steel", RiskStatus.CLOSED),
            risk("Flood season", RiskStatus.OPEN),
        ],
        generation=GenerationInfo(engine=AIEngine.LOCAL, model="m", cached=False, generated_at=NOW),
        created_at=NOW,
    )
    context = risk_context(project, register, ROOMY)
    assert [(p.name, p.start, p.end, p.critical) for p in context.phases] == [
        ("Design", date(2027, 1, 4), date(2027, 1, 17), True),
        ("Build", date(2027, 1, 18), date(2027, 2, 14), True),
    ]
    assert context.phases[1].tasks == ["Drive sheet piles", "Order bearings", "Set out piers", "Paint rails"]
    assert [(r.title, r.status, r.owner) for r in context.open_risks] == [
        ("Scour at the piers", "MITIGATING", "Lead structural engineer"),
        ("Flood season", "OPEN", None),
    ]
    trimmed = risk_context(project, register, 400)
    assert trimmed.left_out > 0
    assert len(trimmed.open_risks) == 2  # the register is what an update must see


def test_a_new_assessment_updates_the_register_rather_than_starting_over() -> None:
    from graphql_api.ai.meta import Meta
    from graphql_api.ai.outputs import RiskDraft, RiskOut
    from graphql_api.services.generation.briefs import risk_assessment

    project, _ = plan()
    decided = Risk(
        id="r1", title="Scour at the piers", description="d", category="c", likelihood=3, impact=4,
        mitigation="m", status=RiskStatus.MITIGATING, owner="Ana (structural)",
    )  # fmt: skip
    register = RiskAssessment(
        id="a",
        project_id="p",
        summary="s",
        risks=[decided],
        generation=GenerationInfo(engine=AIEngine.LOCAL, model="m", cached=False, generated_at=NOW),
        created_at=NOW,
    )

    def out(title: str, owner: str) -> RiskOut:
        return RiskOut(title=title, description="new", category="Site", likelihood=4, impact=4,
                       mitigation="new", owner=owner, phase="Build")  # fmt: skip

    draft = RiskDraft(
        summary="s", risks=[out("scour at the  PIERS", "Hydrologist"), out("Late steel", "Buyer")]
    )
    meta = Meta(engine=AIEngine.LOCAL, model="m", cached=False, generated_at=NOW)
    updated = risk_assessment(draft, project, meta, register)
    still, new = updated.risks
    assert (still.id, still.status, still.owner) == ("r1", RiskStatus.MITIGATING, "Ana (structural)")
    assert (still.likelihood, still.phase_id) == (4, "build")  # the assessment itself is the new one
    assert (new.status, new.owner) == (RiskStatus.OPEN, "Buyer")
    assert new.id != "r1"

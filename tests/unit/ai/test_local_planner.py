"""The offline planner: valid, non-empty and in each discipline's own terms."""

from __future__ import annotations

import pytest

from graphql_api.ai import local
from graphql_api.ai.outputs import PhasePlan, RiskDraft, SprintPlan, TemplateDraft
from graphql_api.ai.requests import PhaseRequest, ProjectBrief, RiskRequest, SprintRequest, TemplateRequest
from graphql_api.services.templates.builtin import builtin_templates

# Words a plan for each built-in's disciplines must use; generic filler would not.
VOCABULARY = {
    "builtin-software-product": ["API", "CI"],
    "builtin-embedded-product": ["PCB", "firmware"],
    "builtin-civil-construction": ["borehole", "drainage"],
    "builtin-mechanical-design": ["FEA", "tolerance"],
    "builtin-data-ml-platform": ["pipeline", "model"],
    "builtin-systems-engineering": ["interface", "requirement"],
}


def brief(disciplines: list[str], constraints: list[str] | None = None) -> ProjectBrief:
    return ProjectBrief(
        name="Project X",
        requirements="Deliver the thing. With care.",
        constraints=constraints or [],
        disciplines=disciplines,
    )


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_every_task_reads_as_the_templates_disciplines(template) -> None:
    project = brief(template.disciplines, ["Budget 2M"])
    phase = template.phases[0]
    plan = local.phase_plan(
        PhaseRequest(
            project=project, phase_name=phase.name, duration_weeks=phase.duration_weeks, phase_count=6
        )
    )
    count = len(template.phases)
    sprints = [
        local.sprint_plan(
            SprintRequest(
                project=project, phase_name=p.name, phase_index=n, phase_count=count, sprint_name="Sprint 1"
            )
        )
        for n, p in enumerate(template.phases, start=1)
    ]
    sprint = sprints[0]
    risks = local.risk_draft(RiskRequest(project=project, phases=[p.name for p in template.phases]))
    draft = local.template_draft(
        TemplateRequest(description=template.description, disciplines=template.disciplines)
    )
    for model, value in ((PhasePlan, plan), (SprintPlan, sprint), (RiskDraft, risks), (TemplateDraft, draft)):
        assert model.model_validate(value.model_dump()) == value  # valid against its own schema
    text = " ".join(v.model_dump_json() for v in (plan, *sprints, risks, draft)).lower()
    for word in VOCABULARY[template.id]:
        assert word.lower() in text, word
    assert "Project X" in plan.summary
    assert any("Budget 2M" in o for o in plan.objectives)
    # every task is one of the template's disciplines, the brief's own scope, or a plan around a constraint
    assert all({t.discipline for t in s.tasks if t.discipline} <= set(template.disciplines) for s in sprints)
    assert all(
        t.title.startswith("Plan around: ") or "the brief asks for" in t.description
        for s in sprints
        for t in s.tasks
        if not t.discipline
    )
    assert len({tuple(t.title for t in s.tasks) for s in sprints}) > 1  # the work changes along the lifecycle
    assert all(
        r.phase in {p.name for p in template.phases} for r in risks.risks if r.category != "Constraint"
    )
    assert any(r.category == "Constraint" for r in risks.risks)


def test_civil_plans_name_civil_roles_and_risks() -> None:
    project = brief(["civil"])
    plan = local.phase_plan(PhaseRequest(project=project, phase_name="Construction", duration_weeks=24))
    assert plan.roles[0].role == "Lead civil engineer"
    assert any("Utility strikes" in r or "ground" in r.lower() for r in plan.risks)
    assert [m.week for m in plan.milestones] == [1, 12, 24]


def test_plans_are_deterministic_and_sprints_vary() -> None:
    project = brief(["software"])
    a = local.sprint_plan(
        SprintRequest(project=project, phase_name="Build", sprint_name="S1", sprint_index=1, sprint_count=2)
    )
    b = local.sprint_plan(
        SprintRequest(project=project, phase_name="Build", sprint_name="S1", sprint_index=1, sprint_count=2)
    )
    c = local.sprint_plan(
        SprintRequest(project=project, phase_name="Build", sprint_name="S2", sprint_index=2, sprint_count=2)
    )
    assert a == b
    assert [t.title for t in a.tasks] != [t.title for t in c.tasks]


def test_unknown_disciplines_fall_back_to_general_engineering() -> None:
    plan = local.phase_plan(PhaseRequest(project=brief(["acoustics"]), phase_name="Design"))
    assert plan.roles[0].role == "Project engineer"


def test_each_lifecycle_stage_plans_its_own_work() -> None:
    project = brief(["civil"])
    titles = {
        phase: [
            t.title
            for t in local.sprint_plan(
                SprintRequest(
                    project=project, phase_name=phase, phase_index=n, phase_count=6, sprint_name="S"
                )
            ).tasks
        ]
        for n, phase in (
            (1, "Feasibility & site investigation"),
            (3, "Detailed design"),
            (5, "Construction"),
            (6, "Commissioning & handover"),
        )
    }
    assert "Topographic survey of the site" in titles["Feasibility & site investigation"]
    assert "Drainage design calculations" in titles["Detailed design"]
    assert "Traffic management plan" in titles["Construction"]
    assert "Snagging walk-down" in titles["Commissioning & handover"]
    assert "Topographic survey of the site" not in titles["Commissioning & handover"]
    # A phase whose name says nothing gets its stage from its place in the project.
    unnamed = [
        t.title
        for t in local.sprint_plan(
            SprintRequest(
                project=project, phase_name="Phase 6", phase_index=6, phase_count=6, sprint_name="S"
            )
        ).tasks
    ]
    assert unnamed == titles["Commissioning & handover"]


def test_the_team_s_own_roles_every_constraint_and_the_instructions_are_used() -> None:
    from graphql_api.ai import local
    from graphql_api.ai.requests import PhaseRequest, ProjectBrief, RiskRequest, SprintRequest

    constraints = [
        "No river works during the salmon spawning season from October to December",
        "Road closures only at weekends",
        "Budget capped at 2.1 million euros",
        "Steel from certified mills only",
    ]
    brief = ProjectBrief(
        name="Footbridge",
        requirements="A 40 m footbridge over the river.",
        constraints=constraints,
        disciplines=["civil", "structural"],
        team_roles=["Bridge structural engineer (Ana)", "Site manager"],
    )
    sprint = local.sprint_plan(
        SprintRequest(
            project=brief,
            phase_name="Detailed design",
            sprint_name="Sprint 1",
            instructions="Prefer precast decks",
        )
    )
    structural = [t for t in sprint.tasks if t.discipline == "structural"]
    assert structural
    assert {t.role for t in structural} == {"Bridge structural engineer (Ana)"}  # the team's own role
    assert "Prefer precast decks" in sprint.summary
    phase = local.phase_plan(
        PhaseRequest(project=brief, phase_name="Detailed design", instructions="Prefer precast decks")
    )
    assert all(any(c in o for o in phase.objectives) for c in constraints)
    assert any("Prefer precast decks" in o for o in phase.objectives)
    risks = local.risk_draft(RiskRequest(project=brief, phases=["Design", "Build"]))
    constraint_risks = [r for r in risks.risks if r.category == "Constraint"]
    assert len(constraint_risks) == len(constraints)  # every constraint, not the first three
    for risk in constraint_risks:
        assert len(risk.title) <= len("Constraint breached: ") + 80
        body = risk.title.removeprefix("Constraint breached: ").removesuffix("…")
        assert any(
            c.startswith(body) and (c == body or c[len(body)] == " ") for c in constraints
        )  # never mid-word


def test_shorten_cuts_at_a_word_boundary() -> None:
    from graphql_api.ai.local import shorten

    assert shorten("short", 80) == "short"
    assert shorten("No river works during the salmon spawning season", 30) == "No river works during the…"
    assert shorten("Supercalifragilisticexpialidocious", 10) == "Supercali…"


def test_risks_sit_in_the_phase_of_their_stage_and_unknown_disciplines_plan_nothing_twice() -> None:
    from graphql_api.ai import local
    from graphql_api.ai.requests import ProjectBrief, RiskRequest, SprintRequest

    civil = ProjectBrief(name="Footbridge", requirements="A footbridge.", disciplines=["civil"])
    draft = local.risk_draft(
        RiskRequest(project=civil, phases=["Detailed design", "Construction", "Handover"])
    )
    phase_of = {r.title: r.phase for r in draft.risks}
    assert phase_of["Weather delays to earthworks"] == "Construction"  # not round-robin onto design
    assert phase_of["Unforeseen ground conditions"] == "Construction"

    odd = ProjectBrief(
        name="Pump", requirements="An infusion pump.", disciplines=["basket weaving", "astrology"]
    )
    sprint = local.sprint_plan(SprintRequest(project=odd, phase_name="Design", sprint_name="Sprint 1"))
    titles = [t.title for t in sprint.tasks]
    assert len(titles) == len(set(titles))


def test_a_phase_is_placed_by_every_word_it_uses_and_ties_go_to_its_position() -> None:
    from graphql_api.ai.knowledge import stage_of
    from graphql_api.catalogue import Stage

    # The first keyword ("design") used to win; the phase is regulatory hand-over work.
    assert stage_of("510(k) submission & design transfer", 5, 6) == Stage.VERIFY
    # "permit" (define) and "procure" (build) tie: the second of five phases is early work.
    assert stage_of("Permitting & procurement", 2, 5) == Stage.DEFINE
    assert stage_of("Permitting & procurement", 4, 5) == Stage.BUILD
    assert stage_of("Cut-over and decommissioning", 4, 4) == Stage.VERIFY
    assert stage_of("Phase B", 1, 4) == Stage.DEFINE  # no word at all: its position
    assert stage_of("Phase C", 1, 4, description="Fabrication and construction of the deck") == Stage.BUILD


def test_users_words_find_their_discipline() -> None:
    from graphql_api.ai.knowledge import discipline

    found = {word: discipline(word).name for word in (
        "Embedded", "embedded software", "Firmware", "permits", "Environmental permitting", "Data migration",
        "medical devices", "Regulatory", "cyber-security", "Cybersecurity", "structural engineering", "knitting",
    )}  # fmt: skip
    assert found == {
        "Embedded": "firmware",
        "embedded software": "firmware",
        "Firmware": "firmware",
        "permits": "environmental",
        "Environmental permitting": "environmental",
        "Data migration": "migration",
        "medical devices": "regulatory",
        "Regulatory": "regulatory",
        "cyber-security": "security",  # by its word "security"
        "Cybersecurity": "security",
        "structural engineering": "structural",
        "knitting": "engineering",
    }


def test_an_infusion_pump_and_a_data_migration_get_their_own_work() -> None:
    from graphql_api.ai import local
    from graphql_api.ai.requests import ProjectBrief, SprintRequest

    def work(disciplines: list[str], phases: list[str]) -> str:
        brief = ProjectBrief(name="P", requirements="R", disciplines=disciplines)
        titles = []
        for index, phase in enumerate(phases, start=1):
            for sprint in (1, 2):
                request = SprintRequest(
                    project=brief, phase_name=phase, phase_index=index, phase_count=len(phases),
                    sprint_name=f"S{sprint}", sprint_index=sprint, sprint_count=2,
                )  # fmt: skip
                titles += [t.title for t in local.sprint_plan(request).tasks]
        return " | ".join(titles)

    pump = work(
        ["embedded", "regulatory", "software"],
        ["Requirements", "Design", "Verification", "510(k) submission"],
    )
    for topic in ("IEC 62304", "ISO 14971", "IEC 62366", "510(k)"):
        assert topic in pump, topic
    migration = work(["data migration"], ["Discovery", "Mapping design", "Build", "Cut-over"])
    for topic in ("inventory", "mapping", "Conversion", "Parallel run", "Cut-over and decommissioning"):
        assert topic.lower() in migration.lower(), topic


def test_work_is_spread_over_a_phase_s_sprints_in_order_never_copied() -> None:
    project = brief(["civil"])

    def titles(count: int) -> list[list[str]]:
        return [
            [t.title for t in local.sprint_plan(
                SprintRequest(project=project, phase_name="Construction", sprint_name=f"S{i}", sprint_index=i,
                              sprint_count=count)
            ).tasks]
            for i in range(1, count + 1)
        ]  # fmt: skip

    two = titles(2)
    assert two[0] != two[1]
    five = titles(5)
    flat = [t for sprint in five for t in sprint]
    assert all(five)  # every sprint has work
    assert not any("(part " in t for t in flat)  # an item is named by what it is, never "part 1 of 2"


def test_estimates_scale_with_the_brief_and_say_why() -> None:
    small = local.sprint_plan(
        SprintRequest(project=brief(["civil"]), phase_name="Construction", sprint_name="S1", sprint_count=1)
    )
    large = local.sprint_plan(
        SprintRequest(
            project=ProjectBrief(name="X", requirements="A major multi-site upgrade.", disciplines=["civil"]),
            phase_name="Construction",
            sprint_name="S1",
            sprint_count=1,
        )
    )
    catalogue_small = [t.estimate_hours * 1.5 for t in small.tasks if t.discipline]
    assert catalogue_small == [t.estimate_hours for t in large.tasks if t.discipline]
    assert all("x1.5 as the brief says 'multi-site'" in t.description for t in large.tasks)
    assert all("Estimate " in t.description for t in small.tasks)


def test_a_constraint_is_planned_around_in_the_phase_it_concerns() -> None:
    project = brief(["civil"], ["No river works during the salmon spawning season"])
    construction = local.sprint_plan(
        SprintRequest(
            project=project, phase_name="Construction", phase_index=3, phase_count=4, sprint_name="S1"
        )
    )
    design = local.sprint_plan(
        SprintRequest(
            project=project, phase_name="Detailed design", phase_index=2, phase_count=4, sprint_name="S1"
        )
    )
    assert any(t.title.startswith("Plan around: No river works") for t in construction.tasks)
    assert not any(t.title.startswith("Plan around") for t in design.tasks)
    risks = local.risk_draft(RiskRequest(project=project, phases=["Detailed design", "Construction"]))
    (risk,) = [r for r in risks.risks if r.category == "Constraint"]
    assert risk.phase == "Construction"

"""The plan's checks on an answer, and the fixes made without the engine."""

from __future__ import annotations

from graphql_api.ai.checks import fix_risks, fix_sprint, risk_problems, sprint_problems
from graphql_api.ai.outputs import RiskDraft, RiskOut, SprintPlan, TaskOut
from graphql_api.ai.requests import SprintContext, SprintWork, TaskLine, TeamRole


def plan(*tasks: tuple[str, float, str | None]) -> SprintPlan:
    return SprintPlan(
        goal="g",
        summary="s",
        definition_of_done=["d"],
        tasks=[
            TaskOut(title=t, description="d", estimate_hours=h, story_points=1, role=r) for t, h, r in tasks
        ],
    )


CONTEXT = SprintContext(
    other_sprints=[SprintWork(phase="Design", sprint="D1", tasks=[TaskLine(title="Size the piers")])],
    kept_tasks=[TaskLine(title="Order bearings", hours=10)],
    team=[TeamRole(role="Structural engineer"), TeamRole(role="Site engineer", allocation=0.5)],
    capacity_hours=100,
)


def test_a_clean_answer_has_no_problem_and_needs_no_fix() -> None:
    answer = plan(("Cast the piers", 60, "Site engineer"), ("Check pier rebar", 20, "Structural engineer"))
    assert sprint_problems(answer, CONTEXT) == []
    assert fix_sprint(answer, CONTEXT) == (answer, [])
    assert sprint_problems(answer, None) == []


def test_repeats_elsewhere_and_within_ignore_case_and_spaces() -> None:
    answer = plan(("  size THE  piers", 8, None), ("Cast piers", 8, None), ("cast   piers", 8, None))
    problems = sprint_problems(answer, CONTEXT)
    assert problems == [
        (
            "These tasks repeat work already planned elsewhere in the project: 'size THE  piers' "
            "(already in 'D1' of 'Design'). Plan the work this sprint still needs instead."
        ),
        "These tasks appear more than once in your answer: 'cast   piers'.",
    ]
    fixed, fixes = fix_sprint(answer, CONTEXT)
    assert [t.title for t in fixed.tasks] == ["Cast piers"]
    assert fixes == [
        "Dropped 'size THE  piers': already planned in 'D1' of 'Design'.",
        "Dropped 'cast   piers': it appeared twice in the answer.",
    ]


def test_capacity_counts_the_kept_work_and_allows_a_quarter_over() -> None:
    # 10 h kept + 115 h planned = 125 h = 1.25 x 100 h: allowed; one more hour is not.
    assert sprint_problems(plan(("A", 100, None), ("B", 15, None)), CONTEXT) == []
    over = plan(("A", 80, None), ("B", 36, None))
    assert sprint_problems(over, CONTEXT) == [
        (
            "The sprint holds 126 h of work (the kept tasks included), more than 1.25 x the team's "
            "capacity of 100 h. Plan at most 100 h."
        )
    ]
    # The fix keeps the answer's first (most important) work within the capacity itself.
    fixed, fixes = fix_sprint(over, CONTEXT)
    assert [t.title for t in fixed.tasks] == ["A"]  # 10 h kept + 80 h
    assert fixes == ["Dropped 'B' (36 h): beyond the team's capacity of 100 h."]


def test_roles_outside_the_team_go_to_the_closest_team_role() -> None:
    answer = plan(("A", 8, "Senior site engineer"), ("B", 8, "Quantity surveyor"))
    [problem] = sprint_problems(answer, CONTEXT)
    assert problem.startswith(
        "These roles are not on the team: 'Senior site engineer' ('A'), 'Quantity surveyor' ('B')."
    )
    fixed, fixes = fix_sprint(answer, CONTEXT)
    assert [t.role for t in fixed.tasks] == ["Site engineer", "Structural engineer"]
    assert fixes[1] == "'B': role 'Quantity surveyor' is not on the team; given to 'Structural engineer'."


def test_a_risk_in_a_phase_the_plan_lacks_moves_to_the_closest_phase() -> None:
    def risk(title: str, phase: str | None) -> RiskOut:
        return RiskOut(
            title=title, description="d", category="c", likelihood=2, impact=2, mitigation="m", phase=phase
        )

    draft = RiskDraft(
        summary="s",
        risks=[risk("Scour", "pier construction"), risk("Floods", "Commissioning"), risk("Steel", "Design")],
    )
    phases = ["Design", "Pier construction works"]
    [problem] = risk_problems(draft, phases)
    assert "'Scour' ('pier construction'), 'Floods' ('Commissioning')" in problem
    fixed, fixes = fix_risks(draft, phases)
    assert [r.phase for r in fixed.risks] == ["Pier construction works", None, "Design"]
    assert fixes == [
        "'Scour': phase 'pier construction' is not in the plan; moved to 'Pier construction works'.",
        "'Floods': phase 'Commissioning' is not in the plan; kept without a phase.",
    ]

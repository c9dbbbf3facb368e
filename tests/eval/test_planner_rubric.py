"""The offline planner judged as a project manager would, on briefs from a dozen fields.

Each brief is planned phase by phase and sprint by sprint, as generateProjectPlan asks
the engine (each sprint told the work of the sprints before it), then checked: the
domain's required topics; the requirements' own nouns in task titles or deliverables; at
most a quarter of titles repeating another; no work from the wrong reading of a
discipline (no PCB in a pumping station, no earthworks in an ECU); every constraint a
task and a risk; the instructions in every sprint; catalogue work fitting its phase's
stage; every estimate explained; the team's own roles; plausible hours per point.
`python -m tests.eval.test_planner_rubric` prints the table.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from graphql_api.ai import local
from graphql_api.ai.knowledge import discipline, stage_of, work_for
from graphql_api.ai.requests import (
    PhaseRequest,
    ProjectBrief,
    RiskRequest,
    SprintContext,
    SprintRequest,
    SprintWork,
    TaskLine,
)

HOURS_PER_POINT = (2.0, 12.0)
PART = re.compile(r" \(part \d+ of \d+\)$")


@dataclass(frozen=True)
class Brief:
    name: str
    requirements: str
    disciplines: list[str]
    constraints: list[str]
    team_roles: list[str]
    phases: list[str]
    instructions: str
    topics: list[str]  # what a PM expects to find somewhere in the plan


BRIEFS = [
    Brief(
        name="River footbridge",
        requirements="A 40 m steel footbridge over the river Aire with ramps at both ends.",
        disciplines=["civil", "structural", "permits"],
        constraints=[
            "No river works during the salmon spawning season (October to December)",
            "Road closures only at weekends",
            "Budget capped at 2.1 million euros",
        ],
        team_roles=["Bridge structural engineer", "Site manager"],
        phases=[
            "Feasibility & site investigation",
            "Permitting & procurement",
            "Detailed design",
            "Construction",
            "Handover",
        ],
        instructions="Prefer a precast concrete deck",
        topics=["borehole", "drainage", "traffic management", "consent", "steel"],
    ),
    Brief(
        name="Infusion pump v2",
        requirements="A volumetric infusion pump with a new touchscreen and wireless dose logging.",
        disciplines=["embedded", "regulatory", "software"],
        constraints=["FDA 510(k) clearance before launch", "Reuse the v1 pumping mechanism"],
        team_roles=["Firmware engineer", "Regulatory affairs lead"],
        phases=[
            "Requirements",
            "Design",
            "Implementation",
            "Verification",
            "510(k) submission & design transfer",
        ],
        instructions="Treat the dose-logging software as IEC 62304 class B",
        topics=["IEC 62304", "ISO 14971", "IEC 62366", "510(k)", "SOUP", "touchscreen"],
    ),
    Brief(
        name="Policy platform migration",
        requirements="Move 2 million insurance policies from the mainframe to the new cloud platform.",
        disciplines=["data migration", "cloud"],
        constraints=["Cut-over within one weekend outage", "Keep seven years of policy history"],
        team_roles=["Data migration lead", "Platform engineer"],
        phases=["Discovery", "Mapping design", "Build & trial loads", "Parallel run & cut-over"],
        instructions="Reconcile premiums to the cent",
        topics=["inventory", "mapping", "reconciliation", "parallel run", "cut-over", "decommission"],
    ),
    Brief(
        name="MRI suite fit-out",
        requirements="Fit out a 3T MRI suite in the hospital basement: RF shielding in a welded RF cage, "
        "a quench vent routed to the roof, chilled water for the magnet, dedicated air conditioning "
        "and a UPS for the scanner.",
        disciplines=["electrical", "mechanical", "structural"],
        constraints=["The hospital stays open throughout the works", "Magnet delivery through the car park"],
        team_roles=["Electrical engineer", "Mechanical engineer", "Project manager"],
        phases=[
            "Survey & design",
            "Enabling works",
            "Shielding & services installation",
            "Testing & handover",
        ],
        instructions="Coordinate with the radiology department weekly",
        topics=["RF", "quench vent", "chilled water", "air conditioning", "UPS"],
    ),
    Brief(
        name="Solar farm",
        requirements="Deliver a 50 MW solar farm with a 132 kV substation, string inverters, a cable route "
        "to the grid connection point and a 20 MWh battery store.",
        disciplines=["electrical", "civil", "environmental"],
        constraints=[
            "Grid connection date fixed by the network operator",
            "No works in the bird nesting season",
        ],
        team_roles=["Electrical engineer", "Civil engineer"],
        phases=["Development & consents", "Design", "Procurement", "Construction", "Commissioning"],
        instructions="Use tracker mounting where ground conditions allow",
        topics=["substation", "inverter", "cable route", "battery", "switchgear"],
    ),
    Brief(
        name="Pumping station upgrade",
        requirements="Replace two duty pumps and one standby pump at the river intake; new MCC and VSDs; "
        "SCADA integration with the regional control room.",
        disciplines=["civil", "mechanical", "electrical"],
        constraints=["No outage longer than 8 hours", "Abstraction licence limits unchanged"],
        team_roles=["Mechanical engineer", "Electrical engineer"],
        phases=["Survey", "Design", "Procurement", "Installation", "Commissioning"],
        instructions="Keep one pump running at all times",
        topics=["pumps", "MCC", "VSD", "SCADA", "pipework"],
    ),
    Brief(
        name="Brake ECU",
        requirements="Develop a brake-by-wire ECU for an electric SUV with ISO 26262 ASIL D, redundant "
        "wheel speed sensing, CAN-FD interfaces and over-the-air software updates.",
        disciplines=["electronics", "embedded", "functional safety"],
        constraints=["Start of production in 2028", "Reuse the existing brake actuator"],
        team_roles=["Hardware engineer", "Firmware engineer", "Functional safety engineer"],
        phases=["Concept", "Design", "Prototype build", "Verification", "Production release"],
        instructions="Follow AUTOSAR for the software architecture",
        topics=["ISO 26262", "hazard", "safety case", "CAN-FD", "wheel speed", "PCB"],
    ),
    Brief(
        name="Cabin pressure controller",
        requirements="A cabin pressure controller for a regional aircraft with dual-channel control, an "
        "outflow valve actuator and DO-178C level A software.",
        disciplines=["electronics", "embedded", "safety", "mechanical"],
        constraints=["Certification with EASA before entry into service", "Weight under 3 kg"],
        team_roles=["Avionics engineer", "Software engineer", "Certification engineer"],
        phases=["Requirements", "Preliminary design", "Detailed design", "Qualification", "Certification"],
        instructions="Plan for DO-160 environmental qualification",
        topics=["DO-178C", "outflow valve", "dual-channel", "hazard", "safety case"],
    ),
    Brief(
        name="Tablet coating line",
        requirements="Install a new tablet coating line in the pharmaceutical plant with a coating pan, "
        "solution preparation vessels, an exhaust air system with dust collection, and batch records "
        "in the MES.",
        disciplines=["mechanical", "electrical", "automation"],
        constraints=["GMP: validation (IQ/OQ/PQ) before the first commercial batch", "Cleanroom class D"],
        team_roles=["Process engineer", "Validation engineer", "Electrical engineer"],
        phases=["Basic design", "Detailed design", "Installation", "Qualification"],
        instructions="Reuse the existing purified water loop",
        topics=["coating pan", "vessels", "exhaust air", "dust collection", "MES"],
    ),
    Brief(
        name="Analytics platform",
        requirements="Build a customer analytics platform: ingest clickstream and order data into a lakehouse, "
        "a dbt transformation layer, self-service dashboards and a churn prediction model.",
        disciplines=["data engineering", "ml", "devops"],
        constraints=["GDPR: personal data pseudonymised", "Dashboards live before the spring sale"],
        team_roles=["Data engineer", "ML engineer", "Analytics lead"],
        phases=["Discovery", "Platform foundation", "Build", "Launch & monitoring"],
        instructions="Keep cloud spend under 20k a month",
        topics=["clickstream", "lakehouse", "dbt", "dashboards", "churn"],
    ),
    Brief(
        name="Battery ageing study",
        requirements="A research study of lithium iron phosphate cell ageing under fast charging: cycling "
        "experiments at three temperatures, impedance spectroscopy and a degradation model.",
        disciplines=["research", "materials", "data"],
        constraints=["Ethics-free: no human data", "Results published within 18 months"],
        team_roles=["Research scientist", "Data scientist"],
        phases=["Literature review", "Experiment design", "Experiments", "Analysis & publication"],
        instructions="Share the raw data openly",
        topics=["cycling", "impedance", "degradation model", "temperature"],
    ),
    Brief(
        name="Office refurbishment",
        requirements="Refurbish three floors of a 1970s office building: new LED lighting, heat pumps "
        "replacing the gas boilers, raised access floors and a new fire alarm system.",
        disciplines=["electrical", "mechanical", "architecture"],
        constraints=["Tenants stay on the ground floor", "Asbestos survey before strip-out"],
        team_roles=["Electrical engineer", "Mechanical engineer", "Architect"],
        phases=["Survey & feasibility", "Design", "Strip-out & installation", "Commissioning & handover"],
        instructions="Aim for an EPC rating of B",
        topics=["lighting", "heat pump", "boiler", "fire alarm", "access floor"],
    ),
]
# Work a discipline means in one kind of project only: never to appear in the other kind.
WRONG_READING = {
    "facility": ["pcb", "schematic capture", "board bring-up", "emc pre-compliance", "emc test", "gd&t",
                 "component shortage", "tooling lead time",
                 "tolerance stack-up", "fea of", "prototype fit check"],
    "product": ["earthworks", "traffic management", "borehole", "topographic survey"],
    "software": ["pcb", "earthworks", "borehole", "board bring-up"],
}  # fmt: skip
KIND = {
    "MRI suite fit-out": "facility", "Solar farm": "facility", "Pumping station upgrade": "facility",
    "Tablet coating line": "facility", "Office refurbishment": "facility", "River footbridge": "facility",
    "Brake ECU": "product", "Cabin pressure controller": "product", "Infusion pump v2": "product",
    "Analytics platform": "software", "Policy platform migration": "software",
}  # fmt: skip
REPEATS_MAX = 0.25  # share of task titles that repeat another title of the project
NOUNS_MIN = 0.75  # share of the requirements' content words found in task titles and deliverables
STOP = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "into",
    "over",
    "under",
    "both",
    "ends",
    "new",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "three",
    "two",
    "one",
    "four",
    "five",
    "some",
    "all",
    "each",
    "every",
    "within",
    "without",
    "about",
    "after",
    "before",
    "using",
    "use",
    "there",
    "which",
    "where",
    "when",
    "while",
    "during",
    "between",
    "than",
    "then",
    "also",
    "more",
    "most",
    "least",
    "very",
}


@dataclass
class Verdict:
    brief: str
    failures: list[str] = field(default_factory=list)
    checks: int = 0

    def check(self, ok: bool, what: str) -> None:
        self.checks += 1
        if not ok:
            self.failures.append(what)

    @property
    def score(self) -> float:
        return round(10 * (1 - len(self.failures) / max(1, self.checks)), 1)


Planner = Callable[[Any], Any]


def _offline(request: Any) -> Any:
    if isinstance(request, PhaseRequest):
        return local.phase_plan(request)
    if isinstance(request, SprintRequest):
        return local.sprint_plan(request)
    return local.risk_draft(request)


def judge(brief: Brief, plan_with: Planner = _offline) -> Verdict:  # noqa: PLR0915 - one rubric, top to bottom
    verdict = Verdict(brief.name)
    project = ProjectBrief(
        name=brief.name,
        requirements=brief.requirements,
        constraints=brief.constraints,
        disciplines=brief.disciplines,
        team_roles=brief.team_roles,
    )
    count = len(brief.phases)
    text: list[str] = []
    roles: set[str] = set()
    planned_around: set[tuple[str, str]] = set()
    earlier: list[SprintWork] = []  # the work of the sprints before, as the plan job tells each sprint
    titles_all: list[str] = []
    named: list[str] = []  # task titles and deliverable names: where a PM looks for the scope
    for index, name in enumerate(brief.phases, start=1):
        plan = plan_with(
            PhaseRequest(project=project, phase_name=name, phase_index=index, phase_count=count,
                         instructions=brief.instructions)
        )  # fmt: skip
        text += [
            plan.summary,
            *plan.objectives,
            *plan.risks,
            *(d.name + " " + d.description for d in plan.deliverables),
        ]
        named += [d.name for d in plan.deliverables]
        stage = stage_of(name, index, count)
        for number in (1, 2):
            sprint = plan_with(
                SprintRequest(project=project, phase_name=name, phase_index=index, phase_count=count,
                              sprint_name=f"Sprint {number}", sprint_index=number, sprint_count=2,
                              instructions=brief.instructions,
                              context=SprintContext(other_sprints=list(earlier)))
            )  # fmt: skip
            titles = [t.title for t in sprint.tasks]
            earlier.append(SprintWork(phase=name, sprint=f"Sprint {number}",
                                      tasks=[TaskLine(title=t) for t in titles]))  # fmt: skip
            titles_all += titles
            named += titles
            verdict.check(len(titles) == len(set(titles)), f"{name} sprint {number}: a task twice")
            verdict.check(
                brief.instructions in sprint.summary, f"{name} sprint {number}: instructions ignored"
            )
            for task in sprint.tasks:
                text += [task.title, task.description]
                roles.add(task.role or "")
                verdict.check(
                    "Estimate " in task.description, f"'{task.title}': the estimate is not explained"
                )
                if task.title.startswith("Plan around: "):  # a constraint's own task
                    planned_around.add((task.title, name))
                    continue
                if task.discipline is not None:  # catalogue work must fit the phase's stage
                    base = PART.sub("", task.title)
                    fits = any(base == w.title for w in work_for(discipline(task.discipline).name, stage))
                    verdict.check(fits, f"{name}: '{task.title}' is not {stage.value} work")
                if task.story_points:
                    ratio = task.estimate_hours / task.story_points
                    verdict.check(
                        HOURS_PER_POINT[0] <= ratio <= HOURS_PER_POINT[1],
                        f"'{task.title}': {ratio:.1f} h/point",
                    )
    risks = plan_with(RiskRequest(project=project, phases=brief.phases))
    text += [r.title + " " + r.description for r in risks.risks]
    corpus = " ".join(text).casefold()
    for topic in brief.topics:
        verdict.check(topic.casefold() in corpus, f"topic missing: {topic}")
    for constraint in brief.constraints:
        verdict.check(constraint.casefold() in corpus, f"constraint not reflected: {constraint}")
        verdict.check(any(constraint in r.description for r in risks.risks), f"no risk for: {constraint}")
    verdict.check(bool(roles & set(brief.team_roles)), "the team's roles are not used")
    for constraint in brief.constraints:
        verdict.check(
            any(
                constraint.startswith(
                    re.sub(r" \([^()]*\)$", "", title.removeprefix("Plan around: ")).removesuffix("…")
                )
                for title, _ in planned_around
            ),
            f"no task plans around: {constraint}",
        )
    repeats = 1 - len({t.casefold() for t in titles_all}) / max(1, len(titles_all))
    verdict.check(repeats <= REPEATS_MAX, f"{repeats:.0%} of task titles repeat another")
    wanted = {w for w in re.findall(r"[a-z0-9][a-z0-9-]+", brief.requirements.casefold()) if w not in STOP}
    wanted = {w for w in wanted if len(w) > 2 and not w.isdigit()}
    found = " ".join(named).casefold()
    missing = sorted(w for w in wanted if w not in found)
    share = 1 - len(missing) / max(1, len(wanted))
    verdict.check(share >= NOUNS_MIN, f"requirements not planned in titles: {', '.join(missing[:8])}")
    for wrong in WRONG_READING.get(KIND.get(brief.name, ""), []):
        verdict.check(wrong not in corpus, f"work from the wrong reading of a discipline: {wrong}")
    for risk in risks.risks:
        verdict.check(
            risk.phase is None or risk.phase in brief.phases, f"risk '{risk.title}' on an unknown phase"
        )
    return verdict


@pytest.mark.parametrize("brief", BRIEFS, ids=[b.name for b in BRIEFS])
def test_the_offline_plan_passes_the_pm_rubric(brief: Brief) -> None:
    verdict = judge(brief)
    assert verdict.failures == [], f"{verdict.brief}: {verdict.score}/10"


def test_the_rubric_can_fail() -> None:
    """The rubric is not a formality: unknown topics, repeated work and the wrong reading all fail."""
    odd = Brief(
        name="Moon base", requirements="A habitat.", disciplines=["astrobiology"], constraints=["Zero gravity"],
        team_roles=["Astronaut"], phases=["Launch"], instructions="Bring oxygen", topics=["regolith shielding"],
    )  # fmt: skip
    assert "topic missing: regolith shielding" in judge(odd).failures
    pumps = next(b for b in BRIEFS if b.name == "Pumping station upgrade")

    def sabotaged(request: Any) -> Any:
        """The offline plan renamed to filler (tasks alike, deliverables generic) and a PCB in a pumping station."""
        plan = _offline(request)
        if isinstance(request, PhaseRequest):
            generic = [
                d.model_copy(update={"name": f"Deliverable {n}"}) for n, d in enumerate(plan.deliverables)
            ]
            return plan.model_copy(update={"deliverables": generic})
        if isinstance(request, SprintRequest):
            tasks = [t.model_copy(update={"title": f"Generic task {n}"}) for n, t in enumerate(plan.tasks)]
            tasks[0] = tasks[0].model_copy(update={"title": "PCB layout"})
            return plan.model_copy(update={"tasks": tasks})
        return plan

    failures = judge(pumps, sabotaged).failures
    assert any(f.endswith("of task titles repeat another") for f in failures)
    assert "work from the wrong reading of a discipline: pcb" in failures
    assert any(f.startswith("requirements not planned in titles") for f in failures)
    assert judge(pumps).failures == []


def _engine_planner(engine: str) -> Planner:
    """A configured engine (from the environment, as `serve` reads it) in place of the offline planner."""
    import asyncio

    from graphql_api.ai.factory import build_chain
    from graphql_api.ai.outputs import PhasePlan, RiskDraft, SprintPlan
    from graphql_api.config import load_settings
    from graphql_api.core.enums import AITask
    from graphql_api.store.sqlite import SqliteStore

    settings = load_settings(ai_engines=engine)
    chain = build_chain(settings, SqliteStore(settings.resolved_sqlite_path))
    kinds = {
        PhaseRequest: (AITask.PHASE_PLAN, PhasePlan),
        SprintRequest: (AITask.SPRINT_PLAN, SprintPlan),
        RiskRequest: (AITask.RISK_ASSESSMENT, RiskDraft),
    }

    def plan(request: Any) -> Any:
        task, output = kinds[type(request)]
        result, _ = asyncio.run(chain.generate(task, request, output, use_cache=False))
        return result

    return plan


if __name__ == "__main__":
    # python -m tests.eval.test_planner_rubric [ENGINE]: the offline planner, or "openai"
    # (OPENAI_BASE_URL ...), "gemini" or "bedrock" as configured in the environment.
    planner = _engine_planner(sys.argv[1]) if len(sys.argv) > 1 else _offline
    print("| Brief | Score | Checks |\n| --- | --- | --- |")
    for item in BRIEFS:
        result = judge(item, planner)
        print(f"| {result.brief} | {result.score}/10 | {result.checks} |")
        for failure in result.failures[:5]:
            print(f"|   {failure} | | |")
    sys.exit(0)

"""Discipline knowledge for the offline planner: each field's own roles, deliverables and risks.

Kept as data so the planner reads as the discipline it plans for: a civil project gets
boreholes, Eurocodes and traffic management, not 'implement feature'. The work each
discipline does at each lifecycle stage lives in `stages`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Discipline:
    name: str
    lead_role: str
    deliverables: tuple[tuple[str, str], ...]
    risks: tuple[tuple[str, str, str, int, int, str], ...]  # title, desc, category, L, I, mitigation
    acceptance: tuple[str, ...]


KNOWLEDGE: dict[str, Discipline] = {
    d.name: d
    for d in (
        Discipline(
            "civil",
            "Lead civil engineer",
            (
                ("Site investigation report", "Topographic survey, boreholes and ground model for the works"),
                ("General arrangement drawings", "Plans, sections and setting-out of the civil works"),
                ("Drainage strategy", "Surface water and foul drainage design with attenuation calculations"),
            ),
            (
                (
                    "Unforeseen ground conditions",
                    "Soft clay or obstructions found during excavation",
                    "Ground",
                    3,
                    4,
                    "Extra boreholes at foundation positions; provisional sum",
                ),
                (
                    "Utility strikes",
                    "Buried services not on record drawings are damaged",
                    "Safety",
                    3,
                    4,
                    "Ground-penetrating radar survey and permit-to-dig",
                ),
                (
                    "Weather delays to earthworks",
                    "Wet season stops earthmoving",
                    "Schedule",
                    4,
                    3,
                    "Programme earthworks in the dry season; float in the programme",
                ),
            ),
            (
                "Drawings checked and approved under the design check certificate",
                "Survey and as-built records issued",
            ),
        ),
        Discipline(
            "structural",
            "Lead structural engineer",
            (
                (
                    "Structural calculations",
                    "Design of members and connections to Eurocode/ACI with load combinations",
                ),
                ("Structural drawings", "Reinforcement and steelwork drawings ready for construction"),
            ),
            (
                (
                    "Design change late in detailing",
                    "Architectural changes after the structural freeze",
                    "Design",
                    3,
                    3,
                    "Design freeze gate with change control",
                ),
                (
                    "Steel price escalation",
                    "Material prices rise before procurement",
                    "Cost",
                    3,
                    3,
                    "Early procurement of steel; price fluctuation clause",
                ),
            ),
            ("Calculations checked and signed by a chartered engineer",),
        ),
        Discipline(
            "geotechnical",
            "Geotechnical engineer",
            (
                (
                    "Geotechnical interpretative report",
                    "Ground model, design parameters and foundation recommendations",
                ),
            ),
            (
                (
                    "Settlement exceeds limits",
                    "Consolidation of soft strata beyond predictions",
                    "Ground",
                    2,
                    4,
                    "Instrumented monitoring with trigger levels",
                ),
            ),
            ("Design parameters agreed with the structural engineer",),
        ),
        Discipline(
            "environmental",
            "Environmental consultant",
            (
                (
                    "Environmental impact assessment",
                    "Baseline, impacts and mitigation for the consenting authority",
                ),
            ),
            (
                (
                    "Consent conditions delay",
                    "Planning conditions on ecology not discharged in time",
                    "Regulatory",
                    3,
                    3,
                    "Early engagement with the regulator; seasonal survey plan",
                ),
            ),
            ("Mitigation measures agreed with the regulator",),
        ),
        Discipline(
            "software",
            "Tech lead",
            (
                ("Architecture decision records", "Service boundaries, data model and API contracts"),
                ("Working increment", "Deployed, tested software behind feature flags"),
            ),
            (
                (
                    "Scope creep",
                    "New requirements land mid-sprint",
                    "Scope",
                    4,
                    3,
                    "Backlog triage and a change budget per release",
                ),
                (
                    "Third-party API instability",
                    "A dependency's API changes or throttles",
                    "Technical",
                    3,
                    3,
                    "Contract tests and circuit breakers",
                ),
            ),
            ("Code reviewed, tested and deployed to staging",),
        ),
        Discipline(
            "ux",
            "UX designer",
            (("Prototype and usability findings", "Clickable prototype tested with five or more users"),),
            (
                (
                    "Low adoption",
                    "Users find the core journey confusing",
                    "Product",
                    3,
                    4,
                    "Usability tests before build; analytics on the funnel",
                ),
            ),
            ("Accessibility checked against WCAG 2.2 AA",),
        ),
        Discipline(
            "devops",
            "Site reliability engineer",
            (("Infrastructure as code", "Reproducible environments with monitoring and alerting"),),
            (
                (
                    "Production incident at launch",
                    "Capacity or configuration error under real load",
                    "Operations",
                    3,
                    4,
                    "Staged rollout, runbooks and on-call rota",
                ),
            ),
            ("Runbooks written and alerts tested",),
        ),
        Discipline(
            "qa",
            "QA engineer",
            (("Test plan and report", "Risk-based test plan with traceability to requirements"),),
            (
                (
                    "Escaped defects",
                    "Critical defects found after release",
                    "Quality",
                    3,
                    3,
                    "Risk-based testing and exit criteria per release",
                ),
            ),
            ("Exit criteria met: no open critical defects",),
        ),
        Discipline(
            "electrical",
            "Lead electrical engineer",
            (
                ("Schematics and PCB layout", "Reviewed schematic and DFM-checked PCB layout"),
                ("Power budget", "Per-rail power budget with margins and thermal estimate"),
            ),
            (
                (
                    "Component shortage",
                    "Long lead times on key ICs",
                    "Supply chain",
                    4,
                    4,
                    "Second sources and early buys of long-lead parts",
                ),
                (
                    "EMC test failure",
                    "Emissions exceed limits at certification",
                    "Compliance",
                    3,
                    4,
                    "Pre-compliance scans at EVT and DVT",
                ),
            ),
            ("Board brought up with all rails in tolerance",),
        ),
        Discipline(
            "firmware",
            "Firmware lead",
            (("Firmware release", "Versioned firmware with bootloader and OTA update"),),
            (
                (
                    "Timing bugs under load",
                    "Race conditions surface in integration",
                    "Technical",
                    3,
                    3,
                    "Hardware-in-the-loop tests and static analysis",
                ),
            ),
            ("Firmware passes hardware-in-the-loop tests",),
        ),
        Discipline(
            "mechanical",
            "Lead mechanical engineer",
            (
                ("3D CAD and drawings", "Released CAD with GD&T drawings"),
                ("FEA report", "Stress and fatigue analysis of critical parts"),
            ),
            (
                (
                    "Fatigue failure in test",
                    "Parts crack under cyclic loading",
                    "Technical",
                    2,
                    4,
                    "Fatigue analysis and early coupon tests",
                ),
                (
                    "Tooling lead time",
                    "Injection mould tooling takes longer than planned",
                    "Schedule",
                    3,
                    3,
                    "Order tooling after design freeze with soft tooling first",
                ),
            ),
            ("Drawings released under change control",),
        ),
        Discipline(
            "manufacturing",
            "Manufacturing engineer",
            (("Production process plan", "Process flow, fixtures, work instructions and yield targets"),),
            (
                (
                    "Low first-pass yield",
                    "Yield below target on the pilot line",
                    "Quality",
                    3,
                    4,
                    "PFMEA and pilot runs before ramp",
                ),
            ),
            ("First-article inspection passed",),
        ),
        Discipline(
            "materials",
            "Materials engineer",
            (("Material selection report", "Material choices with test evidence"),),
            (
                (
                    "Material non-conformance",
                    "Supplied material fails certification",
                    "Quality",
                    2,
                    3,
                    "Mill certificates and incoming inspection",
                ),
            ),
            ("Material certificates verified",),
        ),
        Discipline(
            "data",
            "Data engineer",
            (("Data pipelines", "Tested ingestion and transformation pipelines with lineage"),),
            (
                (
                    "Poor source data quality",
                    "Sources are incomplete or inconsistent",
                    "Data",
                    4,
                    3,
                    "Data contracts and quality checks at ingestion",
                ),
            ),
            ("Pipelines pass data-quality checks",),
        ),
        Discipline(
            "ml",
            "ML engineer",
            (("Model card", "Model, data, metrics, limitations and bias assessment"),),
            (
                (
                    "Model drift",
                    "Performance decays as data shifts",
                    "Technical",
                    3,
                    3,
                    "Drift monitoring and retraining triggers",
                ),
            ),
            ("Model beats baseline on the agreed metric",),
        ),
        Discipline(
            "systems",
            "Systems engineer",
            (
                (
                    "System requirements specification",
                    "Requirements with verification methods and traceability",
                ),
                ("Interface control documents", "Agreed interfaces between subsystems"),
            ),
            (
                (
                    "Interface mismatch at integration",
                    "Subsystems built to different interface assumptions",
                    "Integration",
                    3,
                    4,
                    "ICDs under change control; early interface tests",
                ),
                (
                    "Requirements volatility",
                    "Stakeholder needs change after baseline",
                    "Scope",
                    3,
                    3,
                    "Requirements baseline and change board",
                ),
            ),
            ("Every requirement verified and traced",),
        ),
    )
}

GENERIC = Discipline(
    "engineering",
    "Project engineer",
    (("Design report", "Design basis, calculations and decisions"),),
    (
        (
            "Schedule slip",
            "Work takes longer than estimated",
            "Schedule",
            3,
            3,
            "Track velocity and re-plan each sprint",
        ),
    ),
    ("Work reviewed and accepted",),
)


def discipline(name: str) -> Discipline:
    return KNOWLEDGE.get(name.strip().casefold(), GENERIC)


def disciplines(names: list[str]) -> list[Discipline]:
    found = [discipline(n) for n in names]
    return found or [GENERIC]

"""Lifecycle stages: which work a sprint of a given phase does, per discipline.

A phase's stage comes from its name ("Construction", "Commissioning & handover") or,
when the name says nothing, from its place in the project; a sprint then gets the
discipline's work for that stage, so a handover sprint plans handover, not a survey.
"""

from __future__ import annotations

from enum import StrEnum

Work = tuple[str, str, float, int]  # title, description, hours, story points


class Stage(StrEnum):
    DEFINE = "define"
    DESIGN = "design"
    BUILD = "build"
    VERIFY = "verify"


_KEYWORDS: tuple[tuple[Stage, tuple[str, ...]], ...] = (
    (Stage.VERIFY, ("commission", "handover", "hand-over", "test", "verif", "validat", "launch", "release", "beta",
                    "certif", "acceptance", "monitor", "transition", "pvt", "close", "delivery", "hardening")),
    (Stage.BUILD, ("construct", "build", "implement", "prototype", "fabricat", "evt", "dvt", "mvp", "production",
                   "serving", "manufactur", "procure", "integration", "platform foundation", "feature")),
    (Stage.DESIGN, ("design", "architect", "cad", "schematic", "pcb", "model", "concept", "engineering")),
    (Stage.DEFINE, ("feasib", "discover", "requirement", "survey", "investigat", "definition", "scop", "needs", "plan")),
)  # fmt: skip


def stage_of(phase_name: str, index: int, count: int) -> Stage:
    name = phase_name.casefold()
    for stage, words in _KEYWORDS:
        if any(word in name for word in words):
            return stage
    position = (index - 1) / max(count, 1)
    return (Stage.DEFINE, Stage.DESIGN, Stage.BUILD, Stage.VERIFY)[min(3, int(position * 4))]


WORK: dict[str, dict[Stage, tuple[Work, ...]]] = {
    "civil": {
        Stage.DEFINE: (
            ("Topographic survey of the site", "Total-station/GNSS survey tied to the national grid", 24, 5),
            (
                "Utility and constraints search",
                "Statutory undertakers' records and a ground-penetrating radar sweep",
                16,
                3,
            ),
        ),
        Stage.DESIGN: (
            (
                "Drainage design calculations",
                "Size pipes and attenuation for the 1-in-100-year storm plus climate allowance",
                32,
                8,
            ),
            ("Earthworks cut/fill balance", "Model the earthworks and balance cut and fill volumes", 16, 3),
        ),
        Stage.BUILD: (
            (
                "Traffic management plan",
                "Temporary road layouts, signage and diversions during the works",
                12,
                3,
            ),
            (
                "Earthworks and drainage supervision",
                "Daily site supervision, compaction tests and pipe-laying inspections",
                40,
                8,
            ),
        ),
        Stage.VERIFY: (
            ("Snagging walk-down", "Walk the works with the contractor and record defects to close", 12, 3),
            ("As-built drawings", "Survey the completed works and issue as-built drawings", 24, 5),
        ),
    },
    "structural": {
        Stage.DEFINE: (
            (
                "Design basis statement",
                "Codes (Eurocode/ACI), loads, materials and design life agreed with the client",
                12,
                3,
            ),
        ),
        Stage.DESIGN: (
            ("Load take-down", "Dead, imposed, wind and snow loads to foundations", 20, 5),
            (
                "Finite element model of the frame",
                "Global analysis with serviceability and ultimate checks",
                40,
                8,
            ),
            ("Connection design", "Bolted and welded connection design for primary members", 24, 5),
        ),
        Stage.BUILD: (
            ("Temporary works review", "Check propping, formwork and erection sequence proposals", 16, 3),
            (
                "Reinforcement and steelwork inspections",
                "Inspect rebar and bolted connections before concrete pours and sign-off",
                24,
                5,
            ),
        ),
        Stage.VERIFY: (
            ("Independent design check", "Category 2 check of the structural design", 16, 3),
            (
                "Load test witness",
                "Witness the proof load test and compare deflections with the model",
                12,
                3,
            ),
        ),
    },
    "geotechnical": {
        Stage.DEFINE: (
            (
                "Borehole logging and lab testing",
                "Log cores and schedule triaxial and oedometer tests",
                30,
                5,
            ),
        ),
        Stage.DESIGN: (("Pile design", "Pile capacity and settlement design from the ground model", 28, 5),),
        Stage.BUILD: (
            (
                "Pile installation records review",
                "Check driving records and integrity tests against the design",
                16,
                3,
            ),
        ),
        Stage.VERIFY: (
            ("Settlement monitoring report", "Instrument readings against trigger levels", 12, 3),
        ),
    },
    "environmental": {
        Stage.DEFINE: (
            ("Ecology survey", "Protected species and habitat survey in the survey season", 16, 3),
        ),
        Stage.DESIGN: (
            (
                "Environmental mitigation design",
                "Mitigation measures and the construction environmental management plan",
                16,
                3,
            ),
        ),
        Stage.BUILD: (
            ("Environmental compliance audit", "Site audit of dust, noise, water and waste controls", 8, 2),
        ),
        Stage.VERIFY: (
            (
                "Permit discharge evidence",
                "Evidence that consent conditions are met, for the regulator",
                12,
                3,
            ),
        ),
    },
    "software": {
        Stage.DEFINE: (
            ("User story mapping", "Map journeys into a prioritised backlog with acceptance criteria", 16, 3),
            (
                "Technical spike",
                "Time-boxed spike on the riskiest technical unknown, with a written conclusion",
                12,
                3,
            ),
        ),
        Stage.DESIGN: (
            ("API contract and schema", "Define the API schema and generate typed clients", 16, 3),
            ("Architecture decision record", "Record service boundaries, data model and trade-offs", 12, 3),
        ),
        Stage.BUILD: (
            (
                "Implement core user journey",
                "End-to-end implementation with unit and integration tests",
                40,
                8,
            ),
            ("CI pipeline", "Lint, type-check, test and build on every change", 12, 3),
        ),
        Stage.VERIFY: (
            ("Performance test", "Load test the critical path against the latency budget", 16, 5),
            (
                "Release checklist and rollback plan",
                "Feature flags, migrations, monitoring and rollback steps",
                8,
                2,
            ),
        ),
    },
    "ux": {
        Stage.DEFINE: (("User interviews", "Interview target users and synthesise needs", 20, 5),),
        Stage.DESIGN: (("Clickable prototype", "Prototype of the core journeys for testing", 24, 5),),
        Stage.BUILD: (("Design system components", "Components and tokens handed to engineering", 20, 5),),
        Stage.VERIFY: (
            ("Usability test round", "Moderated tests with target users and a findings report", 20, 5),
        ),
    },
    "devops": {
        Stage.DEFINE: (("Environment plan", "Accounts, environments and access model", 8, 2),),
        Stage.DESIGN: (("Infrastructure as code", "Reproducible environments defined in code", 24, 5),),
        Stage.BUILD: (("Deployment pipeline", "Automated deploys with approvals and rollbacks", 16, 3),),
        Stage.VERIFY: (
            ("Observability dashboards", "SLIs, SLOs, logs, metrics and alerts for the service", 16, 3),
        ),
    },
    "qa": {
        Stage.DEFINE: (
            ("Test strategy", "Risk-based test strategy with traceability to requirements", 12, 3),
        ),
        Stage.DESIGN: (("Test case design", "Test cases for the critical journeys and edge cases", 16, 3),),
        Stage.BUILD: (("Regression suite", "Automated regression covering the critical journeys", 24, 5),),
        Stage.VERIFY: (("Exit report", "Defect status against exit criteria for the release", 8, 2),),
    },
    "electrical": {
        Stage.DEFINE: (("Power budget", "Per-rail power budget with margins and thermal estimate", 16, 3),),
        Stage.DESIGN: (
            ("Schematic capture", "Schematic of the main board with design review", 40, 8),
            ("PCB layout", "Stack-up, controlled impedance and layout with DFM review", 48, 8),
        ),
        Stage.BUILD: (
            ("Board bring-up", "Power-on, rail checks and peripheral bring-up on the first boards", 32, 5),
        ),
        Stage.VERIFY: (
            ("EMC pre-compliance scan", "Radiated and conducted emissions pre-scan", 16, 5),
            ("Environmental testing", "Thermal cycling and humidity tests against the test plan", 24, 5),
        ),
    },
    "firmware": {
        Stage.DEFINE: (("Firmware architecture", "Tasks, drivers, memory map and update strategy", 16, 3),),
        Stage.DESIGN: (("Board support package", "Clock tree, drivers and HAL for the main MCU", 32, 8),),
        Stage.BUILD: (("Bootloader and OTA update", "Secure boot and signed over-the-air updates", 40, 8),),
        Stage.VERIFY: (
            ("Hardware-in-the-loop tests", "Automated tests of firmware on the target boards", 24, 5),
        ),
    },
    "mechanical": {
        Stage.DEFINE: (
            ("Design envelope and requirements", "Loads, envelope, interfaces and environment", 12, 3),
        ),
        Stage.DESIGN: (
            ("Tolerance stack-up", "Worst-case and RSS stack-up of the critical assembly", 16, 3),
            ("FEA of load-bearing parts", "Static and fatigue FEA with safety factors", 32, 8),
        ),
        Stage.BUILD: (
            ("Prototype fit check", "Assemble prototype and record fit issues", 16, 3),
            ("Drawings with GD&T", "Manufacturing drawings with geometric tolerances", 24, 5),
        ),
        Stage.VERIFY: (("Fatigue and vibration tests", "Run the test plan and correlate with FEA", 24, 5),),
    },
    "manufacturing": {
        Stage.DEFINE: (("Make-or-buy analysis", "Supplier and process options with costs", 12, 3),),
        Stage.DESIGN: (("Process FMEA", "Failure modes of the production process and controls", 16, 3),),
        Stage.BUILD: (("Test fixture design", "End-of-line test fixture with pass/fail limits", 24, 5),),
        Stage.VERIFY: (
            ("First-article inspection", "Inspect the first production parts against drawings", 12, 3),
        ),
    },
    "materials": {
        Stage.DEFINE: (
            ("Material requirements", "Environment, loads and life the materials must meet", 8, 2),
        ),
        Stage.DESIGN: (
            ("Corrosion assessment", "Environment, coatings and galvanic compatibility review", 12, 3),
        ),
        Stage.BUILD: (("Incoming material inspection", "Check mill certificates and sample tests", 8, 2),),
        Stage.VERIFY: (("Material test report", "Coupon test results against specification", 12, 3),),
    },
    "data": {
        Stage.DEFINE: (
            ("Source data profiling", "Profile quality, completeness and schema drift of sources", 16, 3),
        ),
        Stage.DESIGN: (("Data contracts and model", "Schemas, contracts and the lakehouse layout", 16, 3),),
        Stage.BUILD: (
            ("Ingestion pipeline", "Incremental ingestion with idempotent loads and data contracts", 32, 8),
        ),
        Stage.VERIFY: (
            ("Data quality checks", "Automated checks and alerts on freshness and completeness", 16, 3),
        ),
    },
    "ml": {
        Stage.DEFINE: (
            ("Success metric and baseline", "Business metric, offline metric and a simple baseline", 12, 3),
        ),
        Stage.DESIGN: (("Baseline model", "Simple baseline with tracked metrics", 16, 3),),
        Stage.BUILD: (("Training pipeline", "Reproducible training with experiment tracking", 24, 5),),
        Stage.VERIFY: (("Model evaluation and bias review", "Offline evaluation across segments", 24, 5),),
    },
    "systems": {
        Stage.DEFINE: (
            (
                "Requirements traceability matrix",
                "Trace stakeholder needs to system and subsystem requirements",
                20,
                5,
            ),
        ),
        Stage.DESIGN: (
            (
                "Interface control document",
                "Define and agree electrical, mechanical and data interfaces",
                24,
                5,
            ),
        ),
        Stage.BUILD: (("Integration plan", "Order of subsystem integration with interface tests", 16, 3),),
        Stage.VERIFY: (
            (
                "Verification plan",
                "Method (test, analysis, inspection, demonstration) per requirement",
                16,
                3,
            ),
            ("Verification report", "Evidence of each requirement's verification", 16, 3),
        ),
    },
}

GENERIC_WORK: dict[Stage, tuple[Work, ...]] = {
    Stage.DEFINE: (("Scope and requirements", "Agree scope, requirements and acceptance criteria", 12, 3),),
    Stage.DESIGN: (("Design review", "Peer review of the design against requirements", 8, 2),),
    Stage.BUILD: (("Build increment", "Produce the planned increment of the work", 24, 5),),
    Stage.VERIFY: (("Verification test", "Test the work product against its acceptance criteria", 16, 3),),
}


def work_for(discipline: str, stage: Stage) -> tuple[Work, ...]:
    return WORK.get(discipline, GENERIC_WORK).get(stage) or GENERIC_WORK[stage]

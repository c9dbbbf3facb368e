"""The built-in templates: real lifecycles per kind of engineering project.

They are also the discipline knowledge the default lifecycle (and later the offline
planner) draws on, so their phase names and descriptions use each field's own terms.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graphql_api.services.models import DynamicRole, Template, TemplatePhase

_SEEDED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def _t(
    id_: str,
    name: str,
    description: str,
    disciplines: list[str],
    phases: list[tuple[str, str, int, int]],
    roles: list[tuple[str, str, str]],
) -> Template:
    return Template(
        id=id_,
        name=name,
        description=description,
        disciplines=disciplines,
        phases=[
            TemplatePhase(name=n, description=d, duration_weeks=w, sprint_count=s) for n, d, w, s in phases
        ],
        dynamic_roles=[DynamicRole(role=r, discipline=d, trigger=t) for r, d, t in roles],
        owner_id=None,
        created_at=_SEEDED_AT,
    )


BUILTIN_TEMPLATES: tuple[Template, ...] = (
    _t(
        "builtin-software-product",
        "Software product",
        "A web or mobile software product from discovery to launch, delivered in sprints with continuous integration.",
        ["software", "ux", "devops", "qa"],
        [
            (
                "Discovery",
                "User research, problem framing, success metrics and a prioritised product backlog.",
                2,
                1,
            ),
            (
                "Architecture",
                "System context, service boundaries, data model, API contracts and non-functional requirements.",
                3,
                2,
            ),
            (
                "MVP build",
                "Core user journeys implemented behind feature flags with automated tests and CI/CD pipelines.",
                8,
                4,
            ),
            (
                "Hardening",
                "Performance, security review, accessibility audit, observability and load testing.",
                3,
                2,
            ),
            (
                "Beta",
                "Staged rollout to beta users, feedback loops, defect triage and release-candidate fixes.",
                3,
                2,
            ),
            (
                "Launch",
                "Production cut-over, runbooks, on-call handover and post-launch metrics review.",
                2,
                1,
            ),
        ],
        [
            ("Security engineer", "software", "Handles personal or payment data"),
            ("Site reliability engineer", "devops", "Availability target above 99.9%"),
            ("Accessibility specialist", "ux", "Public-facing user interface"),
        ],
    ),
    _t(
        "builtin-embedded-product",
        "Embedded / hardware product",
        "An electronic device with firmware: from requirements through EVT, DVT and PVT builds to certification and production.",
        ["electrical", "firmware", "mechanical", "manufacturing"],
        [
            (
                "Requirements & architecture",
                "Product requirements, power budget, block diagram, component selection and firmware architecture.",
                4,
                2,
            ),
            (
                "Schematic & PCB design",
                "Schematic capture, PCB layout, design-for-manufacture review and first board bring-up plan.",
                6,
                3,
            ),
            (
                "EVT build",
                "Engineering validation test units: board bring-up, firmware drivers, functional and thermal tests.",
                6,
                3,
            ),
            (
                "DVT build",
                "Design validation test: environmental, EMC pre-scan, drop tests and firmware feature completion.",
                6,
                3,
            ),
            (
                "Certification",
                "FCC/CE/UL testing at an accredited lab, corrective actions and compliance documentation.",
                4,
                2,
            ),
            (
                "PVT & production ramp",
                "Production validation on the line, yield analysis, test fixtures and supplier qualification.",
                4,
                2,
            ),
        ],
        [
            ("RF engineer", "electrical", "Product includes a radio (Wi-Fi, BLE, cellular)"),
            ("Compliance engineer", "electrical", "Product sold in regulated markets"),
            ("Battery safety engineer", "electrical", "Product contains a lithium battery"),
        ],
    ),
    _t(
        "builtin-civil-construction",
        "Civil / construction",
        "A civil works or building project: feasibility, design stages, permitting, procurement, construction and handover.",
        ["civil", "structural", "geotechnical", "environmental"],
        [
            (
                "Feasibility & site investigation",
                "Site survey, geotechnical boreholes, environmental baseline and options appraisal.",
                6,
                3,
            ),
            (
                "Concept design",
                "Preferred option, structural scheme, drainage strategy and outline cost plan.",
                6,
                3,
            ),
            (
                "Detailed design",
                "Structural calculations, drawings to Eurocode/ACI, specifications and bill of quantities.",
                10,
                5,
            ),
            (
                "Permitting & procurement",
                "Planning consent, environmental permits, tender documents and contractor appointment.",
                6,
                3,
            ),
            (
                "Construction",
                "Earthworks, foundations, superstructure, site supervision, inspections and test certificates.",
                24,
                8,
            ),
            (
                "Commissioning & handover",
                "Snagging, as-built drawings, health and safety file and operation and maintenance manuals.",
                4,
                2,
            ),
        ],
        [
            ("Geotechnical engineer", "geotechnical", "Soft ground, slopes or deep foundations"),
            ("Traffic engineer", "civil", "Works affect public roads"),
            ("Ecologist", "environmental", "Protected habitats near the site"),
        ],
    ),
    _t(
        "builtin-mechanical-design",
        "Mechanical design",
        "A mechanical product or machine: concept, CAD and analysis, prototyping, testing and release to manufacturing.",
        ["mechanical", "manufacturing", "materials"],
        [
            (
                "Concept",
                "Requirements, design envelope, concept sketches and a weighted decision matrix.",
                3,
                2,
            ),
            (
                "Detailed CAD & analysis",
                "3D CAD, tolerance stack-ups, FEA of critical parts and a DFMEA.",
                6,
                3,
            ),
            (
                "Prototype",
                "Prototype fabrication (machined and 3D-printed parts), assembly and fit checks.",
                4,
                2,
            ),
            (
                "Test & validation",
                "Fatigue, thermal and vibration testing against the test plan; design corrections.",
                5,
                3,
            ),
            (
                "Design for manufacture",
                "Drawings with GD&T, supplier quotes, tooling design and first-article inspection.",
                4,
                2,
            ),
            (
                "Release",
                "Engineering change control, production documentation and transfer to manufacturing.",
                2,
                1,
            ),
        ],
        [
            ("CFD analyst", "mechanical", "Fluid flow or heat transfer is critical"),
            ("Materials engineer", "materials", "Composites, corrosion or high temperature"),
        ],
    ),
    _t(
        "builtin-data-ml-platform",
        "Data / ML platform",
        "A data platform with machine-learning models: ingestion, lakehouse, feature store, training, serving and monitoring.",
        ["data", "ml", "software", "devops"],
        [
            (
                "Data discovery",
                "Source inventory, data contracts, quality profiling, privacy classification and success metrics.",
                3,
                2,
            ),
            (
                "Platform foundation",
                "Ingestion pipelines, lakehouse storage, orchestration, access control and lineage.",
                6,
                3,
            ),
            (
                "Feature engineering",
                "Feature store, reproducible transformations, backfills and offline/online parity checks.",
                4,
                2,
            ),
            (
                "Model development",
                "Baselines, experiments tracked with metrics, model evaluation and bias assessment.",
                6,
                3,
            ),
            (
                "Serving & MLOps",
                "Model registry, CI/CD for models, batch and real-time serving, canary releases.",
                4,
                2,
            ),
            (
                "Monitoring & iteration",
                "Drift and data-quality monitoring, retraining triggers, cost and latency dashboards.",
                3,
                2,
            ),
        ],
        [
            ("Data privacy officer", "data", "Personal data is processed"),
            ("ML ops engineer", "ml", "Models served in real time"),
        ],
    ),
    _t(
        "builtin-systems-engineering",
        "Systems (multi-discipline) project",
        "A multi-discipline system following the V-model: requirements, architecture, subsystem design, integration, verification and validation.",
        ["systems", "software", "electrical", "mechanical"],
        [
            (
                "Stakeholder needs & requirements",
                "Concept of operations, stakeholder needs, system requirements with verification methods.",
                4,
                2,
            ),
            (
                "System architecture",
                "Functional and physical architecture, interface control documents and trade studies.",
                5,
                3,
            ),
            (
                "Subsystem design",
                "Software, electrical and mechanical subsystem designs with preliminary and critical design reviews.",
                8,
                4,
            ),
            (
                "Implementation",
                "Subsystem build, unit verification, configuration management and change control.",
                8,
                4,
            ),
            (
                "Integration & verification",
                "Incremental integration, interface tests and verification against each requirement.",
                6,
                3,
            ),
            (
                "Validation & transition",
                "Operational validation with users, acceptance review and transition to operations.",
                4,
                2,
            ),
        ],
        [
            ("Safety engineer", "systems", "Safety-critical functions (IEC 61508, ISO 26262)"),
            ("Reliability engineer", "systems", "Availability or MTBF requirements"),
            ("Cybersecurity engineer", "software", "Networked or connected system"),
        ],
    ),
)

BUILTIN_BY_ID = {template.id: template for template in BUILTIN_TEMPLATES}

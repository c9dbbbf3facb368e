"""A new project's phases and sprints: from a template, from the caller, or a default lifecycle."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from graphql_api.ai.scope import Kind, kind_of
from graphql_api.core.errors import BadInputError
from graphql_api.services.models import Phase, Sprint, TemplatePhase
from graphql_api.services.projects.specs import PhaseSpec
from graphql_api.services.templates.builtin import builtin_templates, template_phase

if TYPE_CHECKING:
    from graphql_api.services.projects.rules import ProjectRules

DEFAULT_SPRINTS_PER_PHASE = 2


def _normalise(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values}


# Lifecycles that only fit one kind of project: a pumping station that lists "electrical"
# must not get "Schematic & PCB design", nor a brake ECU a construction lifecycle.
KIND_OF_TEMPLATE = {
    "builtin-embedded-product": Kind.PRODUCT,
    "builtin-mechanical-design": Kind.PRODUCT,
    "builtin-civil-construction": Kind.FACILITY,
    "builtin-software-product": Kind.SOFTWARE,
    "builtin-data-ml-platform": Kind.SOFTWARE,
}


def default_phases(disciplines: Iterable[str], brief: str = "") -> list[TemplatePhase]:
    """The built-in lifecycle sharing most disciplines with the project, else a generic one.

    Ties go to the template whose disciplines the project covers best (Jaccard), so a
    'civil, structural' project gets the civil lifecycle, not the systems one. A
    lifecycle made for another kind of project than the brief reads as is never chosen.
    """
    wanted = _normalise(disciplines)
    kind = kind_of(brief) if brief else None
    best: tuple[float, float, int] | None = None
    best_phases: list[TemplatePhase] | None = None
    for template in builtin_templates():
        made_for = KIND_OF_TEMPLATE.get(template.id)
        if kind is not None and made_for not in {None, kind}:
            continue
        have = _normalise(template.disciplines)
        shared = len(wanted & have)
        if not shared:
            continue
        # A lifecycle made for the brief's kind first; then the usual overlap.
        score = (float(made_for is not None and made_for == kind), shared / len(wanted | have), shared)
        if best is None or score > best:
            best, best_phases = score, list(template.phases)
    if best_phases is None:
        from graphql_api.catalogue import generic_lifecycle  # noqa: PLC0415 - read at first use

        return [template_phase(p) for p in generic_lifecycle()]
    return best_phases


def new_id() -> str:
    return str(uuid.uuid4())


def validated_phase(spec: PhaseSpec, rules: ProjectRules, prefix: str = "") -> PhaseSpec:
    """A caller's phase, its fields named as the caller sent them (`phases.name` in createProject)."""
    count = DEFAULT_SPRINTS_PER_PHASE if spec.sprint_count is None else spec.sprint_count
    return PhaseSpec(
        name=rules.name(spec.name, f"{prefix}name"),
        description=rules.optional_text(spec.description, f"{prefix}description") or "",
        duration_weeks=rules.weeks(spec.duration_weeks, f"{prefix}durationWeeks"),
        sprint_count=rules.sprint_count(count, f"{prefix}sprintCount"),
    )


def new_phase(spec: TemplatePhase | PhaseSpec, first_sprint: int) -> Phase:
    """A phase with its sprints numbered on from `first_sprint` (the spec already validated)."""
    count = spec.sprint_count or DEFAULT_SPRINTS_PER_PHASE
    sprints = [
        Sprint(
            id=new_id(),
            name=f"Sprint {first_sprint + index}",
            goal=f"{spec.name}: increment {index + 1} of {count}",
        )
        for index in range(count)
    ]
    return Phase(
        id=new_id(),
        name=spec.name,
        description=spec.description or "",
        duration_weeks=spec.duration_weeks,
        sprints=sprints,
    )


def build_phases(layout: Sequence[TemplatePhase | PhaseSpec], rules: ProjectRules) -> list[Phase]:
    """Phases with numbered sprints; a caller's own phases are validated, a template's are trusted."""
    if not layout:
        raise BadInputError("A project needs at least one phase.", field="phases")
    if len(layout) > rules.limits.phases_per_project:
        msg = f"A project holds at most {rules.limits.phases_per_project} phases."
        raise BadInputError(msg, field="phases")
    phases: list[Phase] = []
    for given in layout:
        spec = given if isinstance(given, TemplatePhase) else validated_phase(given, rules, "phases.")
        phases.append(new_phase(spec, 1 + sum(len(p.sprints) for p in phases)))
    return phases

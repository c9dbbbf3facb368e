"""The offline planner's work breakdown: the brief's scope items, at the stage each phase is in.

Each scope item gets the stage's work in the words of the project's kind: a facility's
UPS is surveyed, designed, procured, installed, tested and commissioned; a software
platform's records are analysed, designed, migrated and tested. When a phase at the same
stage came before (two build phases), the item takes the stage's next step instead of
repeating the last one, so no title is planned twice. The brief's own verb wins where it
gave one ("Migrate 2.4 million records").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graphql_api import catalogue
from graphql_api.ai.checks import normal
from graphql_api.ai.outputs import TaskOut
from graphql_api.ai.scope import Kind, ScopeItem
from graphql_api.catalogue import Stage

# The brief's verb replaces the stage's first step where it names the work itself.
OWN_VERBS = {
    Stage.BUILD: {"replace", "install", "build", "construct", "migrate", "integrate", "implement",
                  "refurbish", "retrofit", "convert", "extend", "relocate", "rebuild", "deploy", "port",
                  "rewrite", "upgrade", "move", "renew", "repair", "restore", "strengthen", "reinforce",
                  "resurface", "renovate", "widen", "divert", "remove"},
    Stage.VERIFY: {"commission", "decommission", "validate", "certify"},
}  # fmt: skip
QUALIFIED_WORDS = 4  # an item the brief qualifies at more length than this is a bigger piece of work
PROCUREMENT = re.compile(r"procure|procurement|tender|purchas|buy")
HOURS = {Stage.DEFINE: 12.0, Stage.DESIGN: 24.0, Stage.BUILD: 32.0, Stage.VERIFY: 16.0}
POINTS = {Stage.DEFINE: 2, Stage.DESIGN: 5, Stage.BUILD: 5, Stage.VERIFY: 3}
WHAT = {
    Stage.DEFINE: "survey and requirements",
    Stage.DESIGN: "design",
    Stage.BUILD: "delivery",
    Stage.VERIFY: "testing",
}
# Words that tell which of the team's roles an item belongs to.
ROLE_HINTS = {
    "electric": ("ups", "mcc", "vsd", "vsds", "switchgear", "cable", "lighting", "power", "transformer",
                 "substation", "inverter", "inverters", "scada", "electrical", "battery", "generator", "kv"),
    "mechanic": ("hvac", "air", "chilled", "water", "pump", "pumps", "duct", "vent", "pipe", "piping",
                 "boiler", "tank", "tanks", "ventilation", "heating", "cooling", "plant", "screens", "valve",
                 "valves"),
    "structur": ("steel", "concrete", "slab", "frame", "deck", "bridge", "cage", "shielding", "foundation"),
    "civil": ("road", "earthworks", "drainage", "culvert", "sewer", "site", "route", "access"),
    "software": ("api", "platform", "service", "app", "integration", "records", "data", "system", "systems",
                 "portal", "updates", "interfaces", "dashboard"),
    "safety": ("iso", "asil", "hazard", "safety", "26262", "sil"),
}  # fmt: skip


def role_for(item: ScopeItem, team_roles: Sequence[str], index: int, fallback: str) -> str:
    """The team role whose trade the item's words name; else the team's roles in turn; else the fallback."""
    words = item.words
    for stem, hints in ROLE_HINTS.items():
        if words & set(hints):
            found = next((r for r in team_roles if stem in r.casefold()), None)
            if found:
                return found
    return team_roles[index % len(team_roles)] if team_roles else fallback


def _title(step: str, item: ScopeItem) -> str:
    title = step.format(item.name)
    return title[0].upper() + title[1:]


def scope_tasks(
    items: Sequence[ScopeItem],
    kind: Kind,
    stage: Stage,
    taken: set[str],
    team_roles: Sequence[str],
    fallback_role: str,
    factor: float,
    word: str,
    phase_name: str,
) -> list[TaskOut]:
    """Each item's next step at this stage that nobody planned yet; `taken` grows with every title."""
    steps = list(catalogue.steps()[kind.value][stage])
    if PROCUREMENT.search(phase_name.casefold()):
        steps = ["Procure {}", "Tender {}", "Place the order for {}"]  # bought here, installed later
    tasks = []
    for index, item in enumerate(items):
        if item.activity is not None:  # work in its own right: done once, at its own stage
            if item.activity != stage.value:
                continue
            choices = ["Plan and run {}", "Report on {}"]
        else:
            choices = list(steps)
        if item.activity is None and item.action in OWN_VERBS.get(stage, set()):  # the brief's verb
            slot = 1 if kind == Kind.FACILITY and stage == Stage.BUILD else 0
            choices[slot] = item.action.capitalize() + " {}"
        title = next((t for t in (_title(s, item) for s in choices) if normal(t) not in taken), None)
        if title is None:
            continue  # every step of this stage is planned for the item already
        taken.add(normal(title))
        qualified = len(item.text.split()) > QUALIFIED_WORDS
        hours = round(HOURS[stage] * factor * (1.25 if qualified else 1.0), 1)
        why = f"typical {WHAT[stage]} effort for one scope item"
        if qualified:
            why += ", x1.25 as the brief qualifies it"
        if factor != 1:
            why += f", x{factor:g} as the brief says '{word}'"
        tasks.append(
            TaskOut(
                title=title[:200],
                description=f"{title} for {phase_name}: the brief asks for {item.text}. "
                f"Estimate {hours:g} h: {why}.",
                discipline=None,
                role=role_for(item, team_roles, index, fallback_role),
                estimate_hours=hours,
                story_points=max(1, round(POINTS[stage] * factor)),
            )
        )
    return tasks


def sprint_items(items: Sequence[ScopeItem], sprint_index: int, sprint_count: int) -> list[ScopeItem]:
    """This sprint's share of the items, in order; with fewer items than sprints every sprint takes one."""
    if not items:
        return []
    m = max(1, sprint_count)
    i = (max(1, min(sprint_index, m)) - 1) % m
    if len(items) >= m:
        return list(items[i * len(items) // m : (i + 1) * len(items) // m])
    return [items[i % len(items)]]

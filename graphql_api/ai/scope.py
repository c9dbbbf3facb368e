"""A project's scope in its own words (what to build, change or deliver) and the kind of project it is.

A catalogue of discipline tasks cannot know that an MRI suite needs a quench vent; the
requirements say so. Clear rules read them (no NLP model: the Lambda package stays
lean and the planner loads in milliseconds): each sentence loses its lead-in ("The suite
needs", "Provide", "We will deliver") and its list is split on commas, semicolons and
"and", so "RF shielding in a welded RF cage, a quench vent routed to the roof and a
UPS" becomes three items. Each item keeps its words and a short name for titles.

The project's kind decides what a discipline means: "electrical" in a hospital fit-out
or a pumping station is power and building services, in an ECU it is electronics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_ITEMS = 14  # scope items a plan works with; the first ones named are the main ones
MIN_CHARS = 3  # shorter pieces are list debris, not things to build
MAX_WORDS = 9  # an item longer than this is cut at its first preposition clause


class Kind(StrEnum):
    FACILITY = "facility"  # buildings, fit-outs, civil works, energy, water, process plant
    PRODUCT = "product"  # electronics, devices, vehicles, aircraft systems
    SOFTWARE = "software"  # software, data, platforms, migrations
    RESEARCH = "research"
    GENERAL = "general"  # the brief gives no sign: disciplines keep their catalogue meaning


_KIND_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.FACILITY: (
        "building", "suite", "hospital", "ward", "room", "fit-out", "fit out", "floor", "roof", "site",
        "station", "plant", "pumping", "pump", "reservoir", "pipeline", "bridge", "road", "highway",
        "substation", "solar", "wind farm", "farm", "mw", "kv", "tunnel", "treatment works", "refinery",
        "warehouse", "factory", "school", "campus", "depot", "dam", "culvert", "sewer", "water main",
        "hvac", "chilled water", "boiler", "switchgear", "transformer", "cable route", "foundation",
        "earthworks", "piping", "vessel", "reactor", "plantroom", "quay", "rail", "platform extension",
    ),
    Kind.PRODUCT: (
        "pcb", "firmware", "board", "ecu", "device", "enclosure", "prototype", "sensor", "wearable",
        "handheld", "vehicle", "automotive", "iso 26262", "avionics", "aircraft", "do-178", "do-254",
        "medical device", "iec 62304", "infusion", "fda", "510(k)", "actuator", "microcontroller", "asic",
        "battery pack", "drone", "satellite", "payload", "consumer", "injection mould", "brake",
    ),
    Kind.SOFTWARE: (
        "platform", "api", "microservice", "database", "migration", "app", "web", "cloud", "data",
        "analytics", "dashboard", "portal", "saas", "crm", "erp", "integration", "machine learning",
        "model", "pipeline", "warehouse", "etl", "kubernetes", "mobile",
    ),
    Kind.RESEARCH: ("research", "study", "experiment", "trial", "hypothesis", "literature", "phd", "grant"),
}  # fmt: skip


def kind_of(text: str) -> Kind:
    """The kind whose words the brief uses most (whole words, plurals too; ties: in Kind's order)."""
    lowered = f" {' '.join(text.casefold().split())} "
    scores = {
        kind: sum(
            len(re.findall(rf"(?<![a-z0-9]){re.escape(w)}(?:s|es)?(?![a-z0-9])", lowered)) for w in words
        )
        for kind, words in _KIND_WORDS.items()
    }
    best = max(scores.values())
    if best == 0:
        return Kind.GENERAL
    return next(kind for kind in Kind if scores.get(kind) == best)


@dataclass(frozen=True, slots=True)
class ScopeItem:
    """One thing the project builds, changes or delivers, in the brief's own words."""

    text: str  # as the brief says it, e.g. "quench vent routed to the roof"
    name: str  # short, for task titles, e.g. "quench vent"
    action: str = ""  # the brief's own verb when it gave one ("replace", "migrate")

    @property
    def words(self) -> set[str]:
        return set(re.findall(r"[a-z0-9]+", self.text.casefold()))

    @property
    def activity(self) -> str | None:
        """The stage an item that is itself work belongs to ("flight trials", "a site survey"), else None."""
        head = self.name.casefold().split()[-1] if self.name else ""
        return ACTIVITIES.get(head)


# Items that are work rather than things: planned once, at their own stage, as what they are.
ACTIVITIES = {
    **dict.fromkeys(("trial", "trials", "test", "tests", "testing", "commissioning", "handover", "acceptance",
                     "validation", "verification", "qualification", "certification", "training"), "verify"),
    **dict.fromkeys(("survey", "surveys", "study", "studies", "assessment", "audit", "review", "analysis"),
                    "define"),
}  # fmt: skip


_LEAD_INS = re.compile(
    r"^(?:(?:the|this|our|a|an|new|each|every)\s+)?(?:[\w()/-]+\s+){0,5}?"
    r"(?:needs?|requires?|asks? for|includes?|including|must (?:have|include|provide|deliver)|"
    r"shall (?:have|include|provide|deliver|be)|will (?:have|include|provide|deliver|get)|"
    r"calls? for|comprises?|consists? of|covers?|is to (?:provide|deliver)|should (?:have|include|provide)|"
    r"wants?|gets?)\s+",
    re.IGNORECASE,
)
_VERBS = (
    "replace", "install", "provide", "build", "design", "deliver", "upgrade", "integrate", "construct",
    "develop", "migrate", "add", "create", "implement", "fit", "supply", "refurbish", "convert", "extend",
    "connect", "automate", "modernise", "modernize", "retrofit", "relocate", "decommission", "demolish",
    "rebuild", "deploy", "move", "port", "rewrite", "certify", "validate", "commission", "ingest", "train",
    "publish", "load", "fit out", "set up", "roll out", "stand up", "scale up", "renew", "repair", "restore",
    "strengthen", "reinforce", "resurface", "renovate", "widen", "divert", "expand", "remove",
)  # fmt: skip
_SUBJECTS = re.compile(
    r"^(?:we|they|the (?:client|owner|team|contractor|project|scope))\s+"
    r"(?:will|must|shall|need to|want to|are to)\s+",
    re.IGNORECASE,
)
_DETERMINERS = re.compile(
    r"^(?:a|an|the|its|their|our|new|all|both|any|some|including|such as|also|plus|then|finally)\s+",
    re.IGNORECASE,
)
_PREPOSITIONS = (
    " replacing ", " serving ", " including ", " in ", " onto ", " via ", " through ", " against ",
    " inside ", " around ", " near ", " to ", " for ", " with ", " from ", " at ", " on ", " of ", " by ",
    " under ", " over ", " across ", " within ", " into ", " routed ", " so ", " that ", " which ",
    " along ", " beside ", " between ", " below ", " above ", " during ", " before ", " after ", " while ",
)  # fmt: skip
_JOINED = re.compile(r"^(?:and|or)\s+", re.IGNORECASE)
_NOISE = {"etc", "and so on", "other", "others", "more", "it", "them", "this", "that", "these"}
# "400 m of crane rail": an amount's "of" names the thing itself, not a qualifying clause.
_AMOUNT = re.compile(
    r"^(?:\d[\d.,]*\s*[^\W\d_]{0,4}|one|two|three|four|five|six|eight|ten|twelve|dozens?)$", re.IGNORECASE
)
# "the port stays open": a condition on the work, not a thing to build (its second word says so).
_STATEMENT_VERBS = {
    "stays",
    "stay",
    "remains",
    "remain",
    "is",
    "are",
    "must",
    "will",
    "shall",
    "should",
    "may",
}


def _name(item: str) -> str:
    """A title-sized name: the item up to its first qualifying clause, at most MAX_WORDS words."""
    lowered, cut = f" {item} ", len(item)
    for preposition in _PREPOSITIONS:
        at = lowered.find(preposition, 2)
        if preposition == " of " and _AMOUNT.match(item[: at - 1].strip()):
            at = lowered.find(preposition, at + len(preposition))  # the next "of", if any, qualifies
        if 0 < at - 1 < cut and len(item[: at - 1].split()) >= 1:
            cut = at - 1
    name = item[:cut].strip(" ,;:-") or item
    return " ".join(name.split()[:MAX_WORDS])


def _pieces(sentence: str) -> list[str]:
    sentence = _SUBJECTS.sub("", sentence.strip(" -*•\t"))
    sentence = _LEAD_INS.sub("", sentence, count=1)
    parts = re.split(r"\s*(?:,|;|\s+and\s+|\s+plus\s+|\s+as well as\s+|\s+with\s+|\s*&\s*)\s*", sentence)
    parts = [
        re.sub(r"^(?:and|or)\s+", "", p.strip(" .:-"), flags=re.IGNORECASE) for p in parts
    ]  # ", and ..."
    return [p for p in parts if p]


def read_scope(requirements: str) -> list[ScopeItem]:
    """The scope items of a brief, in the order it names them, each once."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+|(?<=:)\s+|;\s*", requirements)
    items: list[ScopeItem] = []
    seen: set[str] = set()
    for sentence in sentences:
        action = ""
        for piece in _pieces(sentence):
            words = piece.split(" ")
            two = " ".join(words[:2]).casefold()
            if two in _VERBS and len(words) > len(two.split()):  # "fit out", "roll out": a two-word verb
                action, piece = two, " ".join(words[2:])  # noqa: PLW2901 - the object of the brief's verb
            elif words[0].casefold() in _VERBS and len(words) > 1:
                action, piece = words[0].casefold(), " ".join(words[1:])  # noqa: PLW2901
            text = piece.strip()
            while (shorter := _DETERMINERS.sub("", text)) != text:
                text = shorter
            key = " ".join(text.casefold().split())
            if len(key.split()) > 1 and key.split()[1] in _STATEMENT_VERBS:
                continue
            if len(key) < MIN_CHARS or key in _NOISE or key in seen or len(key.split()) > 3 * MAX_WORDS:
                continue
            seen.add(key)
            items.append(ScopeItem(text=text, name=_name(text), action=action))
            if len(items) == MAX_ITEMS:
                return items
    return items

"""Reading a brief's scope and its kind: the words the planner plans from."""

from __future__ import annotations

import pytest

from graphql_api.ai import local
from graphql_api.ai.knowledge import disciplines
from graphql_api.ai.requests import ProjectBrief, SprintRequest
from graphql_api.ai.scope import Kind, kind_of, read_scope


@pytest.mark.parametrize(
    ("brief", "names"),
    [
        (
            (
                "The MRI suite needs RF shielding in a welded RF cage, a quench vent routed to the roof, "
                "chilled water, dedicated air conditioning and a UPS."
            ),
            ["RF shielding", "quench vent", "chilled water", "dedicated air conditioning", "UPS"],
        ),
        (
            "Replace two duty pumps and one standby at the river intake; new MCC and VSDs; SCADA integration.",
            ["two duty pumps", "one standby", "MCC", "VSDs", "SCADA integration"],
        ),
        (
            "We will deliver a 50 MW solar farm with a 132 kV substation, inverters and a battery store.",
            ["50 MW solar farm", "132 kV substation", "inverters", "battery store"],
        ),
        (
            "A volumetric infusion pump with a new touchscreen and wireless dose logging.",
            ["volumetric infusion pump", "touchscreen", "wireless dose logging"],
        ),
        (
            (
                "Integrate an electro-optical sensor turret onto a maritime patrol drone, including power "
                "and data harnesses, gimbal control software and flight trials."
            ),
            ["electro-optical sensor turret", "power", "data harnesses", "gimbal control software", "flight trials"],
        ),
        (
            "- Ingest clickstream data\n- A dbt transformation layer\n- Self-service dashboards",
            ["clickstream data", "dbt transformation layer", "Self-service dashboards"],
        ),
        ("A 40 m pedestrian bridge over the Avon", ["40 m pedestrian bridge"]),
        ("Upgrade the treatment works: new inlet screens & two SBR tanks.", ["treatment works", "inlet screens", "two SBR tanks"]),
    ],
)  # fmt: skip
def test_the_brief_s_own_items_in_its_order(brief: str, names: list[str]) -> None:
    assert [i.name for i in read_scope(brief)] == names


def test_an_item_keeps_its_words_and_the_brief_s_verb() -> None:
    migrate, *_ = read_scope("Migrate 2.4 million policy records from the mainframe to the new platform.")
    assert (migrate.name, migrate.action) == ("2.4 million policy records", "migrate")
    assert migrate.text == "2.4 million policy records from the mainframe to the new platform"
    trials = read_scope("Flight trials at the range; a site survey.")
    assert [(i.name, i.activity) for i in trials] == [("Flight trials", "verify"), ("site survey", "define")]


def test_each_item_once_and_a_bounded_list() -> None:
    assert [i.name for i in read_scope("A UPS. The UPS, a ups and a generator.")] == ["UPS", "generator"]
    assert len(read_scope(", ".join(f"item {n}" for n in range(40)))) == 14


@pytest.mark.parametrize(
    ("brief", "kind"),
    [
        ("Fit out an MRI suite in the hospital basement with RF shielding and a quench vent.", Kind.FACILITY),
        ("Replace the pumps at the river intake pumping station.", Kind.FACILITY),
        ("A 50 MW solar farm with a 132 kV substation.", Kind.FACILITY),
        ("A brake-by-wire ECU with ISO 26262 ASIL D and CAN-FD.", Kind.PRODUCT),
        ("A wearable ECG patch with a 7-day battery.", Kind.PRODUCT),
        ("Migrate policy records to the new cloud platform and its API.", Kind.SOFTWARE),
        ("A research study of cell ageing: cycling experiments and a literature review.", Kind.RESEARCH),
        ("Deliver the thing.", Kind.GENERAL),
    ],
)
def test_the_kind_of_project_from_the_whole_brief(brief: str, kind: Kind) -> None:
    assert kind_of(brief) == kind


def test_electrical_means_power_in_a_facility_and_electronics_in_a_product() -> None:
    assert [d.name for d in disciplines(["electrical", "mechanical"], Kind.FACILITY)] == [
        "power",
        "mechanical services",
    ]
    assert [d.name for d in disciplines(["electrical", "mechanical"], Kind.PRODUCT)] == [
        "electrical",
        "mechanical",
    ]

    def titles(requirements: str) -> str:
        project = ProjectBrief(name="P", requirements=requirements, disciplines=["electrical"])
        plans = [
            local.sprint_plan(SprintRequest(project=project, phase_name=phase, sprint_name="S1"))
            for phase in ("Design", "Construction", "Commissioning")
        ]
        return " | ".join(t.title for plan in plans for t in plan.tasks)

    hospital = titles("Fit out the hospital MRI suite: a UPS, switchgear and lighting.")
    ecu = titles("A brake ECU with CAN-FD interfaces for the vehicle.")
    assert "PCB" not in hospital
    assert "Board bring-up" not in hospital
    assert "Single-line diagram" in hospital
    assert "Procure UPS" in hospital  # one construction sprint: bought first
    assert "Schematic capture" in ecu or "PCB layout" in ecu


def test_a_quantity_keeps_its_thing_and_a_statement_is_no_item() -> None:
    """Tried as a user on a brief the rules were not written for: "400 m of crane rail" was
    planned as "400 m", "renew" stayed in the item's name, ", and upgrade" kept its "and",
    and "the port stays open" (a condition, not work) became an item."""
    brief = (
        "Replace 400 m of crane rail on the north quay, renew the rail clips and pads, and upgrade "
        "the cable reel trench; the port stays open."
    )
    items = read_scope(brief)
    assert [(i.name, i.action) for i in items] == [
        ("400 m of crane rail", "replace"),
        ("rail clips", "renew"),
        ("pads", "renew"),  # the sentence's verb carries on
        ("cable reel trench", "upgrade"),
    ]
    assert [i.name for i in read_scope("Install 12 km of fibre duct along the A40.")] == [
        "12 km of fibre duct"
    ]
    assert [i.name for i in read_scope("Refurbish 3 pumps of the intake station.")] == ["3 pumps"]


def test_every_kind_has_distinct_steps_for_every_stage() -> None:
    """The breakdown table is data (catalogue/breakdown.toml): a kind or stage it misses would be a KeyError mid-plan."""
    from graphql_api.catalogue import Stage, steps

    table = steps()
    for kind in Kind:
        for stage in Stage:
            found = table[kind.value][stage]
            assert len(found) >= 3, (kind, stage)
            assert len({s.casefold() for s in found}) == len(found), (kind, stage)
            assert all(s.count("{}") == 1 for s in found), (kind, stage)

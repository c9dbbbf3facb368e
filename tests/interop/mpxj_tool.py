"""MPXJ (MS Project's file library, on Java) as a separate process: read a plan file, or write fixtures.

    python -m tests.interop.mpxj_tool read FILE      # JSON: tasks, links, resources, assignments
    python -m tests.interop.mpxj_tool write DIR      # MSPDI fixtures written by MPXJ itself

A subprocess, because a JVM started inside pytest could never be stopped or restarted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _read(path: str) -> dict[str, Any]:
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    project = UniversalProjectReader().read(path)
    tasks = []
    for task in project.getTasks():
        if task.getName() is None:
            continue
        tasks.append(
            {
                "name": str(task.getName()),
                "level": int(task.getOutlineLevel()),
                "summary": bool(task.getSummary()),
                "start": str(task.getStart())[:10],
                "finish": str(task.getFinish())[:10],
                "links": [
                    {
                        "from": str(r.getPredecessorTask().getName()),
                        "type": str(r.getType()),
                        "lag_days": round(float(r.getLag().getDuration()) / _per_day(r.getLag()), 2),
                    }
                    for r in task.getPredecessors()
                ],
            }
        )
    return {
        "tasks": tasks,
        "resources": [str(r.getName()) for r in project.getResources() if r.getName() is not None],
        "assignments": [
            [str(a.getTask().getName()), str(a.getResource().getName())]
            for a in project.getResourceAssignments()
            if a.getResource() is not None
        ],
    }


def _per_day(duration: Any) -> float:
    units = str(duration.getUnits())
    return {"ELAPSED_DAYS": 1.0, "DAYS": 1.0, "ELAPSED_HOURS": 24.0, "HOURS": 8.0, "ELAPSED_MINUTES": 1440.0,
            "MINUTES": 480.0}.get(units, 1.0)  # fmt: skip


def _write(folder: str) -> None:
    """Two plans as MPXJ writes them: a bridge with an SS lag, and a device with a leaf under a phase."""
    from java.time import LocalDateTime  # type: ignore[import-not-found]
    from org.mpxj import Duration, ProjectFile, Relation, RelationType, TimeUnit  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]

    def plan(
        name: str,
        start: str,
        phases: list[tuple[str, int, list[tuple[str, list[tuple[str, float, bool]]]]]],
        links: list[tuple[int, int, str, int]],
    ) -> Any:
        project = ProjectFile()
        project.getProjectProperties().setName(name)
        project.getProjectProperties().setStartDate(LocalDateTime.parse(f"{start}T08:00"))
        calendar = project.addDefaultBaseCalendar()
        project.setDefaultCalendar(calendar)
        made = []
        cursor = LocalDateTime.parse(f"{start}T08:00")
        for phase_name, weeks, sprints in phases:
            phase = project.addTask()
            phase.setName(phase_name)
            phase.setStart(cursor)
            finish = cursor.plusDays(weeks * 7 - 3).withHour(17)
            phase.setFinish(finish)
            phase.setDuration(Duration.getInstance(weeks * 5, TimeUnit.DAYS))
            for sprint_name, leaves in sprints:
                parent = phase
                if sprint_name:
                    parent = phase.addTask()
                    parent.setName(sprint_name)
                    parent.setStart(cursor)
                    parent.setFinish(finish)
                for leaf_name, hours, done in leaves:
                    leaf = parent.addTask()
                    leaf.setName(leaf_name)
                    leaf.setStart(cursor)
                    leaf.setFinish(finish)
                    leaf.setWork(Duration.getInstance(hours, TimeUnit.HOURS))
                    leaf.setPercentageComplete(100 if done else 0)
            made.append(phase)
            cursor = cursor.plusDays(weeks * 7)
        for successor, predecessor, kind, lag in links:
            relation = RelationType.START_START if kind == "SS" else RelationType.FINISH_START
            lag_duration = Duration.getInstance(lag, TimeUnit.ELAPSED_DAYS)
            made[successor].addPredecessor(
                Relation.Builder().predecessorTask(made[predecessor]).type(relation).lag(lag_duration)
            )
        return project

    target = Path(folder)
    bridge = plan(
        "River footbridge (MPXJ)",
        "2027-03-01",
        [
            ("Detailed design", 6, [("Design 1", [("Deck design", 60, True), ("Pier design", 40, False)]),
                                    ("Design 2", [("Drawings & specification", 50, False)])]),
            ("Procurement", 8, [("Tender", [("Steel tender", 20, False)])]),
            ("Construction", 12, [("Build 1", [("Piling", 120, False), ("Deck erection", 160, False)])]),
        ],
        [(1, 0, "SS", 14), (2, 1, "FS", 7)],
    )  # fmt: skip
    MSPDIWriter().write(bridge, str(target / "bridge_mpxj.xml"))
    pump = plan(
        "Infusion pump v2 (MPXJ)",
        "2027-01-04",
        [
            ("Risk management", 4, [("", [("Hazard analysis (ISO 14971)", 40, True)])]),
            ("Software", 10, [("Sprint A", [("SOUP list (IEC 62304)", 16, False)])]),
        ],
        [(1, 0, "FS", 0)],
    )  # fmt: skip
    MSPDIWriter().write(pump, str(target / "pump_mpxj.xml"))


def main(argv: list[str]) -> int:
    import jpype  # type: ignore[import-untyped]
    import mpxj  # type: ignore[import-untyped]  # noqa: F401 - puts MPXJ's jars on the class path

    jpype.startJVM()
    if argv[0] == "read":
        print(json.dumps(_read(argv[1])))
    else:
        _write(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One row per task, RFC 4180 quoting, formula-safe, UTF-8 with a BOM: for a spreadsheet or a tracker."""

from __future__ import annotations

import csv
import io
from typing import Any

from graphql_api.services.interchange.text import spreadsheet_cell

COLUMNS = [
    "project",
    "phase_order",
    "phase",
    "sprint_order",
    "sprint",
    "sprint_start",
    "sprint_end",
    "task_id",
    "title",
    "description",
    "status",
    "discipline",
    "role",
    "estimate_hours",
    "story_points",
    "completed_at",
    "actual_hours",  # last, so readers of the earlier columns keep their positions
]


def render(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    p = doc["project"]
    for phase in p["phases"]:
        for sprint in phase["sprints"]:
            for t in sprint["tasks"]:
                row = [
                    p["name"],
                    phase["order"],
                    phase["name"],
                    sprint["order"],
                    sprint["name"],
                    sprint["startDate"],
                    sprint["endDate"],
                    t["id"],
                    t["title"],
                    t["description"],
                    t["status"],
                    t["discipline"],
                    t["role"],
                    t["estimateHours"],
                    t["storyPoints"],
                    t["completedAt"],
                    t["actualHours"],
                ]
                writer.writerow([spreadsheet_cell(v) for v in row])
    # A byte-order mark: Excel on Windows reads the file as UTF-8 ("Sétra —" stays itself).
    return "\ufeff" + out.getvalue()

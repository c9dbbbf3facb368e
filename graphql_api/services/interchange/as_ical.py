"""iCalendar (RFC 5545): an all-day event per phase and per sprint, for the team's calendars.

UIDs derive from the API's ids, so re-importing an updated export moves the events
instead of duplicating them; the icalendar library escapes text and folds long lines.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any


def render(doc: dict[str, Any]) -> bytes:
    from icalendar import Calendar, Event  # noqa: PLC0415 - at first iCalendar export

    p = doc["project"]
    calendar = Calendar()
    calendar.add("prodid", "-//Intelligent Engineering Platform//Project plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", p["name"])
    stamp = datetime.fromisoformat(doc["exportedAt"])

    def event(uid: str, summary: str, start: str, end: str, description: str) -> None:
        item = Event()
        item.add("uid", f"{uid}@iep.plan")
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        item.add("dtstart", date.fromisoformat(start))
        item.add(
            "dtend", date.fromisoformat(end) + timedelta(days=1)
        )  # DTEND of an all-day event is exclusive
        if description:
            item.add("description", description)
        calendar.add_component(item)

    for phase in p["phases"]:
        event(
            phase["id"],
            f"{p['name']}: {phase['name']}",
            phase["startDate"],
            phase["endDate"],
            phase["description"],
        )
        for sprint in phase["sprints"]:
            event(
                sprint["id"],
                f"{p['name']}: {sprint['name']} ({phase['name']})",
                sprint["startDate"],
                sprint["endDate"],
                sprint["goal"],
            )
    return bytes(calendar.to_ical())

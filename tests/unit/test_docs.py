"""The docs as a newcomer reads them: a short README, pages that exist, links that resolve,
and a configuration page that says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from graphql_api.config import Limits, Settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
README_LINES_MAX = 300
UNSET = {"unset", "unset (set by the template)"}


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation out, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    return {_slug(line.lstrip("#")) for line in page.read_text().splitlines() if line.startswith("#")}


def test_the_readme_is_short_and_leads_to_every_page() -> None:
    text = README.read_text()
    assert len(text.splitlines()) <= README_LINES_MAX
    linked = {m.split("#")[0] for m in LINK.findall(text)}
    assert len(PAGES) >= 4
    assert {f"docs/{p.name}" for p in PAGES} <= linked


def test_every_relative_link_and_anchor_resolves() -> None:
    broken = []
    for page in [README, *PAGES]:
        for target in LINK.findall(page.read_text()):
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto: not ours to check offline
            path, _, anchor = target.partition("#")
            found = (page.parent / path).resolve() if path else page
            if not found.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and found.suffix == ".md" and anchor not in _anchors(found):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


def _rows(text: str) -> dict[str, str]:
    """`NAME` -> the documented default, for every row of the page's tables (a / b rows split)."""
    rows: dict[str, str] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([A-Z0-9_]+)`", cells[0])
        defaults = [d.strip() for d in cells[1].split(" / ")]
        for n, name in enumerate(names):
            rows[name] = defaults[n] if len(defaults) == len(names) else cells[1]
    return rows


def _same(documented: str, value: object) -> bool:
    """Whether a documented default says the code's value.

    The first `literal` of the cell is the default ("`sqlite` (`dynamodb` on Lambda)" says
    sqlite); an unset setting may be documented as unset, as the variable it falls back to
    (`FRONTEND_URL`) or in words ("generated in dev").
    """
    quoted = re.match(r"`([^`]*)`", documented)
    plain = quoted.group(1) if quoted else documented
    if value is None:
        return documented in UNSET or quoted is None or plain.isupper() or "$" in plain
    if isinstance(value, bool):
        return plain.lower() in {"true", "on"} if value else plain.lower() in {"false", "off"}
    if isinstance(value, int | float):
        try:
            return float(plain.replace(",", "")) == float(value)
        except ValueError:
            return False
    return plain == str(value) or quoted is None


def test_the_configuration_page_lists_every_setting_with_the_code_s_default() -> None:
    rows = _rows((DOCS / "configuration.md").read_text())
    settings = {n.upper(): f for n, f in Settings.model_fields.items() if n != "limits"}
    limits = {n.upper(): f for n, f in Limits.model_fields.items()}
    missing = sorted((set(settings) | set(limits)) - set(rows))
    assert missing == [], "settings missing from docs/configuration.md"
    read_directly = set(re.findall(r'"([A-Z][A-Z0-9_]+)"', (ROOT / "graphql_api" / "config.py").read_text()))
    unknown = sorted(set(rows) - set(settings) - set(limits) - read_directly)
    assert unknown == [], "documented variables the code does not read"
    defaults = {
        **{n: f.get_default(call_default_factory=True) for n, f in settings.items()},
        **{n: getattr(Limits(), n.lower()) for n in limits},
    }
    wrong = sorted(
        f"{name}: documented {rows[name]}, code {defaults[name]!r}"
        for name in rows
        if name in defaults and not _same(rows[name], defaults[name])
    )
    assert wrong == []

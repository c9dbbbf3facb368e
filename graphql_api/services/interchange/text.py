"""Escaping for each output format: user and model text must come out inert."""

from __future__ import annotations

import html
import re

# Only what would start markup inline: emphasis, code, links (a "(" after an escaped "]"
# is plain), table pipes, strikethrough. "<" and entity-like "&name;" are HTML's.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LIST_START = re.compile(r"^(\d+)([.)])|^([-=+#>])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# What GitHub-flavoured Markdown would turn into a live link on its own (linkify).
_LINKABLE = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def markdown(text: str | None) -> str:
    """Markdown-escape and HTML-escape (Markdown renders raw HTML), one line.

    URLs and email addresses become code spans, which no renderer turns into links.
    """
    flat = " ".join((text or "").split())
    parts: list[str] = []
    position = 0
    for match in _LINKABLE.finditer(flat):
        parts.append(_markdown_text(flat[position : match.start()]))
        parts.append(_code_span(match.group()))
        position = match.end()
    parts.append(_markdown_text(flat[position:]))
    joined = "".join(parts)
    # A leading "1." or "-" would start a list, a leading "=" a heading underline.
    return _MD_LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", joined)


def _markdown_text(text: str) -> str:
    """Inert, and readable: "Bridge & ramps (phase 2)" stays as it is; "<b>" and "&amp;" do not."""
    text = _MD_ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code_span(text: str) -> str:
    """A code span whose fence is longer than any backtick run inside it (CommonMark)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


def spreadsheet_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP).

    Excel in a locale whose list separator is `;` splits an unquoted cell at `;`, so
    every `;`-separated part is neutralised too (and the CSV quotes every cell).
    """
    text = "" if value is None else str(value)
    parts = text.split(";")
    return ";".join("'" + part if part.lstrip().startswith(_FORMULA_START) else part for part in parts)


def from_spreadsheet_cell(text: str) -> str:
    """The text `spreadsheet_cell` neutralised: the added quote before a formula start goes again."""
    parts = text.split(";")
    return ";".join(
        part[1:] if part.startswith("'") and part[1:].lstrip().startswith(_FORMULA_START) else part
        for part in parts
    )


def html_text(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)

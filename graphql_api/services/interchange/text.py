"""Escaping for each output format: user and model text must come out inert."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_MD_LIST_START = re.compile(r"^(\d+)([.)])|^([-=])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text: str | None) -> str:
    """Markdown-escape and HTML-escape (Markdown renders raw HTML), one line."""
    flat = " ".join((text or "").split())
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    # A leading "1." or "-" would start a list, a leading "=" a heading underline.
    return _MD_LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def spreadsheet_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def html_text(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)

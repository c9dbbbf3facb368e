"""Exported text stays inert: Markdown links nothing, spreadsheets run nothing, mail headers are one line."""

from __future__ import annotations

import csv
import io

from graphql_api.services.email import Email
from graphql_api.services.interchange.text import markdown, spreadsheet_cell


def test_markdown_turns_urls_and_addresses_into_code_spans() -> None:
    text = "Phishing at https://evil.example/login?next=1, www.evil.example and ceo@evil.example"
    assert markdown(text) == (
        "Phishing at `https://evil.example/login?next=1,` `www.evil.example` and `ceo@evil.example`"
    )


def test_a_code_span_outlasts_backticks_inside_it() -> None:
    assert markdown("see https://x.example/`a``b`") == "see ``` https://x.example/`a``b` ```"


def test_markdown_still_escapes_markup_and_html() -> None:
    assert markdown("*bold* <script>alert(1)</script>") == r"\*bold\* &lt;script>alert(1)&lt;/script>"
    assert markdown("1. not a list") == r"1\. not a list"
    assert (
        markdown("[x](javascript:alert(1))") == r"\[x\](javascript:alert(1))"
    )  # no link without its brackets
    assert markdown("&lt;b&gt;") == "&amp;lt;b&amp;gt;"  # shown as typed, not decoded
    for start in ("# heading", "> quote", "+ item", "- item"):
        assert markdown(start).startswith("\\")


def test_plain_text_reads_as_written() -> None:
    """No entity or backslash noise where nothing would render as markup."""
    assert markdown("Sétra — bridge & ramps (phase 2), 40 m!") == "Sétra — bridge & ramps (phase 2), 40 m!"


def test_every_semicolon_part_of_a_cell_is_neutralised() -> None:
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert (
        spreadsheet_cell('Pour slab; =HYPERLINK("http://evil")') == 'Pour slab;\' =HYPERLINK("http://evil")'
    )
    assert spreadsheet_cell("a;b") == "a;b"
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerow([spreadsheet_cell("x;@SUM(A1)")])
    assert out.getvalue().strip() == '"x;\'@SUM(A1)"'


def test_mail_headers_are_one_line() -> None:
    email = Email(
        to="a@example.com\r\nBcc: x@evil.example", subject="Plan for Bridge\r\nX-Evil: 1", text="", html=""
    )
    assert email.subject == "Plan for Bridge X-Evil: 1"
    assert "\n" not in email.to

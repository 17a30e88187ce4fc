"""Markdown for pull-request comments: untrusted text cannot open HTML, links or cells."""
from __future__ import annotations

from vendorrisk.formats import render
from vendorrisk.formats.markdown import md_link, md_text


def test_table_cell_cannot_be_split_or_made_html():
    text = md_text("A | B <img src=x onerror=alert(1)> [x](javascript:alert(1)) *b*")
    assert "|" not in text.replace("\\|", "")
    assert "<" not in text and ">" not in text
    assert "](" not in text and "*b*" not in text


def test_only_web_urls_become_links():
    assert md_link("84 FR 54002", "https://federalregister.gov/d/2019-22210") == (
        "[84 FR 54002](https://federalregister.gov/d/2019-22210)")
    assert "(" not in md_link("x", "javascript:alert(1)").replace("\\(", "")
    assert md_link("x", "https://example.org/a b)") == "x"


def test_report_lists_flagged_suppliers_only_unless_asked(example_report):
    text = render(example_report, "markdown")
    assert "Hikvision UK Ltd" in text and "Acme Office" not in text
    assert "&lt;script&gt;" not in text
    everyone = render(example_report, "markdown", include_clean=True)
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in everyone
    assert "180 days **stale**" in text

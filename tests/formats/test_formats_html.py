"""HTML: one self-contained, escaped page; opened in headless Chromium to see it render."""
from __future__ import annotations

import base64
import hashlib
import re

import pytest

from tests.formats.html_page import dump_dom, needs_chromium, parse_page
from vendorrisk.formats import render
from vendorrisk.formats.html_assets import CSS, JS


def test_hostile_names_are_text_not_markup(example_report):
    page = render(example_report, "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    dom = parse_page(page)
    assert dom.scripts == 1
    assert [r.name for r in dom.rows][2] == "<script>alert(1)</script>"


def test_page_is_self_contained_and_pins_its_style_and_script(example_report):
    page = render(example_report, "html")
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=", page)
    for asset in (CSS, JS):
        digest = base64.b64encode(hashlib.sha256(asset.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in page
    assert "default-src 'none'" in page


def test_only_web_urls_become_links(example_report):
    supplier = example_report.suppliers[0]
    finding = supplier.findings[0]
    citation = finding.entry.citation.model_copy(update={"url": "javascript:alert(2)"})
    entry = finding.entry.model_copy(update={"citation": citation, "name": '"><b onmouseover=x>'})
    hostile_finding = finding.model_copy(update={"entry": entry, "listings": (entry,)})
    hostile = supplier.model_copy(update={"findings": (hostile_finding,)})
    page = render(example_report.model_copy(update={"suppliers": (hostile,)}), "html")
    assert "javascript:" not in page.split("<script>")[0].replace("Pub. L.", "")
    assert 'href="https://federalregister.gov/d/2019-22210"' in page
    assert "<b onmouseover" not in page and "&quot;&gt;&lt;b onmouseover=x&gt;" in page


@pytest.mark.browser
@needs_chromium
def test_chromium_renders_the_table_and_shows_the_script_name_as_text(example_report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(example_report, "html"), encoding="utf-8")
    dom = parse_page(dump_dom(page.as_uri() + "#sort=-verdict", tmp_path))
    assert dom.root.get("data-js") == "ready", "the inline script did not run (CSP hash?)"
    assert dom.scripts == 1
    names = [row.name for row in dom.rows]
    assert len(names) == 5 and "<script>alert(1)</script>" in names
    assert [row.cells[0] for row in dom.rows] == ["2", "5", "3", "4", "6"], "sorted by verdict, worst first"

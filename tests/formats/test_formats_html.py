"""HTML: one self-contained, escaped page; opened in headless Chromium to see it render."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from vendorrisk.formats import render
from vendorrisk.formats.html_assets import CSS, JS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Dom(HTMLParser):
    """Collects script elements, supplier-table cells and the root's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts, self.rows, self.root = 0, [], {}
        self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.root = attrs if tag == "html" else self.root
        self.scripts += tag == "script"
        if tag == "tr" and attrs.get("class") == "supplier":
            self._row = []
            self.rows.append(self._row)
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _parse(text: str) -> _Dom:
    dom = _Dom()
    dom.feed(text)
    return dom


def test_hostile_names_are_text_not_markup(example_report):
    page = render(example_report, "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    dom = _parse(page)
    assert dom.scripts == 1
    assert [r[1] for r in dom.rows][2] == "<script>alert(1)</script>"


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


def _dump_dom(url: str, tmp_path) -> str:
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_chromium_renders_the_table_and_shows_the_script_name_as_text(example_report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(example_report, "html"), encoding="utf-8")
    dom = _parse(_dump_dom(page.as_uri() + "#sort=-verdict", tmp_path))
    assert dom.root.get("data-js") == "ready", "the inline script did not run (CSP hash?)"
    assert dom.scripts == 1
    names = [row[1] for row in dom.rows]
    assert len(names) == 5 and "<script>alert(1)</script>" in names
    assert [row[0] for row in dom.rows] == ["2", "5", "3", "4", "6"], "sorted by verdict, worst first"

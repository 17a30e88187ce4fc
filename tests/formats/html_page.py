"""Reading the HTML report back in tests: a small DOM of the parts they check, and headless Chromium.

`parse_page` reads the page's markup (as written, or as Chromium dumped it after the
script ran); `dump_dom` opens a page in headless Chromium and returns the DOM it ends
with. Tests that need Chromium skip with a reason when it is absent.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


@dataclass
class Row:
    """One supplier row: its attributes and its cells' text."""

    attrs: dict[str, str | None]
    cells: list[str] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return "hidden" in self.attrs

    @property
    def name(self) -> str:
        return self.cells[1]


@dataclass
class Decision:
    """One finding's line in the decisions section."""

    party: str
    status: str
    command: str | None = None


class Page(HTMLParser):
    """Supplier rows, the filter form, the count, the decisions section and the root's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts, self.rows, self.root, self.form = 0, [], {}, None
        self.shown = ""
        self.decisions: dict[str, list[Decision]] = {}
        self._row = self._cell = self._capture = None
        self._block: list[Decision] | None = None
        self._dec_cell = -1
        self._in_suppliers = self._body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.root = attrs if tag == "html" else self.root
        self.scripts += tag == "script"
        self.form = attrs if tag == "form" and attrs.get("id") == "filters" else self.form
        if tag == "table":
            self._in_suppliers = attrs.get("id") == "suppliers"
        elif tag == "tbody" and self._in_suppliers:
            self._body = True
        if tag == "tr" and self._body:
            self._row = Row(attrs)
            self.rows.append(self._row)
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "output" and attrs.get("id") == "shown":
            self._capture = []
        elif tag == "div" and attrs.get("class") == "dec":
            self._block = self.decisions.setdefault(attrs["id"], [])
        elif self._block is not None:
            self._in_decisions(tag, attrs)

    def _in_decisions(self, tag, attrs):
        if tag == "tr":
            self._dec_cell = -1
        elif tag == "td":
            self._dec_cell += 1
        elif tag == "code" and self._dec_cell == 0:
            self._capture = []
        elif tag == "span" and self._dec_cell == 2 and "badge" in (attrs.get("class") or ""):
            self._block[-1].status = attrs["class"].split()[1]
        elif tag == "code" and attrs.get("class") == "cmd":
            self._capture = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.cells.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "tbody":
            self._body = False
        elif tag == "output" and self._capture is not None:
            self.shown, self._capture = "".join(self._capture), None
        elif tag == "code" and self._capture is not None and self._block is not None:
            value, self._capture = "".join(self._capture), None
            if self._dec_cell == 0:
                self._block.append(Decision(party=value, status=""))
            else:
                self._block[-1].command = value
        elif tag == "div" and self._block is not None:
            self._block = None

    def handle_data(self, data):
        for sink in (self._cell, self._capture):
            if sink is not None:
                sink.append(data)

    def visible(self) -> list[str]:
        """Names of the supplier rows not hidden, in page order."""
        return [r.name for r in self.rows if not r.hidden]


def parse_page(text: str) -> Page:
    """The parts of a report page that tests check."""
    page = Page()
    page.feed(text)
    return page


def dump_dom(url: str, tmp_path, *extra: str) -> str:
    """The DOM headless Chromium ends with after loading `url` (and running its script, unless disabled)."""
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *extra, "--dump-dom", url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout

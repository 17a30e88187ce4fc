"""Hostile text inside an official list flows through a real import and Screener into every format safely.

A Consolidated Screening List file (official CSV layout, invented parties) carries
markup, formula payloads, `javascript:`/`data:` URLs, terminal escapes and a bidi
override in entry names, aliases, programmes, citations and URLs. It is imported
with `import_source`, screened with a `Screener` over the store only, and rendered
in every format. tests/formats/ covers hostile *supplier* names on a hand-built
report; this covers hostile *list* text end to end.
"""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from vendorrisk.config import Settings
from vendorrisk.formats import render
from vendorrisk.formats.csv_format import FORMULA_STARTS
from vendorrisk.model import SupplierRow
from vendorrisk.screening.screener import Screener
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.lists.updater import import_source

TESTS = Path(__file__).resolve().parent
SDN = "Specially Designated Nationals (SDN) - Treasury Department"
HOSTILE = [
    {"name": "Kestrel Photonics <script>alert(1)</script>", "alt_names": "@SUM(A1:A9) Kestrel; Kestrel Photonics",
     "programs": "=cmd|' /C calc'!A0; RUSSIA-EO14024", "source_list_url": "javascript:alert(3)",
     "federal_register_notice": '=HYPERLINK("http://evil.example","click")', "remarks": "<img src=x onerror=alert(4)>"},
    {"name": '"><svg onload=alert(5)> Vostok Polymer', "alt_names": "=Vostok Polymer", "programs": "+EAR",
     "federal_register_notice": "@SUM(1+1)*cmd|' /C calc'!A0",
     "source_list_url": 'https://example.org/list"><script>alert(6)</script>'},
    {"name": "Meridian\x1b[2J\x1b]0;pwned\x07 Avionics\u202e", "alt_names": "\x07Meridian Avionics\x07",
     "programs": "IRAN", "federal_register_notice": "| --- | [click](javascript:alert(7)) **bold** <b>x</b>",
     "source_list_url": "data:text/html,<script>alert(8)</script>"},
    {"name": "-Saffron Logistics\r\n=1+1", "alt_names": "-Saffron Logistics", "programs": "-SDGT",
     "federal_register_notice": "\t=2+3", "source_list_url": "JaVaScRiPt:alert(9)"},
]
SUPPLIERS = ["Kestrel Photonics", "Vostok Polymer", "Meridian Avionics", "Saffron Logistics"]
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def hostile_csl(path: Path) -> Path:
    """Write the hostile rows in the CSL CSV layout (header taken from the parser's own fixture)."""
    header = (TESTS / "fixtures/sources/us-csl/consolidated_2022.csv").read_text().splitlines()[0].split(",")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    for n, row in enumerate(HOSTILE, 1):
        full = {"_id": f"h{n}", "source": SDN, "entity_number": str(90000 + n), "type": "Entity",
                "start_date": "2022-03-11", **row}
        writer.writerow({k: full.get(k, "") for k in header})
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    home = tmp_path_factory.mktemp("hostile-home")
    import_source(Store(home), SOURCES["us-csl"], hostile_csl(home / "consolidated.csv"))
    screener = Screener(Settings(home=home, bundled_lists=False))
    result = screener.screen([SupplierRow(name=n, line=i, fields={"name": n}) for i, n in enumerate(SUPPLIERS, 2)])
    assert [s.verdict for s in result.suppliers] == ["prohibited"] * 4, "every hostile entry must be found"
    return result


def test_the_import_keeps_list_text_exactly_as_published(report):
    names = {f.entry.name for s in report.suppliers for f in s.findings}
    assert {row["name"].replace("\r\n", "\n") for row in HOSTILE} <= {n.replace("\r\n", "\n") for n in names}


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_shows_list_markup_as_text_and_links_only_web_urls(report):
    page = render(report, "html")
    dom = _Dom()
    dom.feed(page)
    assert [t for t, _ in dom.tags].count("script") == 1  # the page's own, pinned by its CSP hash
    assert not {t for t, _ in dom.tags} & {"svg", "img", "iframe", "object", "embed"}
    assert not any(k.startswith("on") for _, attrs in dom.tags for k in attrs)
    hrefs = [attrs["href"] for t, attrs in dom.tags if t == "a" and "href" in attrs]
    # the page's own links between a supplier row (#s-N) and its decisions (#d-N) are the only others
    assert hrefs and all(h.startswith("https://") or re.fullmatch(r"#[ds]-\d+", h) for h in hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;svg onload=alert(5)&gt;" in page


def test_csv_cells_from_the_list_never_start_a_formula(report):
    rows = list(csv.reader(io.StringIO(render(report, "csv", include_clean=True), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    joined = "\n".join(cells)
    for neutralised in ("'=cmd|' /C calc'!A0", "'=HYPERLINK(", "'@SUM(1+1)", "'=Vostok Polymer", "'+EAR",
                        "'-SDGT", "'=2+3", "'-Saffron Logistics"):
        assert neutralised in joined


def test_markdown_cannot_be_made_into_html_links_or_extra_cells(report):
    text = render(report, "markdown", include_clean=True)
    assert "<" not in text.replace("&lt;", "")
    assert not re.search(r"\]\((?!https://)", text), "a link to something other than https"
    assert "](javascript" not in text.lower() and "](data:" not in text
    assert not TERMINAL_CONTROLS.search(text)
    for line in text.splitlines():
        if line.startswith("| "):  # table rows keep the header's cell count
            assert len(re.findall(r"(?<!\\)\|", line)) in (5, 6), line


@pytest.mark.parametrize("color", [False, True])
def test_text_has_no_terminal_controls_from_the_list(report, color):
    text = render(report, "text", color=color)
    own = re.sub(r"\x1b\[[0-9;]*m", "", text) if color else text
    assert not TERMINAL_CONTROLS.search(own)
    assert "Meridian?[2J?]0;pwned? Avionics?" in own
    assert all(line.count("\n") == 0 for line in own.splitlines())


def test_sarif_is_valid_and_links_only_web_urls(report):
    doc = json.loads(render(report, "sarif"))
    schema = json.loads((TESTS / "formats" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema)
    uris = re.findall(r'"(?:helpUri|uri)": "([^"]*)"', json.dumps(doc))
    assert not [u for u in uris if re.match(r"(?i)\s*(javascript|data):", u)]


def test_json_keeps_list_text_exactly_and_escapes_controls(report):
    text = render(report, "json")
    assert not re.search("[\x00-\x1f]", text.replace("\n", ""))
    doc = json.loads(text)
    by_name = {s["name"]: s["findings"][0]["entry"] for s in doc["suppliers"]}
    assert by_name["Meridian Avionics"]["name"] == HOSTILE[2]["name"]
    assert by_name["Kestrel Photonics"]["citation"]["url"] == "javascript:alert(3)"  # data, never a link


def test_rows_without_a_line_number_never_show_none(report):
    unnumbered = report.model_copy(update={"suppliers": tuple(s.model_copy(update={"line": None})
                                                              for s in report.suppliers)})
    for fmt in ("text", "markdown", "html", "csv"):
        assert "None" not in render(unnumbered, fmt, include_clean=True), fmt

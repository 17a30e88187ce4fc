"""The HTML report as a review page: filters, decision status, decisions section, in headless Chromium.

The report is a real one: six suppliers screened by the real screener against the
bundled lists, with decisions applied as a report carries them (the baseline's
`suppressed`/`suppression` fields; the `decision` field when the model has it).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shlex
from urllib.parse import quote

import pytest

from tests.formats.html_page import dump_dom, needs_chromium, parse_page
from vendorrisk.config import Settings
from vendorrisk.formats import render
from vendorrisk.formats.html_assets import JS
from vendorrisk.model import SupplierRow
from vendorrisk.report import Finding, Report
from vendorrisk.screening.screener import Screener

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
NAMES = ("Hikvision UK Ltd", "Acme Widgets Ltd", "Zhejiang Dahua Technology Co., Ltd.", "ZTE Corporation",
         "Huawei Device Co., Ltd.", "Northbank Analytics Ltd")
HIK, ACME, DAHUA, ZTE, HUAWEI, NORTHBANK = NAMES
FLAGGED = [HIK, DAHUA, ZTE, HUAWEI]
LIVE = "false-positive by Dana Okafor on 2026-11-20: a reseller of the same name, checked in Companies House"
EXPIRED = "decision expired on 2026-10-31; review again (was accepted by Dana Okafor on 2026-05-01 until 2026-10-31: x)"
CHANGED = "the list entry changed since the decision of 2026-05-01; review again (was accepted by Dana Okafor ...)"


@pytest.fixture(scope="module")
def screened(tmp_path_factory) -> Report:
    screener = Screener(Settings(home=tmp_path_factory.mktemp("home")))
    rows = [SupplierRow(name=name, line=n, country="CN" if name == HUAWEI else None) for n, name in enumerate(NAMES, 2)]
    report = screener.screen(rows, now=NOW, input_path="suppliers.csv")
    assert [s.name for s in report.suppliers if s.findings] == FLAGGED, "the bundled lists changed; pick other names"
    return report


def _with(report: Report, name: str, updates: dict[int, dict]) -> Report:
    """The report with findings of supplier `name` replaced (a `Finding`) or updated (a dict), by position."""
    suppliers = []
    for s in report.suppliers:
        if s.name == name:
            found = tuple(f if n not in updates else updates[n] if isinstance(updates[n], Finding)
                          else f.model_copy(update=updates[n]) for n, f in enumerate(s.findings))
            s = s.model_copy(update={"findings": found})
        suppliers.append(s)
    return report.model_copy(update={"suppliers": tuple(suppliers)})


@pytest.fixture(scope="module")
def reviewed(screened) -> Report:
    """ZTE fully decided; Hikvision one expired and one decided; Dahua one re-opened; Huawei open."""
    zte = next(s for s in screened.suppliers if s.name == ZTE)
    report = _with(screened, ZTE, {n: {"suppressed": True, "suppression": LIVE} for n in range(len(zte.findings))})
    report = _with(report, HIK, {0: {"suppression": EXPIRED}, 1: {"suppressed": True, "suppression": LIVE}})
    return _with(report, DAHUA, {2: {"suppression": CHANGED}})


def _row(page, name):
    return next(r for r in page.rows if r.name == name)


def _decisions(page, name):
    return page.decisions[_row(page, name).attrs["id"].replace("s-", "d-")]


def test_each_finding_shows_its_decision_status_from_the_baseline_fields(reviewed):
    page = parse_page(render(reviewed, "html"))
    assert [d.status for d in _decisions(page, ZTE)] == ["decided", "decided"]
    hik = [d.status for d in _decisions(page, HIK)]
    assert hik[:2] == ["expired", "decided"] and set(hik[2:]) == {"open"}
    assert [d.status for d in _decisions(page, DAHUA)].count("reopened") == 1
    assert {d.status for d in _decisions(page, HUAWEI)} == {"open"}
    assert {r.attrs.get("data-dec") for r in page.rows if r.name in (HIK, DAHUA, HUAWEI)} == {"undecided"}
    assert _row(page, ZTE).attrs["data-dec"] == "decided"
    assert "data-dec" not in _row(page, ACME).attrs and ACME not in [r.name for r in page.rows if r.attrs.get("id")]
    hik_row = _row(page, HIK)
    assert hik_row.cells[5] == f"{len(hik) - 2} open, 1 expired, 1 decided"


def test_an_undecided_finding_shows_the_decide_command_and_a_decided_one_its_reason(reviewed):
    page = parse_page(render(reviewed, "html"))
    for name in FLAGGED:
        finding_ids = [f.party.id for s in reviewed.suppliers if s.name == name for f in s.findings]
        decisions = _decisions(page, name)
        assert [d.party for d in decisions] == finding_ids, name
        for d in decisions:
            if d.status == "decided":
                assert d.command is None
            else:
                country = ["--country", "CN"] if name == HUAWEI else []
                assert shlex.split(d.command) == ["vendorrisk", "decide", name, d.party, *country,
                                                  "--outcome", "OUTCOME", "--reason", "REASON"]
    assert "a reseller of the same name, checked in Companies House" in render(reviewed, "html")


def test_the_decide_command_quotes_a_hostile_supplier_name(tmp_path):
    name = "Hikvision O'Brien $(touch x) <b>\"UK\"</b>; rm -rf ~"
    report = Screener(Settings(home=tmp_path / "home")).screen([SupplierRow(name=name, line=2)], now=NOW)
    html = render(report, "html")
    assert '<b>"UK"</b>' not in html and "&lt;b&gt;&quot;UK&quot;&lt;/b&gt;" in html
    commands = [d.command for ds in parse_page(html).decisions.values() for d in ds]
    assert commands and all(shlex.split(c)[2] == name for c in commands)


@pytest.mark.skipif("decision" not in {f.name for f in dataclasses.fields(Finding)},
                    reason="Finding has no `decision` field on this branch (the decisions-file work adds it)")
def test_the_decision_field_is_preferred_to_the_baseline_fields(screened):
    def decided(finding: Finding, decision: dict) -> Finding:
        return Finding.model_validate({**finding.model_dump(), "decision": decision})

    zte = next(s for s in screened.suppliers if s.name == ZTE)
    first = decided(zte.findings[0], {"status": "decided", "outcome": "escalate", "reviewer": "Dana Okafor",
                                      "date": "2026-11-20", "reason": "sent to legal"})
    second = decided(zte.findings[1], {"status": "reopened", "outcome": "false-positive", "reviewer": "Dana Okafor",
                                       "date": "2026-05-01", "reason": "namesake",
                                       "reopened_because": "now also on the FCC Covered List"})
    report = _with(screened, ZTE, {0: first, 1: second})
    html = render(report, "html")
    assert [d.status for d in _decisions(parse_page(html), ZTE)] == ["decided", "reopened"]
    assert "escalate by Dana Okafor on 2026-11-20 sent to legal" in re.sub(r"<[^>]+>|;", "", html)
    assert "re-opened: now also on the FCC Covered List" in html


def test_every_row_is_in_the_markup_and_the_filters_wait_for_the_script(reviewed):
    page = parse_page(render(reviewed, "html"))
    assert page.visible() == list(NAMES)
    assert page.form is not None and "hidden" in page.form
    assert page.shown == "showing 6 of 6 suppliers"


def _write(tmp_path, report: Report, page: str | None = None):
    path = tmp_path / "report.html"
    path.write_text(page if page is not None else render(report, "html"), encoding="utf-8")
    return path.as_uri()


FILTERS = [
    ("q=huawei", [HUAWEI]),
    ("q=" + quote("海康威视"), [HIK]),                       # an alias, in the list's own script
    ("q=zhejiang%20dahua%20tech", [DAHUA]),                  # words in any place
    ("verdict=clear", [ACME, NORTHBANK]),
    ("list=uk-huawei-designation", [HUAWEI]),
    ("decision=decided", [ZTE]),
    ("decision=undecided&list=us-ns-cmic&sort=-supplier", [HUAWEI, HIK]),
    ("severity=critical", []),
    ("verdict=no-such-verdict&q=ltd", [HIK, ACME, DAHUA, HUAWEI, NORTHBANK]),  # an unknown value is "any"
    ("d-3", list(NAMES)),                                    # an anchor, not a filter
]


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(("fragment", "expected"), FILTERS, ids=[f for f, _ in FILTERS])
def test_a_filter_in_the_fragment_changes_what_is_visible(reviewed, tmp_path, fragment, expected):
    page = parse_page(dump_dom(_write(tmp_path, reviewed) + "#" + fragment, tmp_path))
    assert page.root.get("data-js") == "ready", "the inline script did not run (CSP hash?)"
    assert "hidden" not in page.form
    assert page.visible() == expected
    assert page.shown == f"showing {len(expected)} of 6 suppliers"


@pytest.mark.browser
@needs_chromium
def test_without_the_script_everything_is_visible(reviewed, tmp_path):
    # A viewer that blocks the page's script (here: a CSP whose hash no longer matches) shows it all.
    html = render(reviewed, "html").replace("script-src 'sha256-", "script-src 'sha256-x", 1)
    page = parse_page(dump_dom(_write(tmp_path, reviewed, html) + "#verdict=clear&q=zte", tmp_path))
    assert "data-js" not in page.root
    assert page.visible() == list(NAMES)
    assert "hidden" in page.form


DRIVER = """<script>
window.addEventListener("load", function () {
  var form = document.getElementById("filters"), out = {};
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll("#suppliers tbody tr"), function (r) { return !r.hidden; })
      .map(function (r) { return r.cells[1].textContent; });
  }
  form.elements.q.value = "dahua";
  form.elements.q.dispatchEvent(new Event("input", {bubbles: true}));
  setTimeout(function () {
    out.typed = {hash: location.hash, visible: visible(), shown: document.getElementById("shown").textContent};
    document.querySelector("#suppliers tbody tr:not([hidden]) a[href^='#d-']").click();
    out.toDecisions = {focus: document.activeElement.id, hash: location.hash};
    form.elements.verdict.value = "clear";
    form.elements.verdict.dispatchEvent(new Event("change", {bubbles: true}));
    setTimeout(function () {
      out.filtered = {hash: location.hash, visible: visible()};
      document.querySelector("#" + out.toDecisions.focus + " a.back").click();
      out.back = {focus: document.activeElement.cells[1].textContent, hash: location.hash, visible: visible().length};
      document.querySelector("th[data-col=supplier] button").click();
      out.sorted = {hash: location.hash, first: visible()[0]};
      history.replaceState(null, "", "#decision=decided");  // as a user editing the address would
      window.dispatchEvent(new HashChangeEvent("hashchange"));
      setTimeout(function () {
        out.hashchange = {visible: visible(), verdict: form.elements.verdict.value};
        document.documentElement.setAttribute("data-test", JSON.stringify(out));
      }, 300);
    }, 300);
  }, 600);
});
</script>"""


@pytest.mark.browser
@needs_chromium
def test_using_the_controls_updates_the_rows_the_count_and_the_fragment(reviewed, tmp_path):
    # The page's own script, driven by input events from a test script (the CSP is dropped to let it run).
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", render(reviewed, "html"))
    html = html.replace("</body>", DRIVER + "\n</body>")
    assert JS in html
    dom = parse_page(dump_dom(_write(tmp_path, reviewed, html), tmp_path, "--virtual-time-budget=10000"))
    out = json.loads(dom.root["data-test"])
    assert out["typed"] == {"hash": "#q=dahua", "visible": [DAHUA], "shown": "showing 1 of 6 suppliers"}
    assert out["toDecisions"]["focus"].startswith("d-") and out["toDecisions"]["hash"] == "#q=dahua"
    assert out["filtered"] == {"hash": "#q=dahua&verdict=clear", "visible": []}
    assert out["back"] == {"focus": DAHUA, "hash": "", "visible": 6}, "following a link to a hidden row clears filters"
    assert out["sorted"] == {"hash": "#sort=supplier", "first": ACME}
    assert out["hashchange"] == {"visible": [ZTE], "verdict": ""}

"""Supplier names as ERP systems export them: codes, markers, trading names, addresses, own scripts.

`fixtures/erp/erp_suppliers.csv` holds 400-odd rows written the way supplier masters
write names (vendor codes in brackets, before and after the name, status markers,
`T/A` trading names, address tails, names cut at 35 characters, trading-name and
local-name columns, Chinese and Cyrillic names) for parties on the bundled lists and
for ordinary companies decorated the same way. Each row says whether it must be
flagged; the table rows of issue 20 are screened through `check` and the hook too.
"""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from vendorrisk.inputs import read_suppliers
from vendorrisk.normalize.clean import screened_names
from vendorrisk.screening.screener import Screener

ERP_FILE = Path(__file__).parent / "fixtures" / "erp" / "erp_suppliers.csv"


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    from vendorrisk.config import load_settings

    return Screener(load_settings({"home": str(tmp_path_factory.mktemp("home"))}))


def test_every_erp_row_is_screened_as_expected(screener):
    rows = list(read_suppliers(ERP_FILE))
    assert len(rows) >= 200
    wrong = []
    for row in rows:
        verdict, findings = screener.assess(row.name, row.country, row.aliases, row.names)
        flagged = "flagged" if verdict != "clear" else "clear"
        if flagged != row.fields["expected"]:
            wrong.append((row.line, row.name, row.names, row.fields["form"], row.fields["expected"], verdict))
    assert wrong == []


def test_further_name_columns_are_detected_and_kept_with_their_column():
    rows = list(read_suppliers(ERP_FILE))
    with_trading = next(r for r in rows if r.fields["form"] == "trading name column")
    assert with_trading.names == (("Trading Name", with_trading.fields["Trading Name"]),)
    assert next(r for r in rows if r.fields["form"] == "own script").names == ()


@pytest.mark.parametrize(("value", "screened", "how"), [
    ("ZTE CORPORATION [V10023]", "ZTE CORPORATION", "code 'V10023' taken off"),
    ("ZTE Corporation (V10023)", "ZTE Corporation", "code 'V10023' taken off"),
    ("ZTE CORPORATION - 10023", "ZTE CORPORATION", "code '10023' taken off"),
    ("V10023 ZTE CORPORATION", "ZTE CORPORATION", "code 'V10023' taken off"),
    ("Acme (Vendor #10023)", "Acme", "code 'Vendor #10023' taken off"),
    ("DO NOT USE - Huawei Technologies (UK) Co Ltd", "Huawei Technologies (UK) Co Ltd",
     "status marker 'DO NOT USE' taken off"),
    ("ACME LTD *BLOCKED*", "ACME LTD", "status marker 'BLOCKED' taken off"),
    ("Dahua Technology UK Limited, Unit 1, Hemel Hempstead", "Dahua Technology UK Limited",
     "address 'Unit 1, Hemel Hempstead' taken off"),
    ("Old Mutual plc", "Old Mutual plc", ""),
    ("Closed Loop Recycling Ltd", "Closed Loop Recycling Ltd", ""),
    ("Huawei Technologies Co., Ltd.", "Huawei Technologies Co., Ltd.", ""),
    ("Sberbank of Russia, PJSC", "Sberbank of Russia, PJSC", ""),
    ("Plant 101", "Plant 101", ""),
    ("3M Company", "3M Company", ""),
    ("Sunlight (1977) Holdings Limited", "Sunlight (1977) Holdings Limited", ""),
    ("690885 Ontario Inc.", "690885 Ontario Inc.", ""),
    ("1000eyes GmbH", "1000eyes GmbH", ""),
    ("Siemens AG, Drive Technologies", "Siemens AG, Drive Technologies", ""),
    ("10023 - ZTE CORPORATION", "ZTE CORPORATION", "code '10023' taken off"),
])
def test_the_name_is_cleaned_and_says_how(value, screened, how):
    first = screened_names(value)[0]
    assert (first.text, first.how) == (screened, how)


@pytest.mark.parametrize(("value", "other", "relation"), [
    ("HIKVISION UK LTD T/A HIKVISION", "HIKVISION", "trading name"),
    ("Hikvision Europe B.V. c/o TMF Group", "TMF Group", "care-of name"),
    ('Rosneft Trading SA (formerly "Rosneft Trading")', "Rosneft Trading", "former name"),
    ("Acme Ltd d/b/a Acme Tools", "Acme Tools", "trading name"),
])
def test_trading_former_and_care_of_names_are_screened_on_their_own(value, other, relation):
    names = screened_names(value)
    assert names[1].text == other and names[1].how.startswith(relation)


def test_a_cyrillic_name_is_also_screened_in_the_other_systems():
    names = {n.text: n.how for n in screened_names("ООО Касперский Лаб")}
    assert names["ooo kaspersky lab"].endswith("(conventional English)")
    assert names["ooo kasperskij lab"].endswith("(GOST 7.79 system B)")
    assert "BGN/PCGN" in names["ООО Касперский Лаб"]


# The rows of issue 20 and the forms that already worked. Rosneft is on official lists only,
# not on the bundled ones these tests screen, so its former name is checked above.
TABLE = {
    "ZTE CORPORATION [V10023]": "code 'V10023' taken off",
    "ZTE Corporation (V10023)": "code 'V10023' taken off",
    "ZTE CORPORATION - 10023": "code '10023' taken off",
    "V10023 ZTE CORPORATION": "code 'V10023' taken off",
    "华为技术有限公司": None, "中兴通讯股份有限公司": None, "海能达通信股份有限公司": None, "大疆创新": None,
    "АО Лаборатория Касперского": "Cyrillic compared as 'ao laboratoriya kasperskogo' (BGN/PCGN)",
    "ООО Касперский Лаб": "Cyrillic compared as 'ooo kasperskiy lab' (BGN/PCGN)",
    "Kasperskii Lab": None,
    "HIKVISION UK LTD T/A HIKVISION": None,
    "Hikvision Europe B.V. c/o TMF Group": None,
    "Dahua Technology UK Limited, Unit 1, Hemel Hempstead": "address 'Unit 1, Hemel Hempstead' taken off",
    "DO NOT USE - Huawei Technologies (UK) Co Ltd": "status marker 'DO NOT USE' taken off",
    "HANGZHOU HIKVISION DIGITAL TECHNOL": None,
}


def _screen_with_check(tmp_path, names) -> list[dict]:
    import json

    source = tmp_path / "suppliers.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Supplier Name"], *([name] for name in names)])
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "vendorrisk", "check", str(source), "--format", "json",
                           "--output", str(out), "--fail-on", "never"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))["suppliers"]


def test_the_issue_table_is_found_by_check_with_the_cleaning_explained(tmp_path):
    suppliers = _screen_with_check(tmp_path, TABLE)
    assert {s["name"]: s["verdict"] for s in suppliers} == dict.fromkeys(TABLE, "restricted")
    for supplier in suppliers:
        best = supplier["findings"][0]
        notes = " ".join(e["detail"] for e in best["evidence"] if e["feature"] == "screened_name")
        if TABLE[supplier["name"]]:
            assert TABLE[supplier["name"]] in notes, supplier["name"]


def test_the_issue_table_is_found_by_the_hook(tmp_path, screener):
    import datetime as dt

    from vendorrisk.integrations.hook import HookOptions, run_hook

    manifest = tmp_path / "vendors.yaml"
    import yaml

    manifest.write_text(yaml.safe_dump({"vendors": [{"name": name} for name in TABLE]}, allow_unicode=True),
                        encoding="utf-8")
    outcome = run_hook([str(manifest)], screener.settings, HookOptions(decisions=tmp_path / "decisions.yaml"),
                       now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), screener=screener)
    assert outcome.exit_code == 1
    flagged = {name for name in TABLE for line in outcome.lines if f"{name!r} matches" in line}
    assert flagged == set(TABLE)

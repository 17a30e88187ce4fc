"""Terminal text: colour only when asked, and no control characters from untrusted names."""
from __future__ import annotations

from vendorrisk.formats import render
from vendorrisk.report import Party


def test_plain_text_has_no_escape_sequences(example_report):
    text = render(example_report, "text")
    assert "\x1b" not in text
    assert "VR201 high affiliate 88: Hangzhou Hikvision Digital Technology Co., Ltd. (party us-csl:9d2c41f7" in text
    assert ('us-csl:9d2c41f7 "Hangzhou Hikvision Digital Technology Co., Ltd." matched "Hikvision"; Entity List (EL); '
            "programs EAR 744.11; 84 FR 54002; FR Doc. 2019-22210, 15 CFR part 744 Supp. No. 4; listed 2019-10-09; "
            "VR201 high") in text
    assert "180 days old" in text and "STALE" in text


def test_colour_when_asked(example_report):
    assert "\x1b[1;31mprohibited\x1b[0m" in render(example_report, "text", color=True)


def test_hostile_name_cannot_drive_the_terminal(example_report):
    evil = example_report.suppliers[0].model_copy(update={"name": "Evil\x1b[2J\x1b]0;pwned\x07\nCo"})
    report = example_report.model_copy(update={"suppliers": (evil,)})
    text = render(report, "text", color=True)
    assert "\x1b[2J" not in text and "\x07" not in text and "Evil?[2J?]0;pwned? Co" in text


def test_at_most_three_parties_are_shown_and_the_rest_counted_by_group(example_report):
    hikvision = example_report.suppliers[0]
    first = hikvision.findings[0]
    affiliates = tuple(first.model_copy(update={"party": Party(id=f"us-csl:h{n}", name=f"Hikvision {n}",
                                                               group="Hangzhou Hikvision Digital Technology")})
                       for n in range(4))
    many = hikvision.model_copy(update={"findings": hikvision.findings + affiliates})
    text = render(example_report.model_copy(update={"suppliers": (many,)}), "text")
    evidence = text.split("Evidence")[1].split("Skipped rows")[0]
    assert evidence.count(" (party ") == 3
    assert ('4 other listed parties also matched (4 listed affiliates of "Hangzhou Hikvision Digital Technology"); '
            "the JSON report lists every one") in evidence
    assert "Hikvision 3" in render(example_report.model_copy(update={"suppliers": (many,)}), "json")


def test_the_headline_counts_suppliers_and_findings_separately(example_report):
    headline = render(example_report, "text").splitlines()[0]
    s = example_report.summary
    assert headline == (f"vendorrisk 0.1.0: 6 suppliers in suppliers.csv (5 screened, 1 skipped): "
                        f"3 clear, 1 restricted, 1 prohibited; {s.findings} findings on {s.with_findings} suppliers")
    assert sum(s.by_verdict.values()) == s.screened  # the verdicts count suppliers, not findings


def test_a_report_of_one_clean_supplier_says_so_in_the_singular(example_report):
    clean = example_report.suppliers[1]
    assert clean.verdict == "clear"
    summary = example_report.summary.model_copy(update={
        "suppliers": 1, "screened": 1, "skipped": 0, "with_findings": 0, "findings": 0,
        "by_verdict": {**{v: 0 for v in example_report.summary.by_verdict}, "clear": 1}})
    one = example_report.model_copy(update={"suppliers": (clean,), "skipped": (), "summary": summary})
    assert render(one, "text").splitlines()[0].endswith(": 1 supplier in suppliers.csv (1 screened, 0 skipped): "
                                                        "1 clear; no findings")


def test_wide_and_combining_characters_keep_the_table_aligned(example_report):
    names = ["杭州海康威视数字技术股份有限公司", "Ｆｕｌｌｗｉｄｔｈ Ｔｒａｄｉｎｇ", "Cafe\u0301 Ltd",
             "华为技术有限公司英国分公司和其他很多很多的字"]
    rows = tuple(s.model_copy(update={"name": n}) for s, n in zip(example_report.suppliers, names))
    text = render(example_report.model_copy(update={"suppliers": rows}), "text")
    table = text.split("\n\n")[1].splitlines()
    verdict_columns = {_columns(line[:line.index(s.verdict)]) for line, s in zip(table[1:], rows)}
    assert verdict_columns == {_columns(table[0][:table[0].index("VERDICT")])}, table
    assert "华为技术有限公司英国分公司和其他很…" in text  # cut to 36 columns, not 36 characters


def _columns(text: str) -> int:
    """Terminal columns, computed independently of the formatter: wide = 2, combining = 0."""
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

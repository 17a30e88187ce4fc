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

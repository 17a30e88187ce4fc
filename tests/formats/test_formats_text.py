"""Terminal text: colour only when asked, and no control characters from untrusted names."""
from __future__ import annotations

from vendorrisk.formats import render


def test_plain_text_has_no_escape_sequences(example_report):
    text = render(example_report, "text")
    assert "\x1b" not in text
    assert "VR201 high affiliate 88: us-csl:9d2c41f7 (Entity List (EL))" in text
    assert "84 FR 54002; FR Doc. 2019-22210" in text and "listed 2019-10-09" in text
    assert "180 days old" in text and "STALE" in text


def test_colour_when_asked(example_report):
    assert "\x1b[1;31mprohibited\x1b[0m" in render(example_report, "text", color=True)


def test_hostile_name_cannot_drive_the_terminal(example_report):
    evil = example_report.suppliers[0].model_copy(update={"name": "Evil\x1b[2J\x1b]0;pwned\x07\nCo"})
    report = example_report.model_copy(update={"suppliers": (evil,)})
    text = render(report, "text", color=True)
    assert "\x1b[2J" not in text and "\x07" not in text and "Evil?[2J?]0;pwned? Co" in text

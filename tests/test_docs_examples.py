"""Every example in README.md and docs/*.md runs as shown, or is marked illustrative.

The convention (see docs/cli.md, "Examples in the docs", and tests/doc_blocks.py):
console (``$ vendorrisk ...``), shell and python blocks are run in a private
store and scratch folder dated 2026-11-28, and their exit status and shown output
must match; ``…`` elides lines or the end of a line. A block that cannot run is
marked ``<!-- illustrative: why -->``; ``<!-- generated: COMMAND -->`` blocks are
rewritten by ``python -m tests.refresh_docs`` and compared here. These tests
never write to the docs.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.doc_blocks import commands, read_blocks
from tests.doc_check import check_page
from tests.doc_generated import REFRESH, readme_sample, rewrite
from tests.doc_match import excerpt_mismatch, mismatch
from tests.doc_session import PAGE_LISTS, REPO, DocSession
from tests.refresh_docs import doc_pages, open_session


@pytest.mark.parametrize("page", doc_pages(), ids=str)
def test_every_example_on_the_page_runs_as_shown(page, tmp_path, request):
    if page.as_posix() in PAGE_LISTS:
        request.getfixturevalue("shared_lists")  # skips, with the reason, when ../shared is absent
    session = open_session(page, tmp_path)
    result = check_page(page, session, (REPO / page).read_text(encoding="utf-8"))
    assert not result.problems, "\n".join(result.problems) + (
        f"\nFix the doc, or run `{REFRESH}` to rewrite its generated blocks and see every difference.")


def test_the_readme_sample_is_generated_and_the_getting_started_guide_is_checked():
    readme = read_blocks(Path("README.md"), (REPO / "README.md").read_text(encoding="utf-8"))
    assert [b.note for b in readme if b.marker == "generated"] == ["vendorrisk check examples/suppliers.csv"]
    guide = read_blocks(Path("g.md"), (REPO / "docs" / "getting-started.md").read_text(encoding="utf-8"))
    assert sum(1 for b in guide if b.kind and b.marker is None) >= 3


# The checker itself: it must fail, naming file and line, when a doc is wrong.

@pytest.fixture(scope="module")
def session(tmp_path_factory):
    return DocSession(tmp_path_factory.mktemp("docsession"))


PROFILES = """# Page

```console
$ vendorrisk rules profiles
default            -     25 rules  Every stable rule at its own severity; no buyer jurisdiction assumed.
…
$ vendorrisk check examples/clean.csv
…
$ echo $?
{status}
```
"""


def test_a_correct_block_passes(session):
    result = check_page(Path("page.md"), session, PROFILES.format(status=0))
    assert result.problems == [] and result.counts["run"] == 1


def test_a_wrong_output_line_is_reported_with_file_and_line(session):
    wrong = PROFILES.format(status=0).replace("25 rules", "21 rules")
    problems = check_page(Path("page.md"), session, wrong).problems
    assert problems[0].startswith("page.md:5: output of `vendorrisk rules profiles`: shown 'default"), problems


def test_a_wrong_exit_status_is_reported_with_file_and_line(session):
    problems = check_page(Path("page.md"), session, PROFILES.format(status=1)).problems
    assert problems[0] == "page.md:7: `vendorrisk check examples/clean.csv` exited 0, the doc shows 1"


def test_an_error_exit_must_be_shown(session):
    text = "```console\n$ vendorrisk check missing.csv\n…\n```\n"
    problems = check_page(Path("p.md"), session, text).problems
    assert problems[0].startswith("p.md:2: `vendorrisk check missing.csv` exited 2; show it with `$ echo $?`")


def test_output_left_out_without_an_ellipsis_is_reported(session):
    text = "```console\n$ vendorrisk rules profiles\n```\n"
    assert check_page(Path("p.md"), session, text).problems[0].startswith(
        "p.md:3: output of `vendorrisk rules profiles`: the output goes on after the last shown line")


def test_a_block_that_cannot_run_must_be_marked(session):
    text = ("```sh\npip install vendorrisk\n```\n\n"
            "<!-- illustrative: installs a package -->\n```sh\npip install x\n```\n")
    result = check_page(Path("p.md"), session, text)
    assert result.problems == ["p.md:2: `pip install vendorrisk` cannot be run by the docs tests; make the example "
                               "a `vendorrisk` command or mark the block `<!-- illustrative: why -->`"]
    assert result.counts == {"run": 1, "illustrative": 1}


def test_an_illustrative_marker_needs_a_reason(session):
    text = "<!-- illustrative -->\n```sh\npip install x\n```\n"
    assert check_page(Path("p.md"), session, text).problems == [
        "p.md:2: `<!-- illustrative -->` needs a reason after a colon"]


def test_a_python_result_comment_is_compared(session):
    text = "```python\nx = 2\nx + 1   # 3\nprint(x * 2)\n# 5\n```\n"
    assert check_page(Path("p.md"), session, text).problems == [
        "p.md:4: `print(x * 2)`: shown '5', printed '4'"]


def test_a_python_error_is_reported(session):
    text = "Intro\n\n```python\nscreen(names)\n```\n"
    problems = check_page(Path("p.md"), session, text).problems
    assert problems == ["p.md:4: `screen(names)` raised NameError: name 'screen' is not defined"]


def test_an_excerpt_must_appear_in_order(session):
    text = ("<!-- excerpt: vendorrisk rules profiles -->\n```text\n"
            "eu                 EU     4 rules  …\ndefault            -     25 rules  …\n```\n")
    problems = check_page(Path("p.md"), session, text).problems
    assert problems[0].startswith("p.md:4: excerpt of `vendorrisk rules profiles`: shown 'default")


def test_a_generated_block_that_differs_names_the_refresh_command(session):
    block = "<!-- generated: vendorrisk check examples/suppliers.csv -->\n```text\nstale\n```\n"
    problems = check_page(Path("README.md"), session, block).problems
    assert problems[0].startswith("README.md:3: generated from `vendorrisk check examples/suppliers.csv`")
    assert REFRESH in problems[0]


# The parts.

def test_commands_join_continuations_and_fold_the_exit_status():
    text = "```console\n$ vendorrisk check a.csv \\\n    --strict   # why\nline\n$ echo $?\n2\n```\n"
    [command] = commands(read_blocks(Path("p.md"), text)[0])
    assert (command.line, command.argv, command.expected, command.status) == (
        2, ["vendorrisk", "check", "a.csv", "--strict"], ("line",), 2)


def test_only_plain_vendorrisk_commands_are_run():
    text = "```sh\nvendorrisk check a.csv | head\nvendorrisk rules list\ncd x && vendorrisk check\n```\n"
    assert [c.is_vendorrisk for c in commands(read_blocks(Path("p.md"), text)[0])] == [False, True, False]


@pytest.mark.parametrize("shown, printed, index", [
    (["a", "b"], ["a", "b"], None),
    (["a", "…"], ["a", "b", "c"], None),
    (["…", "c"], ["a", "b", "c"], None),
    (["  …", "c"], ["c"], None),
    (["a…"], ["abc"], None),
    (["a … c"], ["a b c"], None),
    (["a", "b"], ["a", "x"], 1),
    (["a"], ["a", "b"], 1),
    (["a", "b", "…"], ["a"], 1),
    (["…", "b", "…", "z"], ["a", "b", "c"], 3),
])
def test_ellipsis_matching(shown, printed, index):
    found = mismatch(shown, printed)
    assert (found.index if found else None) == index


def test_an_excerpt_skips_lines_between():
    assert excerpt_mismatch(["b", "d…"], ["a", "b", "c", "done"]) is None
    assert excerpt_mismatch(["d", "b"], ["a", "b", "c", "d"]).index == 1


def test_the_sample_keeps_the_first_rows_and_findings_and_the_lists_they_cite():
    report = ["headline", "", "LINE  SUPPLIER", *[f"row {i}" for i in range(12)], "", "Evidence",
              "  line 3: X -> restricted", *[f"    VR10{i} high exact 100: src-{i}:x (p) \"X\"" for i in range(5)],
              "  line 9: Y -> restricted", "    VR101 high exact 100: src-9:y", "", "Lists screened",
              *[f"  src-{i}: title {i}" for i in range(10)], "warning: only bundled"]
    assert readme_sample(report) == [
        "headline", "", "LINE  SUPPLIER", *[f"row {i}" for i in range(9)], "…", "", "Evidence",
        "  line 3: X -> restricted", *[f"    VR10{i} high exact 100: src-{i}:x (p) \"X\"" for i in range(3)],
        "    …", "", "Lists screened", "  src-0: title 0", "  src-1: title 1", "  src-2: title 2", "  …",
        "warning: only bundled"]


def test_rewrite_replaces_only_the_block_body():
    text = "a\n<!-- generated: x -->\n```text\nold\nolder\n```\nb\n"
    assert rewrite(text, {3: ["new"]}) == "a\n<!-- generated: x -->\n```text\nnew\n```\nb\n"

"""docs/rules is in sync with rules/, and the `vendorrisk rules` commands work end to end."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from vendorrisk.cli import main
from vendorrisk.policy import bundled_rules_dir
from vendorrisk.policy.render import rule_docs, sync_docs

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "rules"


def test_docs_rules_are_in_sync_with_the_rule_files(catalogue):
    stale = sync_docs(DOCS, rule_docs(*catalogue), check=True)
    assert stale == [], "run `vendorrisk rules docs` to regenerate docs/rules"


def test_sync_docs_writes_updates_and_removes_stale_pages(tmp_path, catalogue):
    (tmp_path / "VR999.md").write_text("old", encoding="utf-8")
    pages = rule_docs(*catalogue)
    assert len(sync_docs(tmp_path, pages)) == len(pages) + 1
    assert not (tmp_path / "VR999.md").exists()
    assert sync_docs(tmp_path, pages, check=True) == []
    (tmp_path / "VR101.md").write_text("edited by hand", encoding="utf-8")
    assert sync_docs(tmp_path, pages, check=True) == [tmp_path / "VR101.md"]


def test_rule_page_has_every_section_and_citation(catalogue):
    page = rule_docs(*catalogue)["VR101.md"]
    for heading in ("What it flags", "Why it matters", "Consequence", "Example", "Condition", "Profiles",
                    "References"):
        assert f"\n## {heading}\n" in page
    assert "| `us-federal` | critical |" in page and "Pub. L. 115-232" in page


def _run(*args):
    return CliRunner().invoke(main, ["rules", *args], catch_exceptions=False)


def test_rules_list_all_and_by_profile():
    result = _run("list")
    assert result.exit_code == 0
    heading, *lines = result.output.splitlines()
    assert heading.split() == ["CODE", "NAME", "STATUS", "SEVERITY", "PROFILES"]
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(p.stem for p in bundled_rules_dir().glob("VR*.yml"))
    profiles_at = heading.index("PROFILES")
    assert all(line[profiles_at - 2:profiles_at] == "  " and line[profiles_at] != " " for line in lines
               if len(line) > profiles_at), "the PROFILES column is not aligned under its heading"
    rows = json.loads(_run("list", "--profile", "uk-public-sector", "--format", "json").output)
    assert [(r["code"], r["severity"]) for r in rows if r["code"] == "VR202"] == [("VR202", "high")]
    assert "VR101" not in {r["code"] for r in rows}


def test_rules_explain_prints_the_rule_page():
    result = _run("explain", "vr202")
    assert result.exit_code == 0 and result.output.startswith("# VR202 uk-fac-hc198-recommendation\n")
    assert "HC 198" in result.output


def test_unknown_code_or_profile_is_one_line_and_exit_2():
    result = CliRunner().invoke(main, ["rules", "explain", "VR999"])
    assert result.exit_code == 2 and "unknown rule code 'VR999'" in result.output
    result = CliRunner().invoke(main, ["rules", "list", "--profile", "nope"])
    assert result.exit_code == 2 and "unknown profile 'nope'" in result.output


def test_rules_profiles_and_docs_check(tmp_path):
    assert "us-federal" in _run("profiles").output
    assert _run("docs", "--output", str(tmp_path)).exit_code == 0
    assert _run("docs", "--check", "--output", str(tmp_path)).exit_code == 0
    (tmp_path / "VR001.md").unlink()
    assert _run("docs", "--check", "--output", str(tmp_path)).exit_code == 1


def test_bundled_lists_each_have_a_specific_rule(catalogue):
    """Every curated list in lists/ is covered by a rule other than the catch-all."""
    book, _ = catalogue
    covered = set()
    for rule in book.active():
        cond = rule.condition
        for sub in (cond, *(cond.any_ or ())):
            covered.update(sub.sources or ())
    bundled = {yaml.safe_load(p.read_text(encoding="utf-8"))["source"] for p in (REPO / "lists").glob("*.yaml")}
    assert bundled, "no bundled lists found"
    assert bundled <= covered, f"bundled lists with no rule: {sorted(bundled - covered)}"


def test_references_to_repository_files_name_files_that_exist():
    """A rule citing vendorrisk's own docs must cite a page that ships in the repository."""
    cited = {(path.name, ref["reference"])
             for path in sorted(bundled_rules_dir().glob("VR*.yml"))
             for ref in yaml.safe_load(path.read_text(encoding="utf-8")).get("references", [])
             if str(ref.get("reference", "")).startswith(("docs/", "rules/"))}
    assert cited, "no rule cites a repository file; this test would check nothing"
    missing = sorted((rule, ref) for rule, ref in cited if not (REPO / ref.split("#")[0]).is_file())
    assert missing == []

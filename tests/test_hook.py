"""The hook: exit codes, file:line findings with citations, the decisions flow, the store note, the CLI."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.fakesource import FakeSource, fake_list
from vendorrisk.decisions import load_decisions
from vendorrisk.cli import main
from vendorrisk.config import Settings
from vendorrisk.integrations.hook import HookOptions, run_hook
from vendorrisk.screening.screener import Screener
from vendorrisk.lists.store import Store

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "manifests"
NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
HIK = "Hikvision Europe B.V."


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One store for the module, so the candidate index is built once."""
    return tmp_path_factory.mktemp("hookhome")


@pytest.fixture(scope="module")
def screener(home) -> Screener:
    return Screener(Settings(home=home))


@pytest.fixture
def cli_home(home, monkeypatch) -> Path:
    monkeypatch.setenv("VENDORRISK_HOME", str(home))
    return home


def _run(paths, screener, tmp_path, **options):
    options.setdefault("decisions", tmp_path / ".vendorrisk-decisions.yaml")
    return run_hook([str(p) for p in paths], screener.settings, HookOptions(**options), now=NOW,
                    screener=screener)


def test_clean_manifest_exits_0(screener, tmp_path):
    outcome = _run([FIXTURES / "vendors.clean.yaml"], screener, tmp_path)
    assert outcome.exit_code == 0 and outcome.lines == ()
    assert outcome.notes[-1] == "1 file(s), 2 vendor(s): 0 finding(s), 0 closed by decisions"


def test_restricted_vendor_fails_with_file_line_rule_entry_and_citation(screener, tmp_path):
    outcome = _run([FIXTURES / "vendors.good.yaml"], screener, tmp_path)
    assert outcome.exit_code == 1
    path = FIXTURES / "vendors.good.yaml"
    ndaa = next(i for i, line in enumerate(outcome.lines) if "us-ndaa-889:hikvision" in line)
    assert outcome.lines[ndaa].startswith(f"{path}:14: VR101 ndaa-889-covered-company (high, affiliate ")
    assert f"{HIK!r} matches us-ndaa-889:hikvision" in outcome.lines[ndaa]
    assert outcome.lines[ndaa + 1].startswith("    citation: John S. McCain National Defense Authorization Act")
    assert "Pub. L. 115-232, s.889" in outcome.lines[ndaa + 1]
    assert all(line.startswith((f"{path}:14: ", "    ")) for line in outcome.lines)
    assert "vendorrisk decide 'Hikvision Europe B.V.' --all --outcome " in outcome.notes[-1]


@pytest.mark.parametrize("name", ["approved-vendors.good.json", "hardware-vendors.good.toml", "suppliers.good.csv"])
def test_other_manifest_formats_point_at_their_lines(screener, tmp_path, name):
    outcome = _run([FIXTURES / name], screener, tmp_path)
    line = {"approved-vendors.good.json": 14, "hardware-vendors.good.toml": 17, "suppliers.good.csv": 5}[name]
    assert outcome.exit_code == 1
    assert outcome.lines[0].startswith(f"{FIXTURES / name}:{line}: VR101 ")


def test_store_note_is_said_once_for_many_files(screener, tmp_path):
    files = [FIXTURES / n for n in ("vendors.good.yaml", "approved-vendors.good.json", "vendors.clean.yaml")]
    outcome = _run(files, screener, tmp_path)
    store_notes = [n for n in outcome.notes if "local store" in n]
    assert len(store_notes) == 1
    assert "run `vendorrisk lists update`" in store_notes[0]
    assert outcome.notes[-2] == "3 file(s), 10 vendor(s): 14 finding(s), 0 closed by decisions"


def test_unreadable_file_is_an_error_but_the_others_are_screened(screener, tmp_path):
    outcome = _run([FIXTURES / "manifest.bad-json.json", FIXTURES / "vendors.good.yaml"], screener, tmp_path)
    assert outcome.exit_code == 2
    assert outcome.errors == (f"{FIXTURES / 'manifest.bad-json.json'}:3:40: not valid JSON: Expecting property "
                              "name enclosed in double quotes",)
    assert outcome.lines[0].startswith(f"{FIXTURES / 'vendors.good.yaml'}:14: VR101")


def test_skipped_vendors_are_shown_and_fail_unless_allowed(screener, tmp_path):
    outcome = _run([FIXTURES / "manifest.missing-name.yaml"], screener, tmp_path)
    assert outcome.exit_code == 1
    assert f"{FIXTURES / 'manifest.missing-name.yaml'}:5: skipped: empty `name`: every vendor needs a name" \
        in outcome.lines
    assert outcome.notes[-2].endswith("6 vendor(s) not screened")
    assert "--allow-skipped" in outcome.notes[-1]
    assert _run([FIXTURES / "manifest.missing-name.yaml"], screener, tmp_path, allow_skipped=True).exit_code == 0


def test_fail_on_severity_and_verdict(screener, tmp_path):
    path = tmp_path / "vendors.yaml"
    path.write_text(f"- name: {HIK}\n")
    assert _run([path], screener, tmp_path, fail_on="critical").exit_code == 0
    assert _run([path], screener, tmp_path, fail_on="high").exit_code == 1
    assert _run([path], screener, tmp_path, fail_on="restricted").exit_code == 1
    assert _run([path], screener, tmp_path, fail_on="prohibited").exit_code == 0
    assert _run([path], screener, tmp_path, fail_on="never").exit_code == 0


def test_write_baseline_records_decisions_exits_3_then_passes(screener, tmp_path):
    files = [FIXTURES / "vendors.good.yaml"]
    first = _run(files, screener, tmp_path, write_baseline=True, reviewer="Dana Okafor")
    assert first.exit_code == 3 and len(first.added) == 7
    assert "wrote 7 decision(s)" in first.notes[-1]
    decisions = load_decisions(tmp_path / ".vendorrisk-decisions.yaml").decisions
    assert {d.reviewer for d in decisions} == {"Dana Okafor"} and {d.supplier for d in decisions} == {HIK}
    assert {(d.outcome, d.expires) for d in decisions} == {("accepted-risk", dt.date(2027, 11, 28))}
    second = _run(files, screener, tmp_path, write_baseline=True)
    assert second.exit_code == 0 and second.added == ()
    assert all(line.startswith("    ") or ": suppressed VR" in line for line in second.lines)
    assert "7 closed by decisions" in second.notes[-1]


def test_moving_the_vendor_keeps_the_decision(screener, tmp_path):
    _run([FIXTURES / "vendors.good.yaml"], screener, tmp_path, write_baseline=True)
    moved = tmp_path / "vendors.yaml"
    moved.write_text(f"vendors:\n  - name: Quillfeather Office Supplies\n  - name: '{HIK.upper()}'\n"
                     "    country: NL\n")
    assert _run([moved], screener, tmp_path).exit_code == 0


def _install_fake(home: Path, tmp_path: Path, date: str) -> None:
    raw = tmp_path / f"fake-{date}.csv"
    raw.write_bytes(fake_list(3, date=date))
    Store(home).install(FakeSource(), raw, FakeSource().parse(raw))


def test_a_listing_date_change_alone_keeps_the_decision(tmp_path):
    home = tmp_path / "home"
    manifest = tmp_path / "vendors.yaml"
    manifest.write_text("- name: Kestrel Microsystems 1 Co., Ltd.\n")
    _install_fake(home, tmp_path, "2026-11-20")
    wrote = _run([manifest], Screener(Settings(home=home)), tmp_path, write_baseline=True)
    assert wrote.exit_code == 3 and [d.party for d in wrote.added] == ["fake-list:2"]
    assert _run([manifest], Screener(Settings(home=home)), tmp_path).exit_code == 0
    _install_fake(home, tmp_path, "2026-11-25")  # same entry, new listing date: no new list or program
    again = _run([manifest], Screener(Settings(home=home)), tmp_path)
    assert again.exit_code == 0
    assert "    decision: accepted-risk by unknown on 2026-11-28 until 2027-11-28" in "\n".join(again.lines)
    assert not any("local store" in n for n in again.notes)  # a fresh store: no note


def test_stale_store_note_names_the_lists(tmp_path):
    home = tmp_path / "home"
    _install_fake(home, tmp_path, "2026-09-01")
    outcome = _run([FIXTURES / "vendors.clean.yaml"], Screener(Settings(home=home)), tmp_path)
    assert [n for n in outcome.notes if "local store" in n] == [
        "note: stale lists in the local store: fake-list (88 days); run `vendorrisk lists update`"]


def test_stale_store_note_says_when_a_list_is_undated(tmp_path):
    from vendorrisk.lists.sources import SOURCES
    from vendorrisk.lists.store import Store
    from vendorrisk.lists.updater import import_source

    home = tmp_path / "home"
    dpl = Path(__file__).parent / "fixtures" / "sources" / "us-bis-dpl" / "dpl.invented.txt"
    import_source(Store(home), SOURCES["us-bis-dpl"], dpl)
    outcome = _run([FIXTURES / "vendors.clean.yaml"], Screener(Settings(home=home)), tmp_path)
    assert [n for n in outcome.notes if "local store" in n] == [
        "note: stale lists in the local store: us-bis-dpl (undated); run `vendorrisk lists update`"]


# -- the CLI ---------------------------------------------------------------------------------------

def _cli(*args, env=None):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_hook_decide_list_prune(cli_home, tmp_path):
    manifest = tmp_path / "vendors.yaml"
    manifest.write_text(f"vendors:\n  - name: Northbank Analytics Ltd\n  - name: {HIK}\n")
    base = str(tmp_path / "d.yaml")
    code, out, err = _cli("hook", str(manifest), "--decisions", base)
    assert code == 1 and f"{manifest}:3: VR101" in out and "only the bundled" in err
    code, out, err = _cli("decide", HIK, "us-ndaa-889:hikvision", "--decisions", base, "--outcome", "accepted-risk",
                          "--reviewer", "Dana Okafor", "--reason", "cameras being replaced", "--expires", "2099-12-31")
    assert code == 0 and "us-ndaa-889:hikvision (Hangzhou Hikvision Digital Technology Company): accepted-risk by " \
                         "Dana Okafor" in out and "until 2099-12-31" in out
    code, out, _ = _cli("hook", str(manifest), "--decisions", base, "--fail-on", "high")
    assert code == 1 and ": suppressed VR101" in out  # VR102 (FCC, high) is still open
    code, out, _ = _cli("decide", HIK, "--all", "--decisions", base, "--reviewer", "Dana Okafor",
                        "--reason", "all reviewed", "--outcome", "false-positive")
    assert code == 0 and len(out.splitlines()) == 7
    assert _cli("hook", str(manifest), "--baseline", base)[0] == 0  # --baseline: the option's old name
    code, out, _ = _cli("decisions", "list", "--decisions", base)
    assert code == 0 and len(out.splitlines()) == 7 and out.startswith("holding ")
    code, out, err = _cli("decisions", "prune", "--decisions", base)
    assert code == 0 and out == "" and "0 expired decision(s) removed" in err
    assert len(load_decisions(base).decisions) == 7


def test_cli_prune_drops_expired_decisions(cli_home, tmp_path):
    base = str(tmp_path / "d.yaml")
    _cli("decide", HIK, "us-ndaa-889:hikvision", "--decisions", base, "--outcome", "accepted-risk", "--reviewer", "R",
         "--reason", "x", "--expires", "2099-12-31")
    _cli("decide", HIK, "us-fcc-covered-list:hikvision", "--decisions", base, "--outcome", "accepted-risk",
         "--reviewer", "R", "--reason", "x", "--expires", "2027-01-31")
    env = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc).timestamp()))}
    code, out, _ = _cli("decisions", "list", "--decisions", base, env=env)
    assert re.search(r"expired\s+Hikvision Europe B.V. -> us-fcc", out)
    code, out, _ = _cli("decisions", "prune", "--decisions", base, "--dry-run", env=env)
    assert out.startswith("would remove") and len(load_decisions(base).decisions) == 2
    code, out, _ = _cli("decisions", "prune", "--decisions", base, env=env)
    assert "us-fcc-covered-list:hikvision: expired on 2027-01-31" in out
    assert [d.party for d in load_decisions(base).decisions] == ["us-ndaa-889:hikvision"]


@pytest.mark.parametrize(("args", "message"), [
    (["decide", "Northbank Analytics Ltd", "--all", "--outcome", "escalate", "--reviewer", "R", "--reason", "x"],
     "'Northbank Analytics Ltd' has no finding on any listed party"),
    (["decide", HIK, "us-csl:nope", "--outcome", "escalate", "--reviewer", "R", "--reason", "x"],
     "'Hikvision Europe B.V.' has no finding on us-csl:nope (its parties: us-ndaa-889:hikvision"),
    (["decide", HIK, "--all", "--outcome", "accepted-risk", "--reviewer", "R", "--reason", "x", "--expires",
      "2001-01-01"], "--expires 2001-01-01 is in the past"),
    (["decide", HIK, "--all", "--outcome", "accepted-risk", "--reviewer", "R", "--reason", "x"],
     "an accepted risk needs an end date"),
    (["baseline", "add", HIK, "--reviewer", "R", "--reason", "x"], "`vendorrisk baseline` was replaced by"),
    (["hook", str(FIXTURES / "manifest.no-vendor-list.yaml")], "no vendor list"),
])
def test_cli_errors_are_one_line_and_exit_2(cli_home, tmp_path, args, message):
    extra = [] if args[0] == "baseline" else ["--decisions", str(tmp_path / "d.yaml")]
    code, out, err = _cli(*args, *extra)
    assert code == 2 and message in err
    assert "Traceback" not in err


def test_cli_broken_decisions_file_is_exit_2(cli_home, tmp_path):
    base = tmp_path / "d.yaml"
    base.write_text("decisions: [\n")
    code, _, err = _cli("hook", str(FIXTURES / "vendors.clean.yaml"), "--decisions", str(base))
    assert code == 2 and err.startswith(f"vendorrisk: error: {base}:2:1: not valid YAML")


def test_cli_hook_without_files_is_clean(cli_home):
    assert _cli("hook")[0] == 0


# -- the pre-commit manifest ------------------------------------------------------------------------

def test_pre_commit_hooks_manifest_is_valid_and_matches_manifest_names():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("vendorrisk", "vendorrisk hook", "python")
    assert hook["require_serial"] is True
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    wanted = ["vendors.yaml", "suppliers.csv", "approved-vendors.json", "it/hardware-vendors.toml",
              "procurement/Approved_Suppliers.yml", "vendor.json"]
    unwanted = ["README.md", "package.json", "vendor/modules.txt", "config/settings.yaml", "vendors.py"]
    assert [f for f in wanted if not files.search(f)] == []
    assert [f for f in unwanted if files.search(f)] == []
    assert exclude.search(".vendorrisk-baseline.yaml") and files.search(".vendorrisk-baseline.yaml")
    assert exclude.search("sub/.vendorrisk-decisions.yaml") and files.search(".vendorrisk-decisions.yaml")
    assert not files.search(".vendorrisk-decisions.log.jsonl")


def test_docs_config_block_is_the_offline_form_of_the_published_hook(tmp_path):
    from pre_commit.clientlib import load_config

    text = (REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    config = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("repos:"))
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    load_config(str(tmp_path / ".pre-commit-config.yaml"))  # raises when pre-commit would refuse it
    (hook,) = yaml.safe_load(config)["repos"][0]["hooks"]
    (published,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert (hook["entry"], hook["language"]) == ("vendorrisk hook", "system")  # pre-commit 4 calls it `unsupported`
    for key in ("id", "name", "files", "exclude", "require_serial"):
        assert hook[key] == published[key], key


# -- the real pre-commit tool in a temporary git repository ------------------------------------------

def _vendorrisk_exe() -> str:
    beside = Path(sys.executable).parent / "vendorrisk"
    found = str(beside) if beside.is_file() else shutil.which("vendorrisk")
    if not found:
        pytest.skip("the vendorrisk console script is not installed")
    return found


def _local_config(exe: str) -> str:
    """`.pre-commit-hooks.yaml`'s hook as a `repo: local`, `language: system` hook: fully offline."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook.update(entry=f"{exe} hook", language="system")
    hook.pop("minimum_pre_commit_version", None)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False)


def _git_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment for git and pre-commit that reads no user or system configuration."""
    return {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Dana Okafor", "GIT_AUTHOR_EMAIL": "dana@example.com",
            "GIT_COMMITTER_NAME": "Dana Okafor", "GIT_COMMITTER_EMAIL": "dana@example.com", **extra}


class GitRepo:
    """A throwaway git repository with pre-commit installed as its pre-commit hook."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env
        root.mkdir()
        self.run("git", "init", "-q")
        (root / ".pre-commit-config.yaml").write_text(_local_config(_vendorrisk_exe()))
        self.run(sys.executable, "-m", "pre_commit", "install")

    def run(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        done = subprocess.run(args, cwd=self.root, env={**self.env, **env}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=300)
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}")
        return done

    def commit(self, message: str, *paths: str, **env: str) -> subprocess.CompletedProcess:
        self.run("git", "add", *paths)
        return self.run("git", "commit", "-m", message, check=False, **env)


@pytest.mark.slow
def test_real_pre_commit_blocks_accepts_and_blocks_again_after_expiry(cli_home, tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    env = _git_env(tmp_path)
    repo = GitRepo(tmp_path / "repo", env)
    vendors = repo.root / "vendors.yaml"
    vendors.write_text("vendors:\n  - name: Northbank Analytics Ltd\n    country: GB\n")
    clean = repo.commit("approved vendors", ".pre-commit-config.yaml", "vendors.yaml")
    assert clean.returncode == 0, clean.stdout
    assert "vendorrisk (screen vendor manifests)" in clean.stdout and "Passed" in clean.stdout

    vendors.write_text(vendors.read_text() + f"  - name: {HIK}\n    country: NL\n")
    blocked = repo.commit("add a camera vendor", "vendors.yaml")
    assert blocked.returncode != 0
    assert "Failed" in blocked.stdout
    assert "vendors.yaml:4: VR101 ndaa-889-covered-company (high, affiliate" in blocked.stdout
    assert "citation: John S. McCain National Defense Authorization Act" in blocked.stdout
    assert "Pub. L. 115-232, s.889" in blocked.stdout
    assert blocked.stdout.count("no official lists in the local store") == 1

    # The decision exactly as docs/pre-commit.md shows it, on the date the docs were written against.
    written = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc).timestamp()))}
    repo.run(_vendorrisk_exe(), *_docs_decide_command()[1:], **written)
    accepted = repo.commit("add a camera vendor (reviewed)", "vendors.yaml", ".vendorrisk-decisions.yaml",
                           ".vendorrisk-decisions.log.jsonl", **written)
    assert accepted.returncode == 0, accepted.stdout

    vendors.write_text(vendors.read_text() + "  - name: Quillfeather Office Supplies\n")
    later = str(int(dt.datetime(2027, 7, 1, 12, tzinfo=dt.timezone.utc).timestamp()))
    expired = repo.commit("add a stationery vendor", "vendors.yaml", SOURCE_DATE_EPOCH=later)
    assert expired.returncode != 0
    assert "vendors.yaml:4: VR101" in expired.stdout
    assert "note: decision expired on 2027-06-30; review again" in expired.stdout


def _docs_decide_command() -> list[str]:
    """The `vendorrisk decide` example of docs/pre-commit.md, as argv."""
    import shlex

    text = (REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```console\n(.*?)```", text, re.S) if b.startswith("$ vendorrisk decide"))
    command = block.split("\n")
    joined = ""
    for line in command:
        joined += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            break
    return shlex.split(joined.removeprefix("$ "))


@pytest.mark.slow
def test_real_pre_commit_reads_an_old_baseline_and_migrate_converts_it(cli_home, tmp_path):
    from vendorrisk.integrations.baseline import Baseline, Decision, entry_hash, fingerprint, save_baseline

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    env = _git_env(tmp_path, SOURCE_DATE_EPOCH=str(int(NOW.timestamp())))
    repo = GitRepo(tmp_path / "repo", env)
    (repo.root / "vendors.yaml").write_text(f"vendors:\n  - name: {HIK}\n")
    findings = Screener(Settings(home=cli_home)).screen([HIK]).suppliers[0].findings
    old = []
    for f in findings:  # what `vendorrisk baseline add` wrote before the decisions file
        h = entry_hash(f.entry)
        old.append(Decision(fingerprint=fingerprint(HIK, f.entry.id, h), supplier=HIK, entry=f.entry.id,
                            entry_hash=h, decision="false-positive", reviewer="Dana Okafor", date=NOW.date(),
                            reason="reviewed before the decisions file"))
    save_baseline(Baseline(decisions=tuple(old)), repo.root / ".vendorrisk-baseline.yaml")
    done = repo.commit("vendors with an old baseline", ".pre-commit-config.yaml", "vendors.yaml",
                       ".vendorrisk-baseline.yaml")
    assert done.returncode == 0, done.stdout
    said = repo.run(_vendorrisk_exe(), "hook", "vendors.yaml").stdout
    assert f"read {len(old)} decision(s) from the old baseline .vendorrisk-baseline.yaml" in said
    migrated = repo.run(_vendorrisk_exe(), "decisions", "migrate")
    assert f"migrated {len(old)} decision(s)" in migrated.stdout
    decided = load_decisions(repo.root / ".vendorrisk-decisions.yaml").decisions
    assert {d.party for d in decided} == {f.party.id for f in findings}
    assert {d.outcome for d in decided} == {"false-positive"} and all(d.listings for d in decided)
    (repo.root / ".vendorrisk-baseline.yaml").unlink()
    (repo.root / "vendors.yaml").write_text(f"vendors:\n  - name: {HIK}\n  - name: Northbank Analytics Ltd\n")
    again = repo.commit("another vendor", "vendors.yaml", ".vendorrisk-decisions.yaml", ".vendorrisk-baseline.yaml")
    assert again.returncode == 0, again.stdout


@pytest.mark.parametrize("key", ["company", "vendor", "supplier", "legal_name"])
def test_a_vendor_named_under_another_key_is_screened_and_the_key_is_said(screener, tmp_path, key):
    path = tmp_path / "vendors.yaml"
    path.write_text(f"suppliers:\n  - {key}: {HIK}\n")
    outcome = _run([path], screener, tmp_path)
    assert outcome.exit_code == 1 and outcome.lines[0].startswith(f"{path}:2: VR101 ")
    assert outcome.notes[0] == f"{path}: vendor names were read from `{key}` (1 vendor(s)) (detected; choose the " \
                               "key with --name-key)"


def test_name_key_option_and_setting_choose_the_key(screener, tmp_path):
    path = tmp_path / "vendors.yaml"
    path.write_text(f"- name: Jane Doe\n  firm: {HIK}\n")
    assert _run([path], screener, tmp_path, name_key="firm").lines[0].startswith(f"{path}:2: VR101 ")
    chosen = Settings(home=screener.settings.home, name_key="firm")
    outcome = run_hook([str(path)], chosen, HookOptions(decisions=tmp_path / "d.yaml"), now=NOW, screener=screener)
    assert outcome.exit_code == 1
    other = tmp_path / "other.yaml"
    other.write_text(f"- company: {HIK}\n")
    outcome = _run([other], screener, tmp_path, name_key="firm")
    assert outcome.exit_code == 1 and "skipped: no name: expected a `firm` key" in outcome.lines[0]


def test_cli_allow_skipped_and_name_key(cli_home, tmp_path):
    manifest = tmp_path / "vendors.json"
    manifest.write_text('{"vendors": [{"company": "Northbank Analytics Ltd"}, {"id": "V-2"}]}')
    base = str(tmp_path / "d.yaml")
    code, out, err = _cli("hook", str(manifest), "--baseline", base)
    assert code == 1 and f"{manifest}:1: skipped: no name" in out and "--allow-skipped" in err
    assert _cli("hook", str(manifest), "--baseline", base, "--allow-skipped")[0] == 0


def test_hook_output_is_terminal_safe(screener, tmp_path):
    path = tmp_path / "vendors.yaml"
    path.write_text(f'- "{HIK}\\u202e\\u2066"\n- name: "\\u200b"\n')
    outcome = _run([path], screener, tmp_path)
    text = "\n".join([*outcome.lines, *outcome.notes])
    assert not {"\u202e", "\u2066", "\u200b"} & set(text)
    assert "vendorrisk decide 'Hikvision Europe B.V.??' --all --outcome" in text

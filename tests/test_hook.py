"""The hook: exit codes, file:line findings with citations, the baseline flow, the store note, the CLI."""
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
from vendorrisk.integrations.baseline import load_baseline
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
    options.setdefault("baseline", tmp_path / ".vendorrisk-baseline.yaml")
    return run_hook([str(p) for p in paths], screener.settings, HookOptions(**options), now=NOW,
                    screener=screener)


def test_clean_manifest_exits_0(screener, tmp_path):
    outcome = _run([FIXTURES / "vendors.clean.yaml"], screener, tmp_path)
    assert outcome.exit_code == 0 and outcome.lines == ()
    assert outcome.notes[-1] == "1 file(s), 2 vendor(s): 0 finding(s), 0 suppressed by the baseline"


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
    assert "vendorrisk baseline add 'Hikvision Europe B.V.' --reviewer NAME" in outcome.notes[-1]


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
    assert outcome.notes[-2] == "3 file(s), 10 vendor(s): 14 finding(s), 0 suppressed by the baseline"


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
    decisions = load_baseline(tmp_path / ".vendorrisk-baseline.yaml").decisions
    assert {d.reviewer for d in decisions} == {"Dana Okafor"} and {d.supplier for d in decisions} == {HIK}
    second = _run(files, screener, tmp_path, write_baseline=True)
    assert second.exit_code == 0 and second.added == ()
    assert all(line.startswith("    ") or ": suppressed VR" in line for line in second.lines)
    assert "7 suppressed by the baseline" in second.notes[-1]


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


def test_changed_list_entry_raises_the_finding_again(tmp_path):
    home = tmp_path / "home"
    manifest = tmp_path / "vendors.yaml"
    manifest.write_text("- name: Kestrel Microsystems 1 Co., Ltd.\n")
    _install_fake(home, tmp_path, "2026-11-20")
    wrote = _run([manifest], Screener(Settings(home=home)), tmp_path, write_baseline=True)
    assert wrote.exit_code == 3 and [d.entry for d in wrote.added] == ["fake-list:2"]
    assert _run([manifest], Screener(Settings(home=home)), tmp_path).exit_code == 0
    _install_fake(home, tmp_path, "2026-11-25")  # same entry id, new listing date
    again = _run([manifest], Screener(Settings(home=home)), tmp_path)
    assert again.exit_code == 1
    assert "    note: the list entry changed since the decision of 2026-11-28; review again" in "\n".join(again.lines)
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
    dpl = Path(__file__).parent / "fixtures" / "sources" / "us-bis-dpl" / "dpl.txt"
    import_source(Store(home), SOURCES["us-bis-dpl"], dpl)
    outcome = _run([FIXTURES / "vendors.clean.yaml"], Screener(Settings(home=home)), tmp_path)
    assert [n for n in outcome.notes if "local store" in n] == [
        "note: stale lists in the local store: us-bis-dpl (undated); run `vendorrisk lists update`"]


# -- the CLI ---------------------------------------------------------------------------------------

def _cli(*args, env=None):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_hook_and_baseline_add_list_prune(cli_home, tmp_path):
    manifest = tmp_path / "vendors.yaml"
    manifest.write_text(f"vendors:\n  - name: Northbank Analytics Ltd\n  - name: {HIK}\n")
    base = str(tmp_path / "b.yaml")
    code, out, err = _cli("hook", str(manifest), "--baseline", base)
    assert code == 1 and f"{manifest}:3: VR101" in out and "only the bundled" in err
    code, out, err = _cli("baseline", "add", HIK, "us-ndaa-889:hikvision", "--baseline", base,
                          "--reviewer", "Dana Okafor", "--reason", "cameras being replaced", "--expires", "2099-12-31")
    assert code == 0 and "us-ndaa-889:hikvision: accepted by Dana Okafor" in out and "until 2099-12-31" in out
    code, out, _ = _cli("hook", str(manifest), "--baseline", base, "--fail-on", "high")
    assert code == 1 and ": suppressed VR101" in out  # VR102 (FCC, high) is still open
    code, out, _ = _cli("baseline", "add", HIK, "--baseline", base, "--reviewer", "Dana Okafor",
                        "--reason", "all reviewed", "--decision", "false-positive")
    assert code == 0 and len(out.splitlines()) == 7
    assert _cli("hook", str(manifest), "--baseline", base)[0] == 0
    code, out, _ = _cli("baseline", "list", "--baseline", base)
    assert code == 0 and len(out.splitlines()) == 7 and " live " in out
    code, out, err = _cli("baseline", "prune", "--baseline", base)
    assert code == 0 and out == "" and "7 decision(s) kept, 0 removed" in err
    assert len(load_baseline(base).decisions) == 7


def test_cli_prune_keeps_live_decisions_and_drops_expired(cli_home, tmp_path):
    base = str(tmp_path / "b.yaml")
    _cli("baseline", "add", HIK, "us-ndaa-889:hikvision", "--baseline", base, "--reviewer", "R", "--reason", "x",
         "--expires", "2099-12-31")
    _cli("baseline", "add", HIK, "us-fcc-covered-list:hikvision", "--baseline", base, "--reviewer", "R",
         "--reason", "x", "--expires", "2027-01-31")
    env = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc).timestamp()))}
    code, out, _ = _cli("baseline", "list", "--baseline", base, env=env)
    assert re.search(r"expired\s+Hikvision Europe B.V. -> us-fcc", out)
    code, out, _ = _cli("baseline", "prune", "--baseline", base, "--dry-run", env=env)
    assert out.startswith("would remove") and len(load_baseline(base).decisions) == 2
    code, out, _ = _cli("baseline", "prune", "--baseline", base, env=env)
    assert "us-fcc-covered-list:hikvision: expired on 2027-01-31" in out
    assert [d.entry for d in load_baseline(base).decisions] == ["us-ndaa-889:hikvision"]


@pytest.mark.parametrize(("args", "message"), [
    (["baseline", "add", "Northbank Analytics Ltd", "--reviewer", "R", "--reason", "x"],
     "'Northbank Analytics Ltd' has no finding on any list entry"),
    (["baseline", "add", HIK, "us-csl:nope", "--reviewer", "R", "--reason", "x"],
     "'Hikvision Europe B.V.' has no finding on us-csl:nope (its findings: us-ndaa-889:hikvision"),
    (["baseline", "add", HIK, "--reviewer", "R", "--reason", "x", "--expires", "2001-01-01"],
     "--expires 2001-01-01 is in the past"),
    (["hook", str(FIXTURES / "manifest.no-vendor-list.yaml")], "no vendor list"),
])
def test_cli_errors_are_one_line_and_exit_2(cli_home, tmp_path, args, message):
    code, out, err = _cli(*args, "--baseline", str(tmp_path / "b.yaml"))
    assert code == 2 and message in err
    assert "Traceback" not in err


def test_cli_broken_baseline_is_exit_2(cli_home, tmp_path):
    base = tmp_path / "b.yaml"
    base.write_text("decisions: [\n")
    code, _, err = _cli("hook", str(FIXTURES / "vendors.clean.yaml"), "--baseline", str(base))
    assert code == 2 and err.startswith(f"vendorrisk: error: {base}:2: not valid YAML")


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
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Dana Okafor", "GIT_AUTHOR_EMAIL": "dana@example.com",
           "GIT_COMMITTER_NAME": "Dana Okafor", "GIT_COMMITTER_EMAIL": "dana@example.com"}
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

    today = dt.date.today()
    repo.run(_vendorrisk_exe(), "baseline", "add", HIK, "--reviewer", "Dana Okafor", "--reason",
             "legacy cameras at one site; removal contract signed", "--expires",
             (today + dt.timedelta(days=30)).isoformat())
    accepted = repo.commit("add a camera vendor (reviewed)", "vendors.yaml", ".vendorrisk-baseline.yaml")
    assert accepted.returncode == 0, accepted.stdout

    vendors.write_text(vendors.read_text() + "  - name: Quillfeather Office Supplies\n")
    later = str(int(dt.datetime.combine(today + dt.timedelta(days=31), dt.time(12), dt.timezone.utc).timestamp()))
    expired = repo.commit("add a stationery vendor", "vendors.yaml", SOURCE_DATE_EPOCH=later)
    assert expired.returncode != 0
    assert "vendors.yaml:4: VR101" in expired.stdout
    assert f"note: decision expired on {today + dt.timedelta(days=30)}; review again" in expired.stdout


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
    outcome = run_hook([str(path)], chosen, HookOptions(baseline=tmp_path / "b.yaml"), now=NOW, screener=screener)
    assert outcome.exit_code == 1
    other = tmp_path / "other.yaml"
    other.write_text(f"- company: {HIK}\n")
    outcome = _run([other], screener, tmp_path, name_key="firm")
    assert outcome.exit_code == 1 and "skipped: no name: expected a `firm` key" in outcome.lines[0]


def test_cli_allow_skipped_and_name_key(cli_home, tmp_path):
    manifest = tmp_path / "vendors.json"
    manifest.write_text('{"vendors": [{"company": "Northbank Analytics Ltd"}, {"id": "V-2"}]}')
    base = str(tmp_path / "b.yaml")
    code, out, err = _cli("hook", str(manifest), "--baseline", base)
    assert code == 1 and f"{manifest}:1: skipped: no name" in out and "--allow-skipped" in err
    assert _cli("hook", str(manifest), "--baseline", base, "--allow-skipped")[0] == 0


def test_cli_baseline_list_calls_a_decision_orphaned_by_a_list_update(cli_home, tmp_path):
    from vendorrisk.integrations.baseline import Baseline, fingerprint, save_baseline

    base = tmp_path / "b.yaml"
    _cli("baseline", "add", HIK, "us-ndaa-889:hikvision", "--baseline", str(base), "--reviewer", "R", "--reason", "x")
    (live,) = load_baseline(base).decisions
    old_hash = "0" * 16  # the entry as it was before a list update changed it
    orphan = live.model_copy(update={"entry_hash": old_hash, "fingerprint": fingerprint(HIK, live.entry, old_hash)})
    save_baseline(Baseline(decisions=(live, orphan)), base)
    code, out, _ = _cli("baseline", "list", "--baseline", str(base))
    assert code == 0 and [line.split()[1] for line in out.splitlines()] == ["live", "orphaned"]
    code, out, _ = _cli("baseline", "list", "--baseline", str(base), "--format", "json")
    assert [row["state"] for row in json.loads(out)] == ["live", "orphaned"]


def test_hook_output_is_terminal_safe(screener, tmp_path):
    path = tmp_path / "vendors.yaml"
    path.write_text(f'- "{HIK}\\u202e\\u2066"\n- name: "\\u200b"\n')
    outcome = _run([path], screener, tmp_path)
    text = "\n".join([*outcome.lines, *outcome.notes])
    assert not {"\u202e", "\u2066", "\u200b"} & set(text)
    assert "vendorrisk baseline add 'Hikvision Europe B.V.??' --reviewer NAME" in text

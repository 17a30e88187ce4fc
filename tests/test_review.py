"""`vendorrisk review` driven in a real pseudo-terminal: decide three findings, quit, resume."""
from __future__ import annotations

import json
import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest
import yaml

from vendorrisk.decisions import load_decisions, read_log

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1795867200"  # 2026-11-28 12:00 UTC


class Terminal:
    """A child process on a pseudo-terminal: send keys, wait for text (stdlib `pty` only)."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its terminal
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "vendorrisk", *args], env)
        self.seen = ""

    def expect(self, text: str, timeout: float = 120) -> str:
        """Wait until `text` appears in the output after the last `expect`; return the output up to it."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} did not appear; the terminal shows:\n{self.seen[-3000:]}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the program ended before {text!r}:\n{self.seen[-3000:]}")
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        before, _, self.seen = self.seen.partition(text)
        return before + text

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def wait(self) -> int:
        try:
            while os.read(self.fd, 4096):
                pass
        except OSError:
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.fixture
def report(tmp_path) -> Path:
    """A JSON report of three suppliers (bundled lists only), written by `vendorrisk check`."""
    from click.testing import CliRunner

    from vendorrisk.cli import main

    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text("supplier_id,name,country\nV-1,Hikvision UK Ltd,GB\nV-2,Northbank Analytics Ltd,GB\n"
                         "V-3,ZTE Corporation,CN\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(suppliers), "--format", "json", "-o", str(out)],
                                env={"SOURCE_DATE_EPOCH": EPOCH}, catch_exceptions=False)
    assert result.exit_code == 1
    return out


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "PYTEST"))}
    env.update(SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(REPO), TERM="dumb")
    return env


def test_review_decides_three_findings_quits_and_resumes(report, tmp_path):
    total = sum(len(s["findings"]) for s in json.loads(report.read_text())["suppliers"])
    assert total > 4
    args = ["review", str(report), "--decisions", ".vendorrisk-decisions.yaml", "--reviewer", "Dana Okafor"]
    term = Terminal(args, tmp_path, _env())
    term.expect(f"{total} of {total} finding(s) in {report} wait for a decision")
    first = term.expect("[q] quit")
    assert f"[1 of {total}] line 2: Hikvision UK Ltd -> " in first and "matched 'Hikvision'" in first
    term.send("f")
    term.expect("reason")
    term.send("a namesake: a UK locksmith, checked at Companies House\n")
    term.expect("recorded: false-positive by Dana Okafor on 2026-11-28")
    assert f"[2 of {total}]" in term.expect("[q] quit")
    term.send("s")
    assert f"[3 of {total}]" in term.expect("[q] quit")
    term.send("a")
    term.expect("until (YYYY-MM-DD)")
    term.send("2027-06-30\n")
    term.expect("reason")
    term.send("legacy cameras; removal contract signed\n")
    term.expect("recorded: accepted-risk")
    assert f"[4 of {total}]" in term.expect("[q] quit")
    term.send("e")
    term.expect("reason")
    term.send("ask legal\n")
    term.expect("recorded: escalate")
    term.expect("[q] quit")
    term.send("q")
    assert term.wait() == 0

    decided = load_decisions(tmp_path / ".vendorrisk-decisions.yaml").decisions
    assert sorted(d.outcome for d in decided) == ["accepted-risk", "escalate", "false-positive"]
    assert {d.supplier_id for d in decided} == {"V-1"} and {d.reviewer for d in decided} == {"Dana Okafor"}
    log = list(read_log(tmp_path / ".vendorrisk-decisions.yaml"))
    assert [(e["change"], e["action"], e["decision"]["outcome"]) for e in log] == [
        ("added", "review", "false-positive"), ("added", "review", "accepted-risk"), ("added", "review", "escalate")]
    assert {e["at"] for e in log} == {"2026-11-28T12:00:00Z"} and all(e["previous"] is None for e in log)

    resumed = Terminal(args, tmp_path, _env())
    resumed.expect(f"{total - 3} of {total} finding(s) in {report} wait for a decision")
    assert f"[2 of {total}]" in resumed.expect("[q] quit")  # the skipped one comes back; decided ones do not
    resumed.send("q")
    assert resumed.wait() == 0
    assert load_decisions(tmp_path / ".vendorrisk-decisions.yaml").decisions == decided
    assert len(list(read_log(tmp_path / ".vendorrisk-decisions.yaml"))) == 3
    saved = yaml.safe_load((tmp_path / ".vendorrisk-decisions.yaml").read_text())
    assert saved["version"] == 2 and len(saved["decisions"]) == 3


def test_review_without_a_terminal_says_to_use_decide(report, tmp_path):
    from click.testing import CliRunner

    from vendorrisk.cli import main

    result = CliRunner().invoke(main, ["review", str(report)], input="f\n")
    assert result.exit_code == 2 and "needs a terminal" in result.stderr and "vendorrisk decide" in result.stderr


def test_review_refuses_a_file_that_is_not_a_report(tmp_path):
    from click.testing import CliRunner

    from vendorrisk.cli import main

    bad = tmp_path / "report.json"
    bad.write_text('{"schema_version": "2.1", "suppliers": 3}')
    result = CliRunner().invoke(main, ["review", str(bad)])
    assert result.exit_code == 2 and f"{bad}: not a vendorrisk JSON report: " in result.stderr

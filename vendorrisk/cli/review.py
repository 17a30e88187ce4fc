"""`vendorrisk review REPORT.json`: decide a report's open findings one at a time, in the terminal.

One finding is shown with its evidence; a key decides it (f false positive, a accept
risk, e escalate, b block), s skips it and q quits. Every decision is written to the
decisions file and its audit log at once, so a review resumes where it stopped.
"""
from __future__ import annotations


import os

import click

from vendorrisk.cli import commands
from vendorrisk.cli.decide import DECISIONS_FILE, default_reviewer, now_utc, one_line

KEYS = {"f": "false-positive", "a": "accepted-risk", "e": "escalate", "b": "block"}
HELP = "[f] false positive  [a] accept risk  [e] escalate  [b] block  [s] skip  [q] quit"


@click.command()
@click.argument("report_path", metavar="REPORT.json", type=click.Path(exists=True, dir_okay=False))
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False), default=DECISIONS_FILE,
              show_default=True, help="Decisions file to write (the audit log goes beside it).")
@click.option("--reviewer", help="Who decides (default: git user.name, else the login name).")
def review(report_path, decisions_path, reviewer):
    """Review the open findings of a JSON report one at a time and record decisions.

    Findings a holding decision already covers are skipped, so a review can stop
    (q) and resume later.

    Example: vendorrisk review report.json --decisions .vendorrisk-decisions.yaml
    """
    import sys

    from vendorrisk.decisions import load_decisions
    from vendorrisk.decisions.review import waiting
    from vendorrisk.errors import ConfigError
    from vendorrisk.formats.json_format import load_report

    report = load_report(report_path)
    if not sys.stdin.isatty():
        raise ConfigError("vendorrisk review asks one key at a time and needs a terminal; in scripts, record "
                          "decisions with `vendorrisk decide SUPPLIER PARTY --outcome ... --reason ...`")
    reviewer = reviewer or default_reviewer()
    queue = list(waiting(report, load_decisions(decisions_path), now_utc().date()))
    total = sum(len(s.findings) for s in report.suppliers)
    click.echo(f"{len(queue)} of {total} finding(s) in {one_line(report_path)} wait for a decision; "
               f"reviewer {one_line(reviewer)}")
    decided = 0
    for item in queue:
        click.echo("")
        click.echo("\n".join(_show(item)))
        choice = _ask(HELP)
        if choice == "q":
            break
        if choice == "s":
            continue
        decided += _decide(item, KEYS[choice], reviewer, decisions_path)
    click.echo(f"vendorrisk: {decided} decision(s) recorded in {one_line(decisions_path)}; "
               f"{len(queue) - decided} finding(s) still open", err=True)


def _show(item) -> list[str]:
    f, s = item.finding, item.supplier
    where = f"line {s.line}: " if s.line else ""
    lines = [f"[{item.position} of {item.total}] {where}{one_line(s.name)} -> {one_line(f.party.name)} "
             f"(party {one_line(f.party.id)})",
             f"  {f.severity} {f.kind} {f.score:.0f}; rules {', '.join(f.rules or (f.rule,))}: {one_line(f.consequence)}"]
    for e in f.listings or (f.entry,):
        programs = f"; programs {', '.join(e.programs)}" if e.programs else ""
        listed = f"; listed {e.listed_on}" if e.listed_on else ""
        lines.append(f"  {one_line(e.id)} {one_line(e.list_name or e.source)}{programs}{listed}")
        lines.append(f"    matched {one_line(repr(e.matched_name))}; {one_line(e.citation.document)}"
                     + (f": {one_line(e.citation.reference)}" if e.citation.reference else ""))
    lines.append(f"  why: {one_line(f.explanation)}")
    if f.decision is not None:
        lines.append(f"  earlier decision: {one_line(f.suppression or f.decision.status)}")
    return lines


def _ask(help_text: str) -> str:
    click.echo(help_text)
    while True:
        key = _read_key().lower()
        if key in (*KEYS, "s", "q"):
            click.echo(f"> {key}")
            return key
        if key in ("\x03", "\x04"):  # Ctrl-C, Ctrl-D: stop like q
            return "q"


def _read_key() -> str:
    """One key from the terminal, without waiting for Enter.

    NOTE: not `click.getchar`: it switches the terminal with TCSAFLUSH, which throws
    away a key typed a moment before the question was shown; TCSANOW keeps it.
    """
    import sys

    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal
        return click.getchar()
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        return os.read(fd, 4).decode("utf-8", "replace")[:1]
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def _decide(item, outcome: str, reviewer: str, decisions_path: str) -> int:
    from vendorrisk.decisions import record
    from vendorrisk.decisions.decide import decision_for
    from vendorrisk.errors import InputError

    now = now_utc()
    expires = None
    if outcome == "accepted-risk":
        expires = click.prompt("  risk accepted until (YYYY-MM-DD)", type=click.DateTime(formats=["%Y-%m-%d"]))
        expires = expires.date()
    reason = click.prompt("  reason").strip()
    try:
        made = decision_for(item.supplier.name, item.finding, outcome=outcome, reviewer=reviewer, reason=reason,
                            date=now.date(), expires=expires, supplier_id=item.supplier_id)
    except InputError as exc:
        click.echo(f"  not recorded: {exc}; the finding stays open")
        return 0
    if expires is not None and expires < now.date():
        click.echo(f"  not recorded: {expires} is in the past; the finding stays open")
        return 0
    record(decisions_path, [made], now=now, action="review")
    click.echo(f"  recorded: {one_line(made.describe())}")
    return 1


commands.ALL.extend([review])

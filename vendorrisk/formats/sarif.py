"""The SARIF 2.1.0 report, shaped to what GitHub code scanning accepts and shows.

Each finding is a result located at the supplier's row of the input file (or manifest
entry), so a vendor added to `vendors.yaml` shows up on its line in a pull request.
Rule metadata comes from `report.rules`. `partialFingerprints` leave out line numbers
and scores, so moving a row or re-scoring does not make a finding look new.

GitHub's rules (docs.github.com, "SARIF support for code scanning") shape the rest: the
file's URI is relative to the repository root under `%SRCROOT%`, the fingerprint is
also GitHub's `primaryLocationLineHash`, a run keeps the 5,000 most severe results,
a file stays under 10 MB gzipped, and findings without a file are left out with a note;
`sarif_log` returns those notes for the CLI to print.

A finding that a holding decision closes (false positive, accepted risk) carries
`suppressions` (kind `external`, status `accepted`); an expired or re-opened decision
gives none, and every decision is in the result's `properties.decision`.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from vendorrisk.formats.base import (
    Formatter, citation_ref, dump_json, format_score, is_web_url, listing_authority, listing_rules, one_line,
)
from vendorrisk.formats.markdown import md_link, md_text
from vendorrisk.report import Finding, ListUsed, Report, RuleRef, SupplierResult, severity_rank

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "vendorrisk/supplier-party/v1"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# NOTE: GitHub code scanning ranks results by `security-severity` (a CVSS-like 0-10 string).
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
# NOTE: a name match can be a namesake, so every finding is a lead for a person to confirm.
PRECISION = "medium"
# NOTE: GitHub rejects a run of more than 25,000 results and shows only the 5,000 most severe,
# and refuses a file over 10 MB gzipped.
MAX_RESULTS = 5_000
MAX_GZIP_BYTES = 10_000_000
SRCROOT = "%SRCROOT%"
SRCROOT_MEANS = {"repository": "The root of the git repository holding the input file.",
                 "working-directory": "The working directory vendorrisk ran in (no git repository holds the input file)."}


_BRACKET = re.compile(r"\\(?=[\[\]])|[\[\]]")


def sarif_text(text: str | None) -> str:
    """The SARIF message text function: `one_line`, then square brackets (and a backslash
    before one) escaped with a backslash, so that no `[text](target)` in a supplier or
    list name becomes an embedded link (SARIF 2.1.0, 3.11.6)."""
    return _BRACKET.sub(lambda m: "\\" + m[0], one_line(text))


def fingerprint(supplier_name: str, party_id: str) -> str:
    """A stable id for "this supplier matched this listed party", independent of line and score."""
    return hashlib.sha256(f"{supplier_name}\x00{party_id}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


class SarifFormatter(Formatter):
    """SARIF 2.1.0 with one run, one rule per rule code and one result per supplier and listed party."""

    NAME = "sarif"
    MEDIA_TYPE = "application/sarif+json"
    EXTENSION = "sarif"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`. Clean suppliers produce no results."""
        return sarif_log(report)[0]


def sarif_log(report: Report) -> tuple[str, list[str]]:
    """The SARIF text of `report`, and the notes on what it leaves out or cannot place.

    Code scanning needs a file location, so a report without an input file (the Python
    API, `vendorrisk search`) holds no results. Past `MAX_RESULTS`, and past
    `MAX_GZIP_BYTES` gzipped, the least severe findings go. The notes are in the log
    (`toolExecutionNotifications`), and the CLI prints them on stderr too.
    """
    pairs = [(s, f) for s in report.suppliers for f in s.findings]
    place = _place_notes(report)
    if pairs and not report.input:
        notes = [f"{len(pairs)} findings left out: code scanning places a result on a file, and this "
                 "report screened no file; use --format json to see them"]
        return _log_text(report, [], notes), notes
    limit, why = MAX_RESULTS, f"GitHub code scanning shows at most {MAX_RESULTS:,} results per run"
    while True:
        kept, worst_left = _most_severe(pairs, limit)
        notes = [] if worst_left is None else [
            f"{len(pairs) - len(kept)} of {len(pairs)} findings left out (the least severe, from {worst_left} "
            f"down): {why}; use --format json to see them all"]
        text = _log_text(report, kept, notes + place)
        size = _gzipped_size(text)
        if size <= MAX_GZIP_BYTES:
            return text, notes + place
        limit = int(len(kept) * MAX_GZIP_BYTES / size * 0.95)
        why = f"GitHub code scanning refuses a file over {MAX_GZIP_BYTES / 1e6:g} MB gzipped"


def _gzipped_size(text: str) -> int:
    data = text.encode("utf-8")
    # NOTE: gzip never shrinks JSON below this, so a small log is not compressed to be measured.
    return len(data) if len(data) <= MAX_GZIP_BYTES else len(gzip.compress(data, compresslevel=6))


def _most_severe(pairs: list[tuple[SupplierResult, Finding]],
                 limit: int) -> tuple[list[tuple[SupplierResult, Finding]], str | None]:
    """The `limit` most severe pairs in report order, and the worst severity left out (None: none)."""
    if len(pairs) <= limit:
        return pairs, None
    order = sorted(range(len(pairs)), key=lambda i: -severity_rank(pairs[i][1].severity))
    return [pairs[i] for i in sorted(order[:limit])], pairs[order[limit]][1].severity


def _log_text(report: Report, pairs: list[tuple[SupplierResult, Finding]], notes: list[str]) -> str:
    codes = [r.code for r in report.rules]
    driver = {"name": report.tool, "version": report.tool_version,
              "semanticVersion": report.tool_version,
              "rules": [_rule(r) for r in report.rules]}
    run: dict[str, Any] = {"tool": {"driver": driver}, "columnKind": "utf16CodeUnits"}
    artifact = None
    if report.input:
        artifact, base = artifact_location(report.input)
        if base:
            run["originalUriBaseIds"] = {SRCROOT: {"description": {"text": SRCROOT_MEANS[base]}}}
        run["artifacts"] = [{"location": artifact}]
    run["results"] = [_result(s, f, codes, artifact) for s, f in pairs]
    run["properties"] = {"lists": [_list(lst) for lst in report.lists]}
    if report.warnings or notes:  # SARIF's place for what the tool says about its own run (3.20.21)
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": sarif_text(w)}} for w in (*report.warnings, *notes)]}]
    return dump_json({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]})


def _place_notes(report: Report) -> list[str]:
    """A note when the input file's URI cannot be read from a repository root."""
    if not report.input:
        return []
    base = artifact_location(report.input)[1]
    return [] if base == "repository" else [_outside_note(report.input, base)]


def _rule(rule: RuleRef) -> dict[str, Any]:
    refs = [f"- {citation_ref(c)}: {c.document}" + (f" <{c.url}>" if is_web_url(c.url) else "")
            for c in rule.references]
    help_text = f"{rule.summary}\n\nConsequence: {rule.consequence}" + (
        "\n\nReferences:\n" + "\n".join(refs) if refs else "")
    out: dict[str, Any] = {
        "id": rule.code, "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.consequence}"},
        "help": {"text": help_text, "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        # NOTE: GitHub reads `security-severity` only on a rule tagged `security`.
        "properties": {"severity": rule.severity, "status": rule.status, "precision": PRECISION,
                       "security-severity": SECURITY_SEVERITY[rule.severity],
                       "tags": ["security", "supply-chain", "sanctions", rule.severity]},
    }
    urls = [c.url for c in rule.references if is_web_url(c.url)]
    if urls:
        out["helpUri"] = urls[0]
    return out


def _help_markdown(rule: RuleRef) -> str:
    refs = [f"- {md_link(c.document, c.url)} ({md_text(citation_ref(c))})" for c in rule.references]
    return (f"{md_text(rule.summary)}\n\n**Consequence:** {md_text(rule.consequence)}"
            + ("\n\n**References:**\n\n" + "\n".join(refs) if refs else ""))


def _message(s: SupplierResult, f: Finding) -> str:
    listings = " ".join(f"{e.id}: matched '{e.matched_name}'; {listing_authority(e)} ({listing_rules(e)})."
                        for e in f.listings or (f.entry,))
    return sarif_text(f"Supplier '{s.name}' matches listed party {f.party.name} ({f.party.id}) as {f.kind}, "
                      f"score {format_score(f.score)}, rules {', '.join(f.rules or (f.rule,))}. {f.consequence} "
                      f"Listings: {listings}")


def _outside_note(path: str, base: str | None) -> str:
    if base is None:
        return (f"{path} is outside the working directory and any git repository, so its URI is absolute; "
                "GitHub code scanning cannot place results on it")
    return (f"no git repository holds {path}; its URI is relative to the working directory, and GitHub "
            "code scanning reads it from the repository root")


def _result(s: SupplierResult, f: Finding, codes: list[str], artifact: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in codes:
        out["ruleIndex"] = codes.index(f.rule)
    key = fingerprint(s.name, f.party.id)
    # NOTE: GitHub tracks an alert by `primaryLocationLineHash` only, and hashes the line when it is absent.
    out |= {"level": LEVELS[f.severity], "message": {"text": _message(s, f)},
            "locations": [_location(s, artifact or {})],
            "partialFingerprints": {"primaryLocationLineHash": key, FINGERPRINT_KEY: key},
            "properties": {"severity": f.severity, "kind": f.kind, "score": f.score, "verdict": s.verdict,
                           "rules": list(f.rules), "party": f.party.model_dump(mode="json", exclude_none=True),
                           "listings": [e.id for e in f.listings or (f.entry,)]}}
    if f.decision is not None:
        out["properties"]["decision"] = f.decision.model_dump(mode="json", exclude_none=True)
    if f.suppressed:
        out["suppressions"] = [suppression(f)]
    return out


def suppression(f: Finding) -> dict[str, Any]:
    """The SARIF `suppression` (3.35) of a finding a holding decision closes: recorded outside the
    scanned file (`external`), accepted, justified by who decided, when, until when and why."""
    return {"kind": "external", "status": "accepted", "justification": one_line(f.suppression or "decided")}


def _location(s: SupplierResult, artifact: dict[str, Any]) -> dict[str, Any]:
    # NOTE: GitHub requires `region.startLine`; a row without a known line points at line 1.
    return {"physicalLocation": {"artifactLocation": {**artifact, "index": 0},
                                 "region": {"startLine": max(s.line or 1, 1)}}}


def artifact_location(path: str) -> tuple[dict[str, Any], str | None]:
    """The SARIF `artifactLocation` of the input file and what `%SRCROOT%` is (a key of `SRCROOT_MEANS`).

    The URI is relative to the root of the git repository holding the file, which is
    where GitHub code scanning reads it from; outside a repository it is relative to
    the working directory, and outside that too it is an absolute `file:` URI (no root).
    """
    absolute = Path(os.path.abspath(path))
    repository = next((d for d in absolute.parents if (d / ".git").exists()), None)
    root = repository or Path.cwd()
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": _uri(absolute)}, None
    return {"uri": _uri(relative), "uriBaseId": SRCROOT}, "repository" if repository else "working-directory"


def _uri(path: PurePath) -> str:
    # NOTE: fsencode keeps undecodable bytes of a file name as %XX, as as_uri() does.
    return path.as_uri() if path.is_absolute() else quote(os.fsencode(path.as_posix()))


def _list(lst: ListUsed) -> dict[str, Any]:
    return lst.model_dump(mode="json", include={"source", "title", "snapshot_date", "date_basis",
                                                "published_on_or_after", "sha256", "records", "age_days",
                                                "stale"})

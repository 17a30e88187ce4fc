"""The SARIF 2.1.0 report, for code-scanning UIs that read static-analysis results.

Each finding is a result located at the supplier's row of the input file (or manifest
entry), so a vendor added to `vendors.yaml` shows up on its line in a pull request.
Rule metadata comes from `report.rules`. `partialFingerprints` leave out line numbers
and scores, so moving a row or re-scoring does not make a finding look new.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from vendorrisk.formats.base import (
    Formatter, citation_ref, dump_json, format_score, is_web_url, listing_authority, listing_rules, one_line,
)
from vendorrisk.report import Finding, ListUsed, Report, RuleRef, SupplierResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "vendorrisk/supplier-party/v1"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# NOTE: GitHub code scanning ranks results by `security-severity` (a CVSS-like 0-10 string).
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}


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
        codes = [r.code for r in report.rules]
        driver = {"name": report.tool, "version": report.tool_version,
                  "semanticVersion": report.tool_version,
                  "rules": [_rule(r) for r in report.rules]}
        results = [_result(report, s, f, codes) for s in report.suppliers for f in s.findings]
        run: dict[str, Any] = {"tool": {"driver": driver}, "columnKind": "utf16CodeUnits",
                               "results": results,
                               "properties": {"lists": [_list(lst) for lst in report.lists]}}
        if report.input:
            run["artifacts"] = [{"location": {"uri": _uri(report.input)}}]
        if report.warnings:  # SARIF's place for what the tool says about its own run (3.20.21)
            run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
                {"level": "warning", "message": {"text": sarif_text(w)}} for w in report.warnings]}]
        return dump_json({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]})


def _rule(rule: RuleRef) -> dict[str, Any]:
    refs = [f"- {citation_ref(c)}: {c.document}" + (f" <{c.url}>" if is_web_url(c.url) else "")
            for c in rule.references]
    help_text = f"{rule.summary}\n\nConsequence: {rule.consequence}" + (
        "\n\nReferences:\n" + "\n".join(refs) if refs else "")
    out: dict[str, Any] = {
        "id": rule.code, "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.consequence}"},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"severity": rule.severity, "status": rule.status,
                       "security-severity": SECURITY_SEVERITY[rule.severity],
                       "tags": ["supply-chain", "sanctions", rule.severity]},
    }
    urls = [c.url for c in rule.references if is_web_url(c.url)]
    if urls:
        out["helpUri"] = urls[0]
    return out


def _message(s: SupplierResult, f: Finding) -> str:
    listings = " ".join(f"{e.id}: matched '{e.matched_name}'; {listing_authority(e)} ({listing_rules(e)})."
                        for e in f.listings or (f.entry,))
    return sarif_text(f"Supplier '{s.name}' matches listed party {f.party.name} ({f.party.id}) as {f.kind}, "
                      f"score {format_score(f.score)}, rules {', '.join(f.rules or (f.rule,))}. {f.consequence} "
                      f"Listings: {listings}")


def _result(report: Report, s: SupplierResult, f: Finding, codes: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in codes:
        out["ruleIndex"] = codes.index(f.rule)
    out |= {"level": LEVELS[f.severity], "message": {"text": _message(s, f)},
            "locations": [_location(report, s)],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(s.name, f.party.id)},
            "properties": {"severity": f.severity, "kind": f.kind, "score": f.score, "verdict": s.verdict,
                           "rules": list(f.rules), "party": f.party.model_dump(mode="json", exclude_none=True),
                           "listings": [e.model_dump(mode="json", exclude_none=True)
                                        for e in f.listings or (f.entry,)]}}
    return out


def _location(report: Report, s: SupplierResult) -> dict[str, Any]:
    if not report.input:
        return {"logicalLocations": [{"name": one_line(s.name), "kind": "supplier"}]}
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(report.input), "index": 0}}
    if s.line and s.line > 0:
        physical["region"] = {"startLine": s.line}
    return {"physicalLocation": physical}


def _uri(path: str) -> str:
    pure = PurePath(path)
    # NOTE: fsencode keeps undecodable bytes of a file name as %XX, as as_uri() does.
    return pure.as_uri() if pure.is_absolute() else quote(os.fsencode(pure.as_posix()))


def _list(lst: ListUsed) -> dict[str, Any]:
    return lst.model_dump(mode="json", include={"source", "title", "snapshot_date", "date_basis",
                                                "published_on_or_after", "sha256", "records", "age_days",
                                                "stale"})

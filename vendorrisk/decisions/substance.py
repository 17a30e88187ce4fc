"""What a party's listings are in substance: the lists and programs, not which file printed them.

OFAC's SDN entry is printed by OFAC's own file and again by the Consolidated
Screening List; the curated Entity List entry for Hikvision is the same listing as
the CSL's Entity List row. A decision must not re-open because another copy of a
listing is installed, only when the party gains a list or a program. So each
listing is reduced to keys that every copy shares: `list:<code>` (the acronym the
list's own name gives, e.g. `EL`, `SDN`, `SSI`, or the name without the publisher)
and `program:<code>` for each program or legal basis.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from vendorrisk.report import Finding, FindingEntry

# The same list under the names its different publishers give it: OFAC's Non-SDN
# Chinese Military-Industrial Complex list is "(CMIC)" in the CSL, "(NS-CMIC)" in
# OFAC's own non-SDN file and "NS-CMIC List" in the curated list.
_SAME_LIST = {"CMIC": "NS-CMIC"}
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9-]{1,15})\)")


def list_code(entry: FindingEntry) -> str:
    """The list an entry is on, as a code its copies share (`EL`, `SDN`, `NS-CMIC`, ...)."""
    name = (entry.list_name or "").strip()
    acronyms = _ACRONYM.findall(name)
    if acronyms:
        code = acronyms[-1]
    else:
        code = (name.split(" - ")[0].strip() or entry.source).upper()
        code = re.sub(r"\s+LIST$", "", re.sub(r"\s+", " ", code))
    return _SAME_LIST.get(code, code)


def listing_keys(entry: FindingEntry) -> frozenset[str]:
    """The substance of one listing: its list and its programs."""
    programs = (re.sub(r"\s+", " ", p.strip().strip("[]")).upper() for p in entry.programs)
    return frozenset({f"list:{list_code(entry)}", *(f"program:{p}" for p in programs if p)})


def finding_keys(finding: Finding) -> frozenset[str]:
    """The substance of a finding: the union over its listings."""
    listings = finding.listings or (finding.entry,)
    return frozenset().union(*(listing_keys(e) for e in listings))


def describe_keys(keys: Iterable[str]) -> str:
    """`list EL, program UKRAINE-EO13662` for readers."""
    return ", ".join(k.replace(":", " ", 1) for k in sorted(keys))

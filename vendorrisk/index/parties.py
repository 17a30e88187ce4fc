"""Which list entries are one listed party, by the identifiers the lists themselves publish.

OFAC's entity number is shared by the SDN and non-SDN files and by the CSL rows that
Treasury contributes (SDN, SSI, CAPTA, NS-MBS, CMIC, ...); the UN reference number is
carried by the UN list and by the national lists that implement it; one CSL record
(`_id`) can sit under several sub-lists. Entries sharing any such identifier, directly
or through another entry, are one party. Names are never compared: two listings that
merely look alike stay two parties.
"""
from __future__ import annotations

from collections.abc import Iterable

from vendorrisk.model import ListEntry

_OFAC_FILES = frozenset({"us-ofac-sdn", "us-ofac-nonsdn"})
_CSL = "us-csl"
_KEY = "\0"  # marks an identifier node, so that it never equals an entry id
# The listing whose name a party is shown by: OFAC's own file first, then the UN's.
_NAME_ORDER = {"us-ofac-sdn": 0, "un-sc": 1, "us-ofac-nonsdn": 2}


def identifiers(entry: ListEntry) -> tuple[str, ...]:
    """The published identifiers of an entry, as party keys (`ofac:18299`, `un:QDe.001`, ...)."""
    source, _, official = entry.id.partition(":")
    keys = []
    if source in _OFAC_FILES:
        keys.append(f"ofac:{official}")
    elif source == _CSL:
        record = official.split(":")[0]
        keys.append(f"{_CSL}:{record}")
        if record.isdigit() and (entry.list_name or "").lower().endswith("treasury department"):
            keys.append(f"ofac:{record}")
    if entry.un_reference:
        keys.append(f"un:{entry.un_reference.strip()}")
    return tuple(keys)


def group_parties(entries: Iterable[tuple[str, str, tuple[str, ...]]]) -> dict[str, tuple[str, str]]:
    """Party (id, display name) by entry id, from (entry id, name, identifiers) triples.

    The party id is its OFAC key if it has one, else its UN key, else its smallest entry
    id, so it stays the same from one snapshot to the next.
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    names: dict[str, str] = {}
    for entry_id, name, keys in entries:
        names[entry_id] = name
        for key in keys:
            parent[find(_KEY + key)] = find(entry_id)
        find(entry_id)
    members: dict[str, list[str]] = {}
    for node in parent:
        members.setdefault(find(node), []).append(node)
    out: dict[str, tuple[str, str]] = {}
    for nodes in members.values():
        entry_ids = sorted(n for n in nodes if not n.startswith(_KEY))
        keys = [n[len(_KEY):] for n in nodes if n.startswith(_KEY)]
        party_id = (min((k for k in keys if k.startswith("ofac:")), default=None)
                    or min((k for k in keys if k.startswith("un:")), default=None) or entry_ids[0])
        shown = names[min(entry_ids, key=lambda e: (_NAME_ORDER.get(e.partition(":")[0], 9), e))]
        out.update((entry_id, (party_id, shown)) for entry_id in entry_ids)
    return out

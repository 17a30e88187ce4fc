"""Names made only of generic words and places ("NATIONAL BANK", "STATE ENTERPRISE FOR CABLES AND
WIRES"): they match as a whole, in order, or not at all.

No word of such a name identifies a party, so sharing most of its words means
little: "Agricultural Bank of China" is not the "AGRICULTURAL BANK" of Libya,
"Innovative Systems & Technologies" is not "Innovative Technology Systems". A
listed alias of this kind must be the supplier name itself (places included). A
primary name must have every word of weight in the supplier name, in its order
(typos allowed); the supplier may add places, and may drop the listed name's
places or add words of its own only when the listed name has three generic words
or more, never name a different place (a long name is specific as a whole: "China South Industries Group"
in "China South Industries Group International"). Without an agreeing country a
finding on a short one is a review (`is_short_generic`, `weak.generic_name_evidence`).
"""
from __future__ import annotations

from vendorrisk.normalize.classes import PLACE, STOP
from vendorrisk.scoring.align import Alignment, Word

LONG_GENERIC_NAME = 3


def is_whole_generic_match(alignment: Alignment, listed: tuple[Word, ...], supplier: tuple[Word, ...], *,
                           alias: bool) -> bool:
    """Whether a generic-only listed name matches the supplier name as a whole (see the module).

    `listed` and `supplier` are the words `alignment` was made from, in name order.
    """
    skip = (STOP,) if alias else (STOP, PLACE)
    wanted = [p for p in alignment.pairs if p.listed.cls not in skip]
    if any(p.supplier is None for p in wanted) or not _in_order(wanted, listed, supplier):
        return False
    extras = [w for w in alignment.extras if w.cls != STOP]
    if alias:
        return not extras
    long_name = len(wanted) >= LONG_GENERIC_NAME
    dropped_place = any(p.supplier is None and p.listed.cls == PLACE for p in alignment.pairs)
    if dropped_place and (not long_name or any(w.cls == PLACE for w in extras)):
        return False  # "Information Technology" is not the "SYRIAN COMPANY FOR INFORMATION TECHNOLOGY"
    return all(w.cls == PLACE for w in extras) or long_name


def _in_order(pairs: list, listed: tuple[Word, ...], supplier: tuple[Word, ...]) -> bool:
    """The supplier has the matched words in the listed name's order (pairs come heaviest first).

    Words joined in alignment ("hik vision") are new objects with no position; they are left out.
    """
    in_listed = {id(w): i for i, w in enumerate(listed)}
    in_supplier = {id(w): i for i, w in enumerate(supplier)}
    ordered = sorted((in_listed[id(p.listed)], in_supplier[id(p.supplier)]) for p in pairs
                     if id(p.listed) in in_listed and id(p.supplier) in in_supplier)
    found = [at for _, at in ordered]
    return found == sorted(found)


def is_short_generic(alignment: Alignment) -> bool:
    """A generic name of fewer than three words besides places: many companies share it, so
    without an agreeing country its finding is a review ("KOREAN NATIONAL INSURANCE COMPANY")."""
    return sum(1 for p in alignment.pairs if p.listed.cls not in (STOP, PLACE)) < LONG_GENERIC_NAME

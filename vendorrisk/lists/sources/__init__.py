"""Official list sources, registered by stable id.

`SOURCES` maps each source id to its `ListSource`; the store and the `lists`
commands take their choices from its keys. `get_source` looks one up by id.
"""
from __future__ import annotations

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.eu_fsf import EuFsfSource
from vendorrisk.lists.sources.uk_debarment import UkDebarmentSource
from vendorrisk.lists.sources.uk_ofsi import UkSanctionsSource
from vendorrisk.lists.sources.un_sc import UnScSource
from vendorrisk.lists.sources.us_bis_dpl import DplSource
from vendorrisk.lists.sources.us_csl import CslSource
from vendorrisk.lists.sources.us_dod_1260h import Dod1260hSource
from vendorrisk.lists.sources.us_ofac import OfacNonSdnSource, OfacSdnSource
from vendorrisk.lists.sources.us_sam_exclusions import SamExclusionsSource
from vendorrisk.lists.sources.us_uflpa import UflpaSource
from vendorrisk.lists.sources.worldbank_debarred import WorldBankSource

SOURCES: dict[str, ListSource] = {
    source.id: source
    for source in (CslSource(), OfacSdnSource(), OfacNonSdnSource(), UkSanctionsSource(), EuFsfSource(),
                   UnScSource(), DplSource(), SamExclusionsSource(), WorldBankSource(), UkDebarmentSource(),
                   Dod1260hSource(), UflpaSource())
}


def get_source(source_id: str) -> ListSource:
    """The registered source called `source_id`.

    Raises:
        SourceError: no such source; the message lists the known ids.
    """
    try:
        return SOURCES[source_id]
    except KeyError:
        raise SourceError(f"unknown list source {source_id!r}; known sources: {', '.join(SOURCES)}") from None


__all__ = ["SOURCES", "ListSource", "ParsedList", "get_source"]

"""Listed parties: entries grouped by the identifiers the lists publish, never by name."""
from __future__ import annotations

from vendorrisk.index.parties import group_parties, identifiers
from vendorrisk.model import Citation, ListEntry

TREASURY = "Sectoral Sanctions Identifications List (SSI) - Treasury Department"


def _entry(entry_id: str, name: str = "ROSNEFT TRADING S.A.", **fields) -> ListEntry:
    return ListEntry(id=entry_id, source=entry_id.split(":")[0], name=name, citation=Citation(document="test"),
                     **fields)


def _parties(*entries: ListEntry) -> dict[str, tuple[str, str]]:
    return group_parties((e.id, e.name, identifiers(e)) for e in entries)


def test_ofac_entity_number_joins_the_ofac_files_and_treasury_csl_rows():
    parties = _parties(_entry("us-csl:18299:sdn", list_name="Specially Designated Nationals (SDN) - Treasury Department"),
                       _entry("us-csl:18299:ssi", list_name=TREASURY),
                       _entry("us-ofac-nonsdn:18299"), _entry("us-ofac-sdn:18299", name="ROSNEFT TRADING SA"))
    assert set(parties.values()) == {("ofac:18299", "ROSNEFT TRADING SA")}  # named as OFAC's SDN file has it


def test_un_reference_joins_national_lists_and_a_chain_joins_everything():
    parties = _parties(_entry("un-sc:QDe.001", un_reference="QDe.001"),
                       _entry("uk-sanctions:6934", name="AL-QAIDA", un_reference="QDe.001"),
                       _entry("eu-fsf:13", name="Al-Qaida", un_reference="QDe.001"))
    assert {party for party, _ in parties.values()} == {"un:QDe.001"}


def test_same_name_without_a_shared_identifier_stays_two_parties():
    parties = _parties(_entry("us-csl:0465b098", list_name="Entity List (EL) - Bureau of Industry and Security"),
                       _entry("us-ofac-sdn:18299"))
    assert parties["us-csl:0465b098"] == ("us-csl:0465b098", "ROSNEFT TRADING S.A.")
    assert parties["us-ofac-sdn:18299"][0] == "ofac:18299"


def test_a_bis_record_under_several_sub_lists_is_one_party_but_its_hash_is_no_ofac_number():
    el = _entry("us-csl:ab12:el", list_name="Entity List (EL) - Bureau of Industry and Security")
    meu = _entry("us-csl:ab12:meu", list_name="Military End User (MEU) List - Bureau of Industry and Security")
    numbered = _entry("us-csl:4242:el", list_name="Entity List (EL) - Bureau of Industry and Security")
    parties = _parties(el, meu, numbered, _entry("us-ofac-sdn:4242"))
    assert parties[el.id] == parties[meu.id] == ("us-csl:ab12:el", "ROSNEFT TRADING S.A.")
    assert parties[numbered.id][0] == "us-csl:4242:el"  # a BIS row's number is not OFAC's

"""The engine: catch-all, several rules per match, deduplication, order, threshold, verdicts, citations."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import pytest

from vendorrisk.errors import RuleError
from vendorrisk.model import Citation, ListSnapshot
from vendorrisk.policy import Policy, load_profiles, load_rules, bundled_rules_dir
from vendorrisk.policy.conditions import Condition
from vendorrisk.policy.rules import RuleBook
from vendorrisk.report import severity_rank

from policyhelpers import FIXTURES, entry, match

S889 = Citation(document="John S. McCain National Defense Authorization Act for Fiscal Year 2019",
                reference="Pub. L. 115-232", paragraph="s.889")
FCC = Citation(document="Covered List", reference="47 CFR 1.50002", publisher="Federal Communications Commission")


def _zte_matches():
    return [
        match(entry("us-ndaa-889:zte", name="ZTE Corporation", aliases=("ZTE",), citation=S889)),
        match(entry("us-fcc-covered-list:zte", name="ZTE Corporation", citation=FCC)),
    ]


def test_zte_under_us_federal_is_prohibited_citing_s889_and_the_fcc_covered_list(policy_for):
    policy = policy_for("us-federal")
    findings = policy.evaluate(_zte_matches(), {})
    assert [(f.rule, f.severity) for f in findings] == [("VR101", "critical"), ("VR102", "critical")]
    assert [f.entry.citation.reference for f in findings] == ["Pub. L. 115-232", "47 CFR 1.50002"]
    assert policy.verdict(findings) == "prohibited"


def test_hikvision_uk_under_uk_public_sector_cites_hc198_and_the_affiliate_relation(policy_for):
    hc198 = entry("uk-fac-hc198:hikvision", name="Hikvision",
                  citation=Citation(document="Never Again", reference="Second Report of Session 2021-22, HC 198"))
    m = match(hc198, kind="affiliate", score=90, matched_name="Hikvision UK & Ireland", relation="subsidiary")
    policy = policy_for("uk-public-sector")
    (finding,) = policy.evaluate([m], {})
    assert (finding.rule, finding.severity, finding.kind) == ("VR202", "high", "affiliate")
    assert finding.entry.relation == "subsidiary" and "HC 198" in finding.entry.citation.reference
    assert policy.verdict([finding]) == "restricted"
    assert policy_for("default").verdict(policy_for("default").evaluate([m], {})) == "review"


def test_unknown_source_falls_to_the_catch_all_with_severity_by_kind(policy_for):
    policy = policy_for("default")
    exact = policy.evaluate([match(entry("xx-a:1"))], {})
    fuzzy = policy.evaluate([match(entry("xx-a:1"), kind="fuzzy", score=85)], {})
    assert [(f.rule, f.severity) for f in exact + fuzzy] == [("VR001", "high"), ("VR001", "medium")]


def test_catch_all_is_used_only_when_no_specific_rule_fires(policy_for):
    findings = policy_for("us-federal").evaluate(_zte_matches() + [match(entry("xx-a:1"))], {})
    assert [f.rule for f in findings] == ["VR101", "VR102", "VR001"]


def test_every_bundled_profile_turns_every_match_into_a_finding(catalogue):
    book, profiles = catalogue
    sources = ["us-csl", "us-ofac-sdn", "uk-sanctions", "eu-fsf", "un-sc", "us-ndaa-889", "xx-unknown"]
    for name, profile in profiles.items():
        policy = Policy(book, profile)
        for source, kind in itertools.product(sources, ("exact", "fuzzy", "affiliate")):
            assert policy.evaluate([match(entry(f"{source}:1"), kind=kind)], {}), (name, source, kind)


def test_several_rules_for_one_match_give_one_finding_with_every_rule(catalogue):
    book = load_rules([bundled_rules_dir(), FIXTURES / "user"])
    profiles = load_profiles([bundled_rules_dir() / "profiles.yml", FIXTURES / "user" / "profiles.yml"], book)
    policy = Policy(book, profiles["acme-uk"])
    hc198 = entry("uk-fac-hc198:hikvision", name="Hikvision")
    findings = policy.evaluate([match(hc198, kind="affiliate", score=90, relation="subsidiary")], {})
    assert [(f.rule, f.severity, f.rules) for f in findings] == [("ACME001", "critical", ("ACME001", "VR202"))]
    assert findings[0].entry.rules == {"ACME001": "critical", "VR202": "critical"}


def test_listings_of_one_party_make_one_finding_led_by_the_worst(policy_for):
    party = ("ofac:18299", "ROSNEFT TRADING S.A.")
    sdn = entry("us-ofac-sdn:18299", name="ROSNEFT TRADING S.A.", programs=("UKRAINE-EO13662",),
                list_name="Specially Designated Nationals and Blocked Persons List (SDN)")
    ssi = entry("us-csl:18299:ssi", name="ROSNEFT TRADING S.A.", programs=("UKRAINE-EO13662",),
                list_name="Sectoral Sanctions Identifications List (SSI) - Treasury Department")
    other = entry("us-csl:el-7", name="Rosneft Trading S.A.", list_name="Entity List (EL) - Bureau of Industry "
                  "and Security")
    policy = policy_for("default")
    findings = policy.evaluate([match(ssi, party=party), match(other), match(sdn, party=party)], {})
    assert [f.party.id for f in findings] == ["ofac:18299", "us-csl:el-7"]
    merged = findings[0]
    assert [e.id for e in merged.listings] == ["us-ofac-sdn:18299", "us-csl:18299:ssi"]
    assert merged.entry == merged.listings[0] and merged.party.name == "ROSNEFT TRADING S.A."
    assert merged.severity == max((e.severity for e in merged.listings), key=severity_rank)
    assert set(merged.rules) == {code for e in merged.listings for code in e.rules}
    assert all(e.programs == ("UKRAINE-EO13662",) for e in merged.listings)


def test_same_rule_and_entry_is_reported_once_keeping_the_strongest_match(policy_for):
    listed = entry("us-csl:el-1", list_name="Entity List (EL) - Bureau of Industry and Security",
                   aliases=("NWO",))
    matches = [match(listed, kind="affiliate", score=95, matched_name="NWO Branch", relation="subsidiary"),
               match(listed, kind="fuzzy", score=88, matched_name="NWO"),
               match(listed, kind="exact", score=100)]
    policy = policy_for("us-exporter")
    for ordering in itertools.permutations(matches):
        (finding,) = policy.evaluate(list(ordering), {})
        assert (finding.kind, finding.score, finding.severity) == ("exact", 100, "high")


def test_order_is_deterministic_whatever_the_input_order(policy_for):
    policy = policy_for("default")
    matches = _zte_matches() + [
        match(entry("us-ofac-sdn:1", name="Example Shipping"), kind="fuzzy", score=91),
        match(entry("us-ofac-sdn:2", name="Example Shipping Two"), kind="fuzzy", score=97),
        match(entry("us-csl:uvl-1", list_name="Unverified List (UVL) - Bureau of Industry and Security")),
        match(entry("xx-a:1"), kind="fuzzy", score=90),
    ]
    rng = random.Random(6)
    orders = [matches, matches[::-1], *(rng.sample(matches, len(matches)) for _ in range(40))]
    results = {tuple(f.model_dump_json() for f in policy.evaluate(order, {})) for order in orders}
    assert len(results) == 1
    findings = policy.evaluate(matches, {})
    assert [(f.severity, f.score, f.rule) for f in findings] == [
        ("high", 100, "VR101"), ("high", 100, "VR102"), ("high", 97, "VR107"), ("high", 91, "VR107"),
        ("medium", 100, "VR106"), ("medium", 90, "VR001")]


def test_matches_below_the_threshold_are_ignored(policy_for):
    policy = policy_for("default", threshold=80)
    assert policy.evaluate([match(entry(), kind="fuzzy", score=79.9)], {}) == ()
    assert len(policy.evaluate([match(entry(), kind="fuzzy", score=80)], {})) == 1


@pytest.mark.parametrize(("severity", "verdict"), [
    ("info", "review"), ("low", "review"), ("medium", "review"), ("high", "restricted"), ("critical", "prohibited"),
])
def test_verdict_is_the_profile_verdict_of_the_worst_severity(policy_for, severity, verdict):
    policy = policy_for("default")
    (finding,) = policy.evaluate([match(entry())], {})
    assert policy.verdict([finding.model_copy(update={"severity": severity})]) == verdict
    assert policy.verdict([]) == "clear"


def test_finding_entry_carries_snapshot_publisher_and_list_facts(policy_for):
    listed = entry("us-csl:el-9", name="Example Photonics", aliases=("EP",), countries=("CN",),
                   programs=("EAR 744.11",), list_name="Entity List (EL) - Bureau of Industry and Security",
                   listed_on=dt.date(2019, 10, 9),
                   citation=Citation(document="Addition of Certain Entities to the Entity List",
                                     reference="84 FR 54002"))
    snapshot = ListSnapshot(source="us-csl", title="Consolidated Screening List", publisher="ITA",
                            snapshot_date=dt.date(2022, 5, 16), sha256="ab" * 32, records=3)
    (finding,) = policy_for("default").evaluate([match(listed, matched_name="EP")], {"us-csl": snapshot})
    e = finding.entry
    assert (e.source, e.publisher, e.id, e.name, e.matched_name) == ("us-csl", "ITA", "us-csl:el-9",
                                                                    "Example Photonics", "EP")
    assert (e.aliases, e.countries, e.programs, e.listed_on) == (("EP",), ("CN",), ("EAR 744.11",),
                                                                 dt.date(2019, 10, 9))
    assert e.citation.reference == "84 FR 54002"
    assert (e.snapshot.snapshot_date, e.snapshot.sha256) == (dt.date(2022, 5, 16), "ab" * 32)


def test_rule_refs_are_unique_sorted_and_use_profile_severity(policy_for):
    refs = policy_for("us-federal").rule_refs(["VR102", "VR101", "VR102"])
    assert [(r.code, r.severity) for r in refs] == [("VR101", "critical"), ("VR102", "critical")]
    assert refs[0].summary.startswith("A supplier that is, or is a subsidiary")
    assert refs[0].references[0].reference == "Pub. L. 115-232"
    with pytest.raises(RuleError, match="unknown rule code 'VR999'"):
        policy_for("default").rule_refs(["VR999"])


@pytest.mark.parametrize("feature", ["country_mismatch", "entity_type_mismatch", "generic_name"])
def test_evidence_against_a_match_caps_it_at_a_review(policy_for, feature):
    """The finding stays (the name matches) but a person confirms it: a namesake abroad, a company
    against a person, a name of generic words without an agreeing country (issue 19)."""
    from dataclasses import replace

    from vendorrisk.policy.engine import EVIDENCE_CAPS
    from vendorrisk.report import Evidence

    policy = policy_for("us-federal")
    against = Evidence(feature=feature, score=0.0, detail="evidence against")
    capped = [replace(m, evidence=m.evidence + (against,)) for m in _zte_matches()]
    findings = policy.evaluate(capped, {})
    assert findings and {f.severity for f in findings} == {EVIDENCE_CAPS[feature]} == {"medium"}
    assert policy.verdict(findings) == "review"


def test_remembered_rules_are_the_rules_each_match_triggers(catalogue):
    """`_rules_for` remembers rules by what conditions read. With a rule on each condition key, two
    matches that differ in one field only must each get the rules their conditions give afresh."""
    book, profiles = catalogue
    template = next(r for r in book.rules.values() if not r.catch_all)
    conditions = [Condition(sources=("us-csl",)), Condition(list_names=("entity list",)),
                  Condition(programs=("SDGT",)), Condition(kinds=("fuzzy",)), Condition(min_score=90.0),
                  Condition(entity_types=("vessel",)), Condition(relations=("subsidiary",)),
                  Condition(countries=("RU",)), Condition(buyer_jurisdictions=("GB",)), Condition(in_force=False)]
    rules = {f"TST{i:03d}": dataclasses.replace(template, code=f"TST{i:03d}", condition=c)
             for i, c in enumerate(conditions, 1)}
    catch_all = next(r for r in book.rules.values() if r.catch_all)
    custom = RuleBook(rules={**rules, catch_all.code: catch_all}, files={})
    policy = Policy(custom, dataclasses.replace(profiles["us-federal"], rules=(*rules, catch_all.code)))
    base = dict(id="us-csl:1", list_name="Entity List (EL)", programs=("SDGT",), type="entity", countries=("CN",),
                until=None)
    variants = {"source": dict(id="uk-sanctions:1"), "list_name": dict(list_name="SDN"), "programs": dict(programs=()),
                "type": dict(type="vessel"), "countries": dict(countries=("RU",)),
                "until": dict(until=dt.date(2001, 1, 1))}
    matches = [match(entry(**{**base, **v})) for v in ({}, *variants.values())]
    matches += [match(entry(**base), kind="fuzzy"), match(entry(**base), score=80.0),
                match(entry(**base), relation="subsidiary")]
    for buyer in ("US", "GB"):
        for found in matches:
            fresh = tuple(rule for rule, holds in policy._specific if holds(found, buyer)) or policy._catch_alls
            assert policy._rules_for(found, buyer) == fresh, (found, buyer)
    assert len(policy._triggered) == 2 * len(matches)  # every field made a key of its own

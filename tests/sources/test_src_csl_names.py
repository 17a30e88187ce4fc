"""Splitting Entity-List-style CSL names into primary name, aliases and parent."""
from __future__ import annotations

import pytest

from vendorrisk.lists.sources.csl_names import clean_alias, split_name, strip_address

CASES = [
    # (name as the CSL prints it, expected primary, aliases that must be present, parent)
    ("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
     "China Electronics Technology Group Corporation 13th Research Institute", ["CETC 13"], None),
    ("Northwind Research Group 14th Institute (NRG 14).  Subordinate Institution - Northwind Radar Works ",
     "Northwind Radar Works", [], "Northwind Research Group 14th Institute (NRG 14)"),
    ("Kestrel Microsystems Co., Ltd. (Kestrel).  Affiliated Entity:  Kestrel Marine Networks Co., Ltd.",
     "Kestrel Marine Networks Co., Ltd.", [], "Kestrel Microsystems Co., Ltd. (Kestrel)"),
    ("Saffron Avionics Ltd., a.k.a., the following two aliases: -Saffron Aero; and -SAV Trading.",
     "Saffron Avionics Ltd.", ["Saffron Aero", "SAV Trading"], None),
    ("Harbour Trading Company, Inc. (a.k.a. HTC, Inc.; Harbour Industries, Inc.)",
     "Harbour Trading Company, Inc.", ["HTC, Inc.", "Harbour Industries, Inc."], None),
    ("Gorny Polymer, OOO (f.k.a., Obshchestvo S Ogranichennoi Otvetstvennostyu Gorny)",
     "Gorny Polymer, OOO", ["Obshchestvo S Ogranichennoi Otvetstvennostyu Gorny"], None),
    ("HARLAN (A.K.A. HARRY QUILL) BRISTOW", "HARLAN BRISTOW", ["HARRY QUILL"], None),
    ("Bluewater Import and Export Company; and any successor, sub-unit, or subsidiary thereof",
     "Bluewater Import and Export Company", [], None),
    ("Lanting Chemical Corporation (Parent Organization: Lanting National Group Corporation (LNGC))",
     "Lanting Chemical Corporation", [], "Lanting National Group Corporation (LNGC)"),
    ("Chengdu Kestrel High-Tech Investment Co., Ltd., Chengdu, Sichuan",
     "Chengdu Kestrel High-Tech Investment Co., Ltd.", [], None),
    ("Kestrel Technologies Bahrain, Building 647 2811 Road 2811, Block 428", "Kestrel Technologies Bahrain", [], None),
    ("Kestrel Technical Service Co., Ltd.,", "Kestrel Technical Service Co., Ltd.", [], None),
    ("Lanting Aerospace Corporation (LAC) 3rd Academy", "Lanting Aerospace Corporation (LAC) 3rd Academy",
     ["Lanting Aerospace Corporation 3rd Academy"], None),
    ("Hangzhou Lanting Digital Technology Co., Ltd.", "Hangzhou Lanting Digital Technology Co., Ltd.", [], None),
    ("VOSTOK, Anatoly Petrovich", "VOSTOK, Anatoly Petrovich", [], None),
]


@pytest.mark.parametrize(("name", "primary", "aliases", "parent"), CASES, ids=[c[1][:40] for c in CASES])
def test_split_name(name, primary, aliases, parent):
    split = split_name(name)
    assert split.primary == primary
    assert set(aliases) <= set(split.aliases), split.aliases
    assert split.parent == parent
    assert split.primary not in split.aliases


def test_an_affiliate_that_is_a_research_institute_keeps_its_whole_name():
    name = ("Kestrel Microsystems Co., Ltd. (Kestrel).  Affiliated Entity:  "
            "Kestrel Microsystems Co., Ltd., Beijing Research Institute")
    assert split_name(name).primary == "Kestrel Microsystems Co., Ltd., Beijing Research Institute"


def test_a_country_in_parentheses_is_not_taken_for_an_acronym():
    split = split_name("Broad Harbour Engineering (Pakistan)")
    assert "Pakistan" not in split.aliases
    assert split.primary == "Broad Harbour Engineering (Pakistan)"


@pytest.mark.parametrize(("raw", "clean"), [
    ("and Lanting Opto", "Lanting Opto"),
    (" -ADP Trading.", "ADP Trading"),
    ("and -SAV Trading", "SAV Trading"),
    ("Chengdu Jiashi Technology Co.", "Chengdu Jiashi Technology Co."),
    ("TNK Trading International S.A.", "TNK Trading International S.A."),
    ("Anderson Holdings", "Anderson Holdings"),
])
def test_clean_alias_drops_the_stray_leading_and(raw, clean):
    assert clean_alias(raw) == clean


def test_strip_address_keeps_a_name_whose_tail_is_a_legal_form():
    assert strip_address("Advanced Harbour Systems Company, LLC") == "Advanced Harbour Systems Company, LLC"
    assert strip_address("Gorny Polymer, OOO") == "Gorny Polymer, OOO"

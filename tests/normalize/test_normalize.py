"""The name normaliser: legal forms, abbreviations, scripts, diacritics, word classes, tables.

These pin what `normalize_name` does to one name in isolation; how the results score
against each other is pinned by tests/scoring/test_match_cases.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import vendorrisk.normalize as normalize_module
from vendorrisk.normalize import CLASS_WEIGHT, NORMALIZER_VERSION, normalize_name
from vendorrisk.normalize.tables import tables
from vendorrisk.normalize.text import fold, stem, tokenize

TABLES = Path(normalize_module.__file__).parent
TABLE_FILES = ("legal_forms.yaml", "abbreviations.yaml", "weak_words.yaml", "translit.yaml")


def pairs(text: str) -> list[tuple[str, str]]:
    """(token, class) pairs of a normalised name, for readable assertions."""
    norm = normalize_name(text)
    return list(zip(norm.tokens, norm.classes))


def _table(name: str) -> dict:
    return yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))


# --- legal forms ---------------------------------------------------------------

@pytest.mark.parametrize(("forms", "tag"), [
    (("Co., Ltd.", "Company Limited", "Co Ltd", "LIMITED", "有限公司", "股份有限公司", "Youxian Gongsi",
      "Pvt. Ltd.", "Private Limited", "Sdn. Bhd.", "(Pty) Ltd"), "ltd"),
    (("OOO", "ООО", "L.L.C.", "Limited Liability Company", "Obshchestvo s Ogranichennoi Otvetstvennostyu"), "llc"),
    (("AO", "АО", "PAO", "PJSC", "Public Joint Stock Company", "ZAO", "OJSC"), "jsc"),
    (("GmbH", "Gesellschaft mit beschränkter Haftung", "mbH"), "gmbh"),
    (("S.A. de C.V.", "SA DE CV", "S.A.", "Sociedad Anónima", "S. de R.L. de C.V.", "Ltda"), "sa"),
    (("K.K.", "Kabushiki Kaisha", "Kabushiki Gaisha"), "kk"),
    (("FZE", "FZCO", "F.Z.E.", "FZ-LLC"), "fze"),
    (("Inc.", "Incorporated"), "inc"),
    (("Corp.", "Corporation"), "corp"),
])
def test_legal_forms_canonicalised(forms: tuple[str, ...], tag: str) -> None:
    """Every spelling of a legal form becomes one legal tag, whatever name it follows."""
    for form in forms:
        assert pairs(f"Vantrelle {form}") == [("vantrelle", "core"), (tag, "legal")], form


# Forms of legal_forms.yaml that do not normalise to legal tokens today, with the reason.
LEGAL_FORM_FAILURES: dict[str, str] = {}


def _legal_table_forms() -> list[str]:
    return [form for tags in _table("legal_forms.yaml").values() for forms in tags.values() for form in forms]


def test_every_table_legal_form_is_legal() -> None:
    """Each form written in legal_forms.yaml normalises to legal tokens only (weight 0)."""
    wrong = {form: pairs(form) for form in _legal_table_forms()
             if set(normalize_name(form).classes) != {"legal"} and form not in LEGAL_FORM_FAILURES}
    assert not wrong


@pytest.mark.parametrize("form", sorted(LEGAL_FORM_FAILURES))
def test_known_legal_form_failures(form: str) -> None:
    """The known failures, kept visible: each xfails strictly until the normaliser is fixed."""
    assert form in _legal_table_forms()
    if set(normalize_name(form).classes) != {"legal"}:
        pytest.xfail(LEGAL_FORM_FAILURES[form])
    pytest.fail(f"{form!r} is now a legal form: remove it from LEGAL_FORM_FAILURES")


def test_legal_forms_are_not_part_of_the_key() -> None:
    """Equal keys mean the same name: legal forms and spacing do not count."""
    assert normalize_name("Hik-Vision Co., Ltd.").key == normalize_name("HIKVISION LIMITED").key == "hikvision"
    assert normalize_name("Vantrelle GmbH").key != normalize_name("Vantrella GmbH").key


def test_legal_words_inside_a_name_are_legal_only_as_forms() -> None:
    """'Co' after a name is a form; 'Company' spelled out is too; 'Ink' is not 'Inc'."""
    assert pairs("Acme Co.") == [("acme", "core"), ("co", "legal")]
    assert pairs("Acme Ink") == [("acme", "core"), ("ink", "core")]


# --- abbreviations ----------------------------------------------------------------

@pytest.mark.parametrize(("short", "full"), [
    ("Intl", "international"), ("Tech", "technology"), ("Mfg", "manufacturing"), ("Trdg", "trading"),
    ("Engg", "engineering"), ("Constr", "construction"), ("Equip", "equipment"), ("Telecom", "telecommunication"),
])
def test_abbreviations_expanded(short: str, full: str) -> None:
    """An abbreviation becomes the word it stands for (and takes its class)."""
    assert normalize_name(f"Vantrelle {short}").tokens == ("vantrelle", full)
    assert normalize_name(f"Vantrelle {short}") == normalize_name(f"Vantrelle {full}")


def test_abbreviation_to_two_words() -> None:
    """'SciTech' is science and technology."""
    assert normalize_name("Vantrelle SciTech").tokens == ("vantrelle", "science", "technology")


def test_every_table_abbreviation_expands_like_its_word() -> None:
    """Each entry of abbreviations.yaml normalises exactly as the text it expands to."""
    wrong = {short: full for short, full in _table("abbreviations.yaml").items()
             if normalize_name(short).tokens != normalize_name(str(full)).tokens}
    assert not wrong


# --- scripts, diacritics, Unicode ---------------------------------------------------

@pytest.mark.parametrize(("text", "tokens"), [
    ("ООО Вектормаш", ("llc", "vektormash")),
    ("Щукинский завод", ("shchukinsky", "zavod")),
    ("Хлебозавод Йошкар-Ола", ("khlebozavod", "yoshkar", "ola")),
    ("Київ", ("kiyiv",)),
    ("ёлка", ("elka",)),
    ("ΘΕΡΜΟΔΙΚΗ", ("thermodiki",)),
    ("ΘΕΣΣΑΛΟΝΙΚΗ", ("thessaloniki",)),
    pytest.param("Θερμοδική", ("thermodiki",), id="greek-tonos"),
    pytest.param("Πειραιάς", ("peiraia",), id="greek-tonos-2"),  # plural -s stemmed like any word
])
def test_transliteration(text: str, tokens: tuple[str, ...]) -> None:
    """Cyrillic (BGN/PCGN) and Greek (ELOT 743) become plain Latin letters."""
    assert normalize_name(text).tokens == tokens
    assert all(t.isascii() for t in normalize_name(text).tokens)


@pytest.mark.parametrize(("text", "tokens"), [
    ("Müllerhaus Präzision", ("mullerhaus", "prazision")),
    ("Łódź Çelik Straße Nørvik Ærø", ("lodz", "celik", "strasse", "norvik", "aero")),
    ("Đông Thành Vạn Lộc", ("dong", "thanh", "van", "loc")),
    ("Özbelkan Döküm", ("ozbelkan", "dokum")),
])
def test_diacritics_folded(text: str, tokens: tuple[str, ...]) -> None:
    """Accents go; letters with no decomposition (ß, ø, ł, đ, æ) get their usual ASCII spelling."""
    assert normalize_name(text).tokens == tokens


def test_nfkc_and_case() -> None:
    """Full-width letters and case differences vanish."""
    assert normalize_name("ＶＡＮＴＲＥＬＬＥ Ｔｒａｄｉｎｇ") == normalize_name("vantrelle trading")


@pytest.mark.parametrize(("text", "tokens"), [
    ("中瑞科讯有限公司", ("中瑞科讯", "ltd")),
    ("中瑞科讯股份有限公司", ("中瑞科讯", "ltd")),
    ("中瑞科讯公司", ("中瑞科讯", "co")),
    ("Lumetrix Optics有限公司", ("lumetrix", "optic", "ltd")),
])
def test_cjk_legal_forms(text: str, tokens: tuple[str, ...]) -> None:
    """Han-character legal forms are cut off the name, longest form first ('股份有限公司' whole)."""
    norm = normalize_name(text)
    assert norm.tokens == tokens
    assert norm.classes[-1] == "legal"


# --- punctuation, spacing, single letters, plurals ---------------------------------

@pytest.mark.parametrize(("text", "tokens"), [
    ("S.A.", ("sa",)),
    ("K.R.V. Delmontex", ("krv", "delmontex")),
    ("K R V Delmontex", ("krv", "delmontex")),
    ("A Delmontex", ("a", "delmontex")),
])
def test_single_letter_runs_joined(text: str, tokens: tuple[str, ...]) -> None:
    """Two or more single letters in a row are one word; a lone letter stays."""
    assert tokenize(text) == list(tokens)


def test_hyphen_apostrophe_ampersand() -> None:
    """'Hik-Vision' splits in two (scoring joins it back); "Xi'an" is one word; & and + are 'and'."""
    assert normalize_name("Zen-Tarox").tokens == ("zen", "tarox")
    assert normalize_name("Xi'an").tokens == ("xian",)
    assert normalize_name("Harlow & Penrith") == normalize_name("Harlow and Penrith") == normalize_name(
        "Harlow + Penrith")
    assert fold("Harlow & Penrith").split() == ["harlow", "and", "penrith"]


@pytest.mark.parametrize(("word", "stemmed"), [
    ("systems", "system"), ("industries", "industry"), ("glass", "glass"), ("status", "status"),
    ("bus", "bus"), ("analysis", "analysis"),
])
def test_plural_stemming(word: str, stemmed: str) -> None:
    """English plurals of five letters or more lose their s; -ss, -us, -is and short words stay."""
    assert stem(word) == stemmed


# --- typos of table words ----------------------------------------------------------

@pytest.mark.parametrize(("typo", "token", "cls"), [
    ("Compny", "co", "legal"), ("Corporaton", "corp", "legal"), ("Limitd", "ltd", "legal"),
    ("Tecnology", "technology", "generic"), ("Mangement", "management", "generic"),
    pytest.param("Internatonal", "international", "place", marks=pytest.mark.xfail(strict=True, reason=(
        "'international' is in both the generic and the places group; it is kept as a place, and "
        "places are never typo targets")), id="Internatonal"),
])
def test_typos_of_table_words_corrected(typo: str, token: str, cls: str) -> None:
    """A one-edit typo of a long legal or generic word becomes that word."""
    assert pairs(f"Vantrelle {typo}") == [("vantrelle", "core"), (token, cls)]


@pytest.mark.parametrize("text", ["Glabal", "Inx", "Vantrelle"])
def test_short_or_unknown_words_not_corrected(text: str) -> None:
    """Generic words under seven letters and words near no table word keep their spelling."""
    assert normalize_name(text).tokens == (text.lower(),)
    assert normalize_name(text).classes == ("core",)


# --- word classes ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Bank of the West", [("bank", "generic"), ("of", "stop"), ("the", "stop"), ("west", "place")]),
    ("Shenzhen Oravix Technology", [("shenzhen", "place"), ("oravix", "core"), ("technology", "generic")]),
    ("Brevanto Dubai Branch", [("brevanto", "core"), ("dubai", "place"), ("branch", "place")]),
    ("Import Export", [("import", "generic"), ("export", "generic")]),
    ("Hik-Vision (UK) Co., Ltd.", [("hik", "core"), ("vision", "core"), ("uk", "place"), ("ltd", "legal")]),
])
def test_weak_word_classes(text: str, expected: list[tuple[str, str]]) -> None:
    """Sector words are generic, geography and organisation units are places, function words stop."""
    assert pairs(text) == expected


def test_class_weights_order() -> None:
    """Core words carry a match; the weak classes only support it; legal forms weigh nothing."""
    assert CLASS_WEIGHT["core"] == 1.0 > CLASS_WEIGHT["generic"] > CLASS_WEIGHT["place"] > CLASS_WEIGHT["stop"]
    assert CLASS_WEIGHT["legal"] == 0.0


def test_every_weak_word_is_weak() -> None:
    """No word listed in weak_words.yaml comes out as a core word."""
    core = [word for group in _table("weak_words.yaml").values() for word in group["words"]
            if "core" in normalize_name(str(word)).classes]
    assert not core


def test_tokens_of() -> None:
    """`tokens_of` picks tokens by class."""
    norm = normalize_name("Shenzhen Oravix Technology Co Ltd")
    assert norm.tokens_of("core") == ("oravix",)
    assert norm.tokens_of("place", "generic") == ("shenzhen", "technology")


# --- version and tables -------------------------------------------------------------

def test_normalizer_version_present() -> None:
    """The index records this version; it must exist so that a change forces a rebuild."""
    assert isinstance(NORMALIZER_VERSION, str) and NORMALIZER_VERSION.strip()


def test_tables_load() -> None:
    """The YAML tables load into non-empty lookups."""
    t = tables()
    assert t.latin_legal[("co", "ltd")] == "ltd"
    assert ("有限公司", "ltd") in t.cjk_legal
    assert t.abbreviations["intl"] == ("international",)
    assert t.weak_words["technology"][0] == "generic"
    assert t.char_map[ord("щ")] == "shch"
    assert t.max_phrase >= 5


@pytest.mark.parametrize("name", TABLE_FILES)
def test_tables_cite_sources(name: str) -> None:
    """Each table opens with a comment naming its sources, and each group says where it comes from.

    A group is documented by a comment on its own line or by being named in the header.
    """
    text = (TABLES / name).read_text(encoding="utf-8")
    header = "\n".join(re.findall(r"^#.*$", text.split("\n\n")[0], flags=re.M)).lower()
    assert "source" in header or "follows" in header, f"{name}: no source in the header comment"
    if name == "abbreviations.yaml":
        return  # one flat group, documented by the header
    for key, rest in re.findall(r"^(\w+):(.*)$", text, flags=re.M):
        assert "#" in rest or key.lower() in header, f"{name}: group {key!r} has no source comment"


def test_translit_maps_to_ascii() -> None:
    """Every transliterated letter becomes ASCII letters (or nothing, for the hard and soft signs)."""
    table = _table("translit.yaml")
    systems = {name: system["letters"] for name, system in table.pop("cyrillic_systems").items()}
    endings = table.pop("latin_endings")
    assert all(ending.isascii() and common.isascii() for ending, common in endings.items())
    for script, letters in {**table, **systems}.items():
        for letter, latin in letters.items():
            assert str(latin).isascii() and (latin == "" or str(latin).isalpha()), (script, letter)


@pytest.mark.parametrize("spelling", ["Kaspersky", "Kasperskiy", "Kasperskii", "Kasperskij", "Касперский"])
def test_the_systems_spellings_of_a_russian_ending_are_one_word(spelling: str) -> None:
    assert normalize_name(spelling).tokens == ("kaspersky",)


def test_short_words_keep_their_ending() -> None:
    assert normalize_name("Xiii Ltd").tokens[0] == "xiii"


@pytest.mark.parametrize(("text", "words"), [
    ("深圳市大疆创新科技有限公司", (("深圳", "place"), ("市", "stop"), ("大疆", "core"), ("创新", "generic"),
                                  ("科技", "generic"), ("ltd", "legal"))),
    ("华为技术有限公司", (("华为", "core"), ("技术", "generic"), ("ltd", "legal"))),
    ("杭州海康威视数字技术股份有限公司", (("杭州", "place"), ("海康威视", "core"), ("数字", "generic"),
                                       ("技术", "generic"), ("ltd", "legal"))),
])
def test_a_chinese_name_splits_at_its_places_and_industry_words(text: str, words) -> None:
    norm = normalize_name(text)
    assert tuple(zip(norm.tokens, (c.value for c in norm.classes))) == words

"""Builds `countries.json`, the table `vendorrisk.normalize.country` reads supplier countries with.

Sources, in order of precedence (a spelling keeps the first country it is given):

1. ISO 3166-1 as published by Debian's ``iso-codes`` package (``iso_3166-1.json``):
   every alpha-2 and alpha-3 code, the English short name, the official name and the
   common name ("Bolivia", "South Korea").
2. The spellings official lists print, from ``vendorrisk/lists/sources/countries.yaml``
   ("Korea, North", "Hong Kong SAR", "UK").
3. `SHORT_FORMS` below: abbreviations and everyday English short names supplier
   masters use ("USA", "U.S.", "Britain", "Russia", "Ivory Coast"), and `OWN_NAMES`:
   the short name a country uses for itself in its own script where the translations
   below give only a long form ("Россия", "中华人民共和国", "대한민국").
4. The ``iso-codes`` translations of the English short names (gettext catalogues
   ``iso_3166-1.mo``) in `LANGUAGES`: the languages supplier masters are kept in.
   A translated spelling that two countries share ("Congo" in some languages) is
   left out rather than guessed.

Lookup ignores case, accents, dots, apostrophes and other punctuation (see `country_key`).
Run on a machine with ``iso-codes`` installed (Debian: ``apt-get install iso-codes``)::

    python -m vendorrisk.normalize.country_build

and commit the rewritten ``vendorrisk/normalize/countries.json``.
"""
from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path

from vendorrisk.normalize.country import TABLE, country_key

ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
LOCALES = Path("/usr/share/locale")
LIST_SPELLINGS = Path(__file__).resolve().parent.parent / "lists" / "sources" / "countries.yaml"
LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sv", "da", "nb", "fi", "tr", "ru", "uk",
             "zh_CN", "zh_TW", "ja", "ko", "ar", "vi", "id", "th")

SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "RU": ("Russia",),
    "CN": ("PRC", "P.R.C.", "P.R. China", "PR China", "Mainland China", "China Mainland"),
    "KR": ("Korea", "South Korea", "Republic of Korea", "ROK"),
    "KP": ("North Korea", "DPRK"),
    "TW": ("Taiwan", "Republic of China", "Chinese Taipei"),
    "HK": ("Hong Kong SAR", "HKSAR"),
    "MO": ("Macau", "Macao SAR"),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "CZ": ("Czech Republic", "Czechia"),
    "TR": ("Turkey", "Türkiye"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "MM": ("Burma",),
    "NL": ("Holland", "The Netherlands"),
    "MK": ("Macedonia",),
    "VA": ("Vatican", "Vatican City"),
    "VN": ("Vietnam", "Viet Nam"),
    "LA": ("Laos",),
    "MD": ("Moldova",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "PS": ("Palestine",),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "BN": ("Brunei",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "FM": ("Micronesia",),
}
OWN_NAMES: dict[str, tuple[str, ...]] = {
    "RU": ("Россия", "Rossiya"),
    "CN": ("中华人民共和国", "中國", "Zhongguo"),
    "TW": ("臺灣", "台灣", "台湾", "中華民國"),
    "HK": ("香港",),
    "JP": ("日本", "Nippon", "Nihon"),
    "KR": ("대한민국", "한국", "Hanguk"),
    "KP": ("조선민주주의인민공화국", "조선"),
    "UA": ("Україна", "Ukraina"),
    "BY": ("Беларусь", "Belarus"),
    "KZ": ("Қазақстан", "Казахстан"),
    "DE": ("Deutschland",),
    "AT": ("Österreich",),
    "CH": ("Schweiz", "Suisse", "Svizzera"),
    "ES": ("España",),
    "MX": ("México",),
    "BR": ("Brasil",),
    "IT": ("Italia",),
    "FR": ("France",),
    "NL": ("Nederland",),
    "BE": ("België", "Belgique"),
    "PL": ("Polska",),
    "CZ": ("Česko", "Česká republika"),
    "SE": ("Sverige",),
    "NO": ("Norge",),
    "DK": ("Danmark",),
    "FI": ("Suomi",),
    "GR": ("Ελλάδα", "Hellas"),
    "HU": ("Magyarország",),
    "IN": ("Bharat", "भारत"),
    "IL": ("ישראל",),
    "SA": ("السعودية",),
    "IR": ("ایران",),
    "TH": ("ประเทศไทย",),
    "VN": ("Việt Nam",),
}


def build() -> dict:
    """The table: codes, and every spelling's key mapped to its alpha-2 code."""
    import yaml  # only when the table is rebuilt

    countries = json.loads(ISO_CODES.read_text(encoding="utf-8"))["3166-1"]
    names: dict[str, str] = {}

    def claim(spelling: str, code: str) -> None:
        key = country_key(spelling)
        if key and key not in names:
            names[key] = code

    for c in countries:
        for field in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            if c.get(field):
                claim(c[field], c["alpha_2"])
    for code, spellings in yaml.safe_load(LIST_SPELLINGS.read_text(encoding="utf-8")).items():
        for spelling in spellings:
            claim(str(spelling), code)
    for table in (SHORT_FORMS, OWN_NAMES):
        for code, spellings in table.items():
            for spelling in spellings:
                claim(spelling, code)
    translated: dict[str, set[str]] = {}
    for language in LANGUAGES:
        catalogue = gettext.translation("iso_3166-1", str(LOCALES), [language])
        for c in countries:
            for field in ("name", "common_name"):
                if c.get(field):
                    translated.setdefault(country_key(catalogue.gettext(c[field])), set()).add(c["alpha_2"])
    for key, codes in translated.items():
        if key and key not in names and len(codes) == 1:
            names[key] = next(iter(codes))
    return {"source": "ISO 3166-1 via iso-codes (alpha-2, alpha-3, names, translations); list spellings; "
                      "short forms and own names in vendorrisk/normalize/country_build.py",
            "codes": sorted(c["alpha_2"] for c in countries),
            "names": dict(sorted(names.items()))}


def main() -> int:
    TABLE.write_text(json.dumps(build(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {TABLE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Property-based tests of normalisation and matching: any Unicode, idempotent, deterministic, order-free.

Three ways normalize_name is not idempotent were found here and are pinned by
strict xfail tests (legal-form tags re-joining their neighbours, tags changing
class, accented Cyrillic left in its script); the idempotence property skips only
those inputs, so when one is fixed its xfail turns into a failure that says so.

Normalisation runs on arbitrary text (every Unicode category hypothesis can
generate, plus hand-picked awkward characters) and on name-like text built from
legal forms, places, abbreviations and punctuation. Screening runs a real
`Screener` over the bundled lists only; shuffling the rows must not change any
row's findings, and screening twice must give the same report.
"""
from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vendorrisk.config import Settings
from vendorrisk.model import SupplierRow
from vendorrisk.normalize import CLASS_WEIGHT, normalize_name
from vendorrisk.normalize.tables import tables
from vendorrisk.screening.screener import Screener

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
FAST = settings(max_examples=60, deadline=None)

# Name parts in the shapes suppliers write them: legal forms, places, abbreviations, scripts.
PARTS = ["Hikvision", "Hik-Vision", "Dahua", "ZTE", "Huawei", "Kestrel", "Northwind", "Vostok", "Acme",
         "Technology", "Technologies", "Intl.", "Int'l", "Trading", "Group", "Holdings", "& Co.", "and",
         "Co.", "Ltd", "Ltd.", "Limited", "GmbH", "S.A. de C.V.", "OOO", "AO", "LLC", "Inc.", "PLC", "B.V.",
         "有限公司", "株式会社", "ООО", "Хуавэй", "Ζήτα", "Hangzhou", "Shenzhen", "(UK)", "UK", "Europe",
         "Société", "Générale", "Müller", "Straße", "ﬁrm", "Ｆｕｌｌｗｉｄｔｈ", "İstanbul", "№1", "3D", "24/7"]
SEPARATORS = [" ", "  ", "-", ", ", ".", "/", " & ", "\t", "\u00a0", "\u200b", "_", "'", '"', "(", ")"]
AWKWARD = ["\u0301", "\u200d", "\u202e", "\ufeff", "\x00", "\x7f", "\u2028", "\U0001F600", "ß", "ǅ", "İ", "ﬀ",
           "\u0130\u0307", "a\u0308", "\u3000", "\ufffd", "\U00010400", "\u0660", "\u00bd"]

name_like = st.lists(st.tuples(st.sampled_from(PARTS), st.sampled_from(SEPARATORS)), min_size=1, max_size=7).map(
    lambda pairs: "".join(p + s for p, s in pairs))
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
awkward_text = st.lists(st.sampled_from(AWKWARD + PARTS + SEPARATORS), max_size=12).map("".join)
names = st.one_of(name_like, any_text, awkward_text)


def _fresh(text: str):
    """normalize_name without its cache, so determinism is tested, not memoisation."""
    return normalize_name.__wrapped__(text)


@FAST
@given(names)
def test_normalize_never_crashes_and_returns_well_formed_tokens(text):
    result = normalize_name(text)
    assert len(result.tokens) == len(result.classes)
    assert all(token and not any(ch.isspace() for ch in token) for token in result.tokens)
    assert set(result.classes) <= set(CLASS_WEIGHT)
    assert isinstance(result.key, str)


@FAST
@given(names)
def test_normalize_is_deterministic(text):
    assert _fresh(text) == _fresh(text) == normalize_name(text)


def _rejoins_or_keeps_script(once) -> bool:
    """The two known ways one pass is not enough (see the xfail tests below).

    A legal form's tag can form a new legal phrase with its neighbours ("and" + "co",
    "co" + "ltd"), and a Cyrillic/Greek letter that only becomes transliterable once
    its accent is stripped (ӧ -> о) is left in its script by the first pass.
    """
    t = tables()
    for i, cls in enumerate(once.classes):
        for size in range(2, t.max_phrase + 1):
            for start in range(max(0, i - size + 1), min(i, len(once.tokens) - size) + 1):
                if tuple(once.tokens[start:start + size]) in t.latin_legal and cls == "legal":
                    return True
    return any(ord(c) in t.char_map for token in once.tokens for c in token)


@FAST
@given(names)
def test_normalizing_the_joined_tokens_gives_the_same_tokens(text):
    once = _fresh(text)
    assume(not _rejoins_or_keeps_script(once))
    assert _fresh(" ".join(once.tokens)).tokens == once.tokens


@pytest.mark.xfail(strict=True, reason="normalize_name is not idempotent when a legal form's tag re-joins "
                   "its neighbours: 'Acme & Co. Ltd.' -> acme co ltd -> acme ltd")
@pytest.mark.parametrize("text", ["Acme & Co. Ltd.", "Hikvision & & Co."])
def test_legal_form_tags_do_not_rejoin_their_neighbours(text):
    once = _fresh(text)
    assert _fresh(" ".join(once.tokens)).tokens == once.tokens


@pytest.mark.xfail(strict=True, reason="a legal form's tag that is also an ordinary word changes class when "
                   "normalised again: 'Vostok Holdings Co.' -> holding (legal) -> holding (generic)")
def test_legal_form_tags_keep_their_class():
    once = _fresh("B.V.-Vostok-Holdings Co.")
    assert _fresh(" ".join(once.tokens)).classes == once.classes


@pytest.mark.parametrize("text", ["Ӧzdemir Trading", "Ѐlektro"])
def test_accented_cyrillic_is_transliterated_in_one_pass(text):
    assert all(ord(c) < 0x370 for token in _fresh(text).tokens for c in token)


@pytest.mark.parametrize("text", ["", " ", "\t\n", "----", "&&&", "()", "\x00\x00", "\u200b" * 5, "Co., Ltd."])
def test_names_without_words_normalize_to_few_or_no_tokens(text):
    result = normalize_name(text)
    assert result.tokens == _fresh(" ".join(result.tokens)).tokens


# -- screening -------------------------------------------------------------------------------

LISTED = ["Hikvision UK Ltd", "ZTE Corporation", "Zhejiang Dahua Technology Co., Ltd.", "Huawei Device Co., Ltd.",
          "Hytera Communications Corp. Ltd", "EZVIZ Europe B.V."]
CLEAN = ["Acme Widgets Ltd", "Northwind Optics GmbH", "Bluewater Semiconductor Inc.", "Saffron Logistics LLC",
         "Harbour Stationery Ltd"]


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    """A screener over the bundled lists only (the index is built once for this module)."""
    return Screener(Settings(home=tmp_path_factory.mktemp("props-home")))


def _rows(names: list[str]) -> list[SupplierRow]:
    return [SupplierRow(name=n, country="GB" if i % 2 else None, line=i + 2, fields={"name": n})
            for i, n in enumerate(names)]


def _per_row(report) -> dict[int, list]:
    return {s.line: [f.model_dump(mode="json") for f in s.findings] + [s.verdict] for s in report.suppliers}


@pytest.mark.slow  # the module's screener builds the bundled-list index once (~6 s)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picked=st.lists(st.one_of(st.sampled_from(LISTED + CLEAN), name_like), min_size=2, max_size=8),
       seed=st.integers(0, 2**32 - 1))
def test_findings_do_not_depend_on_row_order(screener, picked, seed):
    rows = _rows(picked)
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    forward, backward = screener.screen(rows, now=NOW), screener.screen(shuffled, now=NOW)
    assert _per_row(forward) == _per_row(backward)
    assert [s.line for s in backward.suppliers] == [r.line for r in shuffled]  # input order is kept
    assert forward.summary == backward.summary


@pytest.mark.slow
def test_screening_twice_gives_identical_reports(screener):
    rows = _rows(LISTED + CLEAN)
    first = screener.screen(rows, now=NOW).model_dump_json()
    assert first == screener.screen(rows, now=NOW).model_dump_json()
    assert first == Screener(screener.settings).screen(rows, now=NOW).model_dump_json()
    assert '"restricted"' in first  # the listed names were found, so the comparison means something


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names)
def test_screening_any_name_never_crashes(screener, text):
    result = screener.screen_row(SupplierRow(name=text or "x"))
    assert result.verdict in ("clear", "review", "restricted", "prohibited")
    assert all(0 <= f.score <= 100 for f in result.findings)

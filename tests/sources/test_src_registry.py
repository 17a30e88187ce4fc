"""Every registered source: metadata, a good sample, and refusal of empty and HTML files."""
from __future__ import annotations

import re
import shutil

import pytest

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES, get_source
from vendorrisk.lists.sources.base import ListSource

GOOD = {
    "us-csl": "us-csl/consolidated_2022.csv",
    "us-ofac-sdn": "us-ofac-sdn/xml/sdn.invented.xml",
    "us-ofac-nonsdn": "us-ofac-nonsdn/consolidated.invented.xml",
    "uk-sanctions": "uk-lists/fcdo-list.invented.xml",
    "eu-fsf": "eu-fsf/fsf-export.invented.xml",
    "un-sc": "un-sc/consolidated.invented.xml",
    "us-bis-dpl": "us-bis-dpl/dpl.invented.csv",
    "worldbank-debarred": "worldbank-debarred/debarred.json",
    "us-sam-exclusions": "us-sam-exclusions/SAM_Exclusions_Public_Extract_V2_26338.ZIP",
    "uk-debarment-list": "uk-debarment-list/debarment-list.html",
    "us-dod-1260h": "us-dod-1260h/1260h.csv",
    "us-uflpa-entity-list": "us-uflpa-entity-list/uflpa-entity-list.html",
}


def _fixture_for(folder, name: str):
    """The fixture standing for the official file `name` (ours are marked `.invented`)."""
    stem, _, suffix = name.lower().rpartition(".")
    wanted = {name.lower(), f"{stem}.invented.{suffix}"}
    return next((p for p in folder.iterdir() if p.name.lower() in wanted), None)


def test_every_source_has_a_sample():
    assert set(GOOD) == set(SOURCES)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_source_metadata(source_id):
    source = SOURCES[source_id]
    assert isinstance(source, ListSource)
    assert source.id == source_id and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", source_id)
    assert source.title and source.publisher and source.licence and source.parser_version
    assert source.urls and all(url.startswith("https://") for url in source.urls.values())


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_every_entry_of_a_sample_is_well_formed(sample, source_id):
    entries = SOURCES[source_id].parse(sample(GOOD[source_id])).entries
    assert entries
    assert len({e.id for e in entries}) == len(entries)
    for entry in entries:
        assert entry.source == source_id and entry.id.startswith(f"{source_id}:")
        assert entry.name and entry.name == entry.name.strip()
        assert entry.name not in entry.aliases
        assert entry.citation.document and entry.citation.publisher


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_download_folder_named_as_in_urls_parses(sample, tmp_path, source_id):
    """`lists update` saves each file under its `urls` key and parses the folder."""
    good = sample(GOOD[source_id])
    folder = good if good.is_dir() else good.parent
    names = SOURCES[source_id].urls
    for name in names:
        file = _fixture_for(folder, name) if len(names) > 1 else good
        if file is not None:
            shutil.copy(file, tmp_path / name)
    assert SOURCES[source_id].parse(tmp_path).entries


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_an_html_error_page_is_refused(sample, tmp_path, source_id):
    page = tmp_path / next(iter(SOURCES[source_id].urls))
    shutil.copy(sample("common/list.html-error-page.html"), page)
    # a source published only as a web page reads HTML, and finds no list table in an error page
    with pytest.raises(SourceError, match="no table" if SOURCES[source_id].page_files else "HTML page"):
        SOURCES[source_id].parse(page)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_an_empty_file_is_refused(tmp_path, source_id):
    empty = tmp_path / next(iter(SOURCES[source_id].urls))
    empty.write_bytes(b"\r\n")
    with pytest.raises(SourceError, match="empty"):
        SOURCES[source_id].parse(empty)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_a_missing_path_is_refused(tmp_path, source_id):
    with pytest.raises(SourceError, match="no such file"):
        SOURCES[source_id].parse(tmp_path / "nothing-here")


def test_get_source():
    assert get_source("un-sc") is SOURCES["un-sc"]
    with pytest.raises(SourceError, match="unknown list source 'un'; known sources: us-csl"):
        get_source("un")

"""Safe XML parsing: entity bombs, external entities and DTDs are refused with SourceError."""
from __future__ import annotations

import pytest

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.xmlsafe import parse_xml


@pytest.mark.parametrize("fixture", ["sdn.billion-laughs.xml", "sdn.external-entity.xml"])
def test_hostile_xml_is_refused_by_the_parser(sample, fixture):
    with pytest.raises(SourceError, match="refused unsafe XML"):
        SOURCES["us-ofac-sdn"].parse(sample(f"us-ofac-sdn/broken/{fixture}"))


@pytest.mark.parametrize("source", ["un-sc", "eu-fsf", "uk-sanctions"])
def test_every_xml_source_refuses_an_entity_bomb(sample, tmp_path, source):
    bomb = sample("us-ofac-sdn/broken/sdn.billion-laughs.xml").read_text()
    path = tmp_path / "list.xml"
    path.write_text(bomb)
    with pytest.raises(SourceError, match="refused unsafe XML"):
        SOURCES[source].parse(path)


def test_external_entity_content_never_reaches_an_entry(sample, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    text = sample("us-ofac-sdn/broken/sdn.external-entity.xml").read_text().replace("/etc/passwd", str(secret))
    (tmp_path / "sdn.xml").write_text(text)
    with pytest.raises(SourceError) as caught:
        SOURCES["us-ofac-sdn"].parse(tmp_path / "sdn.xml")
    assert "TOP-SECRET-VALUE" not in str(caught.value)


def test_parse_xml_checks_the_root(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text("<?xml version='1.0'?><Designations><Designation/></Designations>")
    assert parse_xml(path, ("export", "Designations")).tag == "Designations"
    with pytest.raises(SourceError, match="expected root element <export>, found <Designations>"):
        parse_xml(path, "export")


def test_parse_xml_names_a_missing_file(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        parse_xml(tmp_path / "missing.xml", "export")


def test_an_unknown_encoding_declaration_is_a_source_error(tmp_path):
    path = tmp_path / "consolidated.xml"
    path.write_text('<?xml version="1.0" encoding="UT-8"?><CONSOLIDATED_LIST/>')
    with pytest.raises(SourceError, match="encoding"):
        parse_xml(path, "CONSOLIDATED_LIST")

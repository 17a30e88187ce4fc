"""A preview or deprecated rule in force is said in every report format, and on stderr."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorrisk.cli import main

USER = Path(__file__).parent / "fixtures" / "rules" / "user"
WARNING = "profile 'acme-uk' uses preview rule ACME001 acme-no-named-surveillance-makers"
FORMATS = ("text", "json", "csv", "markdown", "html", "sarif")


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.vendorrisk]\nrules-dirs = ["{USER}"]\nprofiles-file = "{USER / "profiles.yml"}"\n'
        'profile = "acme-uk"\n', encoding="utf-8")
    (tmp_path / "suppliers.csv").write_text("name,country\nAcme Widgets Ltd,GB\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def markdown_plain(text: str) -> str:
    """Markdown escapes punctuation; drop the backslashes to compare words."""
    return text.replace("\\", "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_preview_rule_in_force_is_a_warning_in_every_format(workdir, fmt):
    result = CliRunner().invoke(main, ["check", "suppliers.csv", "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    shown = markdown_plain(result.stdout) if fmt == "markdown" else result.stdout
    assert WARNING in shown.replace("&#x27;", "'")
    assert f"vendorrisk: warning: {WARNING}" in result.stderr.splitlines()


def test_the_default_profile_has_no_such_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "Acme Widgets Ltd", "--format", "json"], catch_exceptions=False)
    assert "preview rule" not in result.stdout and "preview rule" not in result.stderr

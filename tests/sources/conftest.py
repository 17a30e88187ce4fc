"""Helpers for the list-parser tests: the fixture folder of official-format samples."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


@pytest.fixture
def sample():
    """Path of a file or folder in tests/fixtures/sources, failing loudly if it is missing."""
    def locate(name: str) -> Path:
        path = FIXTURES / name
        assert path.exists(), f"missing fixture {path}"
        return path
    return locate

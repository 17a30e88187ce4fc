"""Fixtures for policy tests: the bundled catalogue, loaded once, and policies per profile."""
from __future__ import annotations

from pathlib import Path

import pytest

from vendorrisk.config import Settings
from vendorrisk.policy import Policy, load_catalogue


@pytest.fixture(scope="session")
def catalogue():
    """(RuleBook, profiles) of the bundled rules, loaded once."""
    return load_catalogue(Settings(home=Path("/nonexistent")))


@pytest.fixture
def policy_for(catalogue):
    """policy_for(name, threshold=0) -> Policy for a bundled profile."""
    book, profiles = catalogue

    def build(name: str, threshold: float = 0.0) -> Policy:
        return Policy(book, profiles[name], threshold=threshold)

    return build

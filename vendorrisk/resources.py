"""Where the data shipped with vendorrisk lives: the curated `lists/` and `rules/` folders.

In a checkout (and an editable install) they are the top-level folders of the
repository; in a wheel they are installed as the `vendorrisk_data` package.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder of bundled data called `name` (``lists`` or ``rules``)."""
    in_checkout = _REPO / name
    if in_checkout.is_dir():
        return in_checkout
    return Path(str(resources.files("vendorrisk_data") / name))

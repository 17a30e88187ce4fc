"""vendorrisk: screen suppliers against sanctions, export-control and procurement lists.

Public API:
    screen(suppliers, ...) -> Report     one call for a batch of names or rows
    Screener(settings)                   reusable: loads lists and index once
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

"""The one seam for start-up laziness: names that are imported only when first used.

`vendorrisk search` must start in a fraction of a second, so nothing is imported
before it is needed. Three habits keep it so, and they are the only ones:

- **Lazy names.** The public API (`vendorrisk.Screener`, `vendorrisk.screen`, …) and
  the CLI's commands are registered as ``"module:attribute"`` strings and resolved by
  `resolve` on first use, so `import vendorrisk` and `vendorrisk --help` load
  nothing else.
- **Function-level imports** of heavy dependencies (pydantic in `record`, requests in
  `lists.http`, numpy in `index.ranking`, PyYAML when a cache misses, rapidfuzz once a
  process compares words in bulk: `normalize.edits.EditDistance`), each where
  the one function that needs it runs.
- **Ahead-of-time data**: bundled YAML is read from `parsed_yaml`'s JSON cache
  while its text is unchanged, and the candidate index is built once per list
  update (`lists.catalog`).

`tests/test_startup.py` fails when a warm `search` imports what it should not.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping


def resolve(target: str) -> object:
    """The object named by ``"package.module:attribute"``, importing the module now."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def module_getattr(module: str, names: Mapping[str, str]):
    """A module-level ``__getattr__`` (PEP 562) that resolves `names` on first use."""
    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        return resolve(names[name])
    return __getattr__

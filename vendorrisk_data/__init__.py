"""Data shipped with vendorrisk in a wheel: the curated `lists/` and `rules/` folders.

pyproject.toml maps the repository's top-level `lists/` and `rules/` folders to
`vendorrisk_data.lists` and `vendorrisk_data.rules`; `vendorrisk.resources.data_dir`
reads them from here when vendorrisk is installed from a wheel rather than a checkout.
"""

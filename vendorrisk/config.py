"""Settings: one object built from defaults, `[tool.vendorrisk]`, `VENDORRISK_*` and flags.

Library code never reads the environment itself; the CLI (or a caller) builds a
`Settings` with `load_settings` and passes it down.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from vendorrisk.errors import ConfigError
from vendorrisk.record import InvalidRecord, Record, load_record

APP_NAME = "vendorrisk"


class Settings(Record):
    """Every setting vendorrisk uses, with its default.

    Attributes:
        home: the local list store (``$VENDORRISK_HOME`` or the user data dir).
        profile: policy profile applied to matches.
        threshold: minimum match score (0-100) that becomes a finding.
        stale_after_days: a list snapshot older than this is flagged stale.
        max_list_age_days: when set, `check` refuses to run on older lists.
        rules_dirs: extra folders of rule files, read after the bundled `rules/`.
        profiles_file: extra profile definitions (YAML).
        bundled_lists: whether the curated lists shipped with vendorrisk are screened.
        user_agent: the User-Agent `lists update` sends (default: vendorrisk's own).
        name_key: the manifest key holding vendor names for the hook (detected when unset).
        hints: whether `check` ends a report on a terminal with a "what next" note.
        sam_api_key: the SAM.gov API key for `lists update us-sam-exclusions`, from
            ``$VENDORRISK_SAM_API_KEY`` only (never from a file, never shown in a repr).
    """

    home: Path
    profile: str = "default"
    threshold: float = 80.0
    stale_after_days: int = 30
    max_list_age_days: int | None = None
    rules_dirs: tuple[Path, ...] = ()
    profiles_file: Path | None = None
    bundled_lists: bool = True
    user_agent: str | None = None
    name_key: str | None = None
    hints: bool = True
    sam_api_key: str | None = dataclasses.field(default=None, repr=False)


# NOTE: keys are secrets: a pyproject.toml is committed and shared, so they come from the environment only.
_ENV_ONLY = {"sam_api_key": "VENDORRISK_SAM_API_KEY"}


def default_home(environ: Mapping[str, str]) -> Path:
    """`$VENDORRISK_HOME` when set, else the platform's user data directory."""
    if environ.get("VENDORRISK_HOME"):
        return Path(environ["VENDORRISK_HOME"]).expanduser()
    import platformdirs  # only without $VENDORRISK_HOME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _from_pyproject(start: Path) -> dict[str, object]:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{candidate}: {exc}") from exc
            table = data.get("tool", {}).get("vendorrisk", {})
            for key in table:
                if key.replace("-", "_") in _ENV_ONLY:
                    raise ConfigError(f"{candidate}: [tool.vendorrisk] {key} cannot be set in a file (it is a "
                                      f"secret); set {_ENV_ONLY[key.replace('-', '_')]} in the environment instead")
            base = candidate.parent
            return {k.replace("-", "_"): _resolve_paths(k, v, base) for k, v in table.items()}
    return {}


def _resolve_paths(key: str, value: object, base: Path) -> object:
    key = key.replace("-", "_")
    if key == "rules_dirs" and isinstance(value, list):
        return [str(base / v) for v in value]
    if key in ("profiles_file", "home") and isinstance(value, str):
        return str(base / value)
    return value


_ENV = {
    "VENDORRISK_PROFILE": "profile",
    "VENDORRISK_THRESHOLD": "threshold",
    "VENDORRISK_STALE_AFTER_DAYS": "stale_after_days",
    "VENDORRISK_MAX_LIST_AGE": "max_list_age_days",
    "VENDORRISK_USER_AGENT": "user_agent",
    "VENDORRISK_HINTS": "hints",
    "VENDORRISK_SAM_API_KEY": "sam_api_key",
}


def load_settings(flags: Mapping[str, object] | None = None, *, environ: Mapping[str, str] | None = None,
                  cwd: Path | None = None) -> Settings:
    """Build `Settings`: defaults, then pyproject, then environment, then flags (non-None only).

    Raises:
        ConfigError: a value has the wrong type or the pyproject table is malformed.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {"home": default_home(environ)}
    values.update(_from_pyproject(cwd or Path.cwd()))
    values.update({field: environ[var] for var, field in _ENV.items() if environ.get(var)})
    values.update({k: v for k, v in (flags or {}).items() if v is not None and k not in _ENV_ONLY})
    try:
        return load_record(Settings, values)
    except InvalidRecord as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        # NOTE: pydantic's message may quote the value; a secret's is never shown.
        raise ConfigError(f"setting {where!r}: {first['msg']}") from None

"""Policy profiles: which rules a buyer applies, at what severity, and how severities map to verdicts.

A profiles file has one top-level key, ``profiles``, mapping a profile name to:

``description``  one line shown by `vendorrisk rules list`
``extends``      another profile to start from (its rules, overrides and verdicts)
``jurisdiction`` the buyer's jurisdiction (``US``, ``GB``, ``EU``) for `buyer_jurisdictions`
``rules``        rule codes to add
``exclude``      rule codes to drop (from the profile it extends)
``severities``   rule code -> severity (for every match kind, replacing inherited overrides)
                 or -> {kind: severity} (for those kinds, on top of inherited overrides)
``verdicts``     severity -> verdict, overriding `DEFAULT_VERDICTS`

Profiles in a later file replace same-named profiles of an earlier one. Every profile
must select at least one catch-all rule, so that no match ever vanishes.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vendorrisk.policy.conditions import normalize_jurisdiction
from vendorrisk.policy.rules import RuleBook
from vendorrisk.policy.yamlfile import MarkedDocument, load_marked, validation_error
from vendorrisk.record import InvalidRecord, Record, attr, load_record
from vendorrisk.report import MatchKind, Severity, Verdict

DEFAULT_VERDICTS: dict[Severity, Verdict] = {
    "info": "review", "low": "review", "medium": "review", "high": "restricted", "critical": "prohibited",
}


class ProfileSpec(Record):
    """A profile as written in a profiles file, before `extends` is resolved."""

    description: str = attr(min_length=1, description="One line shown by `vendorrisk rules profiles`.")
    extends: str | None = attr(None, description="A profile to start from: its rules, overrides and verdicts.")
    jurisdiction: str | None = attr(None, description="The buyer's jurisdiction, for `buyer_jurisdictions`.")
    rules: tuple[str, ...] = attr((), description="Rule codes to add.")
    exclude: tuple[str, ...] = attr((), description="Rule codes to drop from the profile it extends.")
    severities: dict[str, Severity | dict[MatchKind, Severity]] = attr(default_factory=dict, description=(
        "Rule code -> severity for every match kind (replacing inherited overrides), or -> "
        "`{kind: severity}` for those kinds only (on top of inherited overrides)."))
    verdicts: dict[Severity, Verdict] = attr(default_factory=dict, description=(
        "Severity -> verdict, over the defaults (info/low/medium review, high restricted, "
        "critical prohibited)."))


class ProfilesFile(Record):
    """The top level of a profiles file."""

    profiles: dict[str, ProfileSpec] = attr(min_length=1)


@dataclass(frozen=True)
class Profile:
    """A resolved profile: the rule codes it selects, its overrides and its verdict map."""

    name: str
    description: str
    jurisdiction: str | None = None
    rules: tuple[str, ...] = ()
    severities: Mapping[str, Mapping[str, Severity]] = field(default_factory=dict)
    verdicts: Mapping[str, Verdict] = field(default_factory=lambda: dict(DEFAULT_VERDICTS))


def load_profiles(paths: Iterable[Path], book: RuleBook) -> dict[str, Profile]:
    """Read profiles files in order and resolve every profile against `book`.

    Raises:
        RuleError: invalid file, unknown or removed rule, unknown or cyclic `extends`,
            or a profile without a catch-all rule; the message names file and line.
    """
    specs: dict[str, tuple[ProfileSpec, MarkedDocument]] = {}
    for path in paths:
        doc = load_marked(path)
        try:
            parsed = load_record(ProfilesFile, doc.data)
        except InvalidRecord as exc:
            raise validation_error(doc, exc) from exc
        specs.update({name: (spec, doc) for name, spec in parsed.profiles.items()})
    resolved: dict[str, Profile] = {}
    for name in specs:
        _resolve(name, specs, book, resolved, ())
    return resolved


def _resolve(name: str, specs: Mapping[str, tuple[ProfileSpec, MarkedDocument]], book: RuleBook,
             done: dict[str, Profile], chain: tuple[str, ...]) -> Profile:
    if name in done:
        return done[name]
    spec, doc = specs[name]
    loc = ("profiles", name)
    parent = Profile(name, spec.description)
    if spec.extends is not None:
        if spec.extends not in specs:
            raise doc.error(loc + ("extends",), f"profile {name!r} extends unknown profile {spec.extends!r}")
        if spec.extends in chain:
            raise doc.error(loc + ("extends",), f"profile {name!r}: extends cycle "
                            f"{' -> '.join(chain + (name, spec.extends))}")
        parent = _resolve(spec.extends, specs, book, done, chain + (name,))
    _check_codes(name, spec, doc, book)
    profile = _merge(name, spec, parent)
    if not any(book.rules[code].catch_all for code in profile.rules):
        raise doc.error(loc, f"profile {name!r} selects no catch-all rule (e.g. VR001); "
                        "matches no other rule covers would vanish")
    done[name] = profile
    return profile


def _check_codes(name: str, spec: ProfileSpec, doc: MarkedDocument, book: RuleBook) -> None:
    loc = ("profiles", name)
    for key, codes in (("rules", spec.rules), ("exclude", spec.exclude), ("severities", tuple(spec.severities))):
        for index, code in enumerate(codes):
            where = loc + (key, code if key == "severities" else index)
            if code not in book.rules:
                raise doc.error(where, f"profile {name!r} names unknown rule {code!r}")
            if key == "rules" and book.rules[code].status == "removed":
                raise doc.error(where, f"profile {name!r} selects removed rule {code}")


def _merge(name: str, spec: ProfileSpec, parent: Profile) -> Profile:
    selected = dict.fromkeys(parent.rules)
    selected.update(dict.fromkeys(spec.rules))
    for code in spec.exclude:
        selected.pop(code, None)
    severities = {code: dict(by_kind) for code, by_kind in parent.severities.items()}
    for code, value in spec.severities.items():
        # A single severity replaces every inherited one; a per-kind mapping refines them.
        severities[code] = {"*": value} if isinstance(value, str) else {**severities.get(code, {}), **value}
    jurisdiction = spec.jurisdiction or parent.jurisdiction
    return Profile(
        name=name,
        description=spec.description,
        jurisdiction=normalize_jurisdiction(jurisdiction) if jurisdiction else None,
        rules=tuple(sorted(selected)),
        severities=severities,
        verdicts={**parent.verdicts, **spec.verdicts},
    )

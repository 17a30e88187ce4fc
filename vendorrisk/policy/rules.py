"""Policy rules: the rule file format and loading a folder of rule files into a `RuleBook`.

Each rule is one YAML file named by its code (``rules/VR101.yml``). Codes are never
reused: a retired rule keeps its file with ``status: removed``, and any other file
claiming its code fails to load.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vendorrisk.errors import RuleError
from vendorrisk.model import Citation
from vendorrisk.policy.conditions import CONDITION_KEYS, Condition
from vendorrisk.policy.yamlfile import load_marked, validation_error
from vendorrisk.record import InvalidRecord, Record, attr, field_specs, load_record
from vendorrisk.report import MatchKind, Severity

Status = Literal["stable", "preview", "deprecated", "removed"]
CODE_PATTERN = r"^[A-Z]{2,5}[0-9]{3,4}$"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RULE_SUFFIXES = (".yml", ".yaml")


class Rule(Record):
    """One policy rule as written in its YAML file.

    The text fields (`what_it_flags`, `why_it_matters`, `example`, `references`) are
    what `vendorrisk rules explain`, `docs/rules/*.md` and report metadata show.
    """

    code: str = attr(pattern=CODE_PATTERN, description=(
        "Stable code, never reused: 2-5 capitals and 3-4 digits. Bundled rules use `VR`; use your own prefix."))
    name: str = attr(pattern=NAME_PATTERN, description="Kebab-case name, e.g. `ndaa-889-covered-company`.")
    status: Status = attr(description=(
        "`stable`, `preview`, `deprecated` or `removed` (the file stays, so the code is never reused)."))
    since: str = attr(description="vendorrisk version that introduced the rule.")
    severity: Severity = attr(description="`info`, `low`, `medium`, `high` or `critical`.")
    severity_by_kind: dict[MatchKind, Severity] = attr(
        default_factory=dict, description="Severity for some match kinds instead of `severity`, e.g. `{fuzzy: high}`.")
    catch_all: bool = attr(False, description="Applies to matches no other rule of the profile covers; "
                            "takes no condition.")
    condition: Condition = attr(default_factory=Condition, description="When the rule applies (see below).")
    consequence: str = attr(min_length=1, description="What the finding means for the buyer, in plain words.")
    what_it_flags: str = attr(min_length=1, description="What it flags; its first sentence is the summary.")
    why_it_matters: str = attr(min_length=1, description="Why it matters: the programme and its legal effect.")
    example: str = attr(min_length=1, description="An example supplier, match and outcome.")
    references: tuple[Citation, ...] = attr(min_length=1, description=(
        "Official citations: `document`, `reference`, `paragraph`, `publisher`, `date`, `url`."))

    @property
    def summary(self) -> str:
        """The first sentence of `what_it_flags`."""
        return first_sentence(self.what_it_flags)

    def severity_for(self, kind: str) -> Severity:
        """The rule's own severity for a match of this kind."""
        return self.severity_by_kind.get(kind, self.severity)  # type: ignore[call-overload]


# Words ending in a full stop that do not end a sentence ("Supplement No. 4", "Pub. L.").
_ABBREVIATIONS = {"no.", "pub.", "l.", "s.", "ss.", "e.g.", "i.e.", "co.", "ltd.", "inc.", "u.s.c.", "art."}


def first_sentence(text: str) -> str:
    """The first sentence of `text`, with whitespace collapsed."""
    words = text.split()
    for index, word in enumerate(words[:-1]):
        if word.endswith(".") and word.lower() not in _ABBREVIATIONS and words[index + 1][:1].isupper():
            return " ".join(words[: index + 1])
    return " ".join(words)


RULE_FIELDS: tuple[str, ...] = tuple(spec.key for spec in field_specs(Rule))
_KNOWN = {"field": RULE_FIELDS, "condition key": CONDITION_KEYS}


@dataclass(frozen=True)
class RuleBook:
    """Every rule that was loaded, by code, and the file each came from."""

    rules: Mapping[str, Rule]
    files: Mapping[str, Path]

    def get(self, code: str) -> Rule:
        """The rule with this code.

        Raises:
            RuleError: no rule has this code.
        """
        try:
            return self.rules[code.upper()]
        except KeyError:
            raise RuleError(f"unknown rule code {code!r}; run `vendorrisk rules list`") from None

    def active(self) -> tuple[Rule, ...]:
        """Rules that are not removed, in code order."""
        return tuple(r for _, r in sorted(self.rules.items()) if r.status != "removed")


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder: every ``*.yml``/``*.yaml`` except ``profiles.*``."""
    return sorted(p for p in folder.iterdir()
                  if p.suffix in RULE_SUFFIXES and p.stem != "profiles" and p.is_file())


def load_rule_file(path: Path) -> Rule:
    """Read and validate one rule file.

    Raises:
        RuleError: bad YAML, unknown field or condition key, bad value, or a code
            that does not match the file name; the message names file and line.
    """
    doc = load_marked(path)
    if not isinstance(doc.data, dict):
        raise doc.error((), "a rule file must be a mapping of fields")
    try:
        rule = load_record(Rule, doc.data)
    except InvalidRecord as exc:
        raise validation_error(doc, exc, known=_KNOWN) from exc
    if rule.code != path.stem:
        raise doc.error(("code",), f"code {rule.code} does not match the file name {path.name}")
    if rule.catch_all and not rule.condition.is_empty():
        raise doc.error(("condition",), "a catch_all rule applies to every uncovered match; "
                        "it must not have a condition")
    return rule


def load_rules(folders: Iterable[Path]) -> RuleBook:
    """Load every rule file of `folders`, in order.

    Raises:
        RuleError: a folder is missing, a file is invalid, or a code or name is used twice
            (including the code of a removed rule).
    """
    rules: dict[str, Rule] = {}
    files: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rules directory not found")
        for path in rule_files(folder):
            rule = load_rule_file(path)
            _check_unique(rule, path, rules, files)
            rules[rule.code], files[rule.code] = rule, path
    return RuleBook(rules, files)


def _check_unique(rule: Rule, path: Path, rules: Mapping[str, Rule], files: Mapping[str, Path]) -> None:
    previous = rules.get(rule.code)
    if previous is not None:
        doc = load_marked(path)
        if previous.status == "removed":
            raise doc.error(("code",), f"code {rule.code} belonged to removed rule "
                            f"{previous.name!r} ({files[rule.code]}); codes are never reused")
        raise doc.error(("code",), f"duplicate rule code {rule.code} (also in {files[rule.code]})")
    for code, other in rules.items():
        if other.name == rule.name:
            doc = load_marked(path)
            raise doc.error(("name",), f"duplicate rule name {rule.name!r} (also {code} in {files[code]})")

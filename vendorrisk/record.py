"""Records: vendorrisk's data types, and where their values are checked.

Every data type subclasses `Record`, which makes it a frozen, keyword-only dataclass.
Building one is plain Python and checks only the field names; the values are checked
where they come from outside, by pydantic:

- ``Model.model_validate(data)`` / ``model_validate_json(text)`` check and convert
  values from files, JSON and settings (constraints such as ``ge`` or ``min_length``
  come from `attr`), and ``model_dump``, ``model_dump_json`` and
  ``model_json_schema`` write them out. pydantic is imported on the first such call.
- `load_record` builds a record from parsed data (JSON, YAML, settings). Data whose
  values already have their fields' types is built by `decode`, in plain Python;
  anything else goes to pydantic, so the result and any error are pydantic's either
  way. `vendorrisk search` reads its settings, store manifest, index and rules like
  this, and so starts without importing pydantic.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, dataclass_transform

if TYPE_CHECKING:
    from pydantic import TypeAdapter

R = TypeVar("R", bound="Record")
_MISSING = dataclasses.MISSING


def attr(default: Any = _MISSING, *, default_factory: Callable[[], Any] | Any = _MISSING,
         description: str | None = None, alias: str | None = None, **constraints: Any) -> Any:
    """A record field with a description and the constraints pydantic checks on validation.

    Example:
        ``score: float = attr(ge=0, le=100, description="Match score.")``
    """
    metadata = dict(constraints)
    if description is not None:
        metadata["description"] = description
    if alias is not None:
        metadata["alias"] = alias
    return dataclasses.field(default=default, default_factory=default_factory, metadata=metadata)


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(attr, dataclasses.field))
class Record:
    """Base of every vendorrisk data type: an immutable dataclass, built by keyword.

    Subclasses are dataclasses automatically. Unknown keyword arguments are a
    `TypeError`; assigning to a field is a `dataclasses.FrozenInstanceError`.
    """

    # NOTE: read by pydantic when it validates a record: unknown keys are errors there too.
    __pydantic_config__: typing.ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(cls, frozen=True, kw_only=True)

    @classmethod
    def model_validate(cls: type[R], data: Any) -> R:
        """Check and convert `data` (a mapping) into this record.

        Raises:
            pydantic.ValidationError: a value is missing, unknown, of the wrong type or out of range.
        """
        return _adapter(cls).validate_python(data)

    @classmethod
    def model_validate_json(cls: type[R], text: str | bytes) -> R:
        """Check and convert a JSON document into this record (see `model_validate`)."""
        return _adapter(cls).validate_json(text)

    @classmethod
    def model_json_schema(cls, mode: Literal["validation", "serialization"] = "validation") -> dict[str, Any]:
        """The JSON Schema of this record, with the field descriptions and constraints."""
        return _adapter(cls).json_schema(mode=mode)

    def model_dump(self, *, mode: Literal["python", "json"] = "python", include: set[str] | None = None,
                   exclude_none: bool = False, by_alias: bool = False) -> dict[str, Any]:
        """The record as a dict of its fields, recursively; ``mode="json"`` gives JSON-ready values."""
        return _adapter(type(self)).dump_python(self, mode=mode, include=include, exclude_none=exclude_none,
                                                by_alias=by_alias)

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """The record as a JSON document, fields in declaration order."""
        return _adapter(type(self)).dump_json(self, indent=indent).decode()

    def model_copy(self: R, *, update: Mapping[str, Any] | None = None) -> R:
        """A copy with some fields replaced (the new values are not checked)."""
        return dataclasses.replace(self, **(update or {}))


@functools.cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def shallow_fields(value: Record) -> dict[str, Any]:
    """The fields of a record by name, values as they are (nested records stay records)."""
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """A record field as files spell it: its key (alias or name) and its description."""

    name: str
    key: str
    description: str | None


def field_specs(cls: type[Record]) -> tuple[FieldSpec, ...]:
    """Every field of a record class, in declaration order."""
    return tuple(FieldSpec(f.name, f.metadata.get("alias", f.name), f.metadata.get("description"))
                 for f in dataclasses.fields(cls))


# -- checking data without pydantic -----------------------------------------------------------

class DecodeError(ValueError):
    """A value does not have the type or range of the record field it is for."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        self.loc = loc
        where = ".".join(str(p) for p in loc)
        super().__init__(f"{where}: {message}" if where else message)


class InvalidRecord(ValueError):
    """Data that is not a valid record, with pydantic's account of why.

    Raised by `load_record`, so that callers need not import pydantic to catch it.
    """

    def __init__(self, cls: type, errors: list[dict[str, Any]]) -> None:
        self._errors = errors
        super().__init__(f"invalid {cls.__name__}: {self.first_problem()}")

    def errors(self) -> list[dict[str, Any]]:
        """pydantic's errors, the one to fix first first: each has ``loc``, ``msg`` and ``type``."""
        return self._errors

    def first_problem(self) -> str:
        """The first error as ``dotted.location: message`` (just the message at the top level)."""
        first = self._errors[0] if self._errors else {"loc": (), "msg": "invalid"}
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]


Decoder = Callable[[Any, tuple], Any]


def load_record(cls: type[R], data: Any) -> R:
    """Check `data` (a mapping, e.g. parsed JSON or YAML) and build a record from it.

    Well-typed data is built by `decode`, without importing pydantic; anything else
    goes to `Record.model_validate`, which converts what it can and explains the rest.
    Either way the result is what `model_validate` gives.

    Raises:
        InvalidRecord: `data` is not a valid `cls`.
    """
    try:
        return decode(cls, data)
    except DecodeError:
        pass
    from pydantic import ValidationError

    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise InvalidRecord(cls, validation_errors(exc)) from exc


def validation_errors(exc: Any) -> list[dict[str, Any]]:
    """The errors of a pydantic ``ValidationError``, the ones people should fix first, first.

    An unknown key comes first (a misspelt key is also reported missing under its
    right name), worded as "Extra inputs are not permitted" rather than as an
    unexpected keyword argument, which is how pydantic reports it for dataclasses.
    """
    errors = [dict(e, type="extra_forbidden", msg="Extra inputs are not permitted")
              if e["type"] == "unexpected_keyword_argument" else e for e in exc.errors()]
    return sorted(errors, key=lambda e: e["type"] != "extra_forbidden")


def decode(cls: type[R], data: Any) -> R:
    """Build a record from data whose values already have their fields' types.

    Accepts JSON types only as they are (no ``"5"`` for 5), lists for tuples, ISO
    strings for dates and datetimes, strings for paths and integers for floats, and
    checks the fields' constraints (``min_length``, ``pattern``, ``ge``, ``le``).
    What it accepts, `Record.model_validate` accepts too, and builds the same record.

    Raises:
        DecodeError: a value is missing, unknown, of another type or out of range; names where.
    """
    return _record_decoder(cls)(data, ())


@functools.cache
def _record_decoder(cls: type[Record]) -> Decoder:
    hints = typing.get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        required = f.default is _MISSING and f.default_factory is _MISSING
        convert = _constrained(_decoder(hints[f.name]), f.metadata)
        plan.append((f.metadata.get("alias", f.name), f.name, required, convert))
    keys = {key for key, *_ in plan}
    name = cls.__name__

    def decode_record(data: Any, loc: tuple) -> Any:
        if type(data) is cls:
            return data
        if not isinstance(data, dict):
            raise DecodeError(loc, f"expected an object for {name}, got {_json_type(data)}")
        unknown = data.keys() - keys
        if unknown:
            raise DecodeError(loc + (min(map(str, unknown)),), f"unknown field of {name}")
        values = {}
        for key, field_name, required, convert in plan:
            if key in data:
                values[field_name] = convert(data[key], loc + (key,))
            elif required:
                raise DecodeError(loc + (key,), f"missing required field of {name}")
        return cls(**values)

    return decode_record


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
                       r"(Z|[+-][0-9]{2}:[0-9]{2})?\Z")


def _decoder(hint: Any) -> Decoder:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and issubclass(hint, Record):
        # Looked up on use, so that a record can contain its own kind (a Condition's `not`).
        return lambda v, loc: _record_decoder(hint)(v, loc)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _decoder(options[0]) if len(options) == 1 else _union_decoder(options)
        return lambda v, loc: None if v is None else inner(v, loc)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def decode_tuple(value: Any, loc: tuple) -> tuple:
            items = _expect(value, (list, tuple), "an array", loc)
            return tuple(item(x, loc + (i,)) for i, x in enumerate(items))

        return decode_tuple
    if origin is dict:
        key, value = _decoder(args[0]), _decoder(args[1])

        def decode_dict(data: Any, loc: tuple) -> dict:
            return {key(k, loc + (k,)): value(x, loc + (k,)) for k, x in _expect(data, dict, "an object", loc).items()}

        return decode_dict
    if origin is Literal and all(type(a) is str for a in args):
        allowed = frozenset(args)
        return lambda v, loc: v if type(v) is str and v in allowed else _fail(
            loc, f"expected one of {sorted(allowed)}, got {v!r}")
    if hint is dt.date:
        return lambda v, loc: v if type(v) is dt.date else _iso(dt.date.fromisoformat, _DATE, v, loc)
    if hint is dt.datetime:
        return lambda v, loc: v if type(v) is dt.datetime else _iso(dt.datetime.fromisoformat, _DATETIME, v, loc)
    if hint is float:
        return lambda v, loc: float(v) if type(v) in (int, float) else _fail(
            loc, f"expected a number, got {_json_type(v)}")
    if hint is Path:
        return lambda v, loc: v if isinstance(v, Path) else Path(_expect(v, str, "a string", loc))
    if hint in (str, int, bool):
        return lambda v, loc: v if type(v) is hint else _fail(loc, f"expected {hint.__name__}, got {_json_type(v)}")
    raise TypeError(f"decode cannot read {hint!r}")


_NOT_CONSTRAINTS = {"description", "alias"}


def _constrained(convert: Decoder, metadata: Mapping[str, Any]) -> Decoder:
    unknown = metadata.keys() - _NOT_CONSTRAINTS - {"min_length", "pattern", "ge", "le"}
    if unknown:  # decode must never accept what pydantic would refuse
        raise TypeError(f"decode cannot check the constraint(s) {sorted(unknown)}")
    checks = []
    if "min_length" in metadata:
        least = metadata["min_length"]
        checks.append(lambda v, loc: len(v) >= least or _fail(loc, f"needs at least {least} item(s)"))
    if "pattern" in metadata:
        # NOTE: pydantic's `$` is the very end; Python's also matches before a final newline.
        pattern = re.compile(metadata["pattern"].removesuffix("$") + r"\Z")
        checks.append(lambda v, loc: pattern.search(v) is not None or _fail(loc, f"does not match {pattern.pattern}"))
    if "ge" in metadata:
        low = metadata["ge"]
        checks.append(lambda v, loc: v >= low or _fail(loc, f"must be at least {low}"))
    if "le" in metadata:
        high = metadata["le"]
        checks.append(lambda v, loc: v <= high or _fail(loc, f"must be at most {high}"))
    if not checks:
        return convert

    def convert_and_check(value: Any, loc: tuple) -> Any:
        value = convert(value, loc)
        if value is not None:
            for check in checks:
                check(value, loc)
        return value

    return convert_and_check


def _union_decoder(options: list[Any]) -> Decoder:
    decoders = [_decoder(o) for o in options]

    def first_that_fits(value: Any, loc: tuple) -> Any:
        for convert in decoders:
            try:
                return convert(value, loc)
            except DecodeError:
                pass
        raise DecodeError(loc, f"{_json_type(value)} fits none of the allowed types")

    return first_that_fits


def _expect(value: Any, kind: type | tuple[type, ...], expected: str, loc: tuple) -> Any:
    if not isinstance(value, kind):
        _fail(loc, f"expected {expected}, got {_json_type(value)}")
    return value


def _matching(pattern: re.Pattern[str], value: Any, loc: tuple) -> str:
    if type(value) is not str or not pattern.match(value):
        _fail(loc, f"expected an ISO date or time, got {value!r}")
    return value


def _iso(parse: Callable[[str], Any], pattern: re.Pattern[str], value: Any, loc: tuple) -> Any:
    """An ISO date or datetime; one shaped right but impossible (``2026-02-30``) fails like a wrong shape."""
    try:
        return parse(_matching(pattern, value, loc))
    except ValueError as exc:
        return _fail(loc, f"not a real date: {value!r} ({exc})")


def _fail(loc: tuple, message: str) -> Any:
    raise DecodeError(loc, message)


def _json_type(value: Any) -> str:
    for kind, name in ((bool, "a boolean"), (str, "a string"), (int, "an integer"), (float, "a number"),
                       (list, "an array"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return "null" if value is None else type(value).__name__

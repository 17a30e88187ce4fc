"""Screening a Spark DataFrame: the index shipped to executors once, one row per finding.

`screen` opens (or builds) the candidate index on the driver, ships that one SQLite
file to every executor with `SparkContext.addFile`, and screens each partition with
`DataFrame.mapInArrow`. Each Python worker opens the shipped index once through
`Screener.from_index` and keeps it (and a cache of recent results) for every later
task, so the lists are read once per worker, not once per row or per partition.

The output has the caller's columns (all of them, or `keep`) followed by the
`FINDING_COLUMNS`: the JSON report's finding (one listed party), flattened, with its
listings as an array of structs. Rows that cannot be screened
(no name, an over-long name) come out with verdict ``skipped`` and `skipped_reason`,
so nothing is silently dropped; clean rows come out only with `include_clean`.

Requires the ``spark`` extra (pyspark, pyarrow) on the driver, and vendorrisk with it
on the executors.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from vendorrisk.config import Settings, load_settings
from vendorrisk.decisions.model import DecisionsFile
from vendorrisk.errors import ConfigError, InputError
from vendorrisk.inputs.rows import MAX_FIELD_CHARS, clean_name
from vendorrisk.model import SupplierRow
from vendorrisk.report import Finding, FindingEntry, SupplierResult

EVIDENCE_TYPE = "array<struct<feature:string,score:double,supplier_value:string,list_value:string,detail:string>>"
LISTINGS_TYPE = ("array<struct<source:string,id:string,name:string,matched_name:string,compared_as:string,"
                 "derivation:string,list_name:string,programs:array<string>,listed_on:date,"
                 "citation_reference:string,citation_url:string,rules:map<string,string>,severity:string,"
                 "snapshot_sha256:string>>")
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("verdict", "string"), ("party_id", "string"), ("party_name", "string"), ("party_group", "string"),
    ("rule", "string"), ("rule_name", "string"), ("rules", "array<string>"), ("severity", "string"),
    ("kind", "string"), ("score", "double"), ("consequence", "string"), ("explanation", "string"),
    ("list_source", "string"), ("list_publisher", "string"), ("list_name", "string"),
    ("entry_id", "string"), ("entry_name", "string"), ("matched_name", "string"), ("compared_as", "string"),
    ("relation", "string"),
    ("entry_type", "string"), ("entry_countries", "array<string>"), ("programs", "array<string>"),
    ("aliases", "array<string>"), ("listed_on", "date"), ("citation_document", "string"),
    ("citation_reference", "string"), ("citation_paragraph", "string"), ("citation_publisher", "string"),
    ("citation_date", "date"), ("citation_url", "string"), ("snapshot_date", "date"),
    ("snapshot_sha256", "string"), ("evidence", EVIDENCE_TYPE), ("listings", LISTINGS_TYPE),
    ("skipped_reason", "string"),
    # Reviewed decisions (`decisions=`), keyed by supplier name: see docs/decisions.md.
    ("suppressed", "boolean"), ("decision_status", "string"), ("decision_outcome", "string"),
)
RESULT_CACHE_SIZE = 65_536


def screen(df: Any, name_col: str = "name", country_col: str | None = None, profile: str | None = None,
           settings: Settings | None = None, *, keep: Sequence[str] | None = None,
           include_clean: bool = False, decisions: DecisionsFile | None = None) -> Any:
    """Screen every row of a Spark DataFrame; one output row per finding.

    Args:
        df: a `pyspark.sql.DataFrame` with a supplier-name column.
        name_col / country_col: the columns holding the name and the (optional) country.
        profile: policy profile; `settings.profile` (itself ``default`` unless configured) when None.
        settings: where the lists are (`home`), threshold, rules; `load_settings({})` when omitted.
        keep: input columns copied to each output row (default: all of them).
        include_clean: also emit one row (verdict ``clear`` etc.) per supplier without findings.
        decisions: reviewed decisions (`vendorrisk.decisions.load_decisions`) to mark findings with;
            on Spark they are matched by supplier name (decisions keyed to a supplier id do not apply).

    Returns:
        A lazy DataFrame: the kept columns followed by `FINDING_COLUMNS`.

    Raises:
        InputError: a named column is missing, or a kept column clashes with a finding column.
        ConfigError: pyspark/pyarrow are not installed, or the profile does not exist.
    """
    require_pyspark()
    settings = settings or load_settings({})
    if profile is not None:
        settings = settings.model_copy(update={"profile": profile})
    keep = list(df.columns if keep is None else keep)
    _check_columns(df.columns, name_col, country_col, keep)
    index_name = ship_index(df.sparkSession, settings)
    schema = output_schema(df.select(*keep).schema)
    worker = functools.partial(
        _screen_batches, index_name=index_name, settings_json=settings.model_dump_json(), build=build_id(),
        decisions_json=decisions.model_dump_json() if decisions and decisions.decisions else None,
        columns=(name_col, country_col, tuple(keep)), include_clean=include_clean,
        arrow_schema=_arrow_schema(df.sparkSession, schema))
    return df.mapInArrow(worker, schema)


def ship_index(spark: Any, settings: Settings) -> str:
    """Open (building when missing) the index for `settings` and add it to the Spark job's files.

    Raises:
        StaleListError: a list is older than `settings.max_list_age_days`.
        ConfigError: the session cannot ship files (Spark Connect), or the profile does not exist.

    Returns:
        The file name under which executors find it with `SparkFiles.get`.
    """
    from pyspark.errors import PySparkException

    from vendorrisk.screening.screener import Screener

    try:
        context = spark.sparkContext
    except PySparkException as exc:
        raise ConfigError("this Spark session has no SparkContext (Spark Connect?), so the index cannot be "
                          "shipped to executors; run on a classic (single-user) cluster") from exc
    use_driver_python(context)
    # also checks the profile and rules before any task starts
    screener = Screener.open(settings, dt.datetime.now(dt.timezone.utc))
    path = screener.index.path
    if path.name not in {uri.rsplit("/", 1)[-1] for uri in context.listFiles}:
        context.addFile(str(path))
    return path.name


def use_driver_python(context: Any) -> None:
    """On a local master, run the Python workers with this interpreter unless PYSPARK_PYTHON says otherwise.

    pyspark's default worker is whatever ``python3`` is first on PATH, which is not the
    venv vendorrisk runs from when its script is called without activating the venv
    (cron, pipx, an IDE): the workers would then fail to import vendorrisk. On a local
    master the workers are on this machine, so this interpreter is the right one; on a
    cluster only the user knows which Python the executors have.
    """
    if "PYSPARK_PYTHON" not in os.environ and context.master.startswith("local"):
        context.pythonExec = sys.executable


def worker_python() -> str:
    """The interpreter the active Spark context runs its Python workers with."""
    from pyspark import SparkContext

    context = SparkContext._active_spark_context
    return getattr(context, "pythonExec", None) or os.environ.get("PYSPARK_PYTHON", "python3")


def build_id() -> str:
    """vendorrisk's version with its index and normaliser versions: driver and executors must agree."""
    from vendorrisk import __version__
    from vendorrisk.index.build import INDEX_FORMAT
    from vendorrisk.normalize import NORMALIZER_VERSION

    return f"{__version__} (index {INDEX_FORMAT}, normaliser {NORMALIZER_VERSION})"


def output_schema(kept: Any) -> Any:
    """The Spark schema of `screen`'s output: the kept input fields, then `FINDING_COLUMNS`."""
    from pyspark.sql.types import StructType

    ddl = ", ".join(f"`{name}` {kind}" for name, kind in FINDING_COLUMNS)
    return StructType(list(kept.fields) + list(StructType.fromDDL(ddl).fields))


def finding_values(result: SupplierResult, finding: Finding | None) -> dict[str, Any]:
    """`FINDING_COLUMNS` for one finding of a supplier (or for a clean supplier when None)."""
    if finding is None:
        return {"verdict": result.verdict}
    e, c, s = finding.entry, finding.entry.citation, finding.entry.snapshot
    return {
        "verdict": result.verdict, "party_id": finding.party.id, "party_name": finding.party.name,
        "party_group": finding.party.group, "rule": finding.rule, "rule_name": finding.rule_name,
        "rules": list(finding.rules), "severity": finding.severity, "kind": finding.kind, "score": finding.score,
        "consequence": finding.consequence, "explanation": finding.explanation,
        "list_source": e.source, "list_publisher": e.publisher, "list_name": e.list_name,
        "entry_id": e.id, "entry_name": e.name, "matched_name": e.matched_name, "compared_as": e.compared_as,
        "relation": e.relation,
        "entry_type": e.type, "entry_countries": list(e.countries), "programs": list(e.programs),
        "aliases": list(e.aliases), "listed_on": e.listed_on, "citation_document": c.document,
        "citation_reference": c.reference, "citation_paragraph": c.paragraph,
        "citation_publisher": c.publisher, "citation_date": c.date, "citation_url": c.url,
        "snapshot_date": s.snapshot_date if s else None, "snapshot_sha256": s.sha256 if s else None,
        "evidence": [ev.model_dump() for ev in finding.evidence],
        "listings": [_listing_values(listing) for listing in finding.listings or (e,)],
        "suppressed": finding.suppressed, "decision_status": finding.decision.status if finding.decision else None,
        "decision_outcome": finding.decision.outcome if finding.decision else None,
    }


def _listing_values(e: FindingEntry) -> dict[str, Any]:
    """One listing of the party, as the `listings` struct."""
    return {"source": e.source, "id": e.id, "name": e.name, "matched_name": e.matched_name,
            "compared_as": e.compared_as, "derivation": e.derivation, "list_name": e.list_name,
            "programs": list(e.programs), "listed_on": e.listed_on, "citation_reference": e.citation.reference,
            "citation_url": e.citation.url, "rules": list(e.rules.items()), "severity": e.severity,
            "snapshot_sha256": e.snapshot.sha256 if e.snapshot else None}


def require_pyspark() -> None:
    """Raise `ConfigError` naming the extra to install when pyspark or pyarrow is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"Spark screening needs the spark extra ({exc.name} is missing); "
                          "run `pip install 'vendorrisk[spark]'`") from exc


def _check_columns(columns: Sequence[str], name_col: str, country_col: str | None, keep: list[str]) -> None:
    for label, column in (("name", name_col), ("country", country_col), *(("kept", k) for k in keep)):
        if column is not None and column not in columns:
            raise InputError(f"{label} column {column!r} is not in the DataFrame; its columns are "
                             + ", ".join(repr(c) for c in columns))
    clashes = sorted(set(keep) & {name for name, _ in FINDING_COLUMNS})
    if clashes:
        raise InputError(f"column(s) {', '.join(map(repr, clashes))} would clash with finding columns "
                         "of the output; rename them or leave them out of `keep`")


def _arrow_schema(spark: Any, schema: Any) -> Any:
    from pyspark.sql.pandas.types import to_arrow_schema

    large = spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false").lower() == "true"
    try:
        return to_arrow_schema(schema, prefers_large_types=large)
    except TypeError:  # pyspark 3.5: no such option, and only plain string types
        return to_arrow_schema(schema)


# -- executor side: everything below runs in the Python workers ---------------------------

_WORKERS: dict[tuple[str, str, str | None], _Worker] = {}


class _Worker:
    """One screener per Python worker over the shipped index, with a cache of recent results."""

    def __init__(self, index_name: str, settings_json: str, build: str, decisions_json: str | None = None) -> None:
        from pyspark import SparkFiles

        from vendorrisk.screening.screener import Screener

        if build != build_id():
            raise ConfigError(f"this executor runs vendorrisk {build_id()} but the driver runs {build}; "
                              "install the same vendorrisk version on every node")
        settings = Settings.model_validate_json(settings_json)
        self.screener = Screener.from_index(SparkFiles.get(index_name), settings)
        self.screener.prepare_for_batch()  # a worker screens thousands of names: the index belongs in memory
        self.result = functools.lru_cache(maxsize=RESULT_CACHE_SIZE)(self._result)
        self.decided = _decision_index(decisions_json)

    def _result(self, name: str, country: str | None) -> SupplierResult:
        result = self.screener.screen_row(SupplierRow(name=name, country=country))
        return self.decided.apply(result) if self.decided else result


def _decision_index(decisions_json: str | None):
    """The decisions shipped with the task, ready to apply (None without any)."""
    if not decisions_json:
        return None
    from vendorrisk.decisions.apply import DecisionIndex

    return DecisionIndex(DecisionsFile.model_validate_json(decisions_json), dt.datetime.now(dt.timezone.utc).date())


def _screen_batches(batches: Iterator[Any], *, index_name: str, settings_json: str, build: str,
                    columns: tuple[str, str | None, tuple[str, ...]], include_clean: bool,
                    arrow_schema: Any, decisions_json: str | None = None) -> Iterator[Any]:
    key = (index_name, settings_json, decisions_json)
    if key not in _WORKERS:
        _WORKERS[key] = _Worker(index_name, settings_json, build, decisions_json)
    worker = _WORKERS[key]
    for batch in batches:
        yield _screen_batch(worker, batch, columns, include_clean, arrow_schema)


def _screen_batch(worker: _Worker, batch: Any, columns: tuple[str, str | None, tuple[str, ...]],
                  include_clean: bool, arrow_schema: Any) -> Any:
    import pyarrow as pa

    name_col, country_col, keep = columns
    names = batch.column(name_col).to_pylist()
    countries = batch.column(country_col).to_pylist() if country_col else [None] * len(names)
    taken: list[int] = []
    values: list[dict[str, Any]] = []
    for i, (name, country) in enumerate(zip(names, countries)):
        for row in _row_values(worker, name, country, include_clean):
            taken.append(i)
            values.append(row)
    kept = batch.select(list(keep)).take(pa.array(taken, type=pa.int64())) if keep else None
    arrays = [kept.column(k).cast(arrow_schema.field(k).type) for k in keep] if kept is not None else []
    for name, _ in FINDING_COLUMNS:
        arrays.append(pa.array([v.get(name) for v in values], type=arrow_schema.field(name).type))
    return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)


def _row_values(worker: _Worker, name: Any, country: Any, include_clean: bool) -> list[dict[str, Any]]:
    """Output values for one input row: one per finding, a skipped row, or a clean row."""
    text = clean_name("" if name is None else str(name))
    if not text:
        return [{"verdict": "skipped", "skipped_reason": "empty name"}]
    if len(text) > MAX_FIELD_CHARS:
        return [{"verdict": "skipped",
                 "skipped_reason": f"name has {len(text):,} characters, over the {MAX_FIELD_CHARS:,} limit"}]
    country = clean_name("" if country is None else str(country)) or None
    result = worker.result(text, country)
    if result.findings:
        return [finding_values(result, f) for f in result.findings]
    return [finding_values(result, None)] if include_clean else []

"""Spark screening gives exactly the findings of `vendorrisk check` on the same rows.

Runs a real local[2] Spark session (pyspark and Java needed; skipped otherwise) over the
bundled lists plus the invented-name CSL fixture, and compares every finding field by
field with the single-machine path.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'vendorrisk[spark]')")
if shutil.which("java") is None:
    pytest.skip("java is not installed (Spark needs Java 17)", allow_module_level=True)

from vendorrisk.cli import main  # noqa: E402
from vendorrisk.config import Settings  # noqa: E402
from vendorrisk.errors import InputError  # noqa: E402
from vendorrisk.integrations.spark import screen  # noqa: E402
from vendorrisk.integrations.spark_files import CSV_OPTIONS  # noqa: E402

pytestmark = pytest.mark.spark

REPO = Path(__file__).resolve().parent.parent
CSL_FIXTURE = REPO / "tests" / "fixtures" / "sources" / "us-csl" / "consolidated_2022.csv"
EVAL_DEV = REPO.parent / "shared" / "eval-dev" / "suppliers.csv"
EXTRA_ROWS = [  # invented names that reach the CSL fixture, blanks and repeats
    ("X-1", "Lanting Optoelectronics Co Ltd", "CN"), ("X-2", "Kestrel Cloud Computing Co., Ltd.", ""),
    ("X-3", "Meridian Polymer JSC", "RU"), ("X-4", "Saffron Aero", "GB"), ("X-5", "", "CN"),
    ("X-6", "   ", ""), ("X-7", "Hikvision UK Ltd", "GB"), ("X-8", "Hikvision UK Ltd", "GB"),
    ("X-9", "Northwind Radar Works", ""), ("X-10", "=HYPERLINK(\"x\")", ""),
]


@pytest.fixture(scope="module")
def spark():
    """One local[2] session for the module, bound to loopback (the tests block other addresses)."""
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("vendorrisk-tests")
               .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def list_home(tmp_path_factory) -> Path:
    """A store with the CSL fixture imported (plus the bundled lists)."""
    home = tmp_path_factory.mktemp("spark-home")
    result = CliRunner(env={"VENDORRISK_HOME": str(home)}).invoke(
        main, ["lists", "import", "us-csl", str(CSL_FIXTURE)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return home


def write_suppliers(path: Path, with_eval_dev: bool) -> Path:
    """The example suppliers, the extra rows and (when asked and present) 75 eval-dev rows, as one CSV."""
    with (REPO / "examples/suppliers.csv").open(encoding="utf-8") as handle:
        rows = [(r["supplier_id"], r["name"], r["country"]) for r in csv.DictReader(handle)]
    rows += EXTRA_ROWS
    if with_eval_dev and EVAL_DEV.is_file():
        with EVAL_DEV.open(encoding="utf-8") as handle:
            rows += [(r["supplier_id"], r["name"], r["country"]) for r in csv.DictReader(handle)][::144]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("supplier_id", "name", "country"), *rows])
    return path


@pytest.fixture(scope="module")
def suppliers(tmp_path_factory) -> Path:
    return write_suppliers(tmp_path_factory.mktemp("spark-input") / "suppliers.csv", with_eval_dev=True)


@pytest.fixture(scope="module")
def few_suppliers(tmp_path_factory, list_home) -> tuple[Path, Counter]:
    """A smaller file for the command tests, and the findings `check` gives on it."""
    path = write_suppliers(tmp_path_factory.mktemp("spark-input") / "few.csv", with_eval_dev=False)
    return path, check_findings(list_home, path)[0]


def check_findings(list_home: Path, suppliers: Path) -> tuple[Counter, dict[str, str], set[str]]:
    """Findings, verdicts and skipped ids from `vendorrisk check --format json` on the file."""
    result = CliRunner(env={"VENDORRISK_HOME": str(list_home)}).invoke(
        main, ["check", str(suppliers), "--format", "json", "--fail-on", "never"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    found = Counter()
    for s in report["suppliers"]:
        for f in s["findings"]:
            e = f["entry"]
            found.update([(s["input"]["supplier_id"], s["verdict"], f["party"]["id"], tuple(f["rules"]), f["rule"],
                       f["severity"], f["kind"], f["score"],
                       e["id"], e["name"], e["matched_name"], e["source"], e["citation"]["reference"],
                       e["citation"]["url"], e["listed_on"], e["snapshot"]["sha256"] if e["snapshot"] else None,
                       f["explanation"], tuple(ev["feature"] for ev in f["evidence"]),
                       tuple((x["id"], x["matched_name"], tuple(x["rules"])) for x in f["listings"]))])
    verdicts = {s["input"]["supplier_id"]: s["verdict"] for s in report["suppliers"]}
    return found, verdicts, {s["fields"]["supplier_id"] for s in report["skipped"]}


def spark_findings(rows) -> tuple[Counter, dict[str, str], set[str]]:
    """The same tuples from Spark output rows."""
    found, verdicts, skipped = Counter(), {}, set()
    for r in rows:
        if r.verdict == "skipped":
            skipped.add(r.supplier_id)
            continue
        verdicts[r.supplier_id] = r.verdict
        if r.rule is not None:
            found.update([(r.supplier_id, r.verdict, r.party_id, tuple(r.rules), r.rule, r.severity, r.kind, r.score,
                       r.entry_id, r.entry_name,
                       r.matched_name, r.list_source, r.citation_reference, r.citation_url,
                       r.listed_on.isoformat() if r.listed_on else None, r.snapshot_sha256,
                       r.explanation, tuple(ev.feature for ev in r.evidence),
                       tuple((x.id, x.matched_name, tuple(x.rules)) for x in r.listings))])
    return found, verdicts, skipped


def test_spark_findings_are_identical_to_check(spark, list_home, suppliers):
    df = spark.read.options(**CSV_OPTIONS).csv(str(suppliers)).repartition(3)
    rows = screen(df, "name", "country", settings=Settings(home=list_home), include_clean=True).collect()
    expected = check_findings(list_home, suppliers)
    assert spark_findings(rows) == expected
    found, verdicts, skipped = expected
    assert {"X-1", "X-2", "X-3", "X-4", "X-7", "X-8", "SUP-1002"} <= {f[0] for f in found}
    assert skipped == {"X-5", "X-6"} and verdicts["SUP-1001"] == "clear"
    assert [r.skipped_reason for r in rows if r.supplier_id == "X-5"] == ["empty name"]


def test_output_rows_keep_the_input_columns_and_types(spark, list_home):
    df = spark.createDataFrame([(7, "ZTE Corporation", "CN", 1.5)],
                               "id long, name string, country string, spend double")
    out = screen(df, "name", "country", settings=Settings(home=list_home), keep=["id", "spend"])
    assert out.columns[:3] == ["id", "spend", "verdict"]
    rows = out.collect()
    assert rows and {r.id for r in rows} == {7} and {r.spend for r in rows} == {1.5}
    assert all(isinstance(r.listed_on, (dt.date, type(None))) for r in rows)
    assert all(r.evidence and r.evidence[0].detail for r in rows)


def test_executors_use_the_shipped_index_not_the_store(spark, list_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(list_home, home)
    df = spark.createDataFrame([("Meridian Polymer JSC",)], "name string")
    out = screen(df, settings=Settings(home=home))
    shutil.rmtree(home)  # the plan is built; tasks must not need the store any more
    (row,) = out.collect()  # one OFAC party, on two CSL sub-lists
    assert row.party_id == "ofac:40002"
    assert {listing.id for listing in row.listings} == {"us-csl:40002:sdn", "us-csl:40002:ssi"}


def test_decisions_mark_the_findings_of_the_supplier_and_party_they_name(spark, list_home):
    from vendorrisk.decisions import DecisionsFile
    from vendorrisk.decisions.decide import decision_for
    from vendorrisk.model import SupplierRow
    from vendorrisk.screening.screener import Screener

    settings = Settings(home=list_home)
    found = Screener(settings).screen_row(SupplierRow(name="ZTE Corporation")).findings
    decided = decision_for("ZTE Corporation", found[0], outcome="false-positive", reviewer="R", reason="checked",
                           date=dt.date(2026, 11, 28))
    df = spark.createDataFrame([("ZTE Corporation",), ("zte corporation",), ("Hikvision UK Ltd",)], "name string")
    rows = screen(df, settings=settings, decisions=DecisionsFile(decisions=(decided,))).collect()
    closed = {(r.name, r.party_id, r.decision_outcome) for r in rows if r.suppressed}
    assert closed == {("ZTE Corporation", found[0].party.id, "false-positive"),
                      ("zte corporation", found[0].party.id, "false-positive")}
    assert all(r.decision_status is None and r.suppressed is False for r in rows if r.party_id != found[0].party.id)


def test_missing_and_clashing_columns_are_input_errors(spark, list_home):
    df = spark.createDataFrame([("Acme", "x")], "name string, rule string")
    settings = Settings(home=list_home)
    with pytest.raises(InputError, match="'supplier' is not in the DataFrame"):
        screen(df, "supplier", settings=settings)
    with pytest.raises(InputError, match="'rule' would clash"):
        screen(df, settings=settings)
    assert screen(df, settings=settings, keep=["name"]).columns[0] == "name"


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_spark_check_command_writes_findings(spark, list_home, few_suppliers, tmp_path, suffix):
    suppliers, expected_found = few_suppliers
    output = tmp_path / f"findings.{suffix}"
    runner = CliRunner(env={"VENDORRISK_HOME": str(list_home)})
    result = runner.invoke(main, ["spark-check", str(suppliers), str(output), "--master", "local[2]",
                                  "--include-clean"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "findings" in result.stderr and "2 rows skipped" in result.stderr
    back = spark.read.options(**CSV_OPTIONS).format(suffix).load(str(output)).collect()
    assert len([r for r in back if r.rule]) == sum(expected_found.values())
    if suffix == "csv":
        assert {r.name for r in back if r.supplier_id == "X-10"} == {"'=HYPERLINK(\"x\")"}
        hik = [r for r in back if r.supplier_id == "SUP-1002"]
        assert hik and json.loads(hik[0].evidence)[0]["feature"]
    again = runner.invoke(main, ["spark-check", str(suppliers), str(output)])
    assert again.exit_code == 2 and "--overwrite" in again.stderr


def test_spark_check_refuses_unknown_extensions(tmp_path):
    result = CliRunner().invoke(main, ["spark-check", str(tmp_path / "in.xlsx"), str(tmp_path / "out.csv")])
    assert result.exit_code == 2 and "*.parquet or *.csv" in result.stderr


def test_spark_check_warns_when_only_bundled_lists_were_screened(spark, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("name\nZTE Corporation\n", encoding="utf-8")
    runner = CliRunner(env={"VENDORRISK_HOME": str(tmp_path / "empty-home")})
    result = runner.invoke(main, ["spark-check", str(source), str(tmp_path / "out.parquet"), "--fail-on", "never"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "warning: only the bundled curated lists were screened" in result.stderr
    assert spark.read.parquet(str(tmp_path / "out.parquet")).count() >= 1


def test_without_pyspark_the_command_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    source = tmp_path / "in.csv"
    source.write_text("name\nAcme\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["spark-check", str(source), str(tmp_path / "out.parquet")])
    assert result.exit_code == 2 and "pip install 'vendorrisk[spark]'" in result.stderr


def console_script() -> Path:
    """The `vendorrisk` script installed beside this interpreter (skips when there is none)."""
    script = Path(sys.executable).parent / "vendorrisk"
    if not script.is_file():
        pytest.skip(f"no vendorrisk console script beside {sys.executable}")
    return script


def run_bare(args: list[str], home: Path, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    """The console script as cron or an IDE runs it: its path, no venv on PATH, almost no environment."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "VENDORRISK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
           **extra}
    return subprocess.run([str(console_script()), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=False)


def test_spark_check_runs_from_the_script_path_without_the_venv(list_home, few_suppliers, tmp_path):
    suppliers, expected_found = few_suppliers
    done = run_bare(["spark-check", str(suppliers), "out.parquet", "--master", "local[2]"], list_home, tmp_path)
    assert done.returncode == 1, done.stderr
    # Spark's own log, the JVM's warnings and the stage bars stay off the terminal
    lines = done.stderr.splitlines()
    assert lines[0] == f"vendorrisk: {sum(expected_found.values())} findings, 2 rows skipped; written to out.parquet"
    assert all(line.startswith("vendorrisk: warning: ") for line in lines[1:]), lines
    assert any(p.suffix == ".parquet" for p in (tmp_path / "out.parquet").iterdir())


def test_a_worker_python_without_vendorrisk_is_one_line_naming_pyspark_python(list_home, tmp_path):
    (tmp_path / "in.csv").write_text("name\nZTE Corporation\n", encoding="utf-8")
    bare_python = tmp_path / "bare-python"  # this interpreter without site-packages: no vendorrisk, no pyarrow
    bare_python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n', encoding="utf-8")
    bare_python.chmod(0o755)
    done = run_bare(["spark-check", "in.csv", "out.parquet", "--master", "local[1]", "--spark-log", "spark.log"],
                    list_home, tmp_path, PYSPARK_PYTHON=str(bare_python))
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert "Python workers cannot import" in line and "PYSPARK_PYTHON" in line and str(bare_python) in line
    assert "Traceback" in (tmp_path / "spark.log").read_text(encoding="utf-8")

"""The SQL engine seam: Arrow tables and Parquet files in, Arrow out; the engines' own
imports only when one is opened; a clear error when Spark cannot run."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lianzheng.engine import EngineUnavailable, open_engine, quoted


def test_duckdb_runs_sql_over_arrow_and_parquet(tmp_path: Path) -> None:
    files = []
    for i, grades in enumerate((["high", "low"], ["high"])):
        path = tmp_path / f"u{i}" / "risks.parquet"
        path.parent.mkdir()
        pq.write_table(pa.table({"grade": grades, "extra": [1] * len(grades)}), path)
        files.append(path)
    with open_engine("duckdb") as engine:
        engine.register_parquet("risks", files, ["grade"])
        engine.register_arrow("weights", pa.table({"grade": ["high", "low"], "w": pa.array([3, 1], pa.int32())}))
        result = engine.query("SELECT r.grade, CAST(SUM(w.w) AS BIGINT) AS total FROM risks r "
                              "JOIN weights w ON r.grade = w.grade GROUP BY r.grade ORDER BY r.grade")
    assert isinstance(result, pa.Table)
    assert result.to_pylist() == [{"grade": "high", "total": 6}, {"grade": "low", "total": 1}]


def test_a_materialized_table_is_read_once_and_may_be_registered_again(tmp_path: Path) -> None:
    path = tmp_path / "risks.parquet"
    pq.write_table(pa.table({"grade": ["high", "low"]}), path)
    with open_engine("duckdb") as engine:
        engine.register_parquet("risks", [path], ["grade"], materialize=True)
        path.unlink()  # read already
        assert engine.query("SELECT COUNT(*) AS n FROM risks").to_pylist() == [{"n": 2}]
        pq.write_table(pa.table({"grade": ["low"]}), path)
        engine.register_parquet("risks", [path], ["grade"], materialize=True)
        assert engine.query("SELECT COUNT(*) AS n FROM risks").to_pylist() == [{"n": 1}]


def test_only_plain_identifiers_name_views() -> None:
    assert quoted("export_risks") == "export_risks"
    for bad in ("x; DROP TABLE y", "a b", "视图", "x--"):
        with pytest.raises(ValueError):
            quoted(bad)


def test_an_unknown_engine() -> None:
    with pytest.raises(EngineUnavailable) as exc:
        open_engine("oracle")
    assert exc.value.message("en") == "unknown SQL engine: oracle (duckdb, spark)"


def test_spark_without_pyspark(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pyspark", "pyspark.sql"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(EngineUnavailable) as exc:
        open_engine("spark")
    assert exc.value.exit_code == 2
    assert "pip install 'lianzheng[spark]'" in exc.value.message("en")
    assert "pip install 'lianzheng[spark]'" in exc.value.message("zh")


def test_spark_without_java(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'lianzheng[spark]')")
    import lianzheng.engine.spark as spark

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("SPARK_REMOTE", raising=False)
    monkeypatch.setattr(spark.shutil, "which", lambda name: None)
    with pytest.raises(EngineUnavailable) as exc:
        open_engine("spark")
    assert "Java 17" in exc.value.message("en") and "openjdk-17-jre-headless" in exc.value.message("en")


def test_importing_lz_imports_no_engine() -> None:
    import subprocess

    code = ("import sys, lianzheng.rollup, lianzheng.engine, lianzheng.cli.rollup; "
            "print(sorted(m for m in ('duckdb', 'pyspark') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_rollup_knows_the_files_export_writes() -> None:
    from lianzheng.exchange.parquet import PARQUET_FILES
    from lianzheng.rollup.sources import EXPORT_FILES, RISKS_PARQUET, UNIT_PARQUET

    assert EXPORT_FILES == set(PARQUET_FILES.values())
    assert (UNIT_PARQUET, RISKS_PARQUET) == (PARQUET_FILES["unit"], PARQUET_FILES["risks"])

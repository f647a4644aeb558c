"""The same roll-up on Apache Spark as on DuckDB: the same SQL, the same result.

Starts one local Spark session (`local[2]`; a minute on a busy machine) and rolls up, with
both engines, the three small units plus both examples as repositories and as exports, and
then a set with no export (an empty view of exports' risks)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from lianzheng.report.rollup import to_json
from lianzheng.rollup import rollup
from tests.conftest import example_dirs, needs_spark
from tests.rollup.conftest import AS_OF, Units, export_of

pytestmark = needs_spark


def test_spark_gives_the_result_duckdb_gives(units: Units, tmp_path: Path) -> None:
    from lianzheng.engine import open_engine

    day = dt.date.fromisoformat(AS_OF)
    inputs = [*units.all()]
    for example in example_dirs():
        repo = tmp_path / example.name
        shutil.copytree(example, repo, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
        inputs += [str(repo), str(export_of(repo, tmp_path / f"{example.name}-export"))]
    sets = [inputs, [str(units.alpha), str(units.broken)]]
    with open_engine("spark") as spark:
        for unit_set in sets:
            on_spark = rollup(unit_set, day, spark, cache=False)
            on_duckdb = rollup(unit_set, day, "duckdb", cache=False)
            assert on_spark.engine == "spark" and on_duckdb.engine == "duckdb"
            assert to_json(on_spark, "en") == to_json(on_duckdb, "en")
            assert on_spark.most_overdue == on_duckdb.most_overdue and on_spark.totals == on_duckdb.totals
            assert on_duckdb.areas and on_duckdb.categories

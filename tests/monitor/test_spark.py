"""`lz monitor --engine spark`: the same SQL on Apache Spark gives what DuckDB gives.

Every log here is checked on both engines and the reports compared byte for byte
(`render_json(result, all=True)`: every figure, card, case, finding, row number and message;
the CSV and text reports too): the county example's `permits` and `travel` logs, the real
logs of data/eventlogs (the project's shared logs), every format, ties that only the file's order breaks (also a
file Spark reads in many blocks), times written every way the monitor reads them, typed
Parquet times, and the errors that name what is wrong with a log. One local Spark session
(`local[2]`) serves the module, in one test (pytest-xdist would start a JVM per worker for
several); it takes a minute or so. `LZ_TEST_ENGINE=spark` runs the whole monitor suite on
Spark (see conftest.py).

Skipped, with the reason, when PySpark or Java is missing; the message `--engine spark`
gives without PySpark is checked either way.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lianzheng import open_repository
from lianzheng.monitor import LogError, MonitorResult, monitor_log, monitor_repository
from lianzheng.report.monitor import render_csv, render_json, render_text
from lianzheng.spec.models import Settings
from tests.clirunner import lz
from tests.conftest import needs_spark

from .helpers import LINEAR, caselog, check, power, unit, write
from .test_logs import FORMATS, ROWS

ROOT = Path(__file__).resolve().parents[2]
COUNTY = ROOT / "examples" / "county-market-bureau"
AS_OF = "2026-11-28"




@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from lianzheng.engine import open_engine

    with open_engine("spark") as engine:
        yield engine


def reports(result: MonitorResult) -> dict[str, Any]:
    """Every report of the result, and the `--out` tables (with every case's first and last
    time, which the reports do not show)."""
    import tempfile

    from lianzheng.monitor.parquet import write_parquet

    with tempfile.TemporaryDirectory() as out:
        tables = {f.name: pq.read_table(f).to_pylist() for f in write_parquet(result, Path(out))}
    return {"json": render_json(result, all=True), "json-en": render_json(result, "en", all=True),
            "csv": render_csv(result), "text": render_text(result, limit=1000), **tables}


def one(log: Any) -> MonitorResult:
    return MonitorResult(as_of=AS_OF, logs=[log])


# --- the logs: each a function of the engine (a name, or the open Spark session) --------------------

def county(engine: Any, tmp: Path) -> MonitorResult:
    repo = open_repository(COUNTY, cache=False, models=True)
    return monitor_repository(repo, as_of=AS_OF, engine=engine)


def real_logs() -> dict[str, Callable[[Any, Path], MonitorResult]]:
    from .test_real_logs import LOGS, receipt_caselog, receipt_power, traffic_caselog, traffic_power

    return {
        # mixed UTC offsets, fractions of seconds, a lifecycle column, resources, open cases
        "receipt.csv": lambda e, tmp: one(monitor_log(receipt_caselog("Europe/Amsterdam"), receipt_power(), None,
                                                      Settings(), LOGS, AS_OF, engine=e)),
        # day-granular ties, a year without a holiday notice
        "roadtraffic100traces.csv": lambda e, tmp: one(monitor_log(traffic_caselog(), traffic_power(), None,
                                                                   Settings(), LOGS, AS_OF, engine=e)),
        "roadtraffic-variants.xes.gz": lambda e, tmp: one(monitor_log(
            traffic_caselog(source="roadtraffic-variants.xes.gz", columns={}), traffic_power(), None, Settings(),
            LOGS, AS_OF, engine=e)),
    }


def every_format(engine: Any, tmp: Path) -> MonitorResult:
    logs = []
    for fmt in FORMATS:
        folder = tmp / fmt
        folder.mkdir(parents=True, exist_ok=True)
        logs.append(check(folder, ROWS, fmt=fmt, resources={"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ"},
                          risks={"S2": [("R-1", "high")]}, engine=engine))
    return MonitorResult(as_of=AS_OF, logs=logs)


# Ties: every event of a case at the same minute, so that only the file's order says which
# came first. The export lists each step for all cases before the next step (as a platform
# writes a batch), and for every third case the 审查 and 决定 rows swapped: those cases skip
# a step and then go back (M102, M103), the others are green. Cases are far apart in the
# file, so a file read in blocks has a case's events in different blocks.
TIE_CASES = 600


def tie_rows() -> list[tuple[str, str, str, str]]:
    by_step: dict[str, list[tuple[str, str, str, str]]] = {"受理": [], "审查": [], "决定": []}
    for n in range(TIE_CASES):
        case, when = f"T{n:04d}", f"2026-03-{2 + n % 20:02d} 09:{n % 60:02d}"
        second, third = ("决定", "审查") if n % 3 == 0 else ("审查", "决定")
        by_step["受理"].append((case, "受理", when, "u1"))
        by_step["审查"].append((case, second, when, "u2"))
        by_step["决定"].append((case, third, when, "u3"))
    return [r for step in by_step.values() for r in step]


def ties(engine: Any, tmp: Path) -> MonitorResult:
    """The tie log as CSV, with a quoted value across lines in every seventh row: a row is
    a record, not a line, as a spreadsheet shows it (the other formats keep ties in
    `every format`)."""
    rows = tie_rows()
    with open(tmp / "log.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(("case", "activity", "time", "who", "意见"))
        for i, r in enumerate(rows):
            w.writerow((*r, "同意\n（见附件）" if i % 7 == 0 else ""))
    u = unit()
    return one(monitor_log(caselog("log.csv"), power(), u, u.settings, tmp, AS_OF, engine=engine))


def ties_in_blocks(engine: Any, tmp: Path) -> MonitorResult:
    """JSON lines read in many blocks (Spark splits the file; DuckDB reads it whole)."""
    folder = tmp / "ties-blocks"
    folder.mkdir(parents=True, exist_ok=True)
    write(folder, tie_rows(), "jsonl")
    u = unit()
    if isinstance(engine, str):
        return one(monitor_log(caselog("log.jsonl"), power(), u, u.settings, folder, AS_OF, engine=engine))
    conf = engine._spark.conf
    before = conf.get("spark.sql.files.maxPartitionBytes")
    conf.set("spark.sql.files.maxPartitionBytes", str(8 * 1024))
    try:
        blocks = engine._spark.read.json(str(folder / "log.jsonl")).select("_metadata.file_block_start").distinct()
        assert blocks.count() > 5  # the file is read in pieces: positions must add up across them
        return one(monitor_log(caselog("log.jsonl"), power(), u, u.settings, folder, AS_OF, engine=engine))
    finally:
        conf.set("spark.sql.files.maxPartitionBytes", before)


# Times as units' systems write them: ISO with and without offsets (and changing offsets),
# fractions of seconds (rounded down, never up, to the second shown), day-only dates,
# spreadsheet slashes, a space or a single digit, and texts that are not times (M004), among
# them the shapes one engine would read and the other not (`2026`, `2026-03`, `24:00`, `+08:00`
# after a space).
TIMES = [
    "2026-03-02 09:00:00", "2026-03-02T09:00:00+08:00", "2026-03-02T01:00:00Z", "2026-03-02 09:00:00.999+08",
    "2026-03-02 09:00:00.5", "2026-03-02 09:00", "2026-03-02", "2026/3/2 9:00", "2026/03/02", " 2026-03-02 09:00 ",
    "2026-03-01T20:00:00-05:00", "2026-03-02 09:00:00+0800", "2026-03-02 9:5", "2026-03-02 09:00:00.1234567",
    "2026", "2026-03", "2026-03-02 24:00:00", "2026-03-02 09:00:00 +08:00", "20260302", "2026-02-30", "+2026-03-02",
    "2026-03-02T", "yesterday", "",
]


def time_texts(engine: Any, tmp: Path) -> MonitorResult:
    rows = []
    for n, when in enumerate(TIMES):
        rows += [(f"C{n:02d}", "受理", when, "u1"), (f"C{n:02d}", "审查", "2026-03-04 10:00:00", "u2"),
                 (f"C{n:02d}", "决定", "2026-03-05 10:00:00.75", "u3")]
        # the time at a finding (M102: 审查 skipped), where reports show it
        rows += [(f"D{n:02d}", "受理", "2026-02-27 08:00", "u1"), (f"D{n:02d}", "决定", when, "u3")]
    return one(check(tmp, rows, engine=engine))


def typed_parquet(engine: Any, tmp: Path) -> MonitorResult:
    """Parquet times typed as instants, local times and dates (Spark: TIMESTAMP,
    TIMESTAMP_NTZ, DATE)."""
    logs = []
    times = [dt.datetime(2026, 3, 2, 1, 0), dt.datetime(2026, 3, 3, 17, 30), dt.datetime(2026, 3, 9, 16, 0)]
    for name, values in (("instant", pa.array(times, pa.timestamp("us", tz="UTC"))),
                         ("local", pa.array(times, pa.timestamp("us"))),
                         ("date", pa.array([t.date() for t in times], pa.date32()))):
        folder = tmp / f"typed-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table({"case": ["A"] * 3, "activity": ["受理", "审查", "决定"], "time": values,
                                 "who": ["u1", "u2", "u3"]}), folder / "log.parquet")
        u = unit()
        logs.append(monitor_log(caselog("log.parquet", timezone="Asia/Shanghai"), power(), u, u.settings, folder,
                                AS_OF, engine=engine))
    return MonitorResult(as_of=AS_OF, logs=logs)


# The rules of time and the flow that are not in the logs above: calendar-day limits that end
# on a rest day (民法典 art. 203), a pause after acceptance, a clock start after the first step,
# a major matter without its collective decision, an open case near its limit, `where`,
# `lifecycle`, and another time zone.
TIME_RULES = [
    ("R1", "受理", "2026-03-02 09:00", "u1", "complete", "食品"), ("R1", "审查", "2026-03-04 09:00", "u2", "complete", "食品"),
    ("R1", "审查", "2026-03-05 09:00", "u2", "start", "食品"), ("R1", "决定", "2026-03-13 09:00", "u3", "complete", "食品"),
    ("R2", "受理", "2026-03-02 09:00", "u1", "complete", "食品"), ("R2", "补正", "2026-03-03 09:00", "u1", "complete", "食品"),
    ("R2", "受理", "2026-03-20 09:00", "u1", "complete", "食品"), ("R2", "审查", "2026-03-23 09:00", "u3", "complete", "食品"),
    ("R3", "受理", "2026-11-18 09:00", "u1", "complete", "食品"), ("R3", "审查", "2026-11-19 09:00", "u2", "complete", "食品"),
    ("R4", "受理", "2026-03-02 09:00", "u1", "complete", "药品"), ("R4", "决定", "2026-03-03 09:00", "u3", "complete", "食品"),
    ("R5", "受理", "2026-02-27 09:00", "u1", "complete", "食品"), ("R5", "决定", "2026-03-10 09:00", "u3", "complete", "食品"),
    ("R5", "审查", "2026-03-11 09:00", "u2", "complete", "食品"),
    # a value and a column name that each dialect quotes its own way
    ("R6", "受理", "2026-03-02 09:00", "u1", "complete", "O'Brien\\路"),
    ("R6", "决定", "2026-03-03 09:00", "u3", "complete", "O'Brien\\路"),
]
MATTER = '事项 "名称`'


def time_rules(engine: Any, tmp: Path) -> MonitorResult:
    steps = [LINEAR[0], LINEAR[1], {**LINEAR[2], "time_limit": {"days": 3, "calendar": True}, "collective": True},
             LINEAR[3]]
    the_power = power(steps, statutory_days={"days": 10, "calendar": True}, promised_days=6, major_matter=["funds"],
                      clock_start="S1")
    header = ("case", "activity", "time", "who", "lifecycle:transition", MATTER)
    name = write(tmp, TIME_RULES, header=header)
    u = unit()
    log = caselog(name, where={MATTER: ["食品", "O'Brien\\路"]}, timezone="America/New_York",
                  resources={"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ"})
    return one(monitor_log(log, the_power, u, u.settings, tmp, "2026-11-28T12:00", {"S2": [("R-9", "medium")]},
                           engine=engine))


# --- errors: what is wrong with a log, named the same way -------------------------------------------

def errors(engine: Any, tmp: Path) -> dict[str, tuple[str, str]]:
    u = unit()
    out: dict[str, tuple[str, str]] = {}

    def message(name: str, run: Callable[[], Any], *, exact: bool = True) -> None:
        with pytest.raises(LogError) as err:
            run()
        text = (err.value.message(), err.value.message("en"))
        # the engine's own reason for a file it cannot read is its own; lz's part is the same
        out[name] = text if exact else (text[0].split("：")[1] if "：" in text[0] else text[0], "")

    folder = tmp / "errors"
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in ("csv", "jsonl", "parquet"):
        write(folder, ROWS, fmt=fmt)
        message(f"missing column ({fmt})", lambda fmt=fmt: monitor_log(
            caselog(f"log.{fmt}", columns={"case": "办件编号", "activity": "activity", "time": "time"}), power(), u,
            u.settings, folder, AS_OF, engine=engine))
    with open(folder / "late-key.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"case": "A", "time": "2026-03-02", "activity": "受理"}) + "\n")
        fh.write(json.dumps({"case": "A", "备注": "x", "time": "2026-03-03", "activity": "审查", "who": "u1"}) + "\n")
    message("missing column (late JSON key)", lambda: monitor_log(
        caselog("late-key.jsonl", columns={"case": "办件编号"}), power(), u, u.settings, folder, AS_OF, engine=engine))
    message("missing where column", lambda: monitor_log(caselog("log.csv", where={"事项": "x"}), power(), u,
                                                         u.settings, folder, AS_OF, engine=engine))
    message("missing file", lambda: monitor_log(caselog("nowhere.csv"), power(), u, u.settings, folder, AS_OF,
                                                engine=engine))
    (folder / "gbk.csv").write_bytes("case,activity,time,who\nA,受理,2026-03-02,u1\n".encode("gbk"))
    message("not UTF-8", lambda: monitor_log(caselog("gbk.csv"), power(), u, u.settings, folder, AS_OF,
                                             engine=engine), exact=False)
    (folder / "bad.parquet").write_bytes(b"PAR1 nonsense")
    message("not Parquet", lambda: monitor_log(caselog("bad.parquet"), power(), u, u.settings, folder, AS_OF,
                                               engine=engine), exact=False)
    (folder / "bad.csv.gz").write_bytes(b"not gzip at all")
    message("not gzip", lambda: monitor_log(caselog("bad.csv.gz"), power(), u, u.settings, folder, AS_OF,
                                            engine=engine), exact=False)
    return out


def cli(engine: Any, tmp: Path) -> tuple[int, str]:
    args = ["monitor", str(COUNTY), "--as-of", AS_OF, "--log", "permits", "--format", "json", "--all", "--no-cache"]
    if not isinstance(engine, str):
        args += ["--engine", "spark"]  # opens the module's session (it is active), leaves it running
    result = lz(args)
    return result.exit_code, result.stdout


LOGS_COMPARED: dict[str, Callable[[Any, Path], MonitorResult]] = {
    "county example (permits, travel)": county,
    "every format": every_format,
    "ties in file order": ties,
    "ties across the blocks of a file": ties_in_blocks,
    "time texts": time_texts,
    "typed Parquet times": typed_parquet,
    "time and flow rules": time_rules,
}


@needs_spark[0]
@needs_spark[1]
def test_spark_gives_what_duckdb_gives(spark: Any, tmp_path: Path, subtests: Any) -> None:
    for n, (name, run) in enumerate({**LOGS_COMPARED, **real_logs()}.items()):
        with subtests.test(msg=name):
            folders = [tmp_path / side / str(n) for side in ("duckdb", "spark")]
            for folder in folders:
                folder.mkdir(parents=True)
            on_duckdb = run("duckdb", folders[0])
            on_spark = run(spark, folders[1])
            expected = reports(on_duckdb)
            got = reports(on_spark)
            for key in expected:
                assert got[key] == expected[key], f"{name}: {key}"
            assert any(log.events for log in on_duckdb.logs)
    with subtests.test(msg="ties: what the file's order says"):
        (tmp_path / "ties").mkdir()
        r = ties("duckdb", tmp_path / "ties")
        red = {c.case for c in r.logs[0].cases if c.card == "red"}
        assert red == {f"T{n:04d}" for n in range(0, TIE_CASES, 3)}
        first = next(c for c in r.logs[0].cases if c.case == "T0000")
        # T0000's 决定 is the first row of the second block of rows: row 2 + TIE_CASES
        assert [(f.code, f.row) for f in first.findings] == [
            ("M102", 2 + TIE_CASES), ("M103", 2 + 2 * TIE_CASES), ("M106", 2 + 2 * TIE_CASES), ("M203", None)]
    with subtests.test(msg="errors"):
        expected_errors = errors("duckdb", tmp_path / "duckdb")
        assert errors(spark, tmp_path / "spark") == expected_errors
        assert "UTF-8" in expected_errors["not UTF-8"][0]
        assert "备注" in expected_errors["missing column (late JSON key)"][1]
    with subtests.test(msg="lz monitor --engine spark"):
        code, out = cli(spark, tmp_path)
        assert (code, out) == cli("duckdb", tmp_path)
        assert code == 1 and json.loads(out)["logs"][0]["id"] == "permits"


def test_engine_spark_without_pyspark_exits_2_and_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pyspark", "pyspark.sql"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of it fails as if not installed
    monkeypatch.delenv("SPARK_REMOTE", raising=False)
    for lang, text in (("zh", "pip install 'lianzheng[spark]'"), ("en", "--engine spark needs PySpark")):
        result = lz(["monitor", str(COUNTY), "--as-of", AS_OF, "--engine", "spark", "--no-cache", "--lang", lang])
        assert result.exit_code == 2, result.output
        assert text in result.stderr and "Traceback" not in result.output
        assert result.stdout == ""


def test_an_unknown_engine_is_a_usage_error() -> None:
    result = lz(["monitor", str(COUNTY), "--engine", "oracle"])
    assert result.exit_code == 2 and "oracle" in result.stderr

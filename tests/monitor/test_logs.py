"""Reading logs: every format gives the same result; filters; errors name what is wrong."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from lianzheng.monitor import LogError

from .helpers import XES_COLUMNS, caselog, check, codes, power, unit, write

# One log with a bit of everything: a clean case, a skipped step, an overdue open case, a
# 补正 loop, ties, a bad row and an unmapped activity.
ROWS = [
    ("XK-1", "受理", "2026-03-02 09:00:00", "u1"),
    ("XK-2", "受理", "2026-03-02 09:00:00", "u1"),
    ("XK-1", "审查", "2026-03-03 10:00:00", "u2"),
    ("XK-2", "决定", "2026-03-03 10:00:00", "u3"),
    ("XK-1", "决定", "2026-03-04 15:00:00", "u3"),
    ("XK-3", "受理", "2026-03-05", "u1"),
    ("XK-3", "补正", "2026-03-05", "u1"),
    ("XK-3", "受理", "2026-03-16", "u1"),
    ("XK-3", "审查", "2026-03-16", "u2"),
    ("XK-4", "受理", "2026-11-02T09:00:00+08:00", "u1"),
    ("XK-4", "审查", "2026-11-03T01:00:00+00:00", "u2"),
    ("XK-4", "归档", "2026-11-03", "u2"),
    ("XK-5", "受理", "not a time", "u1"),
]
FORMATS = ["csv", "csv.gz", "parquet", "jsonl", "xes", "xes.gz"]


def summary(r):
    return {
        "events": r.events, "closed": r.closed, "open": r.open, "cards": r.cards, "findings": r.findings,
        "rates": (r.conformance_rate, r.on_time_rate),
        "cases": [(c.case, c.status, c.card, c.days, c.events, c.first_time, c.last_time,
                   [(f.code, f.step, f.time, f.message().split("：", 1)[-1]) for f in c.findings]) for c in r.cases],
        "steps": r.steps, "posts": r.posts, "risks": r.risks,
        "data": [(f.code, f.args.get("activity"), f.args.get("count")) for f in r.data],
    }


def test_every_format_gives_the_same_result(tmp_path: Path) -> None:
    results = {}
    for fmt in FORMATS:
        folder = tmp_path / fmt
        folder.mkdir()
        results[fmt] = check(folder, ROWS, fmt=fmt, resources={"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ"},
                             risks={"S2": [("R-1", "high")]})
    first = summary(results["csv"])
    assert first["cards"] == {"red": 3, "yellow": 0, "green": 1}
    assert first["data"] == [("M001", "归档", None), ("M004", None, 1)]
    for fmt in FORMATS[1:]:
        assert summary(results[fmt]) == first, fmt
    # Tables number rows as a spreadsheet does; XES counts events.
    m102 = next(f for c in results["csv"].cases for f in c.findings if f.code == "M102")
    assert (m102.row, m102.message().startswith("第 5 行")) == (5, True)
    assert [f.row for c in results["parquet"].cases for f in c.findings if f.code == "M102"] == [5]
    assert [f.row for c in results["jsonl"].cases for f in c.findings if f.code == "M102"] == [5]
    x102 = next(f for c in results["xes"].cases for f in c.findings if f.code == "M102")
    assert x102.row == 5 and x102.message().startswith("第 5 个事件")  # XK-1's 3 events come first
    assert results["xes"].row_kind == "event" and results["csv"].format == "csv"


def test_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    plain = check(tmp_path, ROWS)
    path = tmp_path / "log.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    from lianzheng.monitor import monitor_log

    u = unit()
    again = monitor_log(caselog("log.csv"), power(), u, u.settings, tmp_path, "2026-11-28")
    assert summary(again) == summary(plain)


def test_where_keeps_the_rows_of_one_power(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", "u1", "食品经营许可"), ("A", "审查", "2026-03-03", "u2", "食品经营许可"),
            ("A", "决定", "2026-03-04", "u3", "食品经营许可"), ("B", "登记", "2026-03-02", "u1", "特种设备使用登记"),
            ("C", "受理", "2026-03-02", "u1", "药品经营许可")]
    name = write(tmp_path, rows, header=("case", "activity", "time", "who", "matter"))
    from lianzheng.monitor import monitor_log

    u = unit()
    one = monitor_log(caselog(name, where={"matter": "食品经营许可"}), power(), u, u.settings, tmp_path, "2026-11-28")
    assert (one.rows, one.events, one.closed, one.open, one.data) == (3, 3, 1, 0, [])
    two = monitor_log(caselog(name, where={"matter": ["食品经营许可", "药品经营许可"]}), power(), u, u.settings,
                      tmp_path, "2026-11-28")
    assert (two.rows, two.open) == (4, 1)


def test_lifecycle_keeps_complete_rows_when_the_column_exists(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02 09:00", "u1", "start"), ("A", "受理", "2026-03-02 10:00", "u1", "COMPLETE"),
            ("A", "审查", "2026-03-03", "u2", "complete"), ("A", "决定", "2026-03-04", "u3", "complete")]
    name = write(tmp_path, rows, header=("case", "activity", "time", "who", "lifecycle:transition"))
    from lianzheng.monitor import monitor_log

    u = unit()
    r = monitor_log(caselog(name), power(), u, u.settings, tmp_path, "2026-11-28")
    assert (r.rows, r.events, codes(r)) == (3, 3, [])


def test_a_missing_column_lists_the_columns_there_are(tmp_path: Path) -> None:
    with pytest.raises(LogError) as err:
        check(tmp_path, ROWS, columns={"case": "办件编号", "activity": "activity", "time": "time"})
    zh, en = err.value.message(), err.value.message("en")
    assert "办件编号" in zh and "case、activity、time、who" in zh and "columns.case" in zh
    assert "the file's columns are: case, activity, time, who" in en


def test_a_named_resource_or_lifecycle_column_must_exist_a_default_one_need_not(tmp_path: Path) -> None:
    rows = [r[:3] for r in ROWS]
    name = write(tmp_path, rows, header=("case", "activity", "time"))
    from lianzheng.monitor import monitor_log

    u = unit()
    ok = monitor_log(caselog(name, columns={"case": "case", "activity": "activity", "time": "time"}), power(), u,
                     u.settings, tmp_path, "2026-11-28")
    assert ok.events == 11
    for column in ({"resource": "办理人"}, {"lifecycle": "状态"}):
        with pytest.raises(LogError, match="case、activity、time"):
            monitor_log(caselog(name, columns={"case": "case", "activity": "activity", "time": "time", **column}),
                        power(), u, u.settings, tmp_path, "2026-11-28")


def test_a_where_column_must_exist(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="事项名称"):
        check(tmp_path, ROWS, where={"事项名称": "食品经营许可"})


def test_a_missing_column_of_an_xes_log_lists_its_attributes(tmp_path: Path) -> None:
    with pytest.raises(LogError) as err:
        check(tmp_path, ROWS, fmt="xes", columns={**XES_COLUMNS, "case": "case:applicant"})
    assert "case:applicant" in err.value.message() and "case:concept:name" in err.value.message()
    assert "concept:name" in err.value.message("en") and "org:resource" in err.value.message("en")


def test_a_missing_file_an_unknown_format_and_a_file_outside_the_repository(tmp_path: Path) -> None:
    from lianzheng.monitor import monitor_log

    u = unit()
    with pytest.raises(LogError, match="不存在"):
        monitor_log(caselog("nowhere.csv"), power(), u, u.settings, tmp_path, "2026-11-28")
    (tmp_path / "log.xlsx").write_bytes(b"PK")
    with pytest.raises(LogError) as err:
        monitor_log(caselog("log.xlsx"), power(), u, u.settings, tmp_path, "2026-11-28")
    assert ".csv.gz" in err.value.message() and "unknown log format" in err.value.message("en")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.csv"
    outside.write_text("case,activity,time\n", encoding="utf-8")
    os.symlink(outside, tmp_path / "linked.csv")
    with pytest.raises(LogError, match="仓库之外"):
        monitor_log(caselog("linked.csv"), power(), u, u.settings, tmp_path, "2026-11-28")
    with pytest.raises(LogError, match="仓库之外"):
        monitor_log(caselog("../x.csv"), power(), u, u.settings, tmp_path, "2026-11-28")


def test_another_file_given_for_the_log_is_read_wherever_it_is(tmp_path: Path) -> None:
    from lianzheng.monitor import monitor_log

    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    write(elsewhere, ROWS, fmt="parquet")
    u = unit()
    r = monitor_log(caselog("nowhere.csv"), power(), u, u.settings, tmp_path / "repo", "2026-11-28",
                    log_file=elsewhere / "log.parquet")
    assert r.events == 11 and r.format == "parquet" and r.source.endswith("log.parquet")


# More rows than DuckDB's CSV reader samples to sniff a file
N_SAMPLED = 300_000


def test_files_that_are_not_what_their_name_says(tmp_path: Path) -> None:
    from lianzheng.monitor import monitor_log

    u = unit()
    (tmp_path / "bad.xes").write_text("<log><trace><event></trace></log>", encoding="utf-8")
    with pytest.raises(LogError, match="不是有效的 XES"):
        monitor_log(caselog("bad.xes", columns=XES_COLUMNS), power(), u, u.settings, tmp_path, "2026-11-28")
    (tmp_path / "bad.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(LogError):
        monitor_log(caselog("bad.csv.gz"), power(), u, u.settings, tmp_path, "2026-11-28")
    (tmp_path / "gbk.csv").write_bytes("case,activity,time,who\nA,受理,2026-03-02,u1\n".encode("gbk"))
    with pytest.raises(LogError, match="UTF-8"):
        monitor_log(caselog("gbk.csv"), power(), u, u.settings, tmp_path, "2026-11-28")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 nonsense")
    with pytest.raises(LogError, match="parquet"):
        monitor_log(caselog("bad.parquet"), power(), u, u.settings, tmp_path, "2026-11-28")
    # a GBK line past the rows the reader samples: found only when the rows are read, and
    # named as the same problem
    lines = "".join(f"C{n},受理,2026-03-02,u1\n" for n in range(N_SAMPLED))
    (tmp_path / "late-gbk.csv").write_bytes(f"case,activity,time,who\n{lines}".encode()
                                            + "Z,受理,2026-03-02,u1\n".encode("gbk"))
    with pytest.raises(LogError, match="不是 UTF-8 编码的文件"):
        monitor_log(caselog("late-gbk.csv"), power(), u, u.settings, tmp_path, "2026-11-28")


def test_an_empty_log_is_no_case(tmp_path: Path) -> None:
    r = check(tmp_path, [])
    assert (r.events, r.closed, r.open, r.cases, r.conformance_rate) == (0, 0, 0, [], None)
    assert [s.events for s in r.steps] == [0, 0, 0, 0]


def test_xes_attributes_flatten_as_pm4py_does(tmp_path: Path) -> None:
    xes = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <string key="concept:name" value="the log itself"/>
  <trace>
    <event><string key="concept:name" value="受理"/><date key="time:timestamp" value="2026-03-02T09:00:00.000+08:00"/>
      <string key="matter" value="食品"><string key="meta" value="nested, not a column"/></string></event>
    <event><string key="concept:name" value="审查"/><date key="time:timestamp" value="2026-03-03T09:00:00+08:00"/>
      <string key="matter" value="食品"/></event>
    <string key="concept:name" value="A &amp; B"/>
    <string key="channel" value="窗口"/>
  </trace>
  <trace><string key="concept:name" value="C"/><string key="channel" value="网上"/>
    <event><string key="concept:name" value="受理"/><date key="time:timestamp" value="2026-03-02T09:00:00Z"/>
      <string key="matter" value="药品"/></event>
  </trace>
</log>"""
    (tmp_path / "log.xes.gz").write_bytes(gzip.compress(xes.encode(), mtime=0))
    from lianzheng.monitor import monitor_log

    u = unit()
    cols = {"case": "case:concept:name", "activity": "concept:name", "time": "time:timestamp"}
    r = monitor_log(caselog("log.xes.gz", columns=cols, where={"case:channel": "窗口", "matter": "食品"}),
                    power(), u, u.settings, tmp_path, "2026-03-03")
    assert [c.case for c in r.cases] == ["A & B"] and r.events == 2
    with pytest.raises(LogError, match="meta"):
        monitor_log(caselog("log.xes.gz", columns={**cols, "resource": "meta"}), power(), u, u.settings, tmp_path,
                    "2026-03-03")

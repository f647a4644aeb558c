"""The four formats and Parquet agree, follow SPEC's shapes, and neutralise the log's text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lianzheng.monitor import MonitorResult, exit_code
from lianzheng.report.monitor import (
    CSV_HEADER,
    clean,
    md,
    render_csv,
    render_json,
    render_markdown,
    render_text,
)
from lianzheng.monitor.parquet import write_parquet
from lianzheng.report.tabular import cell

from .helpers import check
from .test_logs import ROWS


@pytest.fixture
def result(tmp_path: Path) -> MonitorResult:
    log = check(tmp_path, ROWS, resources={"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ"},
                risks={"S3": [("R-XK-2", "medium"), ("R-XK-1", "high")]})
    return MonitorResult(as_of="2026-11-28", logs=[log])


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_json_has_exactly_the_spec_shape(result: MonitorResult) -> None:
    doc = json.loads(render_json(result))
    assert set(doc) == {"as_of", "logs", "cases", "data"} and doc["as_of"] == "2026-11-28"
    log = doc["logs"][0]
    assert set(log) == {"id", "power", "events", "cases", "closed", "open", "cards", "conformance_rate",
                        "on_time_rate", "findings", "steps"}
    assert (log["events"], log["cases"], log["closed"], log["open"]) == (11, 4, 2, 2)
    assert log["cards"] == {"red": 3, "yellow": 0, "green": 1}
    assert log["conformance_rate"] == 0.5 and log["on_time_rate"] == 1.0
    assert log["findings"] == {"M102": 1, "M203": 2}
    assert {tuple(sorted(s)) for s in log["steps"]} == {
        ("events", "limit", "median_days", "over_limit", "p90_days", "step")}
    assert [s["step"] for s in log["steps"]] == ["S1", "S1B", "S2", "S3"]
    for case in doc["cases"]:
        assert set(case) == {"log", "case", "status", "card", "days", "limit", "findings"}
        assert case["card"] in ("red", "yellow") and case["limit"] == 10
        for f in case["findings"]:
            assert set(f) == {"code", "step", "time", "message", "risks"}
    m102 = next(f for c in doc["cases"] for f in c["findings"] if f["code"] == "M102")
    assert m102["risks"] == [{"id": "R-XK-1", "grade": "high"}, {"id": "R-XK-2", "grade": "medium"}]
    assert m102["time"] == "2026-03-03T10:00:00+08:00" and m102["step"] == "S3"
    assert [d["code"] for d in doc["data"]] == ["M001", "M004"]
    assert doc["data"][0] == {"log": "L", "code": "M001", "severity": "warning",
                              "message": doc["data"][0]["message"]}


def test_json_all_lists_every_case(result: MonitorResult) -> None:
    doc = json.loads(render_json(result, all=True))
    assert [c["case"] for c in doc["cases"]] == ["XK-1", "XK-2", "XK-3", "XK-4"]
    assert json.loads(render_json(result))["cases"][0]["card"] == "red"


def test_the_four_formats_agree(result: MonitorResult) -> None:
    doc = json.loads(render_json(result))
    from_json = sorted((c["case"], f["code"], f["message"]) for c in doc["cases"] for f in c["findings"])
    rows = csv_rows(render_csv(result))
    assert list(rows[0]) == list(CSV_HEADER)
    from_csv = sorted((r["case"], r["code"], r["message"]) for r in rows)
    assert from_csv == from_json and len(from_csv) == 3
    text, markdown = render_text(result), render_markdown(result)
    for case, code, message in from_json:
        assert f"{code} {message}" in text
        assert md(case) in markdown and md(f"{code} {message}") in markdown
    for r in rows:
        case = next(c for c in doc["cases"] if c["case"] == r["case"])
        assert (r["card"], int(r["days"]), r["limit"]) == (case["card"], case["days"], "10个工作日")
    assert "红牌 3　黄牌 0　绿牌 1" in text and "流程符合率 50.0%" in text and "按时办结率 100.0%" in text
    assert "红牌 3　黄牌 0　绿牌 1" in markdown


def test_text_shows_the_tables_a_desk_reads(result: MonitorResult) -> None:
    text = render_text(result)
    for heading in ("发现问题", "环节用时", "岗位", "涉及的廉政风险", "日志问题", "红牌案件"):
        assert heading in text
    assert "R-XK-1  高" in text
    english = render_text(result, "en")
    assert "Red cases" in english and "conformance 50.0%" in english and "M102 skipped-step" in english


def test_limit_caps_the_cases_listed(result: MonitorResult) -> None:
    text = render_text(result, limit=1)
    assert "（显示 1 件，共 3 件）" in text
    assert [line.split()[0] for line in text.splitlines() if line.startswith("  XK-")] == ["XK-2"]


def test_output_is_deterministic(tmp_path: Path) -> None:
    a = check(tmp_path / ".." / tmp_path.name, ROWS)
    b = check(tmp_path, ROWS)
    ra, rb = MonitorResult("2026-11-28", [a]), MonitorResult("2026-11-28", [b])
    for render in (render_text, render_json, render_csv, render_markdown):
        assert render(ra) == render(rb)


def test_parquet_holds_every_case_and_finding(result: MonitorResult, tmp_path: Path) -> None:
    written = write_parquet(result, tmp_path / "out")
    assert [p.name for p in written] == ["cases.parquet", "findings.parquet"]
    cases = pq.read_table(tmp_path / "out" / "cases.parquet").to_pylist()
    assert [c["case"] for c in cases] == ["XK-1", "XK-2", "XK-3", "XK-4"]
    assert cases[0]["card"] == "green" and cases[0]["codes"] == [] and cases[0]["limit_days"] == 10
    findings = pq.read_table(tmp_path / "out" / "findings.parquet").to_pylist()
    assert sorted(f["code"] for f in findings) == ["M102", "M203", "M203"]
    assert next(f for f in findings if f["code"] == "M102")["risks"] == ["R-XK-1", "R-XK-2"]
    again = tmp_path / "again"
    write_parquet(result, again)
    assert (again / "cases.parquet").read_bytes() == (tmp_path / "out" / "cases.parquet").read_bytes()


def test_exit_code_is_one_with_a_red_case(result: MonitorResult) -> None:
    assert exit_code(result) == 1
    green = MonitorResult("2026-11-28", [])
    assert exit_code(green) == 0


def test_values_from_the_log_cannot_forge_lines_formulas_mentions_or_markup(tmp_path: Path) -> None:
    hostile = "=HYPERLINK(\"http://x\")\n@admin <b>*x*</b> \x1b[31m\u202e"
    rows = [(hostile, "受理", "2026-03-02", "u1"), (hostile, "决定", "2026-03-03", "u1")]
    r = MonitorResult("2026-11-28", [check(tmp_path, rows)])
    out = csv_rows(render_csv(r))
    assert out[0]["case"].startswith("'=HYPERLINK") and "\n" not in out[0]["case"]
    text = render_text(r)
    assert "\x1b[31m" not in text and "\u202e" not in text and "\\x1b[31m" in text
    assert all(not line.startswith("@admin") for line in text.splitlines())
    markdown = render_markdown(r)
    assert not re.search(r"(?<![0-9A-Za-z_])@admin", markdown)  # no mention: GitHub and GitLab rules
    assert "<b>" not in markdown and "\\<b\\>" in markdown
    assert "\n@admin" not in markdown
    assert cell(clean("-1 + 2")) == "'-1 + 2" and cell(5) == "5" and cell(clean("\t=1")) == "\\t=1"
    assert clean("第一行\n第二行") == "第一行\\n第二行" and clean("红牌　黄牌") == "红牌　黄牌"


def test_progress_reports_every_stage_of_every_log(tmp_path: Path) -> None:
    from lianzheng.monitor import MonitorInput, monitor

    from .helpers import caselog, power, unit, write

    name = write(tmp_path, ROWS, fmt="xes")
    u = unit()
    xes = caselog(name, id="b", columns={"case": "case:concept:name", "activity": "concept:name",
                                          "time": "time:timestamp", "resource": "org:resource"})
    write(tmp_path, ROWS)
    seen: list[tuple[str, str, int, int]] = []
    result = monitor([MonitorInput(xes, power(), u, u.settings, tmp_path),
                      MonitorInput(caselog("log.csv", id="a"), power(), u, u.settings, tmp_path)],
                     "2026-11-28", progress=lambda log, stage, done, total: seen.append((log, stage, done, total)))
    assert [log.id for log in result.logs] == ["a", "b"]
    assert [s for s in seen if s[1] == "check"][-1] == ("b", "check", 6, 6)
    assert any(s[:2] == ("b", "read") for s in seen) and ("a", "check", 1, 6) in seen
    assert result.red_cases == 6 and len(result.cases()) == 6 and len(result.cases(all=True)) == 8

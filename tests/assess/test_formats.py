"""Every format of `lz assess` on the register of conftest.py: json in exactly SPEC's shape,
text and markdown with every indicator's numerator, denominator and failing items, csv as
the score series with formula-neutral cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from lianzheng import open_repository
from lianzheng.assess import TrendPoint, assess
from lianzheng.report import formats, render
from tests.conftest import TODAY
from tests.gitutil import edit

SPEC_INDICATOR_KEYS = ["id", "rate", "weight", "numerator", "denominator"]


def result_of(path: Path, trend: bool = False):  # type: ignore[no-untyped-def]
    result = assess(open_repository(path, cache=False), TODAY, by_department=True)
    if trend:
        points = [TrendPoint("a" * 40, dt.date(2026, 9, 30), 55.0), TrendPoint("b" * 40, dt.date(2026, 10, 31), 61.8)]
        result = result.with_trend(points, "month")
    return result


def test_formats_are_registered() -> None:
    assert formats("assess") == ("text", "json", "markdown", "csv")


def test_json_has_exactly_the_spec_shape(register: Path) -> None:
    data = json.loads(render("assess", "json", result_of(register, trend=True)))
    assert list(data) == ["as_of", "score", "indicators", "departments", "trend"]
    assert (data["as_of"], data["score"]) == ("2026-11-28", 61.8)
    # e_supervision and warning have nothing to measure: left out
    assert [i["id"] for i in data["indicators"]] == ["catalogue", "flowcharts", "risks", "grading", "measures",
                                                     "review", "disclosure"]
    for i in data["indicators"]:
        assert list(i)[:5] == SPEC_INDICATOR_KEYS
    catalogue = data["indicators"][0]
    assert (catalogue["rate"], catalogue["numerator"], catalogue["denominator"]) == (2 / 3, 2, 3)
    assert abs(sum(i["weight"] for i in data["indicators"]) - 100) < 1e-9
    assert round(sum(i["weight"] * i["rate"] for i in data["indicators"]), 1) == data["score"]
    assert catalogue["failing"] == [{
        "kind": "power", "id": "P-2", "name": "差旅费报销审批", "path": "powers/P-2.yaml", "line": 3,
        "department": "D-FIN", "risk": None, "part": None, "reasons": ["no_basis"],
        "message": "没有法律依据（basis）"}]
    measures = data["indicators"][4]
    assert measures["parts"] == [{"id": "high_risks", "rate": 0.0, "numerator": 0, "denominator": 1},
                                 {"id": "measures_on_time", "rate": 0.75, "numerator": 3, "denominator": 4}]
    assert measures["rate"] == 0.375
    assert [set(d) for d in data["departments"]] == [{"id", "score", "indicators"}] * 3
    fin = data["departments"][2]
    assert (fin["id"], fin["score"]) == ("D-FIN", 53.3)
    assert all(list(i) == SPEC_INDICATOR_KEYS for i in fin["indicators"] if i["id"] != "measures")  # no failing
    assert [i["id"] for i in fin["indicators"]] == ["catalogue", "flowcharts", "risks", "grading", "measures", "review"]
    assert data["trend"] == [{"commit": "a" * 40, "date": "2026-09-30", "score": 55.0},
                             {"commit": "b" * 40, "date": "2026-10-31", "score": 61.8}]


def test_json_without_departments_or_trend(register: Path) -> None:
    data = json.loads(render("assess", "json", assess(open_repository(register, cache=False), TODAY)))
    assert (data["departments"], data["trend"]) == ([], [])


def test_text_shows_every_indicator_and_what_failed(register: Path) -> None:
    text = render("assess", "text", result_of(register, trend=True))
    lines = text.splitlines()
    assert lines[:2] == ["检查考核（截至 2026-11-28）", "总分：61.8 / 100"]
    assert any(line.split() == ["职权清理", "2/3", "66.7%", "11.8", "7.8"] for line in lines)
    assert any(line.split() == ["防控措施", "3/5", "37.5%", "23.5", "8.8"] for line in lines)
    assert "未计分（没有可考核的内容，其余指标的权重按比例折算为 100）：电子监察、预警处置" in lines
    assert "防控措施取两部分的平均：高风险措施数达标 0/1；措施已完成或未到期 3/4" in lines
    assert "流程图（2 项）" in lines
    row = next(line for line in lines if "powers/P-1.yaml:3" in line and "环节" in line)
    assert row.split() == ["P-1", "食品经营许可", "审批科", "powers/P-1.yaml:3", "环节", "S2", "缺少：监督方式"]
    assert any("R-FIN-01 / M1" in line and "risks/posts.yaml:17" in line and "应于 2026-06-30 完成，现状为“计划”" in line
               for line in lines)
    assert any(line.split()[:3] == ["财务科", "53.3", "0.0%"] for line in lines)
    assert "得分趋势（每月最后一次提交）" in lines
    assert any(line.split() == ["2026-10-31", "b" * 12, "61.8"] for line in lines)


def test_text_in_english(register: Path) -> None:
    text = render("assess", "text", result_of(register), lang="en")
    assert "Score: 61.8 / 100" in text
    assert "step S2 lacks: supervision" in text
    assert "Left out (nothing to measure; the other weights are scaled to 100): E-supervision, Warning and disposal" in text


def test_markdown_for_the_leadership(register: Path) -> None:
    md = render("assess", "markdown", result_of(register, trend=True))
    assert md.startswith("## 检查考核（截至 2026-11-28）\n\n**总分：61.8 / 100**\n")
    assert "| 职权清理 | 2/3 | 66.7% | 11.8 | 7.8 |" in md
    assert "#### 公开透明（1 项）" in md
    assert "| P-1 | 食品经营许可 | 审批科 | powers/P-1.yaml:3 | 属于第9条所列的行政许可，没有裁量基准 |" in md
    assert "### 各科室得分" in md and "| 财务科 | 53.3 |" in md
    assert "| 2026-09-30 | aaaaaaaaaaaa | 55.0 |" in md


def test_csv_is_the_score_series(register: Path) -> None:
    out = render("assess", "csv", result_of(register, trend=True))
    assert out.startswith("\ufeff") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[0] == ["日期", "提交", "编号", "范围", "总分", "职权清理（%）", "流程图（%）", "风险查找（%）", "等级评定（%）",
                       "防控措施（%）", "动态管理（%）", "公开透明（%）", "电子监察（%）", "预警处置（%）"]
    assert [r[:5] for r in rows[1:]] == [
        ["2026-09-30", "a" * 40, "unit", "全单位", "55.0"], ["2026-10-31", "b" * 40, "unit", "全单位", "61.8"],
        ["2026-11-28", "", "unit", "全单位", "61.8"], ["2026-11-28", "", "D-PERMIT", "审批科", "64.7"],
        ["2026-11-28", "", "D-LAW", "执法大队", "88.2"], ["2026-11-28", "", "D-FIN", "财务科", "53.3"]]
    assert rows[3][5:] == ["66.7", "33.3", "100.0", "75.0", "37.5", "75.0", "50.0", "", ""]
    assert rows[6][11] == ""  # 财务科 has no public power: nothing to disclose


def test_csv_cells_cannot_run_as_formulas(register: Path) -> None:
    edit(register / "lianzheng.yaml", "name: 财务科", 'name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"')
    out = render("assess", "csv", result_of(register))
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[-1][3] == "'=HYPERLINK(\"http://evil\",\"x\")"

from __future__ import annotations

import datetime as dt

import pytest

from lianzheng.exchange.cells import (
    CellError,
    cell_ref,
    cell_text,
    column_letter,
    numbered_lines,
    parse_category,
    parse_date,
    parse_factor,
    parse_grade,
    safe_text,
    split_measures,
    terminal_text,
)
from lianzheng.exchange.columns import RISK_COLUMNS, column_field


@pytest.mark.parametrize("text, grade", [
    ("高", "high"), ("中", "medium"), ("低", "low"), ("高风险", "high"), ("中级", "medium"), ("低 ", "low"),
    ("一级", "high"), ("二级", "medium"), ("三级", "low"), ("一级风险", "high"), ("Ⅱ级", "medium"),
    ("★★★", "high"), ("★★", "medium"), ("★", "low"), ("★★☆", "medium"), ("红", "high"), ("橙色", "medium"),
    ("黄", "low"), ("high", "high"), ("LOW", "low"),
])
def test_grade_notations(text: str, grade: str) -> None:
    assert parse_grade(text) == grade


@pytest.mark.parametrize("text", ["较高", "较低", "A", "1", "★★★★★", "四级", "蓝", ""])
def test_unknown_or_ambiguous_grades_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_grade(text)


@pytest.mark.parametrize("value, factor", [(3, 3), (3.0, 3), ("4", 4), ("５", 5), ("三", 3), ("2分", 2)])
def test_factors(value: object, factor: int) -> None:
    assert parse_factor(value) == factor


@pytest.mark.parametrize("value", [0, 6, 2.5, "高", "", True, "3.5"])
def test_bad_factors(value: object) -> None:
    with pytest.raises(CellError):
        parse_factor(value)


@pytest.mark.parametrize("value", [
    dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 0, 0), 46082, 46082.0, "2026-03-01", "2026/3/1", "2026.3.1",
    "2026年3月1日", "20260301", "2026-03-01 00:00:00",
])
def test_dates(value: object) -> None:
    assert parse_date(value) == dt.date(2026, 3, 1)


@pytest.mark.parametrize("value", ["2026-02-30", "明年", "3", 12, "2026年"])
def test_bad_dates(value: object) -> None:
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize("text, category, mapped", [
    ("权力行使", "power", False), ("制度机制风险", "system", False), ("思想道德方面", "ethics", False),
    ("ethics", "ethics", False), ("岗位职责风险", "power", True), ("业务流程风险", "power", True),
    ("外部环境风险", "ethics", True),
])
def test_categories(text: str, category: str, mapped: bool) -> None:
    assert parse_category(text) == (category, mapped)


def test_unknown_category() -> None:
    with pytest.raises(CellError):
        parse_category("廉洁自律")


@pytest.mark.parametrize("text, items", [
    ("1.严格执行接待标准\n2.每月公示", ["严格执行接待标准", "每月公示"]),
    ("1.加强教育提醒; 2.制定车辆管理制度;\n 3.加强过程管理,每月汇总", ["加强教育提醒", "制定车辆管理制度", "加强过程管理,每月汇总"]),
    ("1、按第2、3款执行。2、每季度抽查", ["按第2、3款执行。", "每季度抽查"]),
    ("（1）用印审批\n（2）专人保管", ["用印审批", "专人保管"]),
    ("(1)双人审核(2)系统留痕(3)纪检抽查", ["双人审核", "系统留痕", "纪检抽查"]),
    ("①一次性告知②首问负责", ["一次性告知", "首问负责"]),
    ("一、签订承诺书\n二、警示教育", ["签订承诺书", "警示教育"]),
    ("（一）公开\n（二）监督", ["公开", "监督"]),
    ("1.1党政主要领导讲廉洁党课\n1.2分管领导提出要求", ["党政主要领导讲廉洁党课", "分管领导提出要求"]),
    ("档案查阅登记\n\n电子档案留痕", ["档案查阅登记", "电子档案留痕"]),
    ("• 公开\n• 监督", ["公开", "监督"]),
    ("加强教育", ["加强教育"]),
    ("1.5小时内办结", ["1.5小时内办结"]),
    ("1.执行第2.3条规定 2.抽查", ["执行第2.3条规定", "抽查"]),
    ("1.罚款1,000元以上报批", ["罚款1,000元以上报批"]),
    ("", []),
])
def test_measures_split(text: str, items: list[str]) -> None:
    assert split_measures(text) == items


@pytest.mark.parametrize("items", [
    ["严格执行标准", "每月公示"], ["1.5小时内办结", "2026年起实行"], ["单项措施"], ["（1）开头有括号", "② 圆圈"],
])
def test_numbered_lines_split_back(items: list[str]) -> None:
    assert split_measures(numbered_lines(items)) == items


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\r=x", "'\n=x"), ("正常文本", "正常文本"), ("a\x00b\x1bc", "abc"),
])
def test_safe_text(text: str, safe: str) -> None:
    assert safe_text(text) == safe


@pytest.mark.parametrize("text", ["=1+1", "+86", "-x", "@x"])
def test_guard_comes_off_on_import(text: str) -> None:
    assert cell_text(safe_text(text)) == text


def test_cell_text_and_refs() -> None:
    assert cell_text(3.0) == "3" and cell_text(2.5) == "2.5" and cell_text(None) == ""
    assert cell_text(dt.datetime(2026, 1, 2)) == "2026-01-02"
    assert cell_text("  a  \r\n b  ") == "a\n b"  # inner indentation is the writer's
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(26) == "AA"
    assert cell_ref("风险登记表", 11, 5) == "风险登记表!F12"
    assert terminal_text("a\nb\x1b[31mc") == "a b\ufffd[31mc"  # ESC shown as U+FFFD, never sent


@pytest.mark.parametrize("header, field", [
    ("科室", "department"), ("单位/科室", "department"), ("责任股室（单位）", "department"), ("股室", "department"),
    ("岗位名称", "post"), ("风险点涉及的岗位", "post"), ("廉政风险点", "title"), ("廉洁风险点", "title"),
    ("风险名称", "title"), ("重要环节", "step"), ("廉政风险主要内容及表现形式", "description"),
    ("主要\n表现形式", "description"), ("风险\n等级", "grade"), ("风险等级（高/中/低）", "grade"),
    ("风险级次", "grade"), ("防控要点及防控措施", "measures"), ("直接\n责任人", "owner"), ("部门负责人", "head"),
    ("风险防控责任领导", "leader"), ("分管领导", "leader"), ("*风险点", "title"), ("序 号", "ignored"),
    ("权力事项", "power_name"), ("职权编号", "power_id"), ("发生概率", "probability"),
])
def test_header_variants(header: str, field: str) -> None:
    assert column_field(header, RISK_COLUMNS) == field


@pytest.mark.parametrize("header", ["监测指标", "备注", "某局廉政风险点登记表", ""])
def test_unknown_headers(header: str) -> None:
    assert column_field(header, RISK_COLUMNS) is None

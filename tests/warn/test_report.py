"""The outputs of `lz warn`: text, json (SPEC.md's shape), markdown; hostile text made
harmless; the items it gives `lz due`."""

from __future__ import annotations

import json

from lianzheng.dynamic.due import due_warnings
from lianzheng.report.due import warning_message
from lianzheng.report.markdown import md_code, md_text
from lianzheng.report.text import one_line
from lianzheng.report.warn import render_json, render_markdown, render_text
from lianzheng.warn.engine import Directory, evaluate

from .helpers import AS_OF, DIRECTORY, D, disp, policy, sig

SIGNALS = [
    sig("S1", "2026-06-01", 2, "risk:R1", source="audit", summary="审计发现"),
    sig("S2", "2026-07-01", 1, "risk:R1", source="petition", confidential=True),
    sig("S3", "2026-11-20", 1, "post:P-WIN", source="efficiency", summary="暗访发现"),
    sig("S4", "2026-03-01", 5, "risk:R4", source="inspection_tour", summary="巡察反馈"),
]
DISPOSALS = [
    disp("C1", "risk:R4", "correction", "2026-03-05", due="2026-06-30", status="open", with_=("L2", "某某")),
    disp("C2", "risk:R1", "reminder", "2026-07-03"),
]


def result(show_confidential: bool = False):
    return evaluate(SIGNALS, DISPOSALS, DIRECTORY, AS_OF, policy=policy(), show_confidential=show_confidential)


def test_json_is_exactly_the_spec_shape() -> None:
    doc = json.loads(render_json(result()))
    assert list(doc) == ["as_of", "warnings", "findings"] and doc["as_of"] == "2026-11-28"
    for w in doc["warnings"]:
        assert list(w) == ["target", "score", "level", "signals", "by_source", "disposal", "findings"]
    for f in doc["findings"]:
        assert list(f) == ["code", "target", "disposal", "message"]
    assert doc["warnings"][0] == {
        "target": {"risk": "R4"}, "score": 5, "level": "correction", "signals": ["S4"],
        "by_source": {"inspection_tour": 1}, "disposal": "C1", "findings": ["W002"],
    }
    assert doc["warnings"][1] == {
        "target": {"risk": "R1"}, "score": 3, "level": "admonition", "signals": ["S1", "S2"],
        "by_source": {"audit": 1, "petition": 1}, "disposal": None, "findings": ["W001", "W003"],
    }
    assert [(f["code"], f["target"], f["disposal"]) for f in doc["findings"]] == [
        ("W001", {"risk": "R1"}, None), ("W002", {"risk": "R4"}, "C1"), ("W003", {"risk": "R1"}, None)]
    assert doc["findings"][0]["message"].startswith("风险 `R1`（违规受理）预警分值 3")
    english = json.loads(render_json(result(), "en"))
    assert english["findings"][1]["message"] == (
        "disposal `C1` (Order to correct, risk `R4`) was due 2026-06-30 and is 151 day(s) overdue, still open")


def test_json_with_show_confidential_adds_the_signals() -> None:
    doc = json.loads(render_json(result(show_confidential=True)))
    assert list(doc) == ["as_of", "warnings", "findings", "signals"]
    assert [s["id"] for s in doc["signals"]] == ["S1", "S2", "S3", "S4"]
    assert list(doc["signals"][0]) == ["id", "date", "source", "severity", "confidential", "summary", "ref"]


def test_text_by_level() -> None:
    text = render_text(result())
    lines = text.splitlines()
    assert lines[0] == "预警处置（截至 2026-11-28；统计窗口 365 天，处置时限 15 天）"
    order = [ln.strip() for ln in lines if ln and not ln.startswith(" ")]
    assert order[1:4] == ["责令纠错（1）", "诫勉谈话（1）", "风险提示（1）"]
    assert "  风险 R1  违规受理  分值 3  [W001, W003]" in lines
    assert "    来源：审计 1、信访举报 1" in lines
    assert "    最新信号：2026-07-01 信访举报 S2（保密）" in lines
    assert "    应采取：诫勉谈话（自 2026-07-01 起，应于 2026-07-16 前处置）" in lines
    assert "    处置：逾期未处置（最近一次：C2 风险提示 2026-07-03，不足以处置）" in lines
    assert ("    处置：C1 责令纠错 2026-03-05，整改期限 2026-06-30，未完成，已逾期 151 天，谈话对象：乙副局长、某某"
            in lines)
    assert "    处置：待处置" in lines
    assert lines[-2:] == ["共 3 项预警：责令纠错 1、诫勉谈话 1、风险提示 1；已处置 1，待处置 1，逾期未处置 1",
                          "错误 2，警告 1"]
    assert any(ln.startswith("  错误 W001 signals.yaml:1  风险 `R1`") for ln in lines)


def test_text_when_nothing_is_due() -> None:
    empty = evaluate([], [], Directory(), AS_OF, policy=policy())
    assert render_text(empty).splitlines()[-2:] == ["截至 2026-11-28，没有达到处置等级的预警。", "错误 0，警告 0"]
    assert render_json(empty) == '{\n  "as_of": "2026-11-28",\n  "warnings": [],\n  "findings": []\n}\n'
    assert empty.exit_code() == 0


def test_markdown_report() -> None:
    md = render_markdown(result())
    assert md.startswith("## 预警处置情况报告（截至 2026-11-28）\n")
    assert "### 责令纠错（1）" in md and "### 需要督办的事项" in md and "### 处置记录（2）" in md
    assert "| `risk: R1` | 违规受理 | 3 | 审计 1、信访举报 1 | 2026-07-01 信访举报 S2（保密） |" in md
    assert "- **W002**（错误）" in md
    assert md.rstrip().endswith("<!-- lz warn -->")
    assert "保密信号" not in md


def test_hostile_text_is_harmless() -> None:
    nasty = "坏人 @boss\n# 标题\x1b[31m<script>x</script> | [链接](javascript:x) `code`"
    signals = [sig("S1", "2026-11-20", 1, "risk:R1", summary=nasty)]
    directory = Directory(names={("risk", "R1"): "名称 @everyone\r\n伪造行"}, probability={})
    r = evaluate(signals, [], directory, AS_OF, policy=policy())
    text = render_text(r)
    assert "\x1b" not in text and "\r" not in text
    assert all(not ln.startswith("# ") and "伪造行" not in ln.split("名称")[0] for ln in text.splitlines())
    assert "名称 @everyone  伪造行" in text
    md = render_markdown(r)
    assert "@boss" not in md and "@everyone" not in md and "@\u200bboss" in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[链接](" not in md and "\\[链接\\](javascript" in md
    assert "\n# " not in md
    row = next(ln for ln in md.splitlines() if ln.startswith("| `risk: R1`"))
    assert row.count(" | ") == 6  # the `|` in the text does not add a column


def test_safe_helpers() -> None:
    assert one_line("a\nb\tc\x00d\u202ee") == "a b c\ufffdd\ufffde"
    assert one_line(None) == ""
    assert md_text("*x* @y") == "\\*x\\* @\u200by"
    assert md_code("a`b|c") == "`a'b\\|c`"


def test_due_items_with_the_leader() -> None:
    items = due_warnings(result())
    assert [(i.finding.code, i.finding.target, i.since, (AS_OF - i.since).days, i.leader) for i in items] == [
        ("W002", ("risk", "R4"), D("2026-06-30"), 151, None),
        ("W001", ("risk", "R1"), D("2026-07-16"), 135, "L2"),
    ]
    assert warning_message(items[1], "en").startswith("risk `R1` (违规受理) has scored 3")
    assert (items[0].finding.path, items[0].finding.line, items[0].finding.disposal) == ("disposals.yaml", 4, "C1")


def test_exit_code() -> None:
    assert result().exit_code() == 1
    calm = evaluate([sig("S1", "2026-11-20", 1, "post:P-WIN")], [], DIRECTORY, AS_OF, policy=policy())
    assert calm.exit_code() == 0
    only_w003 = evaluate([sig("S1", "2026-11-20", 3, "risk:R1")], [], DIRECTORY, AS_OF, policy=policy())
    assert [f.code for f in only_w003.findings] == ["W003"] and only_w003.exit_code() == 0

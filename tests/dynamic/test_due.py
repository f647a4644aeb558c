"""`lz due`: the work list of dynamic management (art. 13) in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import lz
from tests.conftest import example_dirs
from tests.gitutil import edit

AS_OF = ["--as-of", "2026-11-28"]


@pytest.fixture
def due_repo(base_repo: Path) -> Path:
    """One item of every kind, on 2026-11-28."""
    edit(base_repo / "laws.yaml", "revised: 2021-04-29", "revised: 2026-05-01")  # both powers cite food-law
    edit(base_repo / "powers" / "P-1.yaml", "reviewed: 2026-03-01", "reviewed: 2025-10-01")
    cf1 = base_repo / "powers" / "CF-1.yaml"
    edit(cf1, "    approval: {date: 2026-03-10, by: 局党组会议, ref: 2026年第3次党组会议纪要}\n", "")
    edit(cf1, "due: 2027-03-31, status: in_progress", "due: 2026-09-30, status: in_progress")
    edit(base_repo / "risks" / "posts.yaml", "    approval: {date: 2026-03-10, by: 局党组会议, ref: 2026年第3次党组会议纪要}\n",
         "")  # a low risk without approval is validate's warning, not on this list
    return base_repo


def test_json_lists_every_kind_of_due_item_sorted_by_date(due_repo: Path) -> None:
    result = lz(["due", str(due_repo), "--format", "json", "--no-cache", *AS_OF])
    assert result.exit_code == 0  # a report: items due are not a failure
    items = json.loads(result.stdout)
    assert [(i["id"], i["reason"], i["since"]) for i in items] == [
        ("R-CF1-01", "approval_missing", "2026-03-01"),
        ("R-CF1-01", "law_revised", "2026-05-01"),
        ("R-P1-01", "law_revised", "2026-05-01"),
        ("R-CF1-01", "measure_overdue", "2026-09-30"),
        ("R-P1-01", "review_cycle", "2026-10-01"),
    ]
    law, measure = items[1], items[3]
    assert (law["law"], law["days"], law["grade"], law["path"]) == ("food-law", 211, "high", "powers/CF-1.yaml")
    assert (measure["measure"], measure["line"]) == ("M2", 28)
    assert "《中华人民共和国食品安全法》于 2026-05-01 修订，晚于上次复核 2026-03-01" in law["message"]


def test_the_same_dates_as_validate_warnings(due_repo: Path) -> None:
    findings = json.loads(lz(["validate", str(due_repo), "--format", "json", "--no-cache", *AS_OF]).stdout)
    assert sorted(f["code"] for f in findings) == ["K004", "K005", "K006", "K006", "K009", "K009"]


def test_review_cycle_is_the_units_setting_and_counts_whole_days(base_repo: Path) -> None:
    edit(base_repo / "lianzheng.yaml", "posts:", "settings:\n  review_cycle_days: 180\nposts:")
    # reviewed 2026-03-01 + 180 days = 2026-08-28: due from the day after
    on_the_day = lz(["due", str(base_repo), "--format", "json", "--no-cache", "--as-of", "2026-08-28"])
    assert json.loads(on_the_day.stdout) == []
    after = json.loads(lz(["due", str(base_repo), "--format", "json", "--no-cache", "--as-of", "2026-08-29"]).stdout)
    assert {(i["id"], i["reason"], i["since"]) for i in after} == {
        (r, "review_cycle", "2026-08-28") for r in ("R-P1-01", "R-CF1-01", "R-FIN-01")}


def test_text_and_markdown(due_repo: Path) -> None:
    text = lz(["due", str(due_repo), "--no-cache", *AS_OF])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "需要复核和督办的事项（截至 2026-11-28，复核周期 365 天）"
    assert lines[-1] == "共 5 项：复核周期已满 1，法规修订后未复核 2，措施逾期未完成 1，高风险未经集体审定 1"
    row = next(line for line in lines if "措施逾期未完成" in line and "M2" in line)
    assert row.split()[:6] == ["R-CF1-01", "措施逾期未完成", "2026-09-30", "59", "乙副局长", "powers/CF-1.yaml:28"]
    md = lz(["due", str(due_repo), "--no-cache", "--format", "markdown", "--lang", "en", *AS_OF]).stdout
    assert md.startswith("## Due for review and follow-up (as of 2026-11-28; review cycle 365 days)\n")
    assert "| R-P1-01 | review cycle passed | 2026-10-01 | 58 | 乙副局长 | powers/P-1.yaml:" in md


@pytest.mark.parametrize("example", example_dirs(), ids=[p.name for p in example_dirs()])
def test_examples_have_no_risk_due_today_and_work_due_later(example: Path) -> None:
    today = json.loads(lz(["due", str(example), "--no-cache", "--format", "json", *AS_OF]).stdout)
    # the county's year of warnings leaves, on purpose, one undisposed and one follow-up overdue
    assert {i["reason"] for i in today} <= {"warning_undisposed", "disposal_overdue"}
    later = json.loads(lz(["due", str(example), "--no-cache", "--format", "json", "--as-of", "2027-12-31"]).stdout)
    assert {i["reason"] for i in later} >= {"review_cycle", "measure_overdue"}
    assert later == sorted(later, key=lambda i: i["since"])


def test_bad_date_and_path_exit_2(tmp_path: Path) -> None:
    assert lz(["due", str(tmp_path), "--as-of", "2026-02-30"]).exit_code == 2
    missing = lz(["due", str(tmp_path)])
    assert missing.exit_code == 2 and "lianzheng.yaml" in missing.stderr


def test_a_risk_without_a_review_date_runs_its_cycle_from_its_approval(base_repo: Path) -> None:
    """SPEC: the review cycle runs from `reviewed`, else from `approval.date` (hardening 13)."""
    edit(base_repo / "risks" / "posts.yaml", "    reviewed: 2026-03-01\n", "")  # approved 2026-03-10
    before = json.loads(lz(["due", str(base_repo), "--format", "json", "--no-cache", "--as-of", "2027-03-10"]).stdout)
    assert sorted(i["id"] for i in before if i["reason"] == "review_cycle") == ["R-CF1-01", "R-P1-01"]
    after = json.loads(lz(["due", str(base_repo), "--format", "json", "--no-cache", "--as-of", "2027-03-11"]).stdout)
    item = next(i for i in after if i["id"] == "R-FIN-01")
    assert (item["reason"], item["since"]) == ("review_cycle", "2027-03-10")
    assert "没有复核日期，集体审定于 2026-03-10" in item["message"]
    findings = json.loads(lz(["validate", str(base_repo), "--format", "json", "--no-cache",
                              "--as-of", "2027-03-11"]).stdout)
    assert any(f["code"] == "K005" and "自集体审定（2026-03-10）以来" in f["message"] for f in findings)


def test_a_risk_never_reviewed_nor_approved_is_due_at_once(base_repo: Path) -> None:
    edit(base_repo / "risks" / "posts.yaml", "    reviewed: 2026-03-01\n", "")
    edit(base_repo / "risks" / "posts.yaml", "    approval: {date: 2026-03-10, by: 局党组会议, ref: 2026年第3次党组会议纪要}\n", "")
    items = json.loads(lz(["due", str(base_repo), "--format", "json", "--no-cache", *AS_OF]).stdout)
    item = next(i for i in items if i["id"] == "R-FIN-01")
    assert (item["reason"], item["since"], item["days"]) == ("review_cycle", None, None)
    findings = json.loads(lz(["validate", str(base_repo), "--format", "json", "--no-cache", *AS_OF]).stdout)
    assert [f["message"] for f in findings if f["code"] == "K005"] == [
        "风险 `R-FIN-01` 既没有复核日期（reviewed）也没有集体审定日期（approval），应立即复核"]


def test_a_law_revised_after_the_reference_date_is_not_due(base_repo: Path) -> None:
    """The future is not due: no "已逾天数 -5" (hardening 14)."""
    edit(base_repo / "laws.yaml", "revised: 2021-04-29", "revised: 2026-12-03")
    on = json.loads(lz(["due", str(base_repo), "--format", "json", "--no-cache", *AS_OF]).stdout)
    assert [i for i in on if i["reason"] == "law_revised"] == []
    findings = json.loads(lz(["validate", str(base_repo), "--format", "json", "--no-cache", *AS_OF]).stdout)
    assert not [f for f in findings if f["code"] == "K009"]
    later = json.loads(lz(["due", str(base_repo), "--format", "json", "--no-cache", "--as-of", "2026-12-08"]).stdout)
    assert {(i["id"], i["days"]) for i in later if i["reason"] == "law_revised"} == {("R-P1-01", 5), ("R-CF1-01", 5)}

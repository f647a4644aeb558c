"""Every finding code, each with a small log that triggers exactly it, and one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from lianzheng.monitor.codes import MONITOR_RULES

from .helpers import LINEAR, case_of, check, codes, log_codes, power

# The linear flow without step limits, for the case-level rules.
NOLIMIT = [{k: v for k, v in s.items() if k != "time_limit"} for s in LINEAR]
CLOSED = [("A", "受理", "2026-03-02 09:00", "u1"), ("A", "审查", "2026-03-03 10:00", "u2"),
          ("A", "决定", "2026-03-04 15:00", "u3")]


def only(result, expected: list[str]) -> None:
    assert codes(result) + log_codes(result) == expected


def test_a_clean_case_is_green(tmp_path: Path) -> None:
    r = check(tmp_path, CLOSED)
    only(r, [])
    c = case_of(r, "A")
    assert (c.status, c.card, c.days, r.closed, r.open) == ("closed", "green", 2, 1, 0)
    assert r.conformance_rate == 1.0 and r.on_time_rate == 1.0


# --- log findings ----------------------------------------------------------------------

def test_m001_unmapped_activity_once_with_its_rows(tmp_path: Path) -> None:
    rows = [*CLOSED, ("A", "归档", "2026-03-04 16:00", "u3"), ("B", "归档", "2026-03-05", "u3")]
    r = check(tmp_path, rows)
    only(r, ["M001"])
    assert r.data[0].args == {"activity": "归档", "rows": 2}
    assert "归档" in r.data[0].message() and "2 行" in r.data[0].message()


def test_m001_not_for_an_activity_ignored_on_purpose(tmp_path: Path) -> None:
    rows = [*CLOSED, ("A", "归档", "2026-03-04 16:00", "u3")]
    r = check(tmp_path, rows, activities={"受理": "S1", "审查": "S2", "决定": "S3", "归档": None})
    only(r, [])
    assert r.events == 3 and r.rows == 4


def test_m002_unknown_resource_once_per_value(tmp_path: Path) -> None:
    rows = [*CLOSED, ("B", "受理", "2026-03-02", "temp"), ("B", "审查", "2026-03-03", "temp"),
            ("B", "决定", "2026-03-03", "u3")]
    r = check(tmp_path, rows, resources={"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ"})
    only(r, ["M002"])
    assert r.data[0].args == {"resource": "temp", "events": 2}


def test_m002_not_without_a_resources_map_or_with_every_value_mapped(tmp_path: Path) -> None:
    only(check(tmp_path, CLOSED), [])
    only(check(tmp_path, CLOSED, resources={"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ"}), [])


def test_m003_a_year_without_a_notice(tmp_path: Path) -> None:
    rows = [("A", "受理", "2027-03-01", "u1"), ("A", "审查", "2027-03-02", "u2"), ("A", "决定", "2027-03-03", "u3")]
    r = check(tmp_path, rows, as_of="2027-03-31")
    only(r, ["M003"])
    assert r.data[0].args == {"year": 2027, "events": 3}


def test_m003_not_for_covered_years(tmp_path: Path) -> None:
    only(check(tmp_path, CLOSED), [])


def test_m003_for_an_open_case_judged_in_an_uncovered_year(tmp_path: Path) -> None:
    r = check(tmp_path, [("A", "受理", "2026-12-30", "u1")], as_of="2027-01-04", the_power=power(NOLIMIT))
    assert log_codes(r) == ["M003"] and r.data[0].args["year"] == 2027


def test_m004_bad_rows_counted_with_the_first_five_rows(tmp_path: Path) -> None:
    bad = [("", "受理", "2026-03-02", "u1"), ("B", "", "2026-03-02", "u1"), ("C", "受理", "2026-13-45", "u1"),
           ("D", "受理", "", "u1"), ("E", "受理", "yesterday", "u1"), ("F", "受理", "2026/02/30", "u1")]
    r = check(tmp_path, [*CLOSED, *bad])
    only(r, ["M004"])
    assert r.data[0].args["count"] == 6
    assert r.data[0].args["first"] == [5, 6, 7, 8, 9]  # the header is row 1
    assert r.data[0].message().endswith("已跳过：第 5、6、7、8、9 行等")
    assert r.data[0].message("en").endswith("rows 5, 6, 7, 8, 9, …")
    assert r.events == 3


def test_m004_not_for_an_unreadable_time_of_an_ignored_activity(tmp_path: Path) -> None:
    rows = [*CLOSED, ("A", "归档", "?", "u1")]
    only(check(tmp_path, rows, activities={"受理": "S1", "审查": "S2", "决定": "S3", "归档": None}), [])


# --- conformance ---------------------------------------------------------------------------

def test_m101_wrong_start(tmp_path: Path) -> None:
    r = check(tmp_path, [("A", "审查", "2026-03-02", "u2"), ("A", "决定", "2026-03-03", "u3")])
    only(r, ["M101"])
    f = case_of(r, "A").findings[0]
    assert (f.step, f.row, case_of(r, "A").card) == ("S2", 2, "red")
    assert f.time == "2026-03-02T00:00:00+08:00"


def test_m102_skipped_step_names_the_steps_between(tmp_path: Path) -> None:
    r = check(tmp_path, [("A", "受理", "2026-03-02", "u1"), ("A", "决定", "2026-03-03", "u3")])
    only(r, ["M102"])
    f = case_of(r, "A").findings[0]
    assert f.step == "S3" and f.args["skipped_steps"] == ["S2"]
    assert "跳过了“审查”（S2）" in f.message()


@pytest.mark.parametrize(("order", "skipped"), [(["S2a", "S2b"], ["S2a"]), (["S2b", "S2a"], ["S2b"])])
def test_m102_ties_between_shortest_paths_go_by_the_order_of_next(tmp_path: Path, order: list[str],
                                                                  skipped: list[str]) -> None:
    steps = [
        {"id": "S1", "name": "受理", "next": order},
        {"id": "S2a", "name": "书面审查", "next": ["S3"]},
        {"id": "S2b", "name": "现场核查", "next": ["S4", "S3"]},
        {"id": "S4", "name": "复核", "next": ["S3"]},
        {"id": "S3", "name": "决定", "end": True},
    ]
    r = check(tmp_path, [("A", "受理", "2026-03-02", ""), ("A", "决定", "2026-03-03", "")], the_power=power(steps),
              activities={"受理": "S1", "决定": "S3"})
    assert codes(r) == ["M102"] and case_of(r, "A").findings[0].args["skipped_steps"] == skipped


def test_m102_back_along_a_loop_skipping_the_step_between(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", "u1"), ("A", "补正", "2026-03-02", "u1"), ("A", "补正", "2026-03-05", "u1"),
            ("A", "受理", "2026-03-06", "u1"), ("A", "审查", "2026-03-09", "u2"), ("A", "决定", "2026-03-10", "u3")]
    r = check(tmp_path, rows)
    only(r, ["M102"])  # 补正 → 补正 skips 受理: S1B reaches itself only through S1
    assert case_of(r, "A").findings[0].args["skipped_steps"] == ["S1"]


def test_m103_unexpected_step(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", "u1"), ("A", "审查", "2026-03-03", "u2"), ("A", "受理", "2026-03-04", "u1"),
            ("A", "审查", "2026-03-05", "u2"), ("A", "决定", "2026-03-06", "u3")]
    r = check(tmp_path, rows)
    only(r, ["M103"])
    f = case_of(r, "A").findings[0]
    assert (f.step, f.args["from"], f.row) == ("S1", "S2", 4)
    assert case_of(r, "A").days == 2  # counted from the last acceptance


def test_m104_wrong_actor(tmp_path: Path) -> None:
    resources = {"u1": "P-SL", "u2": "P-SC", "u3": "D-XZ", "bg": "P-BG", "head": "D-XZ"}
    r = check(tmp_path, [("A", "受理", "2026-03-02", "u1"), ("A", "审查", "2026-03-03", "bg"),
                         ("A", "决定", "2026-03-04", "u3")], resources=resources)
    only(r, ["M104"])
    f = case_of(r, "A").findings[0]
    assert f.args["post"] == "P-BG" and f.args["actor"] == "P-SC" and "文书岗" in f.message()


def test_m104_a_post_matches_its_department_a_department_only_itself(tmp_path: Path) -> None:
    resources = {"u1": "P-SL", "u2": "P-SC", "head": "D-XZ"}
    # 决定's actor is the department D-XZ: its post P-SC may decide.
    ok = check(tmp_path, [("A", "受理", "2026-03-02", "u1"), ("A", "审查", "2026-03-03", "u2"),
                          ("A", "决定", "2026-03-04", "u2")], resources=resources)
    only(ok, [])
    # 审查's actor is the post P-SC: the department's head (mapped to D-XZ) may not.
    wrong = check(tmp_path, [("A", "受理", "2026-03-02", "u1"), ("A", "审查", "2026-03-03", "head"),
                             ("A", "决定", "2026-03-04", "u2")], resources=resources)
    only(wrong, ["M104"])


def test_m104_not_for_events_without_a_mapped_resource(tmp_path: Path) -> None:
    r = check(tmp_path, [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", "nobody"),
                         ("A", "决定", "2026-03-04", "u3")], resources={"u3": "D-XZ"})
    assert codes(r) == [] and log_codes(r) == ["M002"]


MAJOR = [
    {"id": "S1", "name": "申请", "next": ["S2"]},
    {"id": "S2", "name": "审核", "next": ["S3", "S4"]},
    {"id": "S3", "name": "党组会议研究", "collective": True, "next": ["S4"]},
    {"id": "S4", "name": "执行", "end": True},
]
MAJOR_ACTS = {"申请": "S1", "审核": "S2", "集体研究": "S3", "执行": "S4"}


def test_m105_collective_step_missing(tmp_path: Path) -> None:
    p = power(MAJOR, major_matter=["funds"])
    r = check(tmp_path, [("A", "申请", "2026-03-02", ""), ("A", "审核", "2026-03-03", ""),
                         ("A", "执行", "2026-03-04", "")], the_power=p, activities=MAJOR_ACTS)
    only(r, ["M105"])
    assert case_of(r, "A").findings[0].step is None and "党组会议研究" in case_of(r, "A").findings[0].message()


def test_m105_not_with_the_collective_step_open_cases_or_ordinary_matters(tmp_path: Path) -> None:
    p = power(MAJOR, major_matter=["funds"])
    done = [("A", "申请", "2026-03-02", ""), ("A", "审核", "2026-03-03", ""), ("A", "集体研究", "2026-03-04", ""),
            ("A", "执行", "2026-03-05", ""), ("B", "申请", "2026-11-25", ""), ("B", "审核", "2026-11-26", "")]
    only(check(tmp_path, done, the_power=p, activities=MAJOR_ACTS), [])
    plain = [("A", "申请", "2026-03-02", ""), ("A", "审核", "2026-03-03", ""), ("A", "执行", "2026-03-04", "")]
    only(check(tmp_path, plain, the_power=power(MAJOR), activities=MAJOR_ACTS), [])


def test_m106_event_after_end(tmp_path: Path) -> None:
    # 送达 ends the case, and may be followed by 归档 (another end step): an event after an end.
    steps = [*NOLIMIT[:3], {"id": "S3", "name": "决定并送达", "end": True, "next": ["S4"]},
             {"id": "S4", "name": "归档", "end": True}]
    r = check(tmp_path, [*CLOSED, ("A", "归档", "2026-03-05", "")], the_power=power(steps),
              activities={"受理": "S1", "审查": "S2", "决定": "S3", "归档": "S4"})
    only(r, ["M106"])
    f = case_of(r, "A").findings[0]
    assert (f.step, f.args["end"]) == ("S4", "S3")


def test_m106_and_the_move_after_it_is_still_checked(tmp_path: Path) -> None:
    r = check(tmp_path, [*CLOSED, ("A", "审查", "2026-03-05", "u2")], as_of="2026-03-06")
    assert codes(r) == ["M103", "M106"]
    assert case_of(r, "A").status == "open"


def test_m106_not_before_the_end(tmp_path: Path) -> None:
    only(check(tmp_path, CLOSED), [])


# --- time ----------------------------------------------------------------------------------

def test_m201_step_overdue(tmp_path: Path) -> None:
    r = check(tmp_path, [("A", "受理", "2026-03-02", "u1"), ("A", "审查", "2026-03-05", "u2"),
                         ("A", "决定", "2026-03-06", "u3")])
    only(r, ["M201"])
    f = case_of(r, "A").findings[0]
    assert (f.step, f.args["days_n"], case_of(r, "A").card) == ("S2", 3, "yellow")


def test_m201_not_at_the_limit(tmp_path: Path) -> None:
    only(check(tmp_path, [("A", "受理", "2026-03-02", "u1"), ("A", "审查", "2026-03-04", "u2"),
                          ("A", "决定", "2026-03-05", "u3")]), [])


def test_m202_case_over_promised(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "决定", "2026-03-10", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT))
    only(r, ["M202"])
    assert case_of(r, "A").days == 6 and case_of(r, "A").card == "yellow"
    assert r.on_time_rate == 1.0


def test_m202_not_at_the_promised_limit(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "决定", "2026-03-09", "")]
    only(check(tmp_path, rows, the_power=power(NOLIMIT)), [])


def test_m203_case_overdue(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "决定", "2026-03-17", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT))
    only(r, ["M203"])  # not M202 as well
    c = case_of(r, "A")
    assert (c.days, c.limit.days, c.card) == (11, 10, "red")
    assert r.on_time_rate == 0.0 and r.conformance_rate == 1.0


def test_m203_not_at_the_statutory_limit(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "决定", "2026-03-16", "")]
    assert codes(check(tmp_path, rows, the_power=power(NOLIMIT))) == ["M202"]


def test_m203_against_the_promised_limit_when_there_is_no_statutory_one(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "决定", "2026-03-10", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT, statutory_days=None))
    only(r, ["M203"])
    f = case_of(r, "A").findings[0]
    assert f.variant == "promised" and "承诺期限" in f.message()
    assert case_of(r, "A").limit.days == 5


def test_m204_case_near_limit_says_how_many_days_are_left(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-11-16", ""), ("A", "审查", "2026-11-17", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT, promised_days=None))
    only(r, ["M204"])
    f = case_of(r, "A").findings[0]
    assert (f.args["days_n"], f.args["left_n"], f.args["deadline"]) == (9, 1, "2026-11-30")
    assert "剩余 1个工作日" in f.message() and "1 working day left" in f.message("en")
    assert case_of(r, "A").status == "open"


def test_m204_not_below_the_share_or_for_closed_cases(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-11-16", ""), ("A", "审查", "2026-11-17", "")]
    only(check(tmp_path, rows, the_power=power(NOLIMIT, promised_days=None), as_of="2026-11-24"), [])
    closed = [("A", "受理", "2026-11-16", ""), ("A", "审查", "2026-11-17", ""), ("A", "决定", "2026-11-27", "")]
    only(check(tmp_path, closed, the_power=power(NOLIMIT, promised_days=None)), [])


def test_m204_share_comes_from_settings_monitor(tmp_path: Path) -> None:
    from .helpers import unit

    u = unit(monitor={"near_limit": 0.5})
    rows = [("A", "受理", "2026-11-16", ""), ("A", "审查", "2026-11-17", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT, promised_days=None), as_of="2026-11-23", the_unit=u)
    only(r, ["M204"])


def test_open_case_over_its_limit_is_red_not_near(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-11-02", ""), ("A", "审查", "2026-11-03", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT, promised_days=None))
    only(r, ["M203"])
    assert case_of(r, "A").status == "open" and r.on_time_rate is None


def test_every_rule_has_texts_in_both_languages_and_formats_its_messages() -> None:
    for rule in MONITOR_RULES.values():
        assert rule.family == "M" and rule.summary("zh") and rule.why("en") and rule.bad != rule.good
        for template in rule.messages.values():
            assert template("zh") and template("en")
    assert sorted(MONITOR_RULES) == ["M001", "M002", "M003", "M004", "M101", "M102", "M103", "M104", "M105",
                                     "M106", "M201", "M202", "M203", "M204"]

"""Counting time: the official calendar, pauses, the clock start, time zones, ties, as-of."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from lianzheng.monitor import log_input
from lianzheng.monitor.calendar import Official, WorkCalendar
from lianzheng.monitor.engine import AsOf, check_log

from .helpers import LINEAR, case_of, caselog, check, codes, power, unit, write

NOLIMIT = [{k: v for k, v in s.items() if k != "time_limit"} for s in LINEAR]
WEEKENDS_ALONE = WorkCalendar(_official=Official(2001, 2026, {}, frozenset(), "weekends alone"))


def check_on(tmp_path: Path, rows, calendar: WorkCalendar, the_power=None, as_of: str = "2026-11-28"):
    name = write(tmp_path, rows)
    u = unit()
    item = log_input(caselog(name), the_power or power(NOLIMIT, promised_days=7), u, u.settings, tmp_path)
    return check_log(dataclasses.replace(item, calendar=calendar), AsOf.parse(as_of))


NATIONAL_DAY = [("A", "受理", "2026-09-30 10:00", ""), ("A", "审查", "2026-10-09 10:00", ""),
                ("A", "决定", "2026-10-13 10:00", "")]


def test_a_case_across_national_day_is_green_on_the_official_calendar(tmp_path: Path) -> None:
    r = check_on(tmp_path, NATIONAL_DAY, WorkCalendar())
    c = case_of(r, "A")
    assert (c.card, c.days) == ("green", 5)  # 8, 9, 10 (调休 Saturday), 12, 13 October


def test_the_same_case_would_be_yellow_on_weekdays_alone(tmp_path: Path) -> None:
    r = check_on(tmp_path, NATIONAL_DAY, WEEKENDS_ALONE)
    c = case_of(r, "A")
    assert (c.card, c.days, codes(r)) == ("yellow", 9, ["M202"])


def test_the_10_october_2026_tiaoxiu_saturday_is_a_working_day(tmp_path: Path) -> None:
    steps = [*LINEAR[:3], {**LINEAR[3], "time_limit": 1}]
    rows = [("A", "受理", "2026-10-08", ""), ("A", "审查", "2026-10-09", ""), ("A", "决定", "2026-10-12", "")]
    official = check_on(tmp_path, rows, WorkCalendar(), power(steps))
    assert codes(official) == ["M201"]  # 10 and 12 October: two working days for a one-day step
    assert case_of(official, "A").findings[0].args["days_n"] == 2
    assert codes(check_on(tmp_path, rows, WEEKENDS_ALONE, power(steps))) == []
    on_saturday = [("A", "受理", "2026-10-09", ""), ("A", "审查", "2026-10-10", ""), ("A", "决定", "2026-10-12", "")]
    r = check_on(tmp_path, on_saturday, WorkCalendar(), power(steps))
    assert codes(r) == [] and case_of(r, "A").days == 2


def test_settings_calendar_reaches_the_monitor(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "决定", "2026-03-09", "")]
    plain = check(tmp_path, rows, the_power=power(NOLIMIT))
    assert case_of(plain, "A").days == 5
    u = unit(calendar={"holidays": ["2026-03-03", "2026-03-04"]})
    local = check(tmp_path, rows, the_power=power(NOLIMIT), the_unit=u)
    assert case_of(local, "A").days == 3


# --- pauses and the clock start ---------------------------------------------------------------

def test_buzheng_by_the_applicant_does_not_count(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("A", "补正", "2026-03-02", ""), ("A", "受理", "2026-03-23", ""),
            ("A", "审查", "2026-03-24", ""), ("A", "决定", "2026-03-25", "")]
    r = check(tmp_path, rows)
    c = case_of(r, "A")
    assert (c.card, c.days, codes(r)) == ("green", 2, [])  # 受理 waited 15 working days, paused


def test_a_pause_after_acceptance_leaves_its_time_out(tmp_path: Path) -> None:
    steps = [
        {"id": "S1", "name": "受理", "next": ["S2"]},
        {"id": "S2", "name": "审查", "next": ["S2H", "S3"]},
        {"id": "S2H", "name": "听证", "pauses_clock": True, "time_limit": 1, "next": ["S3"]},
        {"id": "S3", "name": "决定", "time_limit": 1, "end": True},
    ]
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""), ("A", "听证", "2026-03-04", ""),
            ("A", "决定", "2026-04-15", "")]
    r = check(tmp_path, rows, the_power=power(steps), activities={"受理": "S1", "审查": "S2", "听证": "S2H", "决定": "S3"})
    c = case_of(r, "A")
    assert (c.days, c.card) == (2, "green")  # and no M201 for 决定: its interval is paused
    steps_s3 = next(s for s in r.steps if s.step == "S3")
    assert steps_s3.intervals == 0 and steps_s3.median_days is None


def test_an_open_case_waiting_for_the_applicant_is_not_counted(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-10-12", ""), ("A", "补正", "2026-10-12", "")]
    r = check(tmp_path, rows)
    c = case_of(r, "A")
    assert (c.status, c.days, c.card) == ("open", 0, "green")


def test_clock_start_time_before_acceptance_counts_for_step_limits_only(tmp_path: Path) -> None:
    p = power(clock_start="S2")
    rows = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-16", ""), ("A", "决定", "2026-03-17", "")]
    r = check(tmp_path, rows, the_power=p)
    c = case_of(r, "A")
    assert c.days == 1 and codes(r) == ["M201"]  # 审查 took 10 working days; the case 1
    from_start = check(tmp_path, rows)
    assert case_of(from_start, "A").days == 11 and "M203" in codes(from_start)


def test_a_case_without_a_clock_start_event_counts_from_its_first(tmp_path: Path) -> None:
    r = check(tmp_path, [("A", "审查", "2026-03-02", ""), ("A", "决定", "2026-03-04", "")], the_power=power(NOLIMIT))
    assert case_of(r, "A").days == 2


# --- time zones, ties, as-of ---------------------------------------------------------------------

def test_times_with_an_offset_are_converted_before_the_date_is_taken(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02T10:00:00+08:00", ""), ("A", "审查", "2026-03-02T23:30:00+00:00", ""),
            ("A", "决定", "2026-03-03 09:00", "")]
    shanghai = check(tmp_path, rows, the_power=power(NOLIMIT))
    s2 = next(s for s in shanghai.steps if s.step == "S2")
    assert s2.median_days == 1  # 23:30 UTC is 07:30 on 3 March in Shanghai
    assert case_of(shanghai, "A").findings == () and case_of(shanghai, "A").last_time == "2026-03-03T09:00:00+08:00"
    utc = check(tmp_path, rows, the_power=power(NOLIMIT), timezone="UTC")
    assert next(s for s in utc.steps if s.step == "S2").median_days == 0
    assert case_of(utc, "A").last_time == "2026-03-03T09:00:00+00:00"  # no offset: taken in the log's zone


def test_day_only_times_and_mixed_offsets_in_one_file(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-27", ""), ("A", "审查", "2026-03-30T01:00:00+02:00", ""),
            ("A", "决定", "2026-03-30T23:30:00+01:00", "")]
    r = check(tmp_path, rows, the_power=power(NOLIMIT), timezone="Europe/Amsterdam")
    c = case_of(r, "A")
    assert c.first_time == "2026-03-27T00:00:00+01:00"
    assert c.last_time == "2026-03-31T00:30:00+02:00"  # summer time began on 29 March
    assert c.days == 2


def test_equal_times_keep_the_order_of_the_file(tmp_path: Path) -> None:
    in_order = [("A", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-02", ""), ("A", "决定", "2026-03-02", "")]
    assert codes(check(tmp_path, in_order)) == []
    swapped = [("A", "审查", "2026-03-02", ""), ("A", "受理", "2026-03-02", ""), ("A", "决定", "2026-03-02", "")]
    r = check(tmp_path, swapped)
    assert codes(r) == ["M101", "M103", "M102"]
    assert [f.row for f in case_of(r, "A").findings] == [2, 3, 4]


def test_rows_of_other_cases_between_do_not_matter(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-03-02", ""), ("B", "受理", "2026-03-02", ""), ("A", "审查", "2026-03-03", ""),
            ("B", "审查", "2026-03-03", ""), ("B", "决定", "2026-03-04", ""), ("A", "决定", "2026-03-04", "")]
    r = check(tmp_path, rows)
    assert codes(r) == [] and r.closed == 2


def test_events_after_as_of_are_left_out(tmp_path: Path) -> None:
    rows = [("A", "受理", "2026-11-16 09:00", ""), ("A", "审查", "2026-11-17 09:00", ""),
            ("A", "决定", "2026-11-20 15:00", "")]
    later = check(tmp_path, rows, the_power=power(NOLIMIT))
    assert case_of(later, "A").status == "closed"
    on_the_day = check(tmp_path, rows, the_power=power(NOLIMIT), as_of="2026-11-20")
    assert case_of(on_the_day, "A").status == "closed"
    before = check(tmp_path, rows, the_power=power(NOLIMIT), as_of="2026-11-20T12:00:00+08:00")
    c = case_of(before, "A")
    assert (c.status, c.days, before.after_as_of, before.events) == ("open", 4, 1, 2)


def test_as_of_parses_dates_and_datetimes() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    assert AsOf.parse("2026-11-28").day(tz) == dt.date(2026, 11, 28)
    moment = AsOf.parse("2026-11-28T01:00:00+00:00")
    assert moment.day(tz) == dt.date(2026, 11, 28) and moment.given == "2026-11-28T01:00:00+00:00"
    assert AsOf.parse("2026-11-27T20:00:00Z").day(tz) == dt.date(2026, 11, 28)
    assert AsOf.parse("2026-11-28T10:00").day(tz) == dt.date(2026, 11, 28)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        AsOf.parse("28/11/2026")


# --- calendar-day limits (民法典 art. 203) ----------------------------------------------------------

CAL10 = {"days": 10, "calendar": True}


def test_a_calendar_day_limit_ending_on_saturday_runs_to_monday(tmp_path: Path) -> None:
    p = power(NOLIMIT, statutory_days=CAL10, promised_days=None)
    on_monday = [("A", "受理", "2026-03-04", ""), ("A", "审查", "2026-03-05", ""), ("A", "决定", "2026-03-16", "")]
    r = check(tmp_path, on_monday, the_power=p)
    assert codes(r) == [] and case_of(r, "A").days == 12
    on_tuesday = [*on_monday[:2], ("A", "决定", "2026-03-17", "")]
    assert codes(check(tmp_path, on_tuesday, the_power=p)) == ["M203"]


def test_an_open_case_inside_the_extension_is_near_not_over(tmp_path: Path) -> None:
    p = power(NOLIMIT, statutory_days=CAL10, promised_days=None)
    rows = [("A", "受理", "2026-03-04", ""), ("A", "审查", "2026-03-05", "")]
    r = check(tmp_path, rows, the_power=p, as_of="2026-03-15")
    f = case_of(r, "A").findings[0]
    assert (f.code, f.variant, f.args["deadline"]) == ("M204", "extended", "2026-03-16")
    assert "顺延至 2026-03-16" in f.message()
    assert codes(check(tmp_path, rows, the_power=p, as_of="2026-03-17")) == ["M203"]


def test_a_calendar_day_step_limit_follows_the_same_rule(tmp_path: Path) -> None:
    steps = [LINEAR[0], LINEAR[1], {**NOLIMIT[2], "time_limit": {"days": 3, "calendar": True}}, NOLIMIT[3]]
    p = power(steps, statutory_days=None, promised_days=None)
    ok = [("A", "受理", "2026-03-04", ""), ("A", "审查", "2026-03-09", ""), ("A", "决定", "2026-03-10", "")]
    r = check(tmp_path, ok, the_power=p)
    assert codes(r) == []
    assert next(s for s in r.steps if s.step == "S2").median_days == 5  # calendar days, the step's unit
    late = [("A", "受理", "2026-03-04", ""), ("A", "审查", "2026-03-10", ""), ("A", "决定", "2026-03-11", "")]
    assert codes(check(tmp_path, late, the_power=p)) == ["M201"]


def test_pauses_apply_to_calendar_day_limits_too(tmp_path: Path) -> None:
    p = power(statutory_days=CAL10, promised_days=None)
    p = power([{k: v for k, v in s.items() if k != "time_limit" or s["id"] == "S1B"} for s in LINEAR],
              statutory_days=CAL10, promised_days=None)
    rows = [("A", "受理", "2026-03-02", ""), ("A", "补正", "2026-03-02", ""), ("A", "受理", "2026-03-20", ""),
            ("A", "审查", "2026-03-23", ""), ("A", "决定", "2026-03-30", "")]
    r = check(tmp_path, rows, the_power=p)
    assert case_of(r, "A").days == 10 and codes(r) == []

"""The working-day calendar: the frozen official data, periods, the art. 203 rule."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lianzheng.monitor.calendar import WorkCalendar, day_number, official
from lianzheng.spec.values import Duration

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def test_the_frozen_data_matches_chinesecalendar_for_every_year_both_cover() -> None:
    cc = pytest.importorskip("chinese_calendar")
    cal = WorkCalendar()
    first, last = cal.covered_years()
    known = {D(2005, 12, 31)}  # the 2006 notice moved work to Saturday 31 December 2005
    differ = []
    for year in range(max(first, 2004), min(last, 2026) + 1):
        day = D(year, 1, 1)
        while day.year == year:
            if cal.is_workday(day) != cc.is_workday(day) and day not in known:
                differ.append(day)
            day += dt.timedelta(days=1)
    assert differ == []
    assert cal.is_workday(D(2005, 12, 31))  # chinesecalendar has it as a rest day


def test_the_data_file_is_what_the_freeze_script_writes() -> None:
    """`scripts/freeze-calendar --check` passes: the shipped data is the official calendar
    as the pinned source gives it (and the script runs)."""
    pytest.importorskip("holidays")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "freeze-calendar"), "--check"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_data_covers_the_years_with_a_notice() -> None:
    data = official()
    assert (data.first_year, data.last_year) == (2001, 2026)
    assert data.holidays[D(2026, 10, 1)] == "国庆节"
    cal = WorkCalendar()
    assert cal.covers(2026) and cal.covers(2001) and not cal.covers(2000) and not cal.covers(2027)


def test_2026_national_day_and_its_weekend_workdays() -> None:
    cal = WorkCalendar()
    assert [cal.is_workday(D(2026, 10, d)) for d in range(1, 11)] == [
        False, False, False, False, False, False, False, True, True, True]  # 1–7 off, 8–10 work
    assert cal.is_workday(D(2026, 10, 10))  # the 调休 Saturday
    assert cal.is_workday(D(2026, 9, 20))  # the 调休 Sunday
    assert not cal.is_workday(D(2026, 10, 11))
    assert cal.holiday_name(D(2026, 10, 7)) and cal.holiday_name(D(2026, 10, 8)) is None


def test_years_without_a_notice_have_weekends_alone() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2027, 10, 1))  # a Friday: no notice yet
    assert not cal.is_workday(D(2027, 10, 2))
    assert cal.is_workday(D(2000, 1, 3))


def test_working_days_leave_out_the_first_day() -> None:
    cal = WorkCalendar()
    assert cal.working_days(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert cal.working_days(D(2026, 3, 2), D(2026, 3, 3)) == 1  # 民法典 art. 201
    assert cal.working_days(D(2026, 3, 6), D(2026, 3, 9)) == 1  # Friday to Monday
    assert cal.working_days(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert cal.calendar_days(D(2026, 9, 30), D(2026, 10, 13)) == 13
    assert cal.working_days(D(2026, 3, 9), D(2026, 3, 6)) == -1


def test_a_calendar_day_limit_ending_on_a_rest_day_runs_to_the_next_working_day() -> None:
    cal = WorkCalendar()
    ten = Duration(10, calendar=True)
    assert cal.last_day(D(2026, 3, 4), ten) == D(2026, 3, 16)  # 14 March is a Saturday
    assert not cal.over(D(2026, 3, 4), D(2026, 3, 16), ten)
    assert cal.over(D(2026, 3, 4), D(2026, 3, 17), ten)
    assert cal.last_day(D(2026, 9, 23), Duration(8, calendar=True)) == D(2026, 10, 8)  # into National Day
    assert cal.last_day(D(2026, 3, 2), Duration(3)) == D(2026, 3, 5)
    assert cal.last_day(D(2026, 9, 30), Duration(2)) == D(2026, 10, 9)


def test_settings_calendar_changes_the_official_one() -> None:
    cal = WorkCalendar.of(holidays=[D(2026, 3, 3)], workdays=[D(2026, 3, 7)])
    assert not cal.is_workday(D(2026, 3, 3)) and cal.is_workday(D(2026, 3, 7))
    assert cal.working_days(D(2026, 3, 2), D(2026, 3, 9)) == 5
    both = WorkCalendar.of(holidays=[D(2026, 3, 7)], workdays=[D(2026, 3, 7)])
    assert not both.is_workday(D(2026, 3, 7))


def test_the_sql_table_makes_working_days_a_subtraction() -> None:
    cal = WorkCalendar()
    rows = cal.table(D(2026, 9, 1), D(2026, 10, 31))
    by_date = {r.date: r for r in rows}
    for a, b in ((D(2026, 9, 30), D(2026, 10, 13)), (D(2026, 9, 5), D(2026, 10, 10)), (D(2026, 10, 1), D(2026, 10, 7))):
        assert by_date[b].index - by_date[a].index == cal.working_days(a, b)
        assert by_date[b].day - by_date[a].day == cal.calendar_days(a, b)
    assert by_date[D(2026, 10, 3)].next_workday == day_number(D(2026, 10, 8))
    assert by_date[D(2026, 10, 31)].next_workday == day_number(D(2026, 11, 2))  # past the table's end
    assert json.dumps([r.is_workday for r in rows[:3]]) == "[true, true, true]"

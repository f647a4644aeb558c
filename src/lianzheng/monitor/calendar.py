"""The China working-day calendar (工作日历) that time limits are counted on.

Statutory and promised limits of Chinese administrative procedure are mostly working days
(工作日): Monday to Friday, less the public holidays, plus the weekend days that the State
Council's yearly notice moves work to (调休). The official calendar of every year with a
notice ships frozen in `data/china-calendar.json` (written by `scripts/freeze-calendar`
from the `holidays` package), so a result never changes when a dependency updates; a unit
changes it with `settings.calendar` (a local holiday off, an extra working Saturday). A year
without a notice (before 2001, or next year before its notice is out) has weekends alone:
`covers()` says so and the monitor reports M003.

Periods follow 民法典 art. 201 and 203: the day an act happens does not count, so the
working days between d1 ≤ d2 are the working days d with d1 < d ≤ d2; a limit in calendar
days (自然日) whose last day is a rest day runs on to the next working day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from lianzheng.spec.values import Duration

DATA_FILE = "china-calendar.json"
EPOCH = dt.date(1970, 1, 1)
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Official:
    """The frozen official calendar: weekday rest days (with their names) and weekend workdays."""

    first_year: int
    last_year: int
    holidays: dict[dt.date, str]
    workdays: frozenset[dt.date]
    source: str


@lru_cache(maxsize=1)
def official() -> Official:
    """The calendar shipped with lz (read once per process; it is immutable package data)."""
    raw = json.loads(resources.files(__package__).joinpath("data", DATA_FILE).read_text(encoding="utf-8"))
    first, last = raw["years"]
    return Official(
        first_year=int(first),
        last_year=int(last),
        holidays={dt.date.fromisoformat(d): name for d, name in raw["holidays"].items()},
        workdays=frozenset(dt.date.fromisoformat(d) for d in raw["workdays"]),
        source=str(raw.get("source", "")),
    )


class CalendarRow(NamedTuple):
    """One day of the table the SQL engine joins on. `day` is the day number (days since
    1970-01-01), so calendar days between two dates are a subtraction; `index` counts the
    working days up to and including the day, so working days between d1 and d2 are
    index(d2) − index(d1); `next_workday` is the day number of the first working day on or
    after the day (民法典 art. 203)."""

    date: dt.date
    day: int
    is_workday: bool
    index: int
    next_workday: int


@dataclass(frozen=True)
class WorkCalendar:
    """The official calendar with a unit's changes (`settings.calendar`)."""

    extra_holidays: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    _official: Official = field(default_factory=official, repr=False, compare=False)

    @classmethod
    def of(cls, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> WorkCalendar:
        """The calendar a unit works on: `settings.calendar.holidays` / `.workdays`. A date
        listed as both is taken as a holiday (the unit's own day off wins)."""
        off = frozenset(holidays)
        return cls(off, frozenset(workdays) - off)

    # --- days ---------------------------------------------------------------------------

    def covers(self, year: int) -> bool:
        """Whether an official notice fixes the year's holidays (else weekends alone)."""
        return self._official.first_year <= year <= self._official.last_year

    def covered_years(self) -> tuple[int, int]:
        return self._official.first_year, self._official.last_year

    def is_workday(self, day: dt.date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        if day in self._official.workdays:
            return True
        if day in self._official.holidays:
            return False
        return day.weekday() < 5

    def holiday_name(self, day: dt.date) -> str | None:
        """The official name of a weekday off (春节, 国庆节, 休息日（由 … 调休）), if any."""
        return self._official.holidays.get(day) if not self.is_workday(day) else None

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day on or after `day`."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    # --- periods ------------------------------------------------------------------------

    def working_days(self, d1: dt.date, d2: dt.date) -> int:
        """Working days d with d1 < d ≤ d2 (the first day does not count, 民法典 art. 201).
        Negative when d2 < d1, so that sums of intervals stay additive."""
        if d2 < d1:
            return -self.working_days(d2, d1)
        count, day = 0, d1 + ONE_DAY
        while day <= d2:
            count += self.is_workday(day)
            day += ONE_DAY
        return count

    @staticmethod
    def calendar_days(d1: dt.date, d2: dt.date) -> int:
        return (d2 - d1).days

    def days(self, d1: dt.date, d2: dt.date, limit: Duration | None) -> int:
        """The interval in the unit of the limit it is compared with (working days by default)."""
        if limit is not None and limit.calendar:
            return self.calendar_days(d1, d2)
        return self.working_days(d1, d2)

    def last_day(self, start: dt.date, limit: Duration) -> dt.date:
        """The last day of a period of `limit` from `start` (the start day not counted).

        Working days: the limit-th working day after `start`. Calendar days: `start` + N,
        moved to the next working day when that is a rest day (民法典 art. 203)."""
        if limit.calendar:
            return self.next_workday(start + dt.timedelta(days=limit.days))
        day, left = start, limit.days
        while left > 0:
            day += ONE_DAY
            left -= self.is_workday(day)
        return day

    def over(self, start: dt.date, end: dt.date, limit: Duration) -> bool:
        """Whether a period from `start` to `end` is past `limit`: only past its last day."""
        return end > self.last_day(start, limit)

    # --- the SQL engine's table -----------------------------------------------------------

    def table(self, first: dt.date, last: dt.date) -> list[CalendarRow]:
        """One row per day from `first` to `last`, for joins in SQL. The working-day index
        starts at 0 on `first`; only differences of it mean anything."""
        if last < first:
            first, last = last, first
        days: list[dt.date] = []
        day = first
        while day <= last:
            days.append(day)
            day += ONE_DAY
        # run on past `last` so that every day has its next working day
        tail = last + ONE_DAY
        while not self.is_workday(tail):
            tail += ONE_DAY
        flags = [self.is_workday(d) for d in days]
        nxt = [0] * len(days)
        following = day_number(tail)
        for i in range(len(days) - 1, -1, -1):
            if flags[i]:
                following = day_number(days[i])
            nxt[i] = following
        rows: list[CalendarRow] = []
        index = 0
        for i, d in enumerate(days):
            index += flags[i] if i else 0
            rows.append(CalendarRow(d, day_number(d), flags[i], index, nxt[i]))
        return rows


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: the calendar table's key, and the engine's day arithmetic."""
    return (day - EPOCH).days


def from_day_number(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=n)

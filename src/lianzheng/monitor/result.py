"""What `lz monitor` found: typed, sorted, language-neutral.

Findings carry a code and the arguments of its message; the text comes from the rule's
templates (`rules.message`) only when a report is written, in the reader's language.
Reporters, the site and `lz warn` read these objects and nothing else.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lianzheng.spec.values import Duration
from lianzheng.monitor.codes import MONITOR_RULES, RED, message

CARDS = ("red", "yellow", "green")


class CaseFinding(NamedTuple):
    """One finding about a case: at an event (its step, time and row) or about the case."""

    code: str
    step: str | None
    time: str | None  # ISO 8601 in the log's time zone, of the event it is at
    row: int | None  # the event's row (or XES ordinal)
    args: dict[str, Any]
    risks: tuple[tuple[str, str], ...] = ()  # (risk id, grade) of the risks at the step
    variant: str = ""
    row_kind: str = "row"  # what `row` counts: a table's row, or an XES event ("event")

    @property
    def card(self) -> str:
        return "red" if self.code in RED else "yellow"

    def message(self, lang: str = "zh") -> str:
        text = message(self.code, self.args, lang, self.variant)
        if self.row is None:
            return text
        return f"{where(self.row, self.row_kind, lang)}{text}"


def where(row: int, row_kind: str, lang: str) -> str:
    if lang == "en":
        return f"{'event' if row_kind == 'event' else 'row'} {row}: "
    return f"第 {row} {'个事件' if row_kind == 'event' else '行'}："


class LogFinding(NamedTuple):
    """A finding about the log as a whole (M001–M004, warnings)."""

    log: str
    code: str
    args: dict[str, Any]

    def message(self, lang: str = "zh") -> str:
        return message(self.code, self.args, lang)

    @property
    def severity(self) -> str:
        return MONITOR_RULES[self.code].severity


@dataclass(frozen=True)
class CaseResult:
    """One case: closed (its last event is at an end step) or open, its card, its counted
    days in the unit of `limit` (the limit M203 judges it against: statutory, else promised;
    working days when the power has neither) and its findings in event order."""

    log: str
    case: str
    status: str  # closed | open
    card: str  # red | yellow | green
    days: int
    limit: Duration | None
    events: int
    first_time: str
    last_time: str
    last_step: str
    findings: tuple[CaseFinding, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)


@dataclass(frozen=True)
class StepStats:
    step: str
    name: str
    events: int
    intervals: int  # counted intervals ending at the step
    median_days: float | None  # in the unit of the step's limit (working days without one)
    p90_days: float | None
    limit: Duration | None
    over_limit: float | None  # share of the counted intervals over the limit
    findings: int  # case findings at the step


@dataclass(frozen=True)
class PostStats:
    """A post or department the log's resources map to (working days)."""

    post: str
    name: str
    events: int
    median_days: float | None
    over_limit: float | None
    wrong_actor: int  # M104 at its events
    findings: int  # case findings at its events


@dataclass(frozen=True)
class RiskTouched:
    """A risk of the power whose steps saw case findings."""

    risk: str
    grade: str
    steps: tuple[str, ...]
    cases: int


class GreenCases:
    """The cases without a finding, kept as the engine's columns (a big log has hundreds
    of thousands) and made into `CaseResult`s only when someone asks for every case."""

    def __init__(self, log: str, limit: Duration | None, table: Any, tz: dt.tzinfo) -> None:
        self.log = log
        self.limit = limit
        # pyarrow: case_id, last_end, days, events, first_s, last_s (seconds since 1970, as
        # the flagged cases' times are fetched: one rounding for both), last_step
        self.table = table
        self.tz = tz

    def __len__(self) -> int:
        return 0 if self.table is None else self.table.num_rows

    def results(self) -> list[CaseResult]:
        if not len(self):
            return []
        cols = self.table.to_pydict()
        return [
            CaseResult(self.log, case, "closed" if end else "open", "green", int(days), self.limit, int(events),
                       iso_seconds(first, self.tz), iso_seconds(last, self.tz), step)
            for case, end, days, events, first, last, step in zip(
                cols["case_id"], cols["last_end"], cols["days"], cols["events"], cols["first_s"],
                cols["last_s"], cols["last_step"])
        ]


def iso_seconds(seconds: int, tz: dt.tzinfo) -> str:
    """A time as findings and reports show it: ISO 8601 in the log's time zone."""
    return dt.datetime.fromtimestamp(seconds, tz).isoformat(timespec="seconds")


@dataclass
class LogResult:
    id: str
    name: str | None
    power: str
    power_name: str
    source: str
    format: str
    timezone: str
    row_kind: str  # "row" or "event" (XES): what the row number of a finding counts
    rows: int  # rows of this power (after `where` and `lifecycle`)
    events: int
    after_as_of: int  # events dated after as-of, left out
    closed: int
    open: int
    cards: dict[str, int]
    conformance_rate: float | None
    on_time_rate: float | None
    findings: dict[str, int]  # case findings by code
    steps: list[StepStats]
    posts: list[PostStats]
    risks: list[RiskTouched]
    data: list[LogFinding]
    # The red and yellow cases, in the order of their ids (code point order, as SQL sorts).
    flagged_cases: list[CaseResult] = field(default_factory=list)
    green: GreenCases | None = None
    _all: list[CaseResult] | None = field(default=None, repr=False)

    @property
    def case_count(self) -> int:
        return self.closed + self.open

    @property
    def cases(self) -> list[CaseResult]:
        """Every case, in the order of their ids."""
        if self._all is None:
            green = self.green.results() if self.green is not None else []
            self._all = list(heapq.merge(self.flagged_cases, green, key=lambda c: c.case))
        return self._all

    def flagged(self) -> list[CaseResult]:
        """Red cases, then yellow ones, each in case order."""
        rank = {c: i for i, c in enumerate(CARDS)}
        return sorted(self.flagged_cases, key=lambda c: rank[c.card])


@dataclass
class MonitorResult:
    as_of: str  # as given: a date or an ISO datetime
    logs: list[LogResult]

    @property
    def data(self) -> list[LogFinding]:
        return [f for log in self.logs for f in log.data]

    @property
    def red_cases(self) -> int:
        return sum(log.cards["red"] for log in self.logs)

    def cases(self, all: bool = False) -> list[CaseResult]:
        """Red and yellow cases (every case with `all`), log by log, red first."""
        out: list[CaseResult] = []
        for log in self.logs:
            out.extend(log.cases if all else log.flagged())
        return out


def exit_code(result: MonitorResult) -> int:
    """0 when no case is red, 1 when one is (SPEC: `lz monitor`)."""
    return 1 if result.red_cases else 0


def as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value

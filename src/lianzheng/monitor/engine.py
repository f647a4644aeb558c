"""The monitor's engine: one case log checked against its power's flowchart, in SQL.

`check_log` is a pipeline of stages, each one statement of `sql.py` on a SQL engine
(`lianzheng.engine`): an embedded DuckDB whose temporary tables may spill to disk, so that
a log larger than memory streams, or Apache Spark (`engine="spark"`), where the same
statements run on a cluster:

1. read: the file becomes the relation `lz_src` (`logs.attach`);
2. rows: this power's rows, times parsed, activities mapped; the log findings M001, M003,
   M004 are aggregates of them;
3. calendar: the working-day table for the span of the events' dates is loaded;
4. events: ordered per case, each with its predecessor (window functions over the case)
   and the flags of M101–M104, M106, M201;
5. cases: counted days, limits and the case findings M105, M202–M204;
6. results: per-step and per-post figures, and the flagged events and cases.

Only the flagged events, the cases and the small aggregates come back to Python, where
M102's skipped steps are named (a shortest path in the flowchart, once per pair of steps)
and findings get the risks at their step.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import tempfile
import zoneinfo
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine is imported when a log is checked, not with the package
    import pyarrow as pa


from lianzheng.engine import Engine, open_engine
from lianzheng.i18n import Text
from lianzheng.spec.values import Duration
from lianzheng.monitor import sql
from lianzheng.monitor.calendar import WorkCalendar, day_number
from lianzheng.monitor.flow import FlowSpec
from lianzheng.monitor.logs import LogError, LogSpec, Progress, attach, unreadable
from lianzheng.monitor.result import (
    CaseFinding,
    CaseResult,
    GreenCases,
    LogFinding,
    LogResult,
    PostStats,
    RiskTouched,
    StepStats,
    iso_seconds,
)
from lianzheng.monitor.codes import RED

Risks = Mapping[str, Sequence[tuple[str, str]]]  # step id -> [(risk id, grade)]
GRADE_RANK = {"high": 0, "medium": 1, "low": 2}
# How many stages `check_log` reports to a progress callback.
STAGES = 6


@dataclass(frozen=True)
class AsOf:
    """The moment open cases are judged at: a date (the end of that day, in each log's
    time zone) or a date and time (naive: in the log's time zone). Events after it are
    left out, so that a past as-of shows the cases as they stood then."""

    given: str
    value: dt.date | dt.datetime

    @classmethod
    def parse(cls, value: str | dt.date | dt.datetime | None = None) -> AsOf:
        if value is None:
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            return cls(now.isoformat(), now)
        if isinstance(value, (dt.date, dt.datetime)):
            return cls(value.isoformat(), value)
        text = value.strip()
        try:
            if len(text) == 10:
                return cls(text, dt.date.fromisoformat(text))
            return cls(text, dt.datetime.fromisoformat(text))
        except ValueError:
            raise ValueError(f"not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM[:SS][+HH:MM]): {value}") \
                from None

    def cutoff(self, tz: dt.tzinfo) -> dt.datetime:
        """The first instant after as-of, in `tz`."""
        v = self.value
        if isinstance(v, dt.datetime):
            moment = v.replace(tzinfo=tz) if v.tzinfo is None else v.astimezone(tz)
            return moment + dt.timedelta(microseconds=1)
        return dt.datetime.combine(v + dt.timedelta(days=1), dt.time(), tzinfo=tz)

    def day(self, tz: dt.tzinfo) -> dt.date:
        v = self.value
        if isinstance(v, dt.datetime):
            return (v.replace(tzinfo=tz) if v.tzinfo is None else v.astimezone(tz)).date()
        return v


@dataclass(frozen=True)
class LogInput:
    """Everything `check_log` needs besides the file: the flow, how to map the log, the
    unit's calendar and names."""

    spec: LogSpec
    flow: FlowSpec
    activities: Mapping[str, str | None]
    resources: Mapping[str, str] | None
    departments: Mapping[str, str | None]  # post id -> its department
    names: Mapping[str, str]  # post / department id -> name
    calendar: WorkCalendar
    near_limit: float = 0.8
    risks_by_step: Risks | None = None
    name: str | None = None


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise LogError(Text(f"无法识别的时区：{name}（应为 IANA 时区名，例如 Asia/Shanghai）",
                            f"unknown time zone: {name} (an IANA name such as Asia/Shanghai)")) from None


def load(engine: Engine, name: str, schema: Sequence[tuple[str, pa.DataType]],
         rows: Sequence[Sequence[Any]]) -> None:
    """A small table from Python rows (through Arrow: one statement, whatever the size)."""
    import pyarrow as pa

    cols = list(zip(*rows)) if rows else [[] for _ in schema]
    table = pa.table([pa.array(list(c), t) for c, (_, t) in zip(cols, schema)], names=[n for n, _ in schema])
    engine.register_arrow(name, table, materialize=True)


# What `check_log` creates in a session it is handed (and drops when done).
TABLES = ("lz_file", "lz_src", "lz_activities", "lz_rows", "lz_calendar", "lz_steps", "lz_pairs", "lz_resources",
          "lz_events", "lz_case0", "lz_after_end", "lz_moves", "lz_cases", "lz_flagged")


def check_log(item: LogInput, as_of: AsOf, *, progress: Progress | None = None, engine: Engine | str = "duckdb",
              master: str | None = None, memory_limit: str | None = "1GB", threads: int | None = None) -> LogResult:
    """Check one case log. `engine`: a session to run in (`open_engine`; left open, its
    tables dropped), or the name of the engine to open one of for this log (DuckDB, with
    `memory_limit` and `threads`; Spark at `master`). Raises `LogError` when the log
    cannot be used, `EngineUnavailable` when the engine cannot run."""
    tz = zone(item.spec.timezone)
    with tempfile.TemporaryDirectory(prefix="lz-monitor-") as tmp:
        session = engine if isinstance(engine, Engine) else open_engine(
            engine, master=master, workdir=tmp, memory_limit=memory_limit, threads=threads)
        try:
            session.set_timezone(item.spec.timezone)
            return _check(session, item, as_of, tz, Path(tmp), progress)
        finally:
            if session is engine:
                session.drop(*reversed(TABLES))
            else:
                session.close()


def _stage(progress: Progress | None, n: int) -> None:
    if progress is not None:
        progress("check", n, STAGES)


def _check(engine: Engine, item: LogInput, as_of: AsOf, tz: zoneinfo.ZoneInfo, workdir: Path,
           progress: Progress | None) -> LogResult:
    import pyarrow as pa

    flow, spec = item.flow, item.spec
    d = engine.dialect
    # 1. read
    source = attach(engine, spec, workdir, progress)
    _stage(progress, 1)
    filters = []
    if source.has_lifecycle:
        filters.append("LOWER(TRIM(s.lz_lifecycle)) = 'complete'")
    for col, values in zip(source.where, spec.where.values()):
        filters.append(f"TRIM(s.{col}) IN ({', '.join(d.string(v) for v in values)})")
    cutoff = as_of.cutoff(tz)
    asof_day = as_of.day(tz)
    steps = flow.by_id
    load(engine, "lz_activities", [("activity", pa.string()), ("step", pa.string())],
         sorted((k.strip(), v) for k, v in item.activities.items() if v is None or v in steps))
    base = sql.Params(
        dialect=d, time_type=source.time_type, filters=tuple(filters),
        cutoff=f"CAST({d.string(cutoff.isoformat())} AS {d.instant})",
        start=flow.start, clock_start=flow.clock_start, asof_day=day_number(asof_day), asof_wd=0,
        statutory=flow.statutory, promised=flow.promised,
        near_limit=item.near_limit, major_matter=flow.major_matter,
        calendar_steps=any(s.limit is not None and s.limit.calendar for s in flow.steps),
    )

    # 2. rows and the log findings (Spark reads the file here, not before: its reading
    # errors show now)
    try:
        engine.create("lz_rows", sql.rows(base))
        summary = engine.all(sql.row_summary(base))
    except engine.errors as exc:
        raise unreadable(spec, source.format, exc) from None
    counts = {"rows": 0, "bad": 0, "events": 0, "after": 0}
    first_days, last_days = [], []
    unmapped: dict[str, int] = defaultdict(int)
    year_events: dict[int, int] = defaultdict(int)
    for activity, known, year, n_rows, n_bad, n_events, n_after, first, last in summary:
        counts["rows"] += n_rows
        counts["bad"] += n_bad
        counts["events"] += n_events
        counts["after"] += n_after
        if first is not None:
            first_days.append(first)
            last_days.append(last)
        if activity is not None and not known and n_rows > n_bad:
            unmapped[activity] += n_rows - n_bad
        if year is not None:
            year_events[int(year)] += n_events
    data: list[LogFinding] = [LogFinding(spec.id, "M001", {"activity": a, "rows": n})
                              for a, n in sorted(unmapped.items())]
    n_bad = counts["bad"]
    if n_bad:
        first_rows = [r[0] for r in engine.all(sql.bad_rows())]
        data.append(LogFinding(spec.id, "M004", bad_row_args(n_bad, first_rows, source.row_kind)))
    years = sorted(year_events.items())
    _stage(progress, 2)
    events = counts["events"]
    result = LogResult(
        id=spec.id, name=item.name, power=flow.power, power_name=flow.power_name, source=spec.shown,
        format=source.format, timezone=spec.timezone, row_kind=source.row_kind, rows=counts["rows"],
        events=events, after_as_of=counts["after"], closed=0, open=0,
        cards={"red": 0, "yellow": 0, "green": 0}, conformance_rate=None, on_time_rate=None, findings={},
        steps=[], posts=[], risks=[], data=data,
    )
    if not events:
        result.steps = step_table(flow, {}, {})
        result.data = sorted(data, key=lambda f: (f.code, repr(sorted(f.args.items()))))
        return result

    # 3. calendar
    longest = max([s.limit.days for s in flow.steps if s.limit] + [0])
    first_day: dt.date = min(first_days)
    last_day: dt.date = max(*last_days, asof_day)
    table = item.calendar.table(first_day - dt.timedelta(days=1), last_day + dt.timedelta(days=longest + 1))
    load(engine, "lz_calendar",
         [("d", pa.date32()), ("day", pa.int32()), ("is_workday", pa.int8()), ("wd", pa.int32()),
          ("next_wd", pa.int32())],
         [(r.date, r.day, int(r.is_workday), r.index, r.next_workday) for r in table])
    asof_wd = next(r.index for r in table if r.date == asof_day)
    p = dataclasses.replace(base, asof_wd=asof_wd)
    load(engine, "lz_steps",
         [("step", pa.string()), ("ord", pa.int32()), ("is_end", pa.int8()), ("pauses", pa.int8()),
          ("collective", pa.int8()), ("actor", pa.string()), ("limit_days", pa.int32()),
          ("limit_calendar", pa.int8())],
         [(s.id, s.order, int(s.end), int(s.pauses), int(s.collective), s.actor,
           s.limit.days if s.limit else None, int(bool(s.limit and s.limit.calendar))) for s in flow.steps])
    allowed, reachable = set(flow.edges()), set(flow.reachable())
    load(engine, "lz_pairs",
         [("src", pa.string()), ("dst", pa.string()), ("allowed", pa.int8()), ("reachable", pa.int8()),
          ("src_pauses", pa.int8())],
         [(a.id, b.id, int((a.id, b.id) in allowed), int((a.id, b.id) in reachable), int(a.pauses))
          for a in flow.steps for b in flow.steps])
    mapped = item.resources or {}
    load(engine, "lz_resources", [("resource", pa.string()), ("actor", pa.string()), ("department", pa.string())],
         sorted((str(k).strip(), v, item.departments.get(v)) for k, v in mapped.items()))
    _stage(progress, 3)

    # 4. events in case order, with the findings at them
    engine.create("lz_events", sql.events(p))
    engine.drop("lz_rows")
    _stage(progress, 4)
    # 5. cases
    engine.create("lz_case0", sql.case_facts(p))
    engine.create("lz_after_end", sql.after_end())
    engine.create("lz_moves", sql.moves(), materialize=False)
    engine.create("lz_cases", sql.cases(p))
    engine.create("lz_flagged", sql.flagged_case_ids())
    _stage(progress, 5)
    # 6. results
    for year, n in years:
        if not item.calendar.covers(int(year)):
            data.append(LogFinding(spec.id, "M003", {"year": int(year), "events": int(n)}))
    if item.resources is not None:
        for resource, n in engine.all(sql.unknown_resources()):
            data.append(LogFinding(spec.id, "M002", {"resource": resource, "events": int(n)}))

    by_case = event_findings(engine, item, tz, source.row_kind)
    flagged = case_results(engine, item, by_case, tz, asof_day)
    fill(result, item, flagged, engine, tz)
    if result.open and not item.calendar.covers(asof_day.year) \
            and all(f.args.get("year") != asof_day.year for f in data if f.code == "M003"):
        data.append(LogFinding(spec.id, "M003", {"year": asof_day.year, "events": 0}))
    _stage(progress, 6)
    result.data = sorted(data, key=lambda f: (f.code, repr(sorted(f.args.items()))))
    return result


def bad_row_args(count: int, rows: list[int], row_kind: str) -> dict[str, Any]:
    listed = "、".join(str(r) for r in rows)
    listed_en = ", ".join(str(r) for r in rows)
    more, more_en = ("等", ", …") if count > len(rows) else ("", "")
    if row_kind == "event":
        return {"count": count, "rows": f"第 {listed} 个事件{more}", "rows_en": f"events {listed_en}{more_en}",
                "first": rows}
    return {"count": count, "rows": f"第 {listed} 行{more}", "rows_en": f"rows {listed_en}{more_en}", "first": rows}


def event_findings(engine: Engine, item: LogInput, tz: dt.tzinfo, row_kind: str) -> dict[str, list[CaseFinding]]:
    """The findings at events, per case in event order. M102's skipped steps are found
    here, once per pair of steps. A log can flag hundreds of thousands of events, so the
    loop builds each distinct message's arguments once (findings share them: they are
    never changed) and each timestamp's text once."""
    flow = item.flow
    risks = item.risks_by_step or {}
    ends = end_events(engine) if engine.all(sql.count_m106())[0][0] else {}
    risks_at = {s.id: tuple(sorted((str(r), str(g)) for r, g in risks.get(s.id, ()))) for s in flow.steps}
    memo: dict[tuple[Any, ...], dict[str, Any]] = {}

    def args_of(key: tuple[Any, ...]) -> dict[str, Any]:
        found = memo.get(key)
        if found is None:
            found = memo[key] = finding_args(item, key)
        return found

    times: dict[Any, str] = {}
    out: dict[str, list[CaseFinding]] = defaultdict(list)
    for batch in engine.rows(sql.flagged_moves(engine.dialect)).batches:
        for (case, seq, row, ts, step, prev, resource, post, iv,
             m101, m102, m103, m104, m106, m201) in batch:
            when = times.get(ts)
            if when is None:
                when = times[ts] = iso_seconds(ts, tz)
            target = out[case]
            at_risks = risks_at[step]
            if m101:
                target.append(CaseFinding("M101", step, when, row, args_of(("M101", step)), at_risks, "", row_kind))
            if m102:
                target.append(CaseFinding("M102", step, when, row, args_of(("M102", prev, step)), at_risks, "",
                                          row_kind))
            if m103:
                target.append(CaseFinding("M103", step, when, row, args_of(("M103", prev, step)), at_risks, "",
                                          row_kind))
            if m104:
                target.append(CaseFinding("M104", step, when, row, args_of(("M104", step, resource, post)), at_risks,
                                          "", row_kind))
            if m106:
                # the end step the case had last reached before this event
                seqs, steps = ends[case]
                end = steps[bisect.bisect_left(seqs, seq) - 1]
                target.append(CaseFinding("M106", step, when, row, args_of(("M106", step, end)), at_risks, "",
                                          row_kind))
            if m201:
                target.append(CaseFinding("M201", step, when, row, args_of(("M201", step, int(iv))), at_risks, "",
                                          row_kind))
    return out


def finding_args(item: LogInput, key: tuple[Any, ...]) -> dict[str, Any]:
    """The arguments of an event finding's message, from what identifies it."""
    flow = item.flow
    code, *rest = key
    if code in ("M102", "M103"):
        prev, step = rest
        move = {"from": prev, "from_name": flow.name(prev), "to": step, "to_name": flow.name(step)}
        if code == "M103":
            return move
        names = flow.skipped(prev, step)
        return {**move, "skipped_steps": list(names),
                "skipped": "、".join(f"“{flow.name(n)}”（{n}）" for n in names),
                "skipped_en": ", ".join(f"`{n}` {flow.name(n)}" for n in names)}
    s = flow.by_id[rest[0]]
    at = {"step": s.id, "step_name": s.name}
    if code == "M101":
        return {**at, "start": flow.start, "start_name": flow.name(flow.start)}
    if code == "M104":
        _, resource, post = rest
        return {**at, "resource": resource, "post": post, "post_name": item.names.get(post, post),
                "actor": s.actor, "actor_name": item.names.get(s.actor or "", s.actor or "")}
    if code == "M106":
        end = rest[1]
        return {**at, "end": end, "end_name": flow.name(end)}
    limit = s.limit
    assert code == "M201" and limit is not None
    d = Duration(rest[1], limit.calendar)
    return {**at, "days": d.label(), "days_en": d.label("en"), "days_n": rest[1], "limit": limit.label(),
            "limit_en": limit.label("en")}


def end_events(engine: Engine) -> dict[str, tuple[list[int], list[str]]]:
    """The end-step events (their seqs, their steps) of the cases with M106."""
    out: dict[str, tuple[list[int], list[str]]] = {}
    for case, seq, step in engine.all(sql.end_events()):
        seqs, steps = out.setdefault(case, ([], []))
        seqs.append(int(seq))
        steps.append(step)
    return out


def case_results(engine: Engine, item: LogInput, by_case: dict[str, list[CaseFinding]],
                 tz: dt.tzinfo, asof_day: dt.date) -> list[CaseResult]:
    """The red and yellow cases with their findings: those at events, then M105 and the
    time findings that SQL judged (`lz_cases.m105`, `m202`–`m204`)."""
    flow = item.flow
    limit = flow.case_limit
    names, batches = engine.rows(sql.flagged_cases(engine.dialect))
    at = {n: i for i, n in enumerate(names)}
    i_case, i_end, i_days, i_events = at["case_id"], at["last_end"], at["days"], at["events"]
    i_first, i_last, i_step = at["first_s"], at["last_s"], at["last_step"]
    i_105, i_202, i_203, i_204 = at["m105"], at["m202"], at["m203"], at["m204"]
    out: list[CaseResult] = []
    collective = [s for s in flow.steps if s.collective]
    m105 = {"collective": "、".join(f"“{s.name}”（{s.id}）" for s in collective) or "流程图中没有集体决策环节",
            "collective_en": ", ".join(f"`{s.id}` {s.name}" for s in collective) or "the flow has none"}
    log = item.spec.id
    memo: dict[Any, Any] = {}

    def when(seconds: int) -> str:
        text = memo.get(seconds)
        if text is None:
            text = memo[seconds] = iso_seconds(seconds, tz)
        return text

    for batch in batches:
        for values in batch:
            case = values[i_case]
            found = by_case.get(case, [])
            if values[i_105] or values[i_202] or values[i_203] or values[i_204]:
                found = list(found)
                if values[i_105]:
                    found.append(CaseFinding("M105", None, None, None, m105))
                found.extend(time_findings(item, dict(zip(names, values)), asof_day, memo))
            red = any(f.code in RED for f in found)
            out.append(CaseResult(
                log, case, "closed" if values[i_end] else "open", "red" if red else "yellow", int(values[i_days]),
                limit, int(values[i_events]), when(values[i_first]), when(values[i_last]), values[i_step],
                tuple(found),
            ))
    return out


def time_findings(item: LogInput, row: dict[str, Any], asof_day: dt.date,
                  memo: dict[Any, Any]) -> list[CaseFinding]:
    """The messages of M202, M203, M204 of one case, which SQL judged. `memo` keeps the
    arguments of M202 and M203 by their days (findings share them)."""
    flow = item.flow
    stat, prom = flow.statutory, flow.promised
    limit = flow.case_limit
    found: list[CaseFinding] = []

    def amount(n: int, lim: Duration) -> tuple[str, str]:
        d = Duration(n, lim.calendar)
        return d.label(), d.label("en")

    def args(days: int, lim: Duration) -> dict[str, Any]:
        zh, en = amount(days, lim)
        return {"days": zh, "days_en": en, "days_n": days, "limit": lim.label(), "limit_en": lim.label("en")}

    if row["m203"] and limit is not None:
        key = ("M203", int(row["days"]))
        if key not in memo:
            memo[key] = CaseFinding("M203", None, None, None, args(key[1], limit),
                                    variant="" if stat is not None else "promised")
        found.append(memo[key])
    if row["m202"] and prom is not None:
        key = ("M202", int(row["prom_days"]))
        if key not in memo:
            memo[key] = CaseFinding("M202", None, None, None, args(key[1], prom))
        found.append(memo[key])
    if row["m204"] and limit is not None:
        key = "stat" if stat is not None else "prom"
        days = int(row["days"])
        a = args(days, limit)
        left = max(0, limit.days - days)
        left_zh, left_en = amount(left, limit)
        share = days / limit.days if limit.days else 1.0
        a.update(left=left_zh, left_en=left_en, left_n=left, share=f"{share:.0%}",
                 deadline=deadline_of(item.calendar, asof_day, left, limit).isoformat())
        variant = ""
        if days > limit.days:  # inside the days a rest-day end adds (民法典 art. 203)
            ext = int(row.get(f"{key}_ext") or 0)
            a["deadline"] = (asof_day + dt.timedelta(days=limit.days + ext - days)).isoformat()
            variant = "extended"
        found.append(CaseFinding("M204", None, None, None, a, variant=variant))
    return found


def deadline_of(calendar: WorkCalendar, asof_day: dt.date, left: int, limit: Duration) -> dt.date:
    """The last day of an open case's limit, if its clock keeps running from as-of."""
    return calendar.last_day(asof_day, Duration(left, limit.calendar))


def step_table(flow: FlowSpec, stats: dict[str, tuple[Any, ...]], at_step: dict[str, int]) -> list[StepStats]:
    out = []
    for s in flow.steps:
        events, intervals, median, p90, over = stats.get(s.id, (0, 0, None, None, 0))
        intervals = int(intervals or 0)
        out.append(StepStats(
            step=s.id, name=s.name, events=int(events or 0), intervals=intervals,
            median_days=rounded(median), p90_days=rounded(p90), limit=s.limit,
            over_limit=(int(over or 0) / intervals) if s.limit is not None and intervals else None,
            findings=at_step.get(s.id, 0),
        ))
    return out


def rounded(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def fill(result: LogResult, item: LogInput, flagged: list[CaseResult], engine: Engine, tz: dt.tzinfo) -> None:
    """The log's summary from its flagged cases and the SQL aggregates."""
    flow = item.flow
    total, closed = engine.all(sql.case_totals())[0]
    total, closed = int(total or 0), int(closed or 0)
    result.flagged_cases = flagged
    result.green = GreenCases(item.spec.id, flow.case_limit, engine.query(sql.green_cases(engine.dialect)), tz)
    result.closed, result.open = closed, total - closed
    for c in flagged:
        result.cards[c.card] += 1
    result.cards["green"] = total - len(flagged)
    if closed:
        deviating = sum(1 for c in flagged if c.status == "closed" and any(f.code.startswith("M1") for f in c.findings))
        overdue = sum(1 for c in flagged if c.status == "closed" and "M203" in c.codes)
        result.conformance_rate = (closed - deviating) / closed
        result.on_time_rate = (closed - overdue) / closed
    counts: dict[str, int] = defaultdict(int)
    at_step: dict[str, int] = defaultdict(int)
    risk_cases: dict[str, set[str]] = defaultdict(set)
    risk_steps: dict[str, set[str]] = defaultdict(set)
    grades: dict[str, str] = {}
    for c in flagged:
        for f in c.findings:
            counts[f.code] += 1
            if f.step is not None:
                at_step[f.step] += 1
            for risk, grade in f.risks:
                risk_cases[risk].add(c.case)
                risk_steps[risk].add(f.step or "")
                grades[risk] = grade
    result.findings = dict(sorted(counts.items()))
    stats = {r[0]: tuple(r[1:]) for r in engine.all(sql.step_stats())}
    result.steps = step_table(flow, stats, at_step)
    order = {s.id: s.order for s in flow.steps}
    result.risks = sorted(
        (RiskTouched(r, grades[r], tuple(sorted(risk_steps[r], key=lambda s: order.get(s, 0))), len(risk_cases[r]))
         for r in risk_cases),
        key=lambda t: (GRADE_RANK.get(t.grade, 3), -t.cases, t.risk),
    )
    if item.resources is not None:
        result.posts = [
            PostStats(post=post, name=item.names.get(post, post), events=int(ev),
                      median_days=rounded(med), over_limit=(int(over) / int(lim)) if lim else None,
                      wrong_actor=int(wrong), findings=int(flagged_events))
            for post, ev, med, lim, over, wrong, flagged_events in engine.all(sql.post_stats())
        ]



"""Every SQL statement of the monitor, in one place, one text for both engines.

The statements run on DuckDB and on Apache Spark SQL (`lianzheng.engine`), so they use only
what both have and read the same way: joins, GROUP BY with SUM/COUNT/MIN/MAX, CASE,
COALESCE, NULLIF, TRIM, REPLACE, LOWER, TRY_CAST, `regexp_extract`, IN (subquery), window
functions (ROW_NUMBER, LAG, LEAD, and SUM over an explicit ROWS frame) and
PERCENTILE_CONT … WITHIN GROUP. Day arithmetic is done on the calendar table's day numbers
(integers), never with date functions (DuckDB's `date_diff` and Spark's `datediff` differ
in name and argument order); the few things the two dialects spell differently (the
instant type, epoch seconds, string literals, quoted names) come from the engine's
`Dialect`. Times are taken in the session time zone, which the engine sets to the
CaseLog's `timezone`.

The statements are SELECTs; `check_log` makes each the table (or view) it names with
`Engine.create`. In order:

- `lz_src` (made by `logs.attach`): the file's rows, columns renamed.
- `lz_rows`: the rows of this power (`where`, `lifecycle`), trimmed, times parsed, each
  joined with its step (`lz_activities`): the input of the log findings M001, M004.
- `lz_events`: the events, ordered per case by time then file row, each with its
  predecessor (window functions over the case), the calendar day numbers and working-day
  index of its date (`lz_calendar`), and the flags of M101–M104 and M201 (joined with
  `lz_pairs`: for every pair of steps, whether the flow allows the move, whether the
  second is reachable from the first, and whether the first pauses the clock);
- `lz_after_end` and the view `lz_moves`: the events after an end-step event (M106);
- `lz_cases`: one row per case: status, counted days, the case limits and M105, M202–M204.

The small tables the engine loads from the flowchart and the settings: `lz_steps(step,
ord, is_end, pauses, collective, actor, limit_days, limit_calendar)`, `lz_pairs(src, dst,
allowed, reachable, src_pauses)`, `lz_activities(activity, step)`, `lz_resources(resource, actor,
department)`, `lz_calendar(d, day, is_workday, wd, next_wd)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lianzheng.engine import DUCKDB, Dialect
from lianzheng.spec.values import Duration

# One window over the case, spelled out where it is used (Spark does not extend a named
# window with a frame).
CASE_ORDER = "PARTITION BY e.case_id ORDER BY e.ts, e.row_no"

# The times a text may hold, after TRIM and with `/` read as `-` (`2026/3/2 9:15`, as
# spreadsheets write dates): a date, optionally a time to the minute or second (a fraction
# too), optionally an offset (`Z`, `+08`, `+0800`, `+08:00`). The engines' casts each accept
# more, and not the same more (DuckDB reads `24:00`, Spark reads `2026`, `2026-03` and
# `+08:00` after a space), so a text must have this shape before either reads it; within it
# both read every text alike (the tests hold them to it). No backslash: the two dialects
# read one differently in a literal.
TIME_SHAPE = ("^[12][0-9]{3}-[0-9]{1,2}-[0-9]{1,2}"
              "([T ]([01]?[0-9]|2[0-3]):[0-5]?[0-9](:[0-5]?[0-9]([.][0-9]{1,9})?)?"
              "(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)?)?$")


def time_expression(column: str, time_type: str, dialect: Dialect = DUCKDB) -> str:
    """An instant from the time column: texts with an offset keep it, texts without one
    (and local timestamps, and dates) are read in the session time zone; a text that is no
    time (not of `TIME_SHAPE`) gives NULL (M004)."""
    instant = dialect.instant
    if time_type == "instant":
        return column
    if time_type in ("local", "date"):
        return f"CAST({column} AS {instant})"
    text = f"REPLACE(TRIM({column}), '/', '-')"
    return f"CASE WHEN regexp_extract({text}, '{TIME_SHAPE}', 0) <> '' THEN TRY_CAST({text} AS {instant}) END"


@dataclass(frozen=True)
class Params:
    dialect: Dialect
    time_type: str
    filters: tuple[str, ...]  # conditions on lz_src (lifecycle, where)
    cutoff: str  # SQL literal of the instant from which events are after as-of
    start: str
    clock_start: str
    asof_day: int
    asof_wd: int
    statutory: Duration | None
    promised: Duration | None
    near_limit: float
    major_matter: bool
    calendar_steps: bool  # some step has a calendar-day limit


# --- 1. rows ------------------------------------------------------------------------------

def rows(p: Params) -> str:
    where = " AND ".join(p.filters) or "TRUE"
    return f"""
SELECT s.lz_row AS row_no,
       NULLIF(TRIM(s.lz_case), '') AS case_id,
       NULLIF(TRIM(s.lz_activity), '') AS activity,
       {time_expression("s.lz_time", p.time_type, p.dialect)} AS ts,
       NULLIF(TRIM(s.lz_resource), '') AS resource,
       CASE WHEN m.activity IS NULL THEN 0 ELSE 1 END AS known,
       m.step AS step
FROM lz_src s
LEFT JOIN lz_activities m ON m.activity = NULLIF(TRIM(s.lz_activity), '')
WHERE {where}
"""


def bad(t: str = "") -> str:
    """A row that cannot be used (M004): no case, no activity, or an event without a time."""
    return f"({t}case_id IS NULL OR {t}activity IS NULL OR ({t}step IS NOT NULL AND {t}ts IS NULL))"


def event(t: str = "") -> str:
    """A row that is an event: usable, and its activity maps to a step."""
    return f"(NOT {bad(t)} AND {t}step IS NOT NULL)"


BAD = bad()
EVENT = event()


def row_summary(p: Params) -> str:
    """The log findings' figures in one pass over the rows: per activity whether it is
    known, how many rows are bad, events, events after as-of, per year, and the span of
    the events' dates."""
    return f"""
SELECT activity, known,
       CASE WHEN {EVENT} AND ts < {p.cutoff} THEN EXTRACT(YEAR FROM CAST(ts AS DATE)) END AS y,
       COUNT(*) AS n_rows,
       SUM(CASE WHEN {BAD} THEN 1 ELSE 0 END) AS bad,
       SUM(CASE WHEN {EVENT} AND ts < {p.cutoff} THEN 1 ELSE 0 END) AS events,
       SUM(CASE WHEN {EVENT} AND ts >= {p.cutoff} THEN 1 ELSE 0 END) AS after_as_of,
       MIN(CASE WHEN {EVENT} AND ts < {p.cutoff} THEN CAST(ts AS DATE) END) AS first_day,
       MAX(CASE WHEN {EVENT} AND ts < {p.cutoff} THEN CAST(ts AS DATE) END) AS last_day
FROM lz_rows
GROUP BY activity, known, CASE WHEN {EVENT} AND ts < {p.cutoff} THEN EXTRACT(YEAR FROM CAST(ts AS DATE)) END
"""


def bad_rows(limit: int = 5) -> str:
    return f"SELECT row_no FROM lz_rows WHERE {BAD} ORDER BY row_no LIMIT {limit}"


# --- 2. events in case order ----------------------------------------------------------------

def events(p: Params) -> str:
    """One row per event, in case order, with its predecessor and the flags of the
    findings at it. The window over the case uses only ROW_NUMBER, LAG and LEAD (no
    frames: they cost more than the rest together), over as few columns as it can; the
    step's attributes are joined after it."""
    start = p.dialect.string(p.start)
    limit_join = ("LEFT JOIN lz_calendar lc ON lc.day = q.prev_day + st.limit_days" if p.calendar_steps else "")
    over_calendar = "q.day > lc.next_wd" if p.calendar_steps else "FALSE"
    counted = "(q.seq > 1 AND mv.src_pauses = 0)"
    return f"""
SELECT q.case_id, q.seq, q.row_no, q.ts, q.step, q.prev_step, q.resource, q.day, q.wd, q.prev_day, q.prev_wd,
       q.is_last, st.pauses, st.is_end, st.collective, st.limit_days,
       r.actor AS post,
       CASE WHEN {counted} THEN 1 ELSE 0 END AS counted,
       CASE WHEN st.limit_calendar = 1 THEN q.day - q.prev_day ELSE q.wd - q.prev_wd END AS iv,
       CASE WHEN q.seq = 1 AND q.step <> {start} THEN 1 ELSE 0 END AS m101,
       CASE WHEN q.seq > 1 AND mv.allowed = 0 AND mv.reachable = 1 THEN 1 ELSE 0 END AS m102,
       CASE WHEN q.seq > 1 AND mv.allowed = 0 AND mv.reachable = 0 THEN 1 ELSE 0 END AS m103,
       CASE WHEN r.actor IS NOT NULL AND st.actor IS NOT NULL AND r.actor <> st.actor
                 AND COALESCE(r.department, '') <> st.actor THEN 1 ELSE 0 END AS m104,
       CASE WHEN {counted} AND st.limit_days IS NOT NULL AND
                 (CASE WHEN st.limit_calendar = 1 THEN {over_calendar}
                       ELSE q.wd - q.prev_wd > st.limit_days END)
            THEN 1 ELSE 0 END AS m201,
       CASE WHEN q.resource IS NOT NULL AND r.resource IS NULL THEN 1 ELSE 0 END AS unmapped_resource
FROM (
    SELECT e.case_id, e.row_no, e.step, e.ts, e.resource, c.day, c.wd,
           ROW_NUMBER() OVER ({CASE_ORDER}) AS seq,
           CASE WHEN LEAD(e.row_no) OVER ({CASE_ORDER}) IS NULL THEN 1 ELSE 0 END AS is_last,
           LAG(e.step) OVER ({CASE_ORDER}) AS prev_step,
           LAG(c.day) OVER ({CASE_ORDER}) AS prev_day,
           LAG(c.wd) OVER ({CASE_ORDER}) AS prev_wd
    FROM lz_rows e
    JOIN lz_calendar c ON c.d = CAST(e.ts AS DATE)
    WHERE {event("e.")} AND e.ts < {p.cutoff}
) q
JOIN lz_steps st ON st.step = q.step
LEFT JOIN lz_pairs mv ON mv.src = q.prev_step AND mv.dst = q.step
LEFT JOIN lz_resources r ON r.resource = q.resource
{limit_join}
"""


# An event with a finding at it (M101–M104, M106, M201), on `lz_moves`.
FLAGGED = "(m101 + m102 + m103 + m104 + m106 + m201) > 0"


# --- 3. cases -----------------------------------------------------------------------------------

def case_facts(p: Params) -> str:
    """Per case, what one pass over its events gives. Days and working-day indexes grow
    with the events' order, so the last clock-start event is the one with the greatest
    day (`cs_day`, `cs_wd`): the case's time since it is a subtraction."""
    cs = p.dialect.string(p.clock_start)
    return f"""
SELECT q.case_id,
       COUNT(*) AS events,
       MIN(q.ts) AS first_ts,
       MAX(q.ts) AS last_ts,
       MIN(q.day) AS first_day,
       MIN(q.wd) AS first_wd,
       MAX(q.day) AS last_day,
       MAX(q.wd) AS last_wd,
       MAX(CASE WHEN q.seq = 1 THEN q.step END) AS first_step,
       MAX(CASE WHEN q.is_last = 1 THEN q.step END) AS last_step,
       MAX(CASE WHEN q.is_last = 1 THEN q.is_end END) AS last_end,
       MAX(CASE WHEN q.is_last = 1 THEN q.pauses END) AS last_pauses,
       MAX(q.collective) AS has_collective,
       MAX(CASE WHEN q.step = {cs} THEN q.day END) AS cs_day,
       MAX(CASE WHEN q.step = {cs} THEN q.wd END) AS cs_wd,
       MIN(CASE WHEN q.is_end = 1 THEN q.seq END) AS first_end_seq
FROM lz_events q
GROUP BY q.case_id
"""


def after_end() -> str:
    """The events after a case's first end-step event (M106): few, so a small table."""
    return """
SELECT q.case_id, q.seq
FROM lz_events q
JOIN lz_case0 k ON k.case_id = q.case_id
WHERE k.first_end_seq < k.events AND q.seq > k.first_end_seq
"""


def moves() -> str:
    """The events with every flag: M106 from `lz_after_end`."""
    return """
SELECT e.*, CASE WHEN a.seq IS NULL THEN 0 ELSE 1 END AS m106
FROM lz_events e
LEFT JOIN lz_after_end a ON a.case_id = e.case_id AND a.seq = e.seq
"""


# An interval after the case's last clock-start event (on lz_events q joined with lz_case0 k).
# One that starts on that day but before the event ends on it too, so it is 0 days long
# and counting it changes nothing.
AFTER_START = "q.prev_day >= COALESCE(k.cs_day, k.first_day)"


def cases(p: Params) -> str:
    """One row per case: its counted days in working and calendar days, judged against the
    case limits. Counted days are the days since the last clock-start event (from the first
    event without one) less the intervals after it that a pausing step left out, plus, for
    an open case, the days to as-of unless its last step pauses. The calendar-day rule of
    民法典 art. 203 needs the day on which the counted calendar days reach a limit N
    (`reach_*`): when it is a rest day, the period runs on to the next working day, so the
    case may count that many days more."""
    open_tail = "(k.last_end = 0 AND k.last_pauses = 0)"
    tail_wd = f"CASE WHEN {open_tail} THEN {p.asof_wd} - k.last_wd ELSE 0 END"
    tail_cd = f"CASE WHEN {open_tail} THEN {p.asof_day} - k.last_day ELSE 0 END"
    limits = {"stat": p.statutory, "prom": p.promised}
    cross_cols, reach_cols, judged, joins = [], [], [], []
    for name, lim in limits.items():
        if lim is None:
            judged.append(f"CAST(NULL AS INTEGER) AS {name}_days, 0 AS {name}_over")
            continue
        n = lim.days
        if lim.calendar:
            cross_cols.append(
                f"MAX(CASE WHEN cum < {n} AND cum + len >= {n} THEN prev_day + {n} - cum END) AS reach_{name}")
            reach_cols.append(
                f"COALESCE(x.reach_{name}, CASE WHEN t.cd_in < {n} AND t.cd_total >= {n} "
                f"THEN t.last_day + {n} - t.cd_in END) AS reach_{name}")
            joins.append(f"LEFT JOIN lz_calendar c_{name} ON c_{name}.day = r.reach_{name}")
            ext = f"COALESCE(c_{name}.next_wd - r.reach_{name}, 0)"
            judged.append(f"r.cd_total AS {name}_days, "
                          f"CASE WHEN r.cd_total > {n} + {ext} THEN 1 ELSE 0 END AS {name}_over, "
                          f"{ext} AS {name}_ext")
        else:
            judged.append(f"r.wd_total AS {name}_days, CASE WHEN r.wd_total > {n} THEN 1 ELSE 0 END AS {name}_over")
    crossing = ""
    if cross_cols:
        crossing = f"""
LEFT JOIN (
    SELECT case_id, {", ".join(cross_cols)}
    FROM (
        SELECT q.case_id, q.prev_day, q.day - q.prev_day AS len,
               COALESCE(SUM(q.day - q.prev_day) OVER (PARTITION BY q.case_id ORDER BY q.seq
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum
        FROM lz_events q JOIN lz_case0 k ON k.case_id = q.case_id
        WHERE q.counted = 1 AND {AFTER_START}
    ) i GROUP BY case_id
) x ON x.case_id = t.case_id"""
    reach = (", " + ", ".join(reach_cols)) if reach_cols else ""
    stat, prom = p.statutory, p.promised
    key = "stat" if stat is not None else "prom" if prom is not None else None
    limit = stat if stat is not None else prom
    days = f"{key}_days" if key else "wd_total"
    m203 = f"{key}_over" if key else "0"
    m202 = "CASE WHEN prom_over = 1 AND stat_over = 0 THEN 1 ELSE 0 END" if stat and prom else "0"
    m204 = (f"CASE WHEN last_end = 0 AND {key}_over = 0 AND {key}_days >= {p.near_limit * limit.days!r} "
            "THEN 1 ELSE 0 END") if key and limit else "0"
    m105 = "CASE WHEN last_end = 1 AND has_collective = 0 THEN 1 ELSE 0 END" if p.major_matter else "0"
    return f"""
SELECT j.*, {days} AS days, {m203} AS m203, {m202} AS m202, {m204} AS m204, {m105} AS m105
FROM (
SELECT r.*, {", ".join(judged)}
FROM (
    SELECT t.*{reach}
    FROM (
        SELECT k.*,
               k.last_wd - COALESCE(k.cs_wd, k.first_wd) - COALESCE(pz.wd, 0) AS wd_in,
               k.last_day - COALESCE(k.cs_day, k.first_day) - COALESCE(pz.cd, 0) AS cd_in,
               k.last_wd - COALESCE(k.cs_wd, k.first_wd) - COALESCE(pz.wd, 0) + {tail_wd} AS wd_total,
               k.last_day - COALESCE(k.cs_day, k.first_day) - COALESCE(pz.cd, 0) + {tail_cd} AS cd_total
        FROM lz_case0 k
        LEFT JOIN (
            SELECT q.case_id, SUM(q.wd - q.prev_wd) AS wd, SUM(q.day - q.prev_day) AS cd
            FROM lz_events q JOIN lz_case0 k ON k.case_id = q.case_id
            WHERE q.seq > 1 AND q.counted = 0 AND {AFTER_START}
            GROUP BY q.case_id
        ) pz ON pz.case_id = k.case_id
    ) t{crossing}
) r
{chr(10).join(joins)}
) j
"""


def flagged_case_ids() -> str:
    return f"SELECT DISTINCT case_id FROM lz_moves WHERE {FLAGGED}"


CASE_FLAGGED = "(m105 + m202 + m203 + m204) > 0"


def case_totals() -> str:
    return "SELECT COUNT(*) AS cases, SUM(last_end) AS closed FROM lz_cases"


def flagged_cases(d: Dialect = DUCKDB) -> str:
    """The cases with a finding, at an event or about the case: the ones reports list."""
    return f"""
SELECT *, {d.epoch_seconds("first_ts")} AS first_s, {d.epoch_seconds("last_ts")} AS last_s FROM lz_cases
WHERE {CASE_FLAGGED} OR case_id IN (SELECT case_id FROM lz_flagged)
ORDER BY case_id
"""


def green_cases(d: Dialect = DUCKDB) -> str:
    return f"""
SELECT case_id, last_end, days, events, {d.epoch_seconds("first_ts")} AS first_s,
       {d.epoch_seconds("last_ts")} AS last_s, last_step
FROM lz_cases
WHERE NOT ({CASE_FLAGGED}) AND case_id NOT IN (SELECT case_id FROM lz_flagged)
ORDER BY case_id
"""


# --- 4. moves -----------------------------------------------------------------------------------

def flagged_moves(d: Dialect = DUCKDB) -> str:
    return f"""
SELECT case_id, seq, row_no, {d.epoch_seconds("ts")} AS ts, step, prev_step, resource, post, iv,
       m101, m102, m103, m104, m106, m201
FROM lz_moves WHERE {FLAGGED}
ORDER BY case_id, seq
"""


def count_m106() -> str:
    return "SELECT COUNT(*) FROM lz_after_end"


def end_events() -> str:
    """The end-step events of the cases with an event after one (M106 names the end)."""
    return """
SELECT q.case_id, q.seq, q.step FROM lz_events q
WHERE q.is_end = 1 AND q.case_id IN (SELECT case_id FROM lz_after_end)
ORDER BY q.case_id, q.seq
"""


def step_stats() -> str:
    """Per step: events, counted intervals, their median and 90th percentile (in the unit
    of the step's limit), and how many were over the limit."""
    return """
SELECT step, COUNT(*) AS events, SUM(counted) AS intervals,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY CASE WHEN counted = 1 THEN iv END) AS median_days,
       PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY CASE WHEN counted = 1 THEN iv END) AS p90_days,
       SUM(m201) AS over_limit
FROM lz_events GROUP BY step ORDER BY step
"""


def post_stats() -> str:
    """Per post or department the log's resources map to (working days throughout, since
    one post handles steps with limits of either unit)."""
    return f"""
SELECT post, COUNT(*) AS events,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY CASE WHEN counted = 1 THEN wd - prev_wd END) AS median_days,
       SUM(CASE WHEN counted = 1 AND limit_days IS NOT NULL THEN 1 ELSE 0 END) AS limited,
       SUM(m201) AS over_limit,
       SUM(m104) AS wrong_actor,
       SUM(CASE WHEN {FLAGGED} THEN 1 ELSE 0 END) AS flagged
FROM lz_moves
WHERE post IS NOT NULL
GROUP BY post ORDER BY post
"""


def unknown_resources() -> str:
    return """
SELECT resource, COUNT(*) AS n FROM lz_events
WHERE unmapped_resource = 1
GROUP BY resource ORDER BY resource
"""

"""A unit's figures for a supervising body (`lz rollup`): the one place they are worked out.

`unit_figures(repo, as_of)` asks the code each of the unit's own commands uses, and
nothing else: risks by grade are `lz grade`'s (`GradedRisk.final`), high risks short of
measures are K002's (`short_of_measures`), reviews due, measures overdue and the W001 and
W002 of `lz warn` (red cards of `lz monitor` counted as signals) are `lz due`'s items, the
score is `lz assess`'s and the red cases and on-time rate are `lz monitor`'s (`_monitor`,
`_score`: `lz monitor` runs once for all of them). `lz export --format parquet` stores the
same figures in
`unit.parquet` (`FIGURE_COLUMNS`, with the date they were taken on), so a repository and
its export roll up to the same figures.

A figure a unit has nothing to measure for is None (null in JSON and Parquet): high risks
short of measures without a high risk, reviews due without a risk, measures overdue
without a measure, warnings and disposals without signals or disposals, the score and the
monitor's figures until there is something to score or monitor.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lianzheng.monitor.signals import Supervision
    from lianzheng.repo.facts import RiskFact
    from lianzheng.repo.repository import Repository

# `lz due` reasons that are a review of the risk itself (art. 13), as `lz assess` counts
# its `review` indicator: the risk has a review item, whatever else is due.
REVIEW_REASONS = ("review_cycle", "law_revised")


@dataclass(frozen=True)
class UnitFigures:
    """What the supervising body sees of one unit, on `as_of`."""

    code: str | None
    name: str | None
    type: str | None
    as_of: dt.date
    powers: int
    risks_high: int
    risks_medium: int
    risks_low: int
    high_short_of_measures: int | None
    reviews_due: int | None
    measures_overdue: int | None
    warnings_undisposed: int | None  # W001
    disposals_overdue: int | None  # W002
    score: float | None
    red_cases: int | None
    on_time_rate: float | None

    @property
    def overdue(self) -> int:
        """The items to chase (the ranking of `lz rollup`): reviews due, measures overdue,
        warnings undisposed and disposals overdue."""
        return sum(n or 0 for n in (self.reviews_due, self.measures_overdue, self.warnings_undisposed,
                                    self.disposals_overdue))


@dataclass(frozen=True)
class RiskRow:
    """A risk as the roll-up aggregates it (the same columns as `risks.parquet`'s)."""

    grade: str | None
    category: str | None
    areas: tuple[str, ...]


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {"as_of": pa.date32(), "score": pa.float64(), "on_time_rate": pa.float64()}


# The figures `unit.parquet` carries besides the unit's own columns (unit_code, name, type).
FIGURE_COLUMNS = tuple(f.name for f in fields(UnitFigures) if f.name not in ("code", "name", "type"))
FLOAT_FIGURES = frozenset({"score", "on_time_rate"})


def figure_columns(figures: UnitFigures) -> list[tuple[str, Any, Any]]:
    """(column, Arrow type, value) of the figures, for `unit.parquet`."""
    import pyarrow as pa

    special = _arrow_types()
    values = asdict(figures)
    return [(name, special.get(name, pa.int32()), values[name]) for name in FIGURE_COLUMNS]


def figures_of_row(row: Mapping[str, Any]) -> UnitFigures:
    """The figures of a `unit.parquet` row (its `unit_code`, `name`, `type` and figures)."""
    values = {name: row.get(name) for name in FIGURE_COLUMNS}
    for name in FLOAT_FIGURES:
        if values[name] is not None:
            values[name] = float(values[name])
    return UnitFigures(code=row.get("unit_code"), name=row.get("name"), type=row.get("type"), **values)


def _first_by_id(risks: Iterable[RiskFact]) -> list[RiskFact]:
    """The first declaration of each risk id, in file order (as `lz assess` counts risks:
    a second one is a D finding, not a second risk)."""
    seen: set[str] = set()
    out = []
    for r in risks:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


def _supervision(repo: Repository, as_of: dt.date) -> Supervision:
    """`lz monitor` on the unit's case logs at the end of `as_of`, once for every figure it
    feeds (red cases, on-time rate, the score, the warnings of its red cards). A log that
    cannot be used is left out, as the unit's own commands leave it out."""
    from lianzheng.monitor.signals import Supervision, supervision

    if not any(True for _ in repo.caselogs()):
        return Supervision(None)
    return supervision(repo, as_of)


def _score(repo: Repository, as_of: dt.date, watched: Supervision) -> float | None:
    """The unit's `lz assess` score on `as_of`, with what `lz monitor` and `lz warn` say, as
    `lz assess` itself computes it."""
    from lianzheng.assess import assess
    from lianzheng.assess.inputs import monitor_cases, register_warnings

    return assess(repo, as_of, e_supervision=monitor_cases(watched.result),
                  warnings=register_warnings(repo, as_of, watched.red_cases)).score


def _monitor(watched: Supervision) -> tuple[int | None, float | None]:
    """(red cases, on-time rate) of the unit's `lz monitor`: the red cards of all its logs,
    and its closed cases without M203 over its closed cases (None: no log, no closed case)."""
    if watched.result is None:
        return (None, None)
    logs = watched.result.logs
    closed = sum(log.closed for log in logs)
    on_time = math.fsum(log.on_time_rate * log.closed for log in logs if log.on_time_rate is not None)
    return (sum(log.cards.get("red", 0) for log in logs), on_time / closed if closed else None)


def read_unit(repo: Repository, as_of: dt.date) -> tuple[UnitFigures, list[RiskRow]]:
    """The unit's figures and its risks as the roll-up aggregates them, from one pass of
    each of its own commands' library functions."""
    # imported here: a roll-up of exports alone never needs them (nor their start-up time)
    from lianzheng.dynamic.due import due_report
    from lianzheng.grading.report import grade_report
    from lianzheng.rules.k_risks import short_of_measures

    unit = repo.unit
    settings = repo.settings
    watched = _supervision(repo, as_of)
    graded = grade_report(repo)
    due = due_report(repo, as_of, red_cases=watched.red_cases)
    grades = Counter(g.final for g in graded.risks)
    highs = [g for g in graded.risks if g.final == "high"]
    reviewed = {(i.risk.path, i.risk.line) for i in due.items if i.reason in REVIEW_REASONS}
    risks = _first_by_id(repo.risks())
    has_measures = any(g.risk.measures for g in graded.risks)
    has_signals = next(repo.signals(), None) is not None or bool(watched.red_cases)
    has_disposals = next(repo.disposals(), None) is not None
    red_cases, on_time_rate = _monitor(watched)
    figures = UnitFigures(
        code=str(unit.code) if unit is not None and unit.code is not None else None,
        name=str(unit.name) if unit is not None and unit.name is not None else None,
        type=str(unit.type) if unit is not None and unit.type is not None else None,
        as_of=as_of,
        powers=len(repo.power_by_id),
        risks_high=grades["high"], risks_medium=grades["medium"], risks_low=grades["low"],
        high_short_of_measures=sum(short_of_measures(g.final, g.risk, settings.high_risk_min_measures)
                                   for g in highs) if highs else None,
        reviews_due=sum((r.path, r.line) in reviewed for r in risks) if risks else None,
        measures_overdue=due.count("measure_overdue") if has_measures else None,
        warnings_undisposed=due.count("warning_undisposed") if has_signals else None,
        disposals_overdue=due.count("disposal_overdue") if has_disposals else None,
        score=_score(repo, as_of, watched),
        red_cases=red_cases,
        on_time_rate=on_time_rate,
    )
    rows = [RiskRow(g.final, g.risk.category, g.areas) for g in graded.risks]
    return figures, rows


def unit_figures(repo: Repository, as_of: dt.date) -> UnitFigures:
    """The unit's figures on `as_of` (see the module's docstring)."""
    return read_unit(repo, as_of)[0]

"""`lz rollup` as a library: a supervising body's view of many units (纪委监委, a group's
discipline department).

    result = rollup(["units/a", "exports/b"], as_of, engine="duckdb")   # or "spark"
    result.units          # per unit: its figures (`rollup.figures`) or why it could not be read
    result.totals, result.areas, result.categories, result.most_overdue
    result.exit_code()    # 1 when a unit could not be read

Three stages: read every UNIT (`sources.read_all`: repositories in worker processes, exports
from their `unit.parquet`), register the per-unit figure rows and the risk rows with the SQL
engine (`engine`: the repositories' risks as Arrow, the exports' `risks.parquet` as they
are), and aggregate in SQL (`sql`: totals, risks by key area and by category, the units
with most overdue items). The per-unit figures are never recomputed here: they are what
each unit's own commands say (`figures.unit_figures`), or what its export stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lianzheng.engine import Engine, open_engine
from lianzheng.rollup.figures import FIGURE_COLUMNS, FLOAT_FIGURES, RiskRow, UnitFigures
from lianzheng.rollup.sources import (
    EXPORT,
    REPOSITORY,
    RISK_COLUMNS,
    NotAUnit,
    Problem,
    UnitRead,
    read_all,
    risk_file_problem,
)
from lianzheng.rollup.sql import MOST_OVERDUE, QUERIES
from lianzheng.spec.terms import AREA, RISK_CATEGORY

__all__ = ["EXPORT", "REPOSITORY", "AreaCount", "NotAUnit", "Problem", "RollupResult", "UnitFigures", "UnitResult",
           "rollup"]

MOST_OVERDUE_SHOWN = 10
GRADES = ("high", "medium", "low")
# The sums of `totals`, as SPEC's json names them (`risks` is by grade).
TOTAL_COUNTS = ("powers", "high_short_of_measures", "reviews_due", "red_cases", "warnings_undisposed")


@dataclass(frozen=True)
class UnitResult:
    """One UNIT of the command line: its figures, or the problem that kept it out."""

    position: int  # 0-based, in the order given
    source: str  # the path as given
    kind: str  # REPOSITORY or EXPORT
    figures: UnitFigures | None
    problem: Problem | None

    @property
    def label(self) -> str:
        """How the unit is named: its name, else its code, else its path."""
        f = self.figures
        return (f.name or f.code or self.source) if f is not None else self.source


@dataclass(frozen=True)
class AreaCount:
    area: str  # an `area` id, or "none" (未标注)
    high: int
    medium: int
    low: int


@dataclass
class RollupResult:
    as_of: dt.date
    engine: str
    units: list[UnitResult]
    totals: dict[str, int | None] = field(default_factory=dict)
    areas: list[AreaCount] = field(default_factory=list)
    categories: list[tuple[str, int]] = field(default_factory=list)  # (`risk_category` id or "none", risks)
    most_overdue: list[tuple[UnitResult, int]] = field(default_factory=list)  # (unit, overdue items)

    @property
    def read(self) -> list[UnitResult]:
        return [u for u in self.units if u.figures is not None]

    @property
    def problems(self) -> list[UnitResult]:
        return [u for u in self.units if u.problem is not None]

    def exit_code(self) -> int:
        return 1 if self.problems else 0


def _unit_table(units: Sequence[UnitResult]) -> Any:
    import pyarrow as pa

    read = [u for u in units if u.figures is not None]
    types: dict[str, Any] = {name: pa.int32() for name in FIGURE_COLUMNS}
    types |= {"as_of": pa.date32(), **{n: pa.float64() for n in FLOAT_FIGURES}}
    columns: dict[str, Any] = {
        "position": pa.array([u.position for u in read], pa.int32()),
        "code": pa.array([u.figures.code if u.figures else None for u in read], pa.string()),
    }
    for name in FIGURE_COLUMNS:
        columns[name] = pa.array([getattr(u.figures, name) for u in read], types[name])
    return pa.table(columns)


def _risk_table(rows: Sequence[RiskRow]) -> Any:
    import pyarrow as pa

    return pa.table({
        "grade": pa.array([r.grade for r in rows], pa.string()),
        "category": pa.array([r.category for r in rows], pa.string()),
        "areas": pa.array([list(r.areas) for r in rows], pa.list_(pa.string())),
    })


def _terms_table(column: str, ids: Sequence[str]) -> Any:
    import pyarrow as pa

    return pa.table({column: pa.array(list(ids), pa.string()), "ord": pa.array(range(len(ids)), pa.int32())})


def register_risks(engine: Engine, reads: Sequence[UnitRead]) -> None:
    """The exports' `risks.parquet` as the view `export_risks`, read once. DuckDB reads them
    in one statement and fails when one does not fit (a column missing or of a type that
    does not cast); then, and on Spark (which would fail later, unattributed), each file's
    footer is checked first, and an export whose risks cannot be read is left out, named."""
    def usable() -> list[UnitRead]:
        return [r for r in reads if r.figures is not None and r.risk_file]

    def check() -> None:
        for read in usable():
            if not read.risks_checked:
                read.problem, read.risks_checked = risk_file_problem(str(read.risk_file)), True
                if read.problem is not None:
                    read.figures, read.risk_file = None, None

    if engine.name != "duckdb":
        check()
    files = [str(r.risk_file) for r in usable()]
    if not files:
        engine.register_arrow("export_risks", _risk_table([]))
        return
    try:
        engine.register_parquet("export_risks", files, RISK_COLUMNS, materialize=True)  # read by two queries
    except Exception:  # noqa: BLE001 — a file that does not fit: find it, leave it out, read the rest
        check()
        files = [str(r.risk_file) for r in usable()]
        if files:
            engine.register_parquet("export_risks", files, RISK_COLUMNS, materialize=True)
        else:
            engine.register_arrow("export_risks", _risk_table([]))


def aggregate(engine: Engine, reads: Sequence[UnitRead], as_of: dt.date) -> RollupResult:
    """Register the rows with the engine and run the roll-up's SQL."""
    register_risks(engine, reads)
    units = [UnitResult(i, r.source, r.kind, r.figures, r.problem) for i, r in enumerate(reads)]
    engine.register_arrow("units", _unit_table(units))
    engine.register_arrow("repo_risks", _risk_table([r for read in reads if read.figures for r in read.risks]))
    engine.register_arrow("area_terms", _terms_table("area", [t.id for t in AREA]))
    engine.register_arrow("category_terms", _terms_table("category", [t.id for t in RISK_CATEGORY]))

    totals = engine.query(QUERIES["totals"]).to_pylist()[0]
    areas = [AreaCount(r["area"], r["high"], r["medium"], r["low"])
             for r in engine.query(QUERIES["areas"]).to_pylist()]
    categories = [(r["category"], r["n"]) for r in engine.query(QUERIES["categories"]).to_pylist()]
    by_position = {u.position: u for u in units}
    ranked = engine.query(MOST_OVERDUE.format(limit=MOST_OVERDUE_SHOWN)).to_pylist()
    return RollupResult(
        as_of=as_of, engine=engine.name, units=units, totals=totals, areas=areas,
        categories=categories, most_overdue=[(by_position[r["position"]], r["overdue"]) for r in ranked])


def rollup(
    units: Sequence[str],
    as_of: dt.date,
    engine: str | Engine = "duckdb",
    *,
    master: str | None = None,
    cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> RollupResult:
    """Roll up the units on `as_of` (see the module's docstring). `engine`: "duckdb",
    "spark" (with `master`: see `engine.open_engine`), or an open `Engine` the caller
    closes. Raises NotAUnit when a UNIT is neither a repository nor an export (nothing is
    read then), `engine.EngineUnavailable` when the engine cannot run."""
    reads = read_all(units, as_of, cache=cache, jobs=jobs, progress=progress)
    # the engine starts once the units are read: a Spark JVM is not forked into the workers
    if isinstance(engine, Engine):
        return aggregate(engine, reads, as_of)
    with open_engine(engine, master=master) as opened:
        return aggregate(opened, reads, as_of)


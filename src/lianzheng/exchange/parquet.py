"""The Parquet tables of `lz export --format parquet` (columns: see `export.py`).

Typed with explicit Arrow schemas, so that an empty table has the same columns as a full
one and `lz rollup` can read any unit's export with one query.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from lianzheng.exchange.tables import INTERNAL, Tables

PARQUET_FILES = {"unit": "unit.parquet", "powers": "powers.parquet", "steps": "steps.parquet",
                 "risks": "risks.parquet", "measures": "measures.parquet", "benchmarks": "benchmarks.parquet"}


def _days(d: Any) -> int | None:
    return d.days if d is not None else None


def _calendar(d: Any) -> bool | None:
    return d.calendar if d is not None else None


def _factor(name: str) -> Callable[[Any], int | None]:
    return lambda r: r.factors[name] if r.factors else None


def _columns() -> dict[str, list[tuple[str, Any, Callable[[Any], Any]]]]:
    """table -> [(column, Arrow type, value of a row)]; `unit_code` is added to each."""
    import pyarrow as pa

    s, i8, i32, f64, b, d = pa.string(), pa.int8(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
    ls = pa.list_(pa.string())
    return {
        "unit": [
            ("name", s, lambda u: u.name), ("type", s, lambda u: u.type), ("region", s, lambda u: u.region),
            ("supervision_phone", s, lambda u: u.supervision_phone), ("website", s, lambda u: u.website),
            ("review_cycle_days", i32, lambda u: u.review_cycle_days),
            ("high_risk_min_measures", i32, lambda u: u.high_risk_min_measures),
            ("departments", i32, lambda u: u.departments), ("posts", i32, lambda u: u.posts),
            ("leaders", i32, lambda u: u.leaders),
        ],
        "powers": [
            ("power_id", s, lambda p: p.id), ("name", s, lambda p: p.name), ("category", s, lambda p: p.category),
            ("scope", s, lambda p: p.scope), ("public", b, lambda p: p.public), ("subject", s, lambda p: p.subject),
            ("subject_name", s, lambda p: p.subject_name), ("content", s, lambda p: p.content),
            ("basis", ls, lambda p: list(p.basis)), ("areas", ls, lambda p: list(p.areas)),
            ("major_matter", ls, lambda p: list(p.major_matter)), ("authority", s, lambda p: p.authority),
            ("statutory_days", i32, lambda p: _days(p.statutory)),
            ("statutory_calendar", b, lambda p: _calendar(p.statutory)),
            ("promised_days", i32, lambda p: _days(p.promised)),
            ("promised_calendar", b, lambda p: _calendar(p.promised)), ("fee", s, lambda p: p.fee),
            ("steps", i32, lambda p: p.steps), ("risks", i32, lambda p: p.risks), ("path", s, lambda p: p.path),
        ],
        "steps": [
            ("power_id", s, lambda t: t.power_id), ("position", i32, lambda t: t.position),
            ("step_id", s, lambda t: t.id), ("name", s, lambda t: t.name), ("actor", s, lambda t: t.actor),
            ("actor_name", s, lambda t: t.actor_name), ("conditions", s, lambda t: t.conditions),
            ("procedure", s, lambda t: t.procedure), ("time_limit_days", i32, lambda t: _days(t.time_limit)),
            ("time_limit_calendar", b, lambda t: _calendar(t.time_limit)),
            ("supervision", s, lambda t: t.supervision), ("is_start", b, lambda t: t.start),
            ("is_clock_start", b, lambda t: t.clock_start), ("collective", b, lambda t: t.collective),
            ("is_end", b, lambda t: t.end), ("pauses_clock", b, lambda t: t.pauses_clock),
            ("next", ls, lambda t: [to for to, _ in t.next]), ("risks", ls, lambda t: list(t.risks)),
        ],
        "risks": [
            ("risk_id", s, lambda r: r.id), ("title", s, lambda r: r.title),
            ("description", s, lambda r: r.description), ("category", s, lambda r: r.category),
            ("department_id", s, lambda r: r.department_id), ("department", s, lambda r: r.department),
            ("post_id", s, lambda r: r.post_id), ("post", s, lambda r: r.post),
            ("power_id", s, lambda r: r.power_id), ("power_name", s, lambda r: r.power_name),
            ("register_id", s, lambda r: r.register_id),
            *((f, i8, _factor(f)) for f in ("importance", "discretion", "probability", "harm")),
            ("likelihood", i8, lambda r: r.likelihood), ("impact", i8, lambda r: r.impact),
            ("score", f64, lambda r: r.score), ("declared_grade", s, lambda r: r.declared),
            ("computed_grade", s, lambda r: r.computed), ("grade", s, lambda r: r.grade),
            ("override_reason", s, lambda r: r.override_reason), ("owner", s, lambda r: r.owner),
            ("leader_id", s, lambda r: r.leader_id), ("leader", s, lambda r: r.leader),
            ("measures", i32, lambda r: len(r.measures)), ("reviewed", d, lambda r: r.reviewed),
            ("approval_date", d, lambda r: r.approval_date), ("approval_by", s, lambda r: r.approval_by),
            ("approval_ref", s, lambda r: r.approval_ref), ("identified_by", ls, lambda r: list(r.identified_by)),
            ("steps", ls, lambda r: list(r.steps)), ("areas", ls, lambda r: list(r.areas)),
            ("power_category", s, lambda r: r.power_category), ("major_matter", ls, lambda r: list(r.major_matter)),
            ("path", s, lambda r: r.path),
        ],
        "measures": [
            ("risk_id", s, lambda m: m.risk_id), ("position", i32, lambda m: m.position),
            ("measure_id", s, lambda m: m.id), ("type", s, lambda m: m.type), ("text", s, lambda m: m.text),
            ("owner", s, lambda m: m.owner), ("due", d, lambda m: m.due), ("status", s, lambda m: m.status),
        ],
        "benchmarks": [
            ("benchmark_id", s, lambda t: t.benchmark_id), ("power_id", s, lambda t: t.power_id),
            ("violation", s, lambda t: t.violation), ("basis", ls, lambda t: list(t.basis)),
            ("case", i32, lambda t: t.case), ("when", s, lambda t: t.when),
            ("legal_min", f64, lambda t: t.legal_min), ("legal_max", f64, lambda t: t.legal_max),
            ("unit", s, lambda t: t.unit), ("base", s, lambda t: t.base), ("tier", i32, lambda t: t.tier),
            ("level", s, lambda t: t.level), ("conditions", ls, lambda t: list(t.conditions)),
            ("range_min", f64, lambda t: t.range_min), ("range_max", f64, lambda t: t.range_max),
            ("outcome", s, lambda t: t.outcome), ("other", s, lambda t: t.other),
        ],
    }


def _table_bytes(code: str, columns: list[tuple[str, Any, Callable[[Any], Any]]], rows: Sequence[Any]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ["unit_code", *(c[0] for c in columns)]
    types = [pa.string(), *(c[1] for c in columns)]
    data = [pa.array([code] * len(rows), pa.string())]
    data += [pa.array([get(row) for row in rows], typ) for _, typ, get in columns]
    table = pa.Table.from_arrays(data, schema=pa.schema(list(zip(names, types))))
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def parquet_tables(tables: Tables, unit_columns: Sequence[tuple[str, Any, Any]] = ()) -> Iterator[tuple[str, bytes]]:
    """(table name, file bytes) of every table the audience may see. `unit_columns`:
    (column, Arrow type, value) added to `unit.parquet` (the figures `lz rollup` reads,
    which the command works out: `rollup.figures`); internal edition only."""
    columns = _columns()
    if tables.audience == INTERNAL:
        columns["unit"] += [(name, typ, lambda _, v=value: v) for name, typ, value in unit_columns]
    content: dict[str, Sequence[Any]] = {
        "unit": [tables.unit], "powers": tables.powers, "steps": tables.steps,
        "risks": tables.risks, "measures": tables.measures, "benchmarks": tables.tiers,
    }
    for name in PARQUET_FILES:
        if tables.audience != INTERNAL and name in ("risks", "measures"):
            continue
        yield name, _table_bytes(tables.unit_code, columns[name], content[name])

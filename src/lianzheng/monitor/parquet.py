"""`lz monitor --out DIR`: every case and every case finding as Parquet, for a supervising
body's own analysis (`lz rollup` and SQL engines read them)."""

from __future__ import annotations

import io
from pathlib import Path

from lianzheng.monitor.result import MonitorResult
from lianzheng.repo.storage import write_atomic

def write_parquet(result: MonitorResult, out_dir: Path, lang: str = "zh") -> list[Path]:
    """`cases.parquet` (every case) and `findings.parquet` (every case finding) in `out_dir`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    cases = result.cases(all=True)
    case_table = pa.table({
        "log": pa.array([c.log for c in cases], pa.string()),
        "case": pa.array([c.case for c in cases], pa.string()),
        "status": pa.array([c.status for c in cases], pa.string()),
        "card": pa.array([c.card for c in cases], pa.string()),
        "days": pa.array([c.days for c in cases], pa.int32()),
        "limit_days": pa.array([c.limit.days if c.limit else None for c in cases], pa.int32()),
        "limit_calendar": pa.array([c.limit.calendar if c.limit else None for c in cases], pa.bool_()),
        "events": pa.array([c.events for c in cases], pa.int32()),
        "first_time": pa.array([c.first_time for c in cases], pa.string()),
        "last_time": pa.array([c.last_time for c in cases], pa.string()),
        "last_step": pa.array([c.last_step for c in cases], pa.string()),
        "codes": pa.array([list(c.codes) for c in cases], pa.list_(pa.string())),
    })
    rows = [(c, f) for c in cases for f in c.findings]
    finding_table = pa.table({
        "log": pa.array([c.log for c, _ in rows], pa.string()),
        "case": pa.array([c.case for c, _ in rows], pa.string()),
        "card": pa.array([c.card for c, _ in rows], pa.string()),
        "code": pa.array([f.code for _, f in rows], pa.string()),
        "step": pa.array([f.step for _, f in rows], pa.string()),
        "time": pa.array([f.time for _, f in rows], pa.string()),
        "row": pa.array([f.row for _, f in rows], pa.int64()),
        "days": pa.array([c.days for c, _ in rows], pa.int32()),
        "limit_days": pa.array([c.limit.days if c.limit else None for c, _ in rows], pa.int32()),
        "limit_calendar": pa.array([c.limit.calendar if c.limit else None for c, _ in rows], pa.bool_()),
        "risks": pa.array([[r for r, _ in f.risks] for _, f in rows], pa.list_(pa.string())),
        "grades": pa.array([[g for _, g in f.risks] for _, f in rows], pa.list_(pa.string())),
        "message": pa.array([f.message(lang) for c, f in rows], pa.string()),
    })
    written = []
    for name, table in (("cases.parquet", case_table), ("findings.parquet", finding_table)):
        target = out_dir / name
        buf = io.BytesIO()
        pq.write_table(table, buf, compression="zstd")
        write_atomic(target, buf.getvalue())
        written.append(target)
    return written

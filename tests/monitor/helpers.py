"""Small powers and logs for the monitor's tests, written the way units write them."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pyarrow as pa
import pyarrow.parquet as pq

from lianzheng.spec.models import CaseLog, Power, Settings, Unit
from lianzheng.monitor import LogResult, monitor_log

API = {"apiVersion": "lianzheng/v1"}
# S1 受理 → S2 审查 → S3 决定 (end); S1 may go to S1B 补正 (pauses the clock) and back.
LINEAR = [
    {"id": "S1", "name": "受理", "actor": "P-SL", "time_limit": 1, "next": ["S2", "S1B"]},
    {"id": "S1B", "name": "补正", "actor": "P-SL", "time_limit": 1, "pauses_clock": True, "next": ["S1"]},
    {"id": "S2", "name": "审查", "actor": "P-SC", "time_limit": 2, "next": ["S3"]},
    {"id": "S3", "name": "决定", "actor": "D-XZ", "time_limit": 1, "end": True},
]
ACTIVITIES = {"受理": "S1", "补正": "S1B", "审查": "S2", "决定": "S3"}


def power(steps: Sequence[dict[str, Any]] = LINEAR, start: str = "S1", **fields: Any) -> Power:
    flow = {"start": start, "steps": list(steps)}
    if "clock_start" in fields:
        flow["clock_start"] = fields.pop("clock_start")
    data = {**API, "kind": "Power", "id": "XK-T", "name": "测试许可", "category": "licensing",
            "statutory_days": 10, "promised_days": 5, "flow": flow, **fields}
    return Power.model_validate({k: v for k, v in data.items() if v is not None})


def unit(**settings: Any) -> Unit:
    return Unit.model_validate({
        **API, "kind": "Unit", "name": "某县局",
        "departments": [{"id": "D-XZ", "name": "行政审批股"}, {"id": "D-BG", "name": "办公室"}],
        "posts": [{"id": "P-SL", "name": "受理岗", "department": "D-XZ"},
                  {"id": "P-SC", "name": "审查岗", "department": "D-XZ"},
                  {"id": "P-BG", "name": "文书岗", "department": "D-BG"}],
        "settings": settings,
    })


def caselog(source: str, **fields: Any) -> CaseLog:
    data = {**API, "kind": "CaseLog", "id": "L", "power": "XK-T", "source": source,
            "columns": {"case": "case", "activity": "activity", "time": "time", "resource": "who"},
            "activities": ACTIVITIES, **fields}
    return CaseLog.model_validate(data)


HEADER = ("case", "activity", "time", "who")


def write(root: Path, rows: Iterable[Sequence[Any]], fmt: str = "csv", name: str = "log",
          header: Sequence[str] = HEADER) -> str:
    """Write the rows in one of the formats a CaseLog reads; the file's name under `root`.
    For XES the rows become traces (in order of their first row) with the events in row
    order, `case` a trace attribute and the rest event attributes."""
    rows = [list(r) for r in rows]
    path = root / f"{name}.{fmt}"
    if fmt in ("csv", "csv.gz"):
        opener = gzip.open if fmt.endswith(".gz") else open
        with opener(path, "wt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(dict(zip(header, r)), ensure_ascii=False) + "\n" for r in rows)
    elif fmt == "parquet":
        cols = list(zip(*rows)) if rows else [[] for _ in header]
        pq.write_table(pa.table({h: pa.array([None if v is None else str(v) for v in c], pa.string())
                                 for h, c in zip(header, cols)}), path)
    elif fmt in ("xes", "xes.gz"):
        traces: dict[str, list[dict[str, Any]]] = {}
        ci = list(header).index(header[0])
        for r in rows:
            traces.setdefault(r[ci], []).append(dict(zip(header, r)))
        xml = ['<?xml version="1.0" encoding="UTF-8" ?>', '<log xes.version="1.0">']
        for case, events in traces.items():
            xml.append(f'<trace><string key="concept:name" value={quoteattr(str(case))}/>')
            for ev in events:
                xml.append("<event>")
                for k, v in ev.items():
                    if k == header[0] or v in (None, ""):
                        continue
                    key = {"activity": "concept:name", "time": "time:timestamp", "who": "org:resource"}.get(k, k)
                    tag = "date" if k == "time" else "string"
                    xml.append(f"<{tag} key={quoteattr(key)} value={quoteattr(str(v))}/>")
                xml.append("</event>")
            xml.append("</trace>")
        xml.append("</log>")
        data = "\n".join(xml).encode()
        path.write_bytes(gzip.compress(data, mtime=0) if fmt.endswith(".gz") else data)
    else:
        raise ValueError(fmt)
    return path.name


XES_COLUMNS = {"case": "case:concept:name", "activity": "concept:name", "time": "time:timestamp",
               "resource": "org:resource"}


def check(root: Path, rows: Iterable[Sequence[Any]], *, fmt: str = "csv", as_of: str = "2026-11-28",
          the_power: Power | None = None, the_unit: Unit | None = None, risks: dict[str, list[tuple[str, str]]]
          | None = None, settings: Settings | None = None, engine: Any = "duckdb", **fields: Any) -> LogResult:
    """Monitor `rows` (case, activity, time, who) as one log of the test power (on
    `engine`: a name or an open session)."""
    name = write(root, rows, fmt)
    if fmt.startswith("xes"):
        fields.setdefault("columns", XES_COLUMNS)
    log = caselog(name, **fields)
    u = the_unit if the_unit is not None else unit()
    return monitor_log(log, the_power or power(), u, settings or u.settings, root, as_of, risks, engine=engine)


def codes(result: LogResult, case: str | None = None) -> list[str]:
    """The finding codes of one case (or of every case), in order."""
    return [f.code for c in result.cases if case is None or c.case == case for f in c.findings]


def case_of(result: LogResult, case: str) -> Any:
    return next(c for c in result.cases if c.case == case)


def log_codes(result: LogResult) -> list[str]:
    return [f.code for f in result.data]

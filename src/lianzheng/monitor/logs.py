"""Reading a case log into DuckDB, whatever the unit's system exported.

A CaseLog says where the log is and which of its columns hold the case, the activity, the
time, the resource and the lifecycle state. This module turns the file into one relation,
`lz_src`, with those columns under fixed names and the row number a user would look the
row up by (`lz_row`), and leaves everything else (filters, parsing times, checking) to the
engine's SQL. Files are never loaded whole into Python: CSV, Parquet and JSON lines are
scanned by DuckDB itself; XES is streamed by `xes.read_xes` into a temporary Parquet file.

Row numbers (`lz_row`): for a table (CSV, Parquet, JSON lines) the row a spreadsheet shows
for the record when the table is opened in one, the header being row 1 — so the first
record is row 2 in every tabular format and the same log gives the same numbers whichever
way it was exported; for XES, the event's ordinal in the file (see `xes`).

Reading fails (the command exits 2) with a `LogError` for a missing file, an unknown format,
a file that is not what its name says, and a column named by the CaseLog that the file does
not have: the message lists the columns there are.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from lianzheng.i18n import Text
from lianzheng.spec.models import CaseLog
from lianzheng.monitor.xes import ROW, XesColumns, XesError, read_xes

FORMATS = {".csv": "csv", ".csv.gz": "csv", ".parquet": "parquet", ".xes": "xes", ".xes.gz": "xes",
           ".jsonl": "jsonl"}
# Which of the CaseLog's columns a row must have, and which are optional in the data.
REQUIRED = ("case", "activity", "time")
TYPED_TIMES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE")
OPTIONAL = ("resource", "lifecycle")

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class LogError(Exception):
    """A log that cannot be used: the command reports it and exits 2."""

    def __init__(self, text: Text, path: str = "") -> None:
        super().__init__(text.zh)
        self.text = text
        self.path = path

    def message(self, lang: str = "zh") -> str:
        return self.text(lang)


@dataclass(frozen=True)
class LogSpec:
    """How to read one log: the CaseLog's fields, resolved against the repository."""

    id: str
    path: Path
    shown: str  # the path as the user wrote it (relative to the root where it lies there)
    columns: dict[str, str]  # role (case, activity, time, resource, lifecycle) -> column name
    explicit: frozenset[str]  # roles whose column the CaseLog names (a missing one is an error)
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    timezone: str = "Asia/Shanghai"

    @classmethod
    def of(cls, caselog: CaseLog, root: Path, log_file: Path | None = None) -> LogSpec:
        """The spec of a CaseLog; `log_file` (`--log ID=FILE`) reads another file."""
        cols = caselog.columns
        if log_file is not None:
            path = Path(log_file)
            shown = str(log_file)
        else:
            shown = caselog.source
            path = inside(root, caselog.source)
        return cls(
            id=caselog.id,
            path=path,
            shown=shown,
            columns={role: getattr(cols, role) for role in (*REQUIRED, *OPTIONAL)},
            explicit=frozenset(cols.model_fields_set),
            where={k: tuple(str(v).strip() for v in vs) for k, vs in sorted(caselog.where.items())},
            timezone=caselog.timezone,
        )


def inside(root: Path, source: str) -> Path:
    """`source` under the repository root; one that leads out of it (`..`, an absolute
    path, a symbolic link) is refused, as everywhere in lz."""
    base = root.resolve()
    target = (root / source)
    try:
        resolved = target.resolve()
    except OSError:
        resolved = target
    if resolved != base and base not in resolved.parents:
        raise LogError(Text(f"日志文件 {source} 在仓库之外（符号链接或 ..），不予读取",
                            f"the log file {source} lies outside the repository (a symbolic link or ..): not read"),
                       source)
    return target


def log_format(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMATS[suffix]
    known = "、".join(FORMATS)
    raise LogError(Text(f"无法识别日志文件的格式：{path.name}（支持 {known}）",
                        f"unknown log format: {path.name} (lz reads {', '.join(FORMATS)})"), str(path))


@dataclass(frozen=True)
class Source:
    """What `attach` made of the file: the relation `lz_src` and what it holds."""

    format: str
    columns: tuple[str, ...]  # every column of the file, in file order
    time_type: str  # DuckDB type of the time column: VARCHAR, TIMESTAMP, TIMESTAMP WITH TIME ZONE, DATE
    has_resource: bool
    has_lifecycle: bool
    row_kind: str  # "row" (a table's row as a spreadsheet shows it) or "event" (XES ordinal)
    where: tuple[str, ...]  # the `lz_w<i>` columns, one per `where` column


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def attach(con: duckdb.DuckDBPyConnection, spec: LogSpec, workdir: Path,
           progress: Progress | None = None) -> Source:
    """Create the view `lz_src` over the log: `lz_row`, `lz_case`, `lz_activity`, `lz_time`,
    `lz_resource`, `lz_lifecycle` and `lz_w0`… (the `where` columns)."""
    path = spec.path
    fmt = log_format(path)
    if not path.is_file():
        raise LogError(Text(f"日志文件不存在：{spec.shown}", f"the log file does not exist: {spec.shown}"),
                       spec.shown)
    try:
        if fmt == "xes":
            reader, row_offset = _xes_to_parquet(spec, workdir, progress), 0
            row_kind = "event"
        else:
            reader, row_offset, row_kind = _table_reader(con, fmt, path), 1, "row"
        described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    except LogError:
        raise
    except (duckdb.Error, OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise unreadable(spec, fmt, exc) from None
    types = {str(r[0]): str(r[1]) for r in described}
    names = tuple(n for n in types if n != ROW)
    if fmt == "jsonl":  # every value as text, whatever JSON type it has in a row
        reader = _json_reader(path, names)
        types = dict.fromkeys(names, "VARCHAR")
    present = set(names)

    def column(role: str) -> str | None:
        name = spec.columns[role]
        if name in present:
            return name
        if role in REQUIRED or role in spec.explicit:
            raise missing_column(spec, f"columns.{role}", name, names)
        return None

    case, activity, time = (column(r) for r in REQUIRED)
    resource, lifecycle = (column(r) for r in OPTIONAL)
    for name in spec.where:
        if name not in present:
            raise missing_column(spec, "where", name, names)
    assert case and activity and time

    def text(name: str | None) -> str:
        return "CAST(NULL AS VARCHAR)" if name is None else f"CAST({quote_ident(name)} AS VARCHAR)"

    time_type = types[time]
    if time_type in TYPED_TIMES:  # Parquet, JSON: already a time, keep its type
        time_col = quote_ident(time)
    else:
        time_col, time_type = text(time), "VARCHAR"
    where_cols = [f"{text(name)} AS lz_w{i}" for i, name in enumerate(spec.where)]
    row = (f"{ROW}" if fmt == "xes" else
           "file_row_number + 2" if fmt == "parquet" else f"row_number() OVER () + {row_offset}")
    select = ", ".join([
        f"CAST({row} AS BIGINT) AS lz_row",
        f"{text(case)} AS lz_case",
        f"{text(activity)} AS lz_activity",
        f"{time_col} AS lz_time",
        f"{text(resource)} AS lz_resource",
        f"{text(lifecycle)} AS lz_lifecycle",
        *where_cols,
    ])
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW lz_src AS SELECT {select} FROM {reader}")
    except duckdb.Error as exc:
        raise unreadable(spec, fmt, exc) from None
    return Source(fmt, names, time_type, resource is not None, lifecycle is not None, row_kind,
                  tuple(f"lz_w{i}" for i in range(len(where_cols))))


def _table_reader(con: duckdb.DuckDBPyConnection, fmt: str, path: Path) -> str:
    p = quote_str(str(path))
    if fmt == "csv":
        # Every cell as text: the engine parses times itself (offsets, day-only dates), and a
        # case number like 00123 must not lose its zeros.
        return f"read_csv({p}, header = true, all_varchar = true)"
    if fmt == "parquet":
        return f"read_parquet({p}, file_row_number = true)"
    return f"read_json({p}, format = 'newline_delimited', sample_size = -1)"


def _json_reader(path: Path, names: Sequence[str]) -> str:
    cols = ", ".join(f"{quote_str(n)}: 'VARCHAR'" for n in names)
    return f"read_json({quote_str(str(path))}, format = 'newline_delimited', columns = {{{cols}}})"


def _xes_to_parquet(spec: LogSpec, workdir: Path, progress: Progress | None) -> str:
    """Stream the XES file into a Parquet file of the columns the CaseLog names."""
    wanted = [spec.columns[r] for r in (*REQUIRED, *OPTIONAL)] + list(spec.where)
    seen = XesColumns()
    total = os.path.getsize(spec.path)
    target = workdir / f"{spec.id}.xes.parquet"
    writer: pq.ParquetWriter | None = None
    tick = None if progress is None else (lambda done: progress("read", done, total))
    try:
        for table in read_xes(spec.path, wanted, seen, tick):
            if writer is None:
                writer = pq.ParquetWriter(target, table.schema)
            writer.write_table(table)
    except XesError as exc:
        raise LogError(Text(f"{spec.shown} 第 {exc.line} 行：不是有效的 XES（XML）文件：{exc.problem}",
                            f"{spec.shown} line {exc.line}: not a valid XES (XML) file: {exc.problem}"),
                       spec.shown) from None
    finally:
        if writer is not None:
            writer.close()
    # Columns the file lacks are dropped, so that DESCRIBE lists what the file has.
    present = [c for c in dict.fromkeys(wanted) if c in seen.names]
    extra = sorted(seen.names - set(present))
    cols = ", ".join([ROW, *(quote_ident(c) for c in present)])
    view = f"(SELECT {cols} FROM read_parquet({quote_str(str(target))}))"
    # DESCRIBE of this view would not show the columns that were not asked for; keep
    # them as typed NULLs so that the missing-column message can list every column.
    if extra:
        nulls = ", ".join(f"CAST(NULL AS VARCHAR) AS {quote_ident(c)}" for c in extra)
        view = f"(SELECT {cols}, {nulls} FROM read_parquet({quote_str(str(target))}))"
    return view


def missing_column(spec: LogSpec, field_name: str, name: str, names: Sequence[str]) -> LogError:
    listed_zh = "、".join(names) or "（无）"
    listed_en = ", ".join(names) or "(none)"
    return LogError(Text(
        f"{spec.shown}：没有列“{name}”（办件数据 {spec.id} 的 {field_name}）；文件中的列：{listed_zh}",
        f"{spec.shown}: no column `{name}` (CaseLog {spec.id}, {field_name}); the file's columns are: {listed_en}",
    ), spec.shown)


def unreadable(spec: LogSpec, fmt: str, exc: BaseException) -> LogError:
    problem = " ".join(str(exc).split())[:300]
    if "unicode" in problem.lower() or "utf-8" in problem.lower():
        return LogError(Text(f"{spec.shown}：不是 UTF-8 编码的文件（请从系统导出为 UTF-8 CSV）：{problem}",
                             f"{spec.shown}: not UTF-8 text (export the log as UTF-8 CSV): {problem}"),
                        spec.shown)
    return LogError(Text(f"{spec.shown}：无法按 {fmt} 格式读取：{problem}",
                         f"{spec.shown}: cannot be read as {fmt}: {problem}"), spec.shown)

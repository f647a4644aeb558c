"""Reading a case log into the SQL engine, whatever the unit's system exported.

A CaseLog says where the log is and which of its columns hold the case, the activity, the
time, the resource and the lifecycle state. This module turns the file into one relation,
`lz_src`, with those columns under fixed names and the row number a user would look the
row up by (`lz_row`), and leaves everything else (filters, parsing times, checking) to the
engine's SQL. Files are never loaded whole into Python: CSV, Parquet and JSON lines are
scanned by the engine itself (`Engine.register_file`: DuckDB's readers, or Spark's); XES is
streamed by `xes.read_xes` into a temporary Parquet file, which the engine then reads.

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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a log is read, not with the package
    import pyarrow.parquet as pq

    from lianzheng.engine import Engine


from lianzheng.i18n import Text
from lianzheng.spec.models import CaseLog
from lianzheng.monitor.xes import ROW, XesColumns, XesError, read_xes

FORMATS = {".csv": "csv", ".csv.gz": "csv", ".parquet": "parquet", ".xes": "xes", ".xes.gz": "xes",
           ".jsonl": "jsonl"}
# Which of the CaseLog's columns a row must have, and which are optional in the data.
REQUIRED = ("case", "activity", "time")
OPTIONAL = ("resource", "lifecycle")
# What a column whose values are times may be typed as in the file (`Column.kind`): kept as
# it is; any other is read as text.
TYPED_TIMES = ("instant", "local", "date")
POSITION = "lz_pos"  # the record's 0-based place in a table file (`Engine.register_file`)

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
    path: Path | str  # a local path, or a URL (s3a://…) that only the engine opens
    shown: str  # the path as the user wrote it (relative to the root where it lies there)
    columns: dict[str, str]  # role (case, activity, time, resource, lifecycle) -> column name
    explicit: frozenset[str]  # roles whose column the CaseLog names (a missing one is an error)
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    timezone: str = "Asia/Shanghai"

    @classmethod
    def of(cls, caselog: CaseLog, root: Path, log_file: Path | str | None = None) -> LogSpec:
        """The spec of a CaseLog; `log_file` (`--log ID=FILE`) reads another file, which may
        be a URL the engine reads (object storage for a Spark cluster)."""
        cols = caselog.columns
        path: Path | str
        if log_file is not None:
            path = log_file if is_url(log_file) else Path(log_file)
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


def is_url(path: Path | str) -> bool:
    """A file name with a scheme (`s3a://bucket/log.parquet`): the engine opens it, not lz."""
    return isinstance(path, str) and "://" in path


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


def log_format(path: Path | str) -> str:
    name = (path.rsplit("/", 1)[-1] if isinstance(path, str) else path.name).lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMATS[suffix]
    known = "、".join(FORMATS)
    raise LogError(Text(f"无法识别日志文件的格式：{name}（支持 {known}）",
                        f"unknown log format: {name} (lz reads {', '.join(FORMATS)})"), str(path))


@dataclass(frozen=True)
class Source:
    """What `attach` made of the file: the relation `lz_src` and what it holds."""

    format: str
    columns: tuple[str, ...]  # every column of the file, in file order
    time_type: str  # what the time column holds (`Column.kind`): text, instant, local or date
    has_resource: bool
    has_lifecycle: bool
    row_kind: str  # "row" (a table's row as a spreadsheet shows it) or "event" (XES ordinal)
    where: tuple[str, ...]  # the `lz_w<i>` columns, one per `where` column


def attach(engine: Engine, spec: LogSpec, workdir: Path, progress: Progress | None = None) -> Source:
    """Create the view `lz_src` over the log: `lz_row`, `lz_case`, `lz_activity`, `lz_time`,
    `lz_resource`, `lz_lifecycle` and `lz_w0`… (the `where` columns)."""
    path = spec.path
    fmt = log_format(path)
    if not is_url(path) and not Path(path).is_file():
        raise LogError(Text(f"日志文件不存在：{spec.shown}", f"the log file does not exist: {spec.shown}"),
                       spec.shown)
    d = engine.dialect
    try:
        if fmt == "xes":
            described, seen = _xes(engine, spec, workdir, progress)
            row = ROW  # the event's ordinal, counted by the reader
            row_kind = "event"
        else:
            described = engine.register_file("lz_file", str(path), fmt, position=POSITION)
            seen, row, row_kind = (), f"{POSITION} + 2", "row"  # the header is row 1
    except LogError:
        raise
    except (*engine.errors, OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise unreadable(spec, fmt, exc) from None
    kinds = {c.name: c.kind for c in described if c.name != ROW}
    # the columns the XES file has besides the ones asked for, to list when one is missing
    names = (*kinds, *seen)
    present = set(kinds)

    def column(role: str) -> str | None:
        name = spec.columns[role]
        if name in present:
            return name
        if role in REQUIRED or role in spec.explicit:
            raise missing_column(spec, f"columns.{role}", name, listed(fmt, path, names))
        return None

    case, activity, time = (column(r) for r in REQUIRED)
    resource, lifecycle = (column(r) for r in OPTIONAL)
    for name in spec.where:
        if name not in present:
            raise missing_column(spec, "where", name, listed(fmt, path, names))
    assert case and activity and time

    def text(name: str | None) -> str:
        return "CAST(NULL AS STRING)" if name is None else f"CAST({d.ident(name)} AS STRING)"

    time_type = kinds[time]
    if time_type in TYPED_TIMES:  # Parquet: already a time, keep its type
        time_col = d.ident(time)
    else:
        time_col, time_type = text(time), "text"
    where_cols = [f"{text(name)} AS lz_w{i}" for i, name in enumerate(spec.where)]
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
        engine.create("lz_src", f"SELECT {select} FROM lz_file", materialize=False)
    except engine.errors as exc:
        raise unreadable(spec, fmt, exc) from None
    return Source(fmt, names, time_type, resource is not None, lifecycle is not None, row_kind,
                  tuple(f"lz_w{i}" for i in range(len(where_cols))))


def listed(fmt: str, path: Path | str, names: Sequence[str]) -> Sequence[str]:
    """The columns a missing-column message lists, in file order. The engines agree on it
    but for JSON lines, where Spark sorts the keys: they are read from the file then (a
    local one; this is the error path, once)."""
    if fmt != "jsonl" or is_url(path):
        return names
    import json

    keys: dict[str, None] = {}
    opener: Any = gzip.open if str(path).lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                if isinstance(record, dict):
                    keys.update(dict.fromkeys(record))
    return list(keys) or names


def _xes(engine: Engine, spec: LogSpec, workdir: Path, progress: Progress | None) -> tuple[list[Any], list[str]]:
    """Stream the XES file into a Parquet file of the columns the CaseLog names and
    register it as `lz_file`: its columns, and the names of the others the file has."""
    if is_url(spec.path):
        raise LogError(Text(f"{spec.shown}：XES 日志须在本机读取（先转换为 Parquet 再放到对象存储）",
                            f"{spec.shown}: an XES log is read on this machine (convert it to Parquet for "
                            "object storage)"), spec.shown)
    wanted = [spec.columns[r] for r in (*REQUIRED, *OPTIONAL)] + list(spec.where)
    target, seen = _xes_to_parquet(spec, Path(spec.path), wanted, workdir, progress)
    present = [c for c in dict.fromkeys(wanted) if c in seen.names]
    extra = sorted(seen.names - set(present))
    if engine.local_files:
        described = engine.register_file("lz_file", str(target), "parquet")
    else:  # a cluster cannot read this machine's temporary folder: the table goes to it
        import pyarrow.parquet as pq

        table = pq.read_table(target)
        engine.register_arrow("lz_file", table)
        from lianzheng.engine import Column

        described = [Column(n, "text") for n in table.column_names]
    # columns the file lacks were written as nulls: drop them, so that only what the file
    # has is listed
    return [c for c in described if c.name == ROW or c.name in present], extra


def _xes_to_parquet(spec: LogSpec, path: Path, wanted: list[str], workdir: Path,
                    progress: Progress | None) -> tuple[Path, XesColumns]:
    import pyarrow.parquet as pq

    seen = XesColumns()
    total = os.path.getsize(path)
    target = workdir / f"{spec.id}.xes.parquet"
    writer: pq.ParquetWriter | None = None
    tick = None if progress is None else (lambda done: progress("read", done, total))
    try:
        for table in read_xes(path, wanted, seen, tick):
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
    return target, seen


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

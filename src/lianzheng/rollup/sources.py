"""The units of a roll-up: what each UNIT path is, and reading it.

A UNIT is a unit repository (a folder with `lianzheng.yaml`) or a folder written by
`lz export --format parquet` (it holds lz's Parquet tables). Anything else is not a unit
(`NotAUnit`: a usage error, nothing is rolled up). A unit that is one of these but cannot
be used — a `lianzheng.yaml` with YAML or schema errors, an export without `unit.parquet`,
without the figures or the risks `lz rollup` reads, with a column of the wrong type, a file
that cannot be read — comes back with its `Problem`, and the others are rolled up.

Repositories are read in worker processes when there are several and cores to run them
(`read_all`); each worker opens its repository with one job, so pools do not nest.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from lianzheng.i18n import Text, one_line
from lianzheng.repo.layout import UNIT_FILE
from lianzheng.rollup.figures import FIGURE_COLUMNS, FLOAT_FIGURES, RiskRow, UnitFigures, figures_of_row

if TYPE_CHECKING:
    from lianzheng.repo.findings import Finding

REPOSITORY, EXPORT = "repository", "export"
# The tables `lz export --format parquet` writes (`exchange.parquet.PARQUET_FILES`: a test
# checks they agree; not imported, as it would bring all of export into a roll-up of exports):
# a folder holding one of them is an export.
EXPORT_FILES = frozenset({"unit.parquet", "powers.parquet", "steps.parquet", "risks.parquet", "measures.parquet",
                          "benchmarks.parquet"})
UNIT_PARQUET, RISKS_PARQUET = "unit.parquet", "risks.parquet"
# The columns of risks.parquet the roll-up aggregates, and their Arrow type names.
RISK_COLUMNS = ("grade", "category", "areas")
# The columns of unit.parquet the roll-up reads: the unit's own and its figures.
UNIT_COLUMNS = ("unit_code", "name", "type", *FIGURE_COLUMNS)
# Fewer units than this are read one by one in this process: a pool of workers (repositories)
# or one scan of every file (exports) costs more than it saves.
POOL_FROM = 4

PROBLEMS = {
    "unit_errors": Text("lianzheng.yaml 有 {n} 个错误，无法汇总（第一个：第 {line} 行 {code} {message}）；"
                        "lz validate 可查看全部问题",
                        "lianzheng.yaml has {n} error(s) and cannot be rolled up (the first: line {line}, "
                        "{code} {message}); lz validate lists them"),
    "no_unit": Text("lianzheng.yaml 中没有单位（kind: Unit）", "lianzheng.yaml holds no unit (kind: Unit)"),
    "unreadable": Text("无法读取 {path}：{error}", "cannot read {path}: {error}"),
    "no_unit_parquet": Text("导出文件夹中没有 unit.parquet；请用 lz export --format parquet 重新导出",
                            "the export folder has no unit.parquet; export it again with lz export --format parquet"),
    "no_figures": Text("unit.parquet 缺少汇总所需的列 {columns}（公开版或旧版 lz export 导出）；"
                       "请用 lz export --format parquet（内部版）重新导出",
                       "unit.parquet lacks the columns {columns} the roll-up reads (a public or older export); "
                       "export it again with lz export --format parquet (internal edition)"),
    "no_risks": Text("导出文件夹中没有 risks.parquet（公开版导出不含风险）；请用 --audience internal 重新导出",
                     "the export folder has no risks.parquet (a public edition has no risks); export it again "
                     "with --audience internal"),
    "bad_column": Text("{file} 的列 {column} 类型为 {found}，应为 {expected}",
                       "column {column} of {file} is {found}, not {expected}"),
    "rows": Text("unit.parquet 应有 1 行，实有 {n} 行", "unit.parquet has {n} rows, not 1"),
}

NOT_A_UNIT = Text("{path} 既不是单位数据仓库（没有 lianzheng.yaml），也不是 lz export --format parquet 导出的文件夹",
                  "{path} is neither a unit repository (no lianzheng.yaml) nor a folder written by "
                  "lz export --format parquet")
NOT_FOUND = Text("路径不存在：{path}", "path does not exist: {path}")


@dataclass(frozen=True)
class Problem:
    """Why a unit could not be rolled up, in both languages."""

    text: Text
    args: tuple[tuple[str, Any], ...] = ()
    finding: Finding | None = None  # the first error of a lianzheng.yaml that cannot be used

    @classmethod
    def of(cls, key: str, **args: Any) -> Problem:
        return cls(PROBLEMS[key], tuple(sorted(args.items())))

    def message(self, lang: str = "zh") -> str:
        args = dict(self.args)
        if self.finding is not None:
            from lianzheng.rules import RULES

            args["message"] = one_line(RULES[self.finding.code].message(self.finding, lang), 160)
        return self.text(lang).format(**args)


class NotAUnit(Exception):
    """UNIT paths that are neither a repository nor an export (exit 2)."""

    def __init__(self, paths: list[tuple[str, Text]]) -> None:
        super().__init__(", ".join(p for p, _ in paths))
        self.paths = paths

    def messages(self, lang: str = "zh") -> list[str]:
        return [text(lang).format(path=path) for path, text in self.paths]


@dataclass
class UnitRead:
    """One UNIT as read: its figures and (for a repository) its risk rows, or its problem.
    An export's risks stay in its `risks.parquet`, which the engine reads."""

    source: str  # the path as given
    kind: str  # REPOSITORY or EXPORT
    figures: UnitFigures | None = None
    risks: list[RiskRow] = field(default_factory=list)
    unit_file: str | None = None  # an export's unit.parquet
    risk_file: str | None = None  # an export's risks.parquet
    risks_checked: bool = False  # its footer checked (`risk_file_problem`)
    problem: Problem | None = None


def kind_of(path: Path) -> tuple[str | None, frozenset[str]]:
    """REPOSITORY, EXPORT or None (not a unit), and the names in the folder: one listing,
    no other call. Raises FileNotFoundError for a path that is not there, OSError for a
    folder that cannot be listed."""
    try:
        names = frozenset(os.listdir(path))
    except NotADirectoryError:
        return None, frozenset()
    if UNIT_FILE in names:
        return REPOSITORY, names
    return (EXPORT if EXPORT_FILES & names else None), names


def classify(units: Sequence[str]) -> list[tuple[str, str | None, Problem | None, frozenset[str]]]:
    """(path, kind, problem, names in the folder) of each UNIT; raises NotAUnit for the
    paths that are no unit."""
    out: list[tuple[str, str | None, Problem | None, frozenset[str]]] = []
    wrong: list[tuple[str, Text]] = []
    for unit in units:
        try:
            kind, names = kind_of(Path(unit))
        except FileNotFoundError:
            wrong.append((unit, NOT_FOUND))
            continue
        except OSError as exc:
            out.append((unit, None, Problem.of("unreadable", path=unit, error=exc.strerror or str(exc)), frozenset()))
            continue
        if kind is None:
            wrong.append((unit, NOT_A_UNIT))
        else:
            out.append((unit, kind, None, names))
    if wrong:
        raise NotAUnit(wrong)
    return out


# --- repositories ---------------------------------------------------------------------------


def read_repository(source: str, as_of: dt.date, cache: bool = True) -> UnitRead:
    """A unit repository's figures and risks (`rollup.figures.read_unit`), or its problem."""
    from lianzheng import open_repository
    from lianzheng.repo.layout import RepositoryNotFound
    from lianzheng.rollup.figures import read_unit
    from lianzheng.rules import RULES

    unit_file = Path(source) / UNIT_FILE
    try:
        # readable, and a file: else the search for the root would go on upwards, and a
        # repository further up would stand in for this one
        with open(unit_file, "rb"):
            pass
        if not unit_file.is_file():
            raise OSError(errno.EINVAL, "not a regular file")
        repo = open_repository(source, cache=cache, jobs=1)
    except (OSError, RepositoryNotFound) as exc:
        return UnitRead(source, REPOSITORY, problem=Problem.of(
            "unreadable", path=str(unit_file), error=getattr(exc, "strerror", None) or str(exc)))
    errors = sorted((f for f in repo.document_findings()
                     if f.path == UNIT_FILE and f.code[0] in "YS" and RULES[f.code].severity == "error"),
                    key=lambda f: f.sort_key())
    if errors:
        first = errors[0]
        return UnitRead(source, REPOSITORY, problem=Problem(
            PROBLEMS["unit_errors"], (("code", first.code), ("line", first.line), ("n", len(errors))), first))
    if repo.unit is None:
        return UnitRead(source, REPOSITORY, problem=Problem.of("no_unit"))
    figures, risks = read_unit(repo, as_of)
    return UnitRead(source, REPOSITORY, figures=figures, risks=risks)


def _read_repository_args(args: tuple[str, dt.date, bool]) -> UnitRead:
    return read_repository(*args)


# --- exports ---------------------------------------------------------------------------------


def _type_ok(name: str, typ: Any) -> bool:
    import pyarrow as pa

    if name == "as_of":
        return bool(pa.types.is_date(typ))
    if name in FLOAT_FIGURES:
        return bool(pa.types.is_floating(typ) or pa.types.is_integer(typ) or pa.types.is_null(typ))
    return bool(pa.types.is_integer(typ) or pa.types.is_null(typ))


def _string_ok(typ: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_null(typ))


def _list_ok(typ: Any) -> bool:
    import pyarrow as pa

    return bool((pa.types.is_list(typ) or pa.types.is_large_list(typ)) and _string_ok(typ.value_type))


def check_export(source: str, names: frozenset[str] | None = None) -> UnitRead:
    """An export folder whose footers say it can be rolled up (its `unit_file` and
    `risk_file` set, its figures still to read), or its problem. Reads the Parquet footers
    of `unit.parquet` and `risks.parquet`, nothing else. `names`: the folder's (listed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(source)
    unit_path, risks_path = folder / UNIT_PARQUET, folder / RISKS_PARQUET
    read = UnitRead(source, EXPORT)
    if names is None:
        names = frozenset(os.listdir(folder))
    if UNIT_PARQUET not in names:
        read.problem = Problem.of("no_unit_parquet")
        return read
    try:
        meta = pq.read_metadata(unit_path)
        schema = meta.schema.to_arrow_schema()
    except (OSError, pa.ArrowException) as exc:
        read.problem = Problem.of("unreadable", path=str(unit_path), error=_arrow_error(exc))
        return read
    missing = [c for c in UNIT_COLUMNS if c not in schema.names]
    if missing:
        read.problem = Problem.of("no_figures", columns=", ".join(missing))
        return read
    for name in ("unit_code", "name", "type"):
        if not _string_ok(schema.field(name).type):
            read.problem = Problem.of("bad_column", file=UNIT_PARQUET, column=name, found=str(schema.field(name).type),
                                      expected="string")
            return read
    for name in FIGURE_COLUMNS:
        typ = schema.field(name).type
        if not _type_ok(name, typ):
            expected = "date32" if name == "as_of" else "double" if name in FLOAT_FIGURES else "int32"
            read.problem = Problem.of("bad_column", file=UNIT_PARQUET, column=name, found=str(typ), expected=expected)
            return read
    if meta.num_rows != 1:
        read.problem = Problem.of("rows", n=meta.num_rows)
        return read
    if RISKS_PARQUET not in names:
        read.problem = Problem.of("no_risks")
        return read
    read.problem = risk_file_problem(str(risks_path))
    if read.problem is not None:
        return read
    read.unit_file, read.risk_file, read.risks_checked = str(unit_path), str(risks_path), True
    return read


def risk_file_problem(path: str) -> Problem | None:
    """What keeps an export's `risks.parquet` out of the roll-up (its footer says), if anything."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException) as exc:
        return Problem.of("unreadable", path=path, error=_arrow_error(exc))
    for name in RISK_COLUMNS:
        typ = schema.field(name).type if name in schema.names else None
        if typ is None or not (_list_ok(typ) if name == "areas" else _string_ok(typ)):
            return Problem.of("bad_column", file=RISKS_PARQUET, column=name, found=str(typ or "—"),
                              expected="list<string>" if name == "areas" else "string")
    return None


def _with_row(read: UnitRead, row: dict[str, Any] | None) -> UnitRead:
    if row is None or row.get("as_of") is None:
        read.problem = Problem.of("no_figures", columns="as_of")
        read.risk_file = None
    else:
        read.figures = figures_of_row(row)
    return read


def _read_row(read: UnitRead) -> UnitRead:
    """The one row of a checked export's `unit.parquet`, read by itself."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(read.unit_file).read(columns=list(UNIT_COLUMNS)).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        read.problem = Problem.of("unreadable", path=str(read.unit_file), error=_arrow_error(exc))
        read.risk_file = None
        return read
    return _with_row(read, rows[0] if rows else None)


def _row_ok(row: dict[str, Any]) -> bool:
    """A row of `unit.parquet` as export writes it (the scan casts every file to the first
    one's types: a first file of the wrong types shows here)."""
    if not isinstance(row.get("as_of"), dt.date):
        return False
    for name in FIGURE_COLUMNS[1:]:
        value = row.get(name)
        ok = (int, float) if name in FLOAT_FIGURES else int
        if value is not None and (not isinstance(value, ok) or isinstance(value, bool)):
            return False
    return all(row.get(n) is None or isinstance(row.get(n), str) for n in ("unit_code", "name", "type"))


def read_exports(sources: Sequence[tuple[str, frozenset[str]]]) -> list[UnitRead]:
    """The figures of export folders ((path, names in it)), in order.

    A thousand small files cost a thousand Python reads one by one, so the common case
    takes one DuckDB scan of every `unit.parquet` (columns matched by name: a file that
    lacks one, or holds one that does not cast to its type, fails the scan). When the scan
    fails, or a file's row is not what an export writes, those exports are checked file by
    file (`check_export`), which names the file at fault. Their `risks.parquet` is checked
    when it is read (`risks_checked` False until then)."""
    reads = [UnitRead(src, EXPORT, unit_file=str(Path(src) / UNIT_PARQUET), risk_file=str(Path(src) / RISKS_PARQUET))
             for src, _ in sources]
    fast = [i for i, (_, names) in enumerate(sources) if UNIT_PARQUET in names and RISKS_PARQUET in names]
    rows: dict[str, list[dict[str, Any]]] | None = None
    if len(fast) >= POOL_FROM:
        from lianzheng.engine.duck import read_rows

        try:
            rows = read_rows([str(reads[i].unit_file) for i in fast], UNIT_COLUMNS)
        except Exception:  # noqa: BLE001 — any failure of the one scan: check file by file, to name the file at fault
            rows = None
    done: set[int] = set()
    for i in fast if rows is not None else ():
        found = rows.get(str(reads[i].unit_file), []) if rows is not None else []
        if len(found) == 1 and _row_ok(found[0]):
            reads[i].figures = figures_of_row(found[0])
            done.add(i)
    return [read if i in done else read_export(sources[i][0], sources[i][1]) for i, read in enumerate(reads)]


def read_export(source: str, names: frozenset[str] | None = None) -> UnitRead:
    """An export folder's figures (its `unit.parquet`) and where its risks are, or its
    problem. Only the Parquet footers and the one row of `unit.parquet` are read."""
    read = check_export(source, names)
    return read if read.problem is not None else _read_row(read)


def _arrow_error(exc: BaseException) -> str:
    return one_line(getattr(exc, "strerror", None) or str(exc), 200)


# --- all of them -----------------------------------------------------------------------------


def read_all(units: Sequence[str], as_of: dt.date, *, cache: bool = True, jobs: int | None = None,
             progress: Callable[[int], None] | None = None) -> list[UnitRead]:
    """Every UNIT read, in the order given. Raises NotAUnit (before reading anything) when
    a path is neither a repository nor an export."""
    found = classify(units)
    out: list[UnitRead | None] = [None] * len(found)
    repos: list[int] = []
    exports: list[int] = []
    for i, (source, kind, problem, _) in enumerate(found):
        if problem is not None:
            out[i] = UnitRead(source, kind or REPOSITORY, problem=problem)
            if progress:
                progress(1)
        elif kind == EXPORT:
            exports.append(i)
        else:
            repos.append(i)
    for i, read in zip(exports, read_exports([(found[i][0], found[i][3]) for i in exports])):
        out[i] = read
        if progress:
            progress(1)
    n_jobs = max(1, min(jobs or os.cpu_count() or 1, len(repos)))
    work = [(found[i][0], as_of, cache) for i in repos]
    if len(repos) >= POOL_FROM and n_jobs > 1:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            reads = pool.map(_read_repository_args, work, chunksize=max(1, len(work) // (n_jobs * 8)))
            for i, read in zip(repos, reads):
                out[i] = read
                if progress:
                    progress(1)
    else:
        for i, args in zip(repos, work):
            out[i] = _read_repository_args(args)
            if progress:
                progress(1)
    return [r for r in out if r is not None]

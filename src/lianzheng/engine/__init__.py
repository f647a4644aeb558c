"""The SQL engine behind the roll-up and the monitor: register tables and files, run SQL.

    with open_engine("duckdb") as engine:           # or "spark", master=URL
        engine.register_arrow("units", table)        # a pyarrow.Table as a view
        engine.register_parquet("risks", files, ["grade", "category", "areas"])
        engine.register_file("log", "permits.csv", "csv", position="pos")  # a case log, in file order
        engine.create("big", "SELECT ... FROM log")  # a temporary table (Spark: a cached view)
        result = engine.query("SELECT ...")          # a pyarrow.Table
        names, batches = engine.rows("SELECT ...")   # or Python rows, a batch at a time

Two implementations behind one interface: DuckDB (the default, in-process) and Apache Spark
through PySpark (a local session `local[2]`, a cluster master URL, or Spark Connect with
`sc://...` or `SPARK_REMOTE`). The SQL lz writes is one text that both run: plain
SELECT/JOIN/GROUP BY, CASE, COALESCE, NULLIF, TRIM, REPLACE, TRY_CAST, `regexp_extract`,
window functions with explicit frames, PERCENTILE_CONT … WITHIN GROUP, CAST to
BIGINT/DOUBLE/STRING/DATE and `array_contains` (DuckDB knows it as an alias of
`list_contains`). The few things the two dialects spell differently are in `Dialect`, side
by side; the tests run every query on both engines and compare the results, not the text.

Neither engine is imported before it is opened: a command that never runs SQL does not pay
for it, and without PySpark only `--engine spark` fails (`EngineUnavailable`, exit 2, with
how to install it). Spark sessions are slow to start: open one per command.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

from lianzheng.i18n import Text

if TYPE_CHECKING:
    import pyarrow as pa

ENGINES = ("duckdb", "spark")
DEFAULT_ENGINE = "duckdb"
DEFAULT_SPARK_MASTER = "local[2]"

MESSAGES = {
    "no_pyspark": Text(
        "--engine spark 需要 PySpark：pip install 'lianzheng[spark]'（还需要 Java 17，Debian/Ubuntu："
        "apt-get install openjdk-17-jre-headless）；或者改用默认的 --engine duckdb",
        "--engine spark needs PySpark: pip install 'lianzheng[spark]' (and Java 17; on Debian/Ubuntu: "
        "apt-get install openjdk-17-jre-headless), or use the default --engine duckdb"),
    "no_java": Text(
        "--engine spark 在本机启动 Spark 需要 Java 17（找不到 java 命令，也没有设置 JAVA_HOME）；Debian/Ubuntu："
        "apt-get install openjdk-17-jre-headless。连接远程集群请用 --spark-master sc://主机:15002 或 SPARK_REMOTE",
        "--engine spark needs Java 17 to start Spark on this machine (no `java` program, no JAVA_HOME); on "
        "Debian/Ubuntu: apt-get install openjdk-17-jre-headless. For a remote cluster use --spark-master "
        "sc://host:15002 or SPARK_REMOTE"),
    "no_duckdb": Text("找不到 DuckDB：pip install duckdb", "DuckDB is not installed: pip install duckdb"),
    "unknown": Text("未知的 SQL 引擎：{name}（可用 duckdb、spark）", "unknown SQL engine: {name} (duckdb, spark)"),
    "failed": Text("{engine} 无法启动：{error}", "{engine} could not start: {error}"),
}


class EngineUnavailable(Exception):
    """The engine asked for cannot run here (not installed, no Java): a usage error, exit 2."""

    exit_code = 2

    def __init__(self, text: Text, **args: Any) -> None:
        self.text = text
        self.args_ = args
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return self.text(lang).format(**self.args_)


@dataclass(frozen=True)
class Dialect:
    """What the two dialects spell differently, and nothing else: every other construct
    lz's SQL uses is one text on both. Kept side by side here so that a reader sees the
    whole difference at once (`DUCKDB`, `SPARK`)."""

    name: str
    # The type of an instant (a timestamp that is a point in time, shown in the session's
    # zone): DuckDB's TIMESTAMP is a local time, its instant is TIMESTAMPTZ; Spark's
    # TIMESTAMP is the instant (TIMESTAMP_LTZ) and has no TIMESTAMPTZ.
    instant: str
    # Microseconds since 1970-01-01 UTC of an instant: there is no common function
    # (EXTRACT(EPOCH …) is DuckDB's, and a double; Spark has unix_micros).
    micros: str
    # How an identifier is quoted: DuckDB "x" (standard SQL), Spark `x`.
    ident_quote: str
    # Spark reads a backslash in a string literal as an escape and '' as two literals run
    # together; DuckDB reads both as the standard says.
    backslash_escapes: bool

    def string(self, text: str) -> str:
        """`text` as a string literal."""
        if self.backslash_escapes:
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + text.replace("'", "''") + "'"

    def ident(self, name: str) -> str:
        """Any column name (a log's `办件编号`, `case:concept:name`) as an identifier."""
        q = self.ident_quote
        return q + name.replace(q, q + q) + q

    def epoch_seconds(self, column: str) -> str:
        """Whole seconds since 1970 of an instant, rounded down (as ISO text with seconds
        shows it)."""
        return f"CAST(FLOOR({self.micros}({column}) / 1000000) AS BIGINT)"


DUCKDB = Dialect("duckdb", instant="TIMESTAMPTZ", micros="epoch_us", ident_quote='"', backslash_escapes=False)
SPARK = Dialect("spark", instant="TIMESTAMP", micros="unix_micros", ident_quote="`", backslash_escapes=True)

class Column(NamedTuple):
    name: str
    # what it holds, as lz reads it: "text", "instant" (a timestamp with a zone), "local"
    # (a timestamp without one), "date", or "other"
    kind: str


class Rows(NamedTuple):
    """A query's result as Python rows: the column names and the rows, a batch at a time."""

    names: list[str]
    batches: Iterator[list[tuple[Any, ...]]]


class ReadError(Exception):
    """A file lz checked itself before the engine read it (Spark reads invalid UTF-8
    without a word, where DuckDB refuses it)."""


class Engine:
    """One SQL session. Views and tables registered stay for the session (or until
    dropped); `query` returns Arrow, `rows` Python rows."""

    name = ""
    dialect: Dialect = DUCKDB
    # Whether the engine reads this machine's files (a remote cluster reads its own).
    local_files = True

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        """The exceptions that mean a statement or the data it read failed."""
        return (ReadError,)

    def register_arrow(self, name: str, table: pa.Table, *, materialize: bool = False) -> None:
        """`table` as the view `name` (`materialize`: copied into the engine, for joins
        the engine plans better over its own tables)."""
        raise NotImplementedError

    def register_file(self, name: str, path: str, fmt: str, *, position: str | None = None) -> list[Column]:
        """The file `path` (a local path or a URL the engine reads) as the view `name`,
        read as `fmt` ("csv", "parquet" or "jsonl"): CSV (UTF-8 with or without a byte-order mark, a header
        row, quoted values may span lines; gzipped when the name ends in .gz) and JSON lines
        with every value as text, Parquet with its types. `position`: also a column of
        that name holding the record's position in the file (0 for the first record): the
        order of the file, which a SQL engine otherwise does not keep. Returns the file's
        columns (without `position`) in file order."""
        raise NotImplementedError

    def create(self, name: str, select: str, *, materialize: bool = True) -> None:
        """The result of `select` as `name`: a temporary table (Spark: a cached temporary
        view), or with `materialize=False` a view computed where it is used."""
        raise NotImplementedError

    def drop(self, *names: str) -> None:
        """Forget the tables and views `names` (those that exist), freeing what they hold."""
        raise NotImplementedError

    def set_timezone(self, zone: str) -> None:
        """The session's time zone (IANA name): texts without an offset are read in it and
        instants are cast to dates in it."""
        raise NotImplementedError

    def register_parquet(self, name: str, files: Sequence[str | os.PathLike[str]], columns: Sequence[str],
                         *, materialize: bool = False) -> None:
        """The Parquet `files` (one schema, or compatible ones: columns matched by name) as
        the view `name`, with only `columns`. `files` must not be empty. `materialize`: read
        them once, for several queries over data that fits the session (DuckDB: a table in
        memory; Spark: a cached DataFrame); else every query reads the files (streaming)."""
        raise NotImplementedError

    def query(self, sql: str) -> pa.Table:
        raise NotImplementedError

    def rows(self, sql: str, batch: int = 50_000) -> Rows:
        """The result of `sql` as Python values (ints, strings, floats, dates), in batches."""
        raise NotImplementedError

    def all(self, sql: str) -> list[tuple[Any, ...]]:
        """Every row of a small result."""
        return [row for batch in self.rows(sql).batches for row in batch]

    def close(self) -> None:
        """End the session (Spark: stop the local JVM's context)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def quoted(identifier: str) -> str:
    """An identifier both dialects read as itself (lz's view names are plain words)."""
    if not identifier.replace("_", "").isalnum() or not identifier.isascii():
        raise ValueError(f"not a plain identifier: {identifier!r}")
    return identifier


def open_engine(name: str = DEFAULT_ENGINE, *, master: str | None = None, workdir: str | None = None,
                memory_limit: str | None = None, threads: int | None = None) -> Engine:
    """A session of the engine `name`. Spark: `master` is a Spark master URL (`local[2]` by
    default, `spark://…`, `yarn`…) or a Spark Connect URL (`sc://…`); without it,
    `SPARK_REMOTE` (Spark Connect) when set. DuckDB: `workdir` is where tables larger than
    `memory_limit` spill, `threads` how many it runs (Spark has its own settings for
    both). Raises EngineUnavailable."""
    if name == "duckdb":
        from lianzheng.engine.duck import DuckEngine

        return DuckEngine(workdir=workdir, memory_limit=memory_limit, threads=threads)
    if name == "spark":
        from lianzheng.engine.spark import SparkEngine

        return SparkEngine.start(master)
    raise EngineUnavailable(MESSAGES["unknown"], name=name)


def as_paths(files: Sequence[str | os.PathLike[str]]) -> list[str]:
    """File names as the engines take them: absolute local paths, URLs (s3a://…) as given."""
    out = []
    for f in files:
        text = os.fspath(f)
        out.append(text if "://" in text else os.path.abspath(text))  # no stat per folder on the way
    return out

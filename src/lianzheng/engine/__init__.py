"""The SQL engine behind the roll-up (and, later, the monitor): register tables, run SQL.

    with open_engine("duckdb") as engine:           # or "spark", master=URL
        engine.register_arrow("units", table)        # a pyarrow.Table as a view
        engine.register_parquet("risks", files, ["grade", "category", "areas"])
        result = engine.query("SELECT ...")          # a pyarrow.Table

Two implementations behind one interface: DuckDB (the default, in-process) and Apache Spark
through PySpark (a local session `local[2]`, a cluster master URL, or Spark Connect with
`sc://...` or `SPARK_REMOTE`). The SQL lz writes is one text that both run: plain
SELECT/JOIN/GROUP BY, CASE, COALESCE, CAST to BIGINT/DOUBLE and `array_contains` (DuckDB
knows it as an alias of `list_contains`); no dialect's own functions. The tests run every
query on both engines and compare the results, not the text.

Neither engine is imported before it is opened: a command that never runs SQL does not pay
for it, and without PySpark only `--engine spark` fails (`EngineUnavailable`, exit 2, with
how to install it). Spark sessions are slow to start: open one per command.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

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


class Engine:
    """One SQL session. Views registered stay for the session; `query` returns Arrow."""

    name = ""

    def register_arrow(self, name: str, table: pa.Table) -> None:
        """`table` as the view `name`."""
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


def open_engine(name: str = DEFAULT_ENGINE, *, master: str | None = None) -> Engine:
    """A session of the engine `name`. Spark: `master` is a Spark master URL (`local[2]` by
    default, `spark://…`, `yarn`…) or a Spark Connect URL (`sc://…`); without it,
    `SPARK_REMOTE` (Spark Connect) when set. Raises EngineUnavailable."""
    if name == "duckdb":
        from lianzheng.engine.duck import DuckEngine

        return DuckEngine()
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

"""Apache Spark through PySpark: the same SQL on a local session or a cluster.

`local[2]` by default (a JVM on this machine: Java 17), a master URL (`spark://host:7077`,
`yarn`, `local[*]`), or Spark Connect (`sc://host:15002`, or `SPARK_REMOTE`), where this
machine runs no JVM at all and the cluster reads the Parquet files itself (give it paths
it can reach: object storage, a shared file system).

Arrow tables travel to Spark as DataFrames (`createDataFrame` of a `pyarrow.Table`) and
results come back with `toArrow`: both since PySpark 4.0, hence the extra's floor.

Files are read by Spark's own readers, set to read what DuckDB reads the same way (CSV as
RFC 4180 says, quoted values across lines, every value as text; JSON lines with every
value as text; a malformed record fails the read instead of being dropped). A SQL engine
keeps no order of rows, so a file's order is taken from where each record lies: the
block of the file it was read from (`_metadata.file_block_start`) and its place in the
block (`monotonically_increasing_id` grows within a task, which reads one block in file
order); the records of the blocks before it are counted and added.
"""

from __future__ import annotations

import codecs
import gzip
import os
import shutil
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from lianzheng.engine import (
    DEFAULT_SPARK_MASTER,
    MESSAGES,
    SPARK,
    Column,
    Engine,
    EngineUnavailable,
    ReadError,
    Rows,
    as_paths,
    quoted,
)

if TYPE_CHECKING:
    import pyarrow as pa

# A quiet, small, deterministic local session: no web UI, no progress bars on the
# terminal, few shuffle partitions for tables of a few thousand rows, UTC for dates.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": "-Dlog4j2.level=ERROR",
}


def java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home and os.path.exists(os.path.join(home, "bin", "java"))) or shutil.which("java") is not None


class SparkEngine(Engine):
    name = "spark"
    dialect = SPARK

    def __init__(self, session: Any, owned: bool, local_files: bool = True) -> None:
        self._spark = session
        self._owned = owned
        self.local_files = local_files
        self._cached: dict[str, Any] = {}

    @classmethod
    def start(cls, master: str | None = None) -> SparkEngine:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise EngineUnavailable(MESSAGES["no_pyspark"]) from None
        remote = master if master and master.startswith("sc://") else None
        if master is None and os.environ.get("SPARK_REMOTE"):
            remote = os.environ["SPARK_REMOTE"]
        active = SparkSession.getActiveSession() if remote is None else None
        if active is not None and master in (None, active.sparkContext.master):
            # this process has a session already (a notebook's, a test module's): lz runs in
            # it and leaves it running; its configuration is the owner's
            return cls(active, owned=False, local_files=active.sparkContext.master.startswith("local"))
        builder = SparkSession.builder.appName("lianzheng")
        if remote is not None:
            builder = builder.remote(remote)
        else:
            if not java_available():
                raise EngineUnavailable(MESSAGES["no_java"])
            builder = builder.master(master or DEFAULT_SPARK_MASTER)
            for key, value in LOCAL_CONF.items():
                builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # a JVM that does not start, a cluster that does not answer
            raise EngineUnavailable(MESSAGES["failed"], engine="Spark", error=str(exc).splitlines()[0]) from None
        if remote is None:
            # lz reports what fails (a log that cannot be read, a query that fails) itself, in
            # one line; Spark's own log would add a Java stack trace per failed task
            session.sparkContext.setLogLevel("OFF")
        # a local master's executors run here and read this machine's files; a cluster's do not
        local = remote is None and (master or DEFAULT_SPARK_MASTER).startswith("local")
        return cls(session, owned=remote is None, local_files=local)

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        from pyspark.errors import PySparkException

        out: list[type[BaseException]] = [PySparkException, ReadError]
        try:
            from py4j.protocol import Py4JError  # a JVM error PySpark did not translate

            out.append(Py4JError)
        except ImportError:  # Spark Connect alone has no py4j
            pass
        return tuple(out)

    def register_arrow(self, name: str, table: pa.Table, *, materialize: bool = False) -> None:
        # a DataFrame of an Arrow table is held by the session already: nothing to materialise
        self.drop(name)
        self._spark.createDataFrame(table).createOrReplaceTempView(quoted(name))

    def register_parquet(self, name: str, files: Sequence[str | os.PathLike[str]], columns: Sequence[str],
                         *, materialize: bool = False) -> None:
        self.drop(name)
        frame = self._spark.read.option("mergeSchema", "true").parquet(*as_paths(files))
        frame = frame.select(*(quoted(c) for c in columns))
        if materialize:
            frame = self._cached[name] = frame.cache()
        frame.createOrReplaceTempView(quoted(name))

    def register_file(self, name: str, path: str, fmt: str, *, position: str | None = None) -> list[Column]:
        self.drop(name)
        reader = self._spark.read
        if fmt in ("csv", "jsonl") and "://" not in path:
            check_utf8(path)
        if fmt == "csv":
            # RFC 4180 quoting (Spark escapes with a backslash by default), values as text,
            # and quoted values across lines, as DuckDB reads them: a file read as one
            # piece (`multiLine`), where a splittable CSV would cut such a value in two
            frame = reader.options(header="true", multiLine="true", quote='"', escape='"', mode="FAILFAST",
                                   encoding="UTF-8").csv(path)
        elif fmt == "jsonl":
            frame = reader.options(primitivesAsString="true", mode="FAILFAST", encoding="UTF-8").json(path)
        elif fmt == "parquet":
            frame = reader.parquet(path)
        else:
            raise ValueError(f"unknown file format: {fmt}")
        columns = [Column(f.name, _kind(f.dataType)) for f in frame.schema.fields]
        if position is not None:
            frame = in_file_order(frame, position, fmt, path)
        frame.createOrReplaceTempView(quoted(name))
        return columns

    def create(self, name: str, select: str, *, materialize: bool = True) -> None:
        self.drop(name)
        frame = self._spark.sql(select)
        if materialize:
            # computed now, as DuckDB computes a table: the statements after it read it, and
            # dropping what it was computed from does not make Spark read that again
            frame = self._cached[name] = frame.persist()
            frame.count()
        frame.createOrReplaceTempView(quoted(name))

    def drop(self, *names: str) -> None:
        for name in names:
            cached = self._cached.pop(name, None)
            if cached is not None:
                cached.unpersist()
            self._spark.catalog.dropTempView(quoted(name))

    def set_timezone(self, zone: str) -> None:
        self._spark.conf.set("spark.sql.session.timeZone", zone)

    def query(self, sql: str) -> pa.Table:
        return self._spark.sql(sql).toArrow()

    def rows(self, sql: str, batch: int = 50_000) -> Rows:
        table = self.query(sql)

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            for part in table.to_batches(max_chunksize=batch):
                yield list(zip(*(c.to_pylist() for c in part.columns)))

        return Rows(list(table.column_names), batches())

    def close(self) -> None:
        for name in list(self._cached):
            self.drop(name)
        if self._owned:
            self._spark.stop()


def _kind(data_type: Any) -> str:
    from pyspark.sql import types as T

    if isinstance(data_type, T.StringType):
        return "text"
    if isinstance(data_type, T.TimestampNTZType):  # a local time (Parquet without isAdjustedToUTC)
        return "local"
    if isinstance(data_type, T.TimestampType):
        return "instant"
    if isinstance(data_type, T.DateType):
        return "date"
    return "other"


def in_file_order(frame: Any, position: str, fmt: str, path: str) -> Any:
    """`frame` with the column `position`: each record's 0-based place in its file (one
    file). Parquet numbers its rows itself. A file Spark cannot split (a CSV read with
    `multiLine`, anything gzipped) is read whole by one task, in order: the place is the
    record's number in that task's partition (the low bits of `monotonically_increasing_id`,
    whose high bits are the partition). A file split into blocks (JSON lines) adds the
    records of the blocks before the record's block to its place within its block."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if fmt == "parquet":
        return frame.select("*", F.col("_metadata.row_index").cast("bigint").alias(position))
    if fmt == "csv" or path.lower().endswith(".gz"):
        partition = F.shiftleft(F.spark_partition_id().cast("bigint"), 33)
        return frame.select("*", (F.monotonically_increasing_id() - partition).alias(position))
    block, place, start = "lz_block", "lz_place", "lz_start"
    read = frame.select("*", F.col("_metadata.file_block_start").alias(block),
                        F.monotonically_increasing_id().alias(place))
    # one row per block: the records before it (a handful of rows, one task)
    starts = (read.groupBy(block).agg(F.count(F.lit(1)).alias("n"))
              .select(block, F.coalesce(F.sum("n").over(Window.orderBy(block).rowsBetween(
                  Window.unboundedPreceding, -1)), F.lit(0)).alias(start)))
    within = F.row_number().over(Window.partitionBy(block).orderBy(place)) - 1
    return (read.join(F.broadcast(starts), block)
            .withColumn(position, (F.col(start) + within).cast("bigint"))
            .drop(block, place, start))


def check_utf8(path: str) -> None:
    """Raise ReadError when the text file (gzipped or not) is not UTF-8: Spark would read it
    with replacement characters and no error, where DuckDB refuses it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    opener: Any = gzip.open if path.lower().endswith(".gz") else open
    offset = 0
    with opener(path, "rb") as fh:
        while block := fh.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid UTF-8 at byte {offset + exc.start}") from None
            offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ReadError(f"invalid UTF-8 at byte {offset}: the file ends inside a character") from None

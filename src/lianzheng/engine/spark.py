"""Apache Spark through PySpark: the same SQL on a local session or a cluster.

`local[2]` by default (a JVM on this machine: Java 17), a master URL (`spark://host:7077`,
`yarn`, `local[*]`), or Spark Connect (`sc://host:15002`, or `SPARK_REMOTE`), where this
machine runs no JVM at all and the cluster reads the Parquet files itself (give it paths
it can reach: object storage, a shared file system).

Arrow tables travel to Spark as DataFrames (`createDataFrame` of a `pyarrow.Table`) and
results come back with `toArrow`: both since PySpark 4.0, hence the extra's floor.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lianzheng.engine import DEFAULT_SPARK_MASTER, MESSAGES, Engine, EngineUnavailable, as_paths, quoted

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


def _java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home and os.path.exists(os.path.join(home, "bin", "java"))) or shutil.which("java") is not None


class SparkEngine(Engine):
    name = "spark"

    def __init__(self, session: Any, owned: bool) -> None:
        self._spark = session
        self._owned = owned

    @classmethod
    def start(cls, master: str | None = None) -> SparkEngine:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise EngineUnavailable(MESSAGES["no_pyspark"]) from None
        remote = master if master and master.startswith("sc://") else None
        if master is None and os.environ.get("SPARK_REMOTE"):
            remote = os.environ["SPARK_REMOTE"]
        builder = SparkSession.builder.appName("lianzheng")
        if remote is not None:
            builder = builder.remote(remote)
        else:
            if not _java_available():
                raise EngineUnavailable(MESSAGES["no_java"])
            builder = builder.master(master or DEFAULT_SPARK_MASTER)
            for key, value in LOCAL_CONF.items():
                builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # a JVM that does not start, a cluster that does not answer
            raise EngineUnavailable(MESSAGES["failed"], engine="Spark", error=str(exc).splitlines()[0]) from None
        if remote is None:
            session.sparkContext.setLogLevel("ERROR")
        return cls(session, owned=remote is None)

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self._spark.createDataFrame(table).createOrReplaceTempView(quoted(name))

    def register_parquet(self, name: str, files: Sequence[str | os.PathLike[str]], columns: Sequence[str],
                         *, materialize: bool = False) -> None:
        frame = self._spark.read.option("mergeSchema", "true").parquet(*as_paths(files))
        frame = frame.select(*(quoted(c) for c in columns))
        (frame.cache() if materialize else frame).createOrReplaceTempView(quoted(name))

    def query(self, sql: str) -> pa.Table:
        return self._spark.sql(sql).toArrow()

    def close(self) -> None:
        if self._owned:
            self._spark.stop()

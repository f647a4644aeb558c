"""DuckDB: the default engine, in-process (no server, no JVM)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lianzheng.engine import MESSAGES, Engine, EngineUnavailable, as_paths, quoted

if TYPE_CHECKING:
    import pyarrow as pa


class DuckEngine(Engine):
    name = "duckdb"

    def __init__(self) -> None:
        try:
            import duckdb
        except ImportError:
            raise EngineUnavailable(MESSAGES["no_duckdb"]) from None
        self._con: Any = duckdb.connect(":memory:")
        # the views hold Python objects (Arrow tables); keep them alive as long as the session
        self._held: list[Any] = []

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self._held.append(table)
        self._con.register(quoted(name), table)

    def register_parquet(self, name: str, files: Sequence[str | os.PathLike[str]], columns: Sequence[str],
                         *, materialize: bool = False) -> None:
        # SQL, not the relation API: DuckDB's Python relation layer costs seconds over a
        # thousand files where the same statement costs a fraction of one
        # columns matched by name; a file that lacks one, or whose column does not cast,
        # fails the statement (union_by_name would read it as null, silently)
        source = f"SELECT {', '.join(quoted(c) for c in columns)} FROM read_parquet({_list(as_paths(files))})"
        kind = "TABLE" if materialize else "VIEW"
        self._con.execute(f"CREATE OR REPLACE {kind} {quoted(name)} AS {source}")

    def query(self, sql: str) -> pa.Table:
        result = self._con.sql(sql)
        # `to_arrow_table` since DuckDB 1.4; `arrow` before it
        return result.to_arrow_table() if hasattr(result, "to_arrow_table") else result.arrow()

    def close(self) -> None:
        self._con.close()
        self._held.clear()


def _list(values: Sequence[str]) -> str:
    """A list of strings as a SQL literal (a quote doubled inside one)."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def read_rows(files: Sequence[str], columns: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The rows of many small Parquet files, by the file's name as given, in one scan (`lz
    rollup` reads a thousand exports' one-row `unit.parquet` so). Columns are matched by
    name; a file that lacks one, or holds one that does not cast to the first file's type,
    raises (duckdb.Error)."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        cursor = con.execute(f"SELECT filename, {', '.join(quoted(c) for c in columns)} "
                             "FROM read_parquet($files, filename = true)", {"files": list(files)})
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(dict(zip(names[1:], row[1:])))
    return out

"""DuckDB: the default engine, in-process (no server, no JVM)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from lianzheng.engine import (
    DUCKDB,
    MESSAGES,
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


class DuckEngine(Engine):
    name = "duckdb"
    dialect = DUCKDB

    def __init__(self, *, workdir: str | None = None, memory_limit: str | None = None,
                 threads: int | None = None) -> None:
        try:
            import duckdb
        except ImportError:
            raise EngineUnavailable(MESSAGES["no_duckdb"]) from None
        # insertion order kept: `row_number() OVER ()` over a file scan is the file's order
        config: dict[str, Any] = {"preserve_insertion_order": True}
        if workdir:
            config["temp_directory"] = str(workdir)
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        self._duckdb = duckdb
        self._con: Any = duckdb.connect(":memory:", config=config)
        self._con.execute("SET enable_progress_bar = false")  # the commands draw their own
        # the views hold Python objects (Arrow tables); keep them alive as long as the session
        self._held: dict[str, Any] = {}

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        return (self._duckdb.Error, ReadError)

    def register_arrow(self, name: str, table: pa.Table, *, materialize: bool = False) -> None:
        if not materialize:
            self._held[name] = table
            self._con.register(quoted(name), table)
            return
        self._con.register("lz_arrow_load", table)
        try:
            self._con.execute(f"CREATE OR REPLACE TEMP TABLE {quoted(name)} AS SELECT * FROM lz_arrow_load")
        finally:
            self._con.unregister("lz_arrow_load")

    def register_parquet(self, name: str, files: Sequence[str | os.PathLike[str]], columns: Sequence[str],
                         *, materialize: bool = False) -> None:
        # SQL, not the relation API: DuckDB's Python relation layer costs seconds over a
        # thousand files where the same statement costs a fraction of one
        # columns matched by name; a file that lacks one, or whose column does not cast,
        # fails the statement (union_by_name would read it as null, silently)
        source = f"SELECT {', '.join(quoted(c) for c in columns)} FROM read_parquet({_list(as_paths(files))})"
        kind = "TABLE" if materialize else "VIEW"
        self._con.execute(f"CREATE OR REPLACE {kind} {quoted(name)} AS {source}")

    def register_file(self, name: str, path: str, fmt: str, *, position: str | None = None) -> list[Column]:
        p = DUCKDB.string(path)
        if fmt == "csv":
            # Every cell as text: the engine parses times itself (offsets, day-only dates), and a
            # case number like 00123 must not lose its zeros.
            reader = f"read_csv({p}, header = true, all_varchar = true)"
        elif fmt == "parquet":
            reader = f"read_parquet({p}, file_row_number = true)"
        elif fmt == "jsonl":
            # the keys of every record (a late one may add a key), then every value as text,
            # whatever JSON type it has in a row
            keys = self._describe(f"read_json({p}, format = 'newline_delimited', sample_size = -1)")
            cols = ", ".join(f"{DUCKDB.string(n)}: 'VARCHAR'" for n, _ in keys)
            reader = f"read_json({p}, format = 'newline_delimited', columns = {{{cols}}})"
        else:
            raise ValueError(f"unknown file format: {fmt}")
        columns = [c for c in self._describe(reader) if not (fmt == "parquet" and c.name == "file_row_number")]
        names = ", ".join(DUCKDB.ident(c.name) for c in columns)
        # the order of the rows as read is the file's (preserve_insertion_order); Parquet
        # says it itself
        at = "file_row_number" if fmt == "parquet" else "row_number() OVER () - 1"
        extra = f", CAST({at} AS BIGINT) AS {DUCKDB.ident(position)}" if position else ""
        self._con.execute(f"CREATE OR REPLACE TEMP VIEW {quoted(name)} AS SELECT {names}{extra} FROM {reader}")
        return columns

    def _describe(self, reader: str) -> list[Column]:
        return [Column(str(r[0]), KIND.get(str(r[1]), "other"))
                for r in self._con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]

    def create(self, name: str, select: str, *, materialize: bool = True) -> None:
        kind = "TABLE" if materialize else "VIEW"
        self._con.execute(f"CREATE OR REPLACE TEMP {kind} {quoted(name)} AS {select}")

    def drop(self, *names: str) -> None:
        for name in names:
            if self._held.pop(name, None) is not None:
                self._con.unregister(quoted(name))
                continue
            # one name may be a view or a table: DuckDB refuses DROP TABLE of a view
            for kind in ("VIEW", "TABLE"):
                try:
                    self._con.execute(f"DROP {kind} IF EXISTS {quoted(name)}")
                except self._duckdb.Error:
                    continue

    def set_timezone(self, zone: str) -> None:
        self._con.execute(f"SET TimeZone = {DUCKDB.string(zone)}")

    def query(self, sql: str) -> pa.Table:
        result = self._con.sql(sql)
        # `to_arrow_table` since DuckDB 1.4; `arrow` before it
        return result.to_arrow_table() if hasattr(result, "to_arrow_table") else result.arrow()

    def rows(self, sql: str, batch: int = 50_000) -> Rows:
        cursor = self._con.execute(sql)
        names = [d[0] for d in cursor.description]

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            while chunk := cursor.fetchmany(batch):
                yield chunk

        return Rows(names, batches())

    def close(self) -> None:
        self._con.close()
        self._held.clear()


# DuckDB's types of the columns lz reads times from (any other is read as text).
KIND = {"VARCHAR": "text", "TIMESTAMP WITH TIME ZONE": "instant", "TIMESTAMP": "local", "DATE": "date"}


def _list(values: Sequence[str]) -> str:
    """A list of strings as a SQL literal."""
    return "[" + ", ".join(map(DUCKDB.string, values)) + "]"


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

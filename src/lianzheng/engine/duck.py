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

    def register_parquet(self, name: str, files: Sequence[str | os.PathLike[str]], columns: Sequence[str]) -> None:
        relation = self._con.read_parquet(as_paths(files), union_by_name=True)
        relation.project(", ".join(quoted(c) for c in columns)).create_view(quoted(name), replace=True)

    def query(self, sql: str) -> pa.Table:
        result = self._con.sql(sql)
        # `to_arrow_table` since DuckDB 1.4; `arrow` before it
        return result.to_arrow_table() if hasattr(result, "to_arrow_table") else result.arrow()

    def close(self) -> None:
        self._con.close()
        self._held.clear()

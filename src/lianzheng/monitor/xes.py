"""Streaming IEEE 1849 (XES) event logs into columns, as PM4Py flattens them.

XES files from process-mining tools run to gigabytes, so they are never built into a
document tree: expat (the C parser in the standard library) reads the file in blocks and
calls back per element; the events of one trace wait only until the trace ends (a trace's
attributes may, against the schema's advice, follow its events), and full batches of rows
go to the caller as Arrow tables. Trace attributes become `case:`-prefixed columns, event
attributes keep their key; attributes nested in attributes (meta-attributes) and the
contents of lists are not columns, as in PM4Py. Only the columns the caller asks for are
kept, but every column name seen is collected, so that a missing column can be reported
with the ones there are.

Each event's row number is its ordinal in the file (1 for the first `<event>`), counting
every event of every trace in file order: XES has no rows, and that is the number a reader
finds by searching the file.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import pyarrow as pa

ROW = "lz_row"
BLOCK = 1 << 20
BATCH_ROWS = 200_000
# Attribute element names of the XES standard (and `id`, of XES 2.0).
ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id", "list", "container"})


class XesError(Exception):
    """The file is not well-formed XML: `line` is where expat stopped."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


@dataclass
class XesColumns:
    """What the reader found: every column name (trace attributes with `case:`)."""

    names: set[str] = field(default_factory=set)
    events: int = 0


def open_xes(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def read_xes(path: Path, wanted: list[str], seen: XesColumns,
             progress: Callable[[int], None] | None = None) -> Iterator[pa.Table]:
    """Arrow tables of `lz_row` and the `wanted` columns (strings; null where absent), in
    file order. `seen` collects the column names as the file is read; `progress` gets the
    number of compressed bytes read so far."""
    want = list(dict.fromkeys(wanted))
    event_keys = {k: i for i, k in enumerate(want) if not k.startswith("case:")}
    # `case:x` may be a trace attribute `x` or, as PM4Py would also read it, an event key.
    trace_keys = {k[5:]: i for i, k in enumerate(want) if k.startswith("case:")}
    case_event_keys = {k: i for i, k in enumerate(want) if k.startswith("case:")}
    width = len(want)
    columns: list[list[Any]] = [[] for _ in range(width + 1)]
    names = seen.names

    # Parser state, as closure variables (the handlers run once per element: millions of
    # times, so they do as little as they can).
    depth = trace_depth = event_depth = ordinal = 0
    trace_values: list[Any] = [None] * width
    pending: list[tuple[int, list[Any]]] = []  # this trace's events
    current: list[Any] = [None] * width
    add_name = names.add
    attributes = ATTRIBUTES

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, trace_depth, event_depth, ordinal, current
        depth += 1
        if name in attributes:
            key = attrs.get("key")
            if key is None:
                return
            if event_depth:
                if depth == event_depth + 1:
                    add_name(key)
                    i = event_keys.get(key)
                    if i is None:
                        i = case_event_keys.get(key)
                    if i is not None:
                        current[i] = attrs.get("value")
            elif trace_depth and depth == trace_depth + 1:
                add_name("case:" + key)
                i = trace_keys.get(key)
                if i is not None:
                    trace_values[i] = attrs.get("value")
        elif name == "event":
            if trace_depth:
                event_depth = depth
                ordinal += 1
                current = [None] * width
        elif name == "trace":
            trace_depth = depth
            trace_values[:] = [None] * width
            pending.clear()

    def end(name: str) -> None:
        nonlocal depth, trace_depth, event_depth
        if depth == event_depth and name == "event":
            event_depth = 0
            pending.append((ordinal, current))
        elif depth == trace_depth and name == "trace":
            trace_depth = 0
            rows = columns[0]
            for n, values in pending:
                rows.append(n)
                for i in range(width):
                    v = values[i]
                    columns[i + 1].append(trace_values[i] if v is None else v)
            pending.clear()
        depth -= 1

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end

    def batch() -> pa.Table:
        table = pa.table(
            [pa.array(columns[0], pa.int64()), *(pa.array(c, pa.string()) for c in columns[1:])],
            names=[ROW, *want],
        )
        for c in columns:
            c.clear()
        return table

    with open_xes(path) as fh:
        raw = getattr(fh, "fileobj", None) or fh  # the compressed stream, for progress
        try:
            while True:
                block = fh.read(BLOCK)
                parser.Parse(block, not block)
                if len(columns[0]) >= BATCH_ROWS:
                    yield batch()
                if progress is not None:
                    progress(raw.tell())
                if not block:
                    break
        except expat.ExpatError as exc:
            raise XesError(exc.lineno, expat.ErrorString(exc.code)) from None
    seen.events = ordinal
    if columns[0] or not seen.events:
        yield batch()

"""Text for a terminal: columns that mix Chinese and Latin characters, and values the
user wrote made harmless (no forged lines, no escape sequences, no reordered text):
`visible` escapes what would change how a value shows, `one_line` puts prose on one line."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

# Every text output puts the values it shows through these (defined in `lianzheng.i18n`,
# the lowest layer, since the flowchart labels use them too).
from lianzheng.i18n import one_line, visible

__all__ = ["one_line", "pad", "table", "visible", "width"]


@lru_cache(maxsize=4096)
def width(text: str) -> int:
    """Display width: wide (CJK) characters take two columns."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    gap = " " * max(0, cols - width(text))
    return gap + text if right else text + gap


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = (),
          style: dict[int, list[str]] | None = None) -> list[str]:
    """Rows aligned under a header; `right` are right-aligned column indexes. `style`
    maps a column to one ANSI prefix per row (the cell is reset after). Cells are values:
    each is made `visible`."""
    n = len(header)
    header = [visible(h) for h in header]
    rows = [[visible(cell) for cell in row] for row in rows]
    # Display widths per cell; a cell's extra columns are its width minus its length,
    # so padding can use str.ljust / str.rjust (counting characters) after adding them.
    extra = [[0 if cell.isascii() else width(cell) - len(cell) for cell in row] for row in rows]
    cols = [max([width(header[i]), *(len(r[i]) + e[i] for r, e in zip(rows, extra))]) for i in range(n)]
    out = ["  ".join(pad(h, cols[i], i in right) for i, h in enumerate(header)).rstrip()]
    aligned_right = [i in right for i in range(n)]
    for k, row in enumerate(rows):
        cells = []
        for i, cell in enumerate(row):
            size = cols[i] - extra[k][i]
            text = cell.rjust(size) if aligned_right[i] else cell.ljust(size)
            prefix = style[i][k] if style and i in style else ""
            cells.append(f"{prefix}{text}\x1b[0m" if prefix else text)
        out.append("  ".join(cells).rstrip())
    return out

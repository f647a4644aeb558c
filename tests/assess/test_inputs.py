"""The `warning` indicator from `lz warn`'s warnings of the repository's own signals and
disposals: in time, late, or pending (not counted yet)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from lianzheng import open_repository
from lianzheng.assess import assess
from lianzheng.assess.inputs import register_warnings, warning_outcomes
from lianzheng.warn import warn
from tests.conftest import BASE_REPO, EXAMPLES, TODAY

COUNTY = EXAMPLES / "county-market-bureau"


def test_the_example_s_warnings(tmp_path: Path) -> None:
    shutil.copytree(COUNTY, tmp_path / "county", ignore=shutil.ignore_patterns(".lz-cache"))
    repo = open_repository(tmp_path / "county", cache=False)
    outcomes = {(w.kind, w.id): (w.outcome, w.department) for w in warning_outcomes(repo, warn(repo, TODAY))}
    # as `lz warn` has them on 2026-11-28: R-QZ-001-01 past its deadline (W001), P-SP-SL
    # still within it, the five others disposed of in time
    assert outcomes == {
        ("post", "P-ZF-CW"): ("in_time", "D-ZFDD"), ("risk", "R-CG-001-01"): ("in_time", "D-CWGL"),
        ("risk", "R-QZ-001-01"): ("late", "D-ZFDD"), ("post", "P-SP-SL"): ("pending", "D-XZSP"),
        ("power", "XK-001"): ("in_time", "D-XZSP"), ("department", "D-ZFDD"): ("in_time", "D-ZFDD"),
        ("leader", "L-FJZ-ZF"): ("in_time", None)}
    result = assess(repo, TODAY, by_department=True, warnings=register_warnings(repo, TODAY))
    warning = result.indicator("warning")
    assert (warning.numerator, warning.denominator) == (5, 6)
    assert [(f.kind, f.id, f.department) for f in warning.failing] == [("risk", "R-QZ-001-01", "D-ZFDD")]
    zfdd = next(d for d in result.departments if d.id == "D-ZFDD")
    assert [(i.numerator, i.denominator) for i in zfdd.indicators if i.id == "warning"] == [(2, 3)]


def test_no_signals_nothing_to_measure() -> None:
    repo = open_repository(BASE_REPO, cache=False)
    assert register_warnings(repo, TODAY) is None
    assert assess(repo, dt.date(2026, 11, 28), warnings=register_warnings(repo, TODAY)).indicator("warning").rate is None

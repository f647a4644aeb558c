"""`--by department`: each department scored on its powers (`subject`) and its posts' risks,
worked out by hand on the register of conftest.py (as of 2026-11-28)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from lianzheng import open_repository
from lianzheng.assess import assess
from tests.conftest import TODAY
from tests.gitutil import edit


def departments(path: Path):  # type: ignore[no-untyped-def]
    result = assess(open_repository(path, cache=False), TODAY, by_department=True)
    return {d.id: d for d in result.departments}


def rates(d) -> dict[str, Fraction]:  # type: ignore[no-untyped-def]
    return {i.id: i.rate for i in d.indicators if i.measured}


def test_each_department_by_hand(register: Path) -> None:
    by = departments(register)
    assert list(by) == ["D-PERMIT", "D-LAW", "D-FIN"]  # the unit's order
    # 审批科: P-1 (S2 incomplete, no benchmark) and R-P1-01 (post P-WIN, no approval)
    assert rates(by["D-PERMIT"]) == {"catalogue": 1, "flowcharts": 0, "risks": 1, "grading": 0, "measures": 1,
                                     "review": 1, "disclosure": 0}
    assert by["D-PERMIT"].score == round(100 * 55 / 85, 1) == 64.7
    # 执法大队: CF-1 and its high risk R-CF1-01 with one measure of two (measures: 0/1 and 1/1)
    assert rates(by["D-LAW"])["measures"] == Fraction(1, 2)
    assert by["D-LAW"].score == round(100 * 75 / 85, 1) == 88.2
    # 财务科: P-2 (internal: nothing to disclose) and the two risks of post P-CASH
    assert rates(by["D-FIN"]) == {"catalogue": 0, "flowcharts": 0, "risks": 1, "grading": 1,
                                  "measures": Fraction(1, 2), "review": Fraction(1, 2)}
    assert by["D-FIN"].score == round(100 * (15 + 10 + 20 / 2 + 10 / 2) / 75, 1) == 53.3
    assert by["D-FIN"].name == "财务科"


def test_a_risk_counts_under_its_post_s_department(register: Path) -> None:
    """R-P1-01 sits in P-1 (subject 审批科); moved to the post of the 执法大队 it counts there."""
    edit(register / "powers" / "P-1.yaml", "    post: P-WIN\n", "    post: P-LAW\n")
    by = departments(register)
    grading = {d: next(i for i in by[d].indicators if i.id == "grading") for d in by}
    assert (grading["D-PERMIT"].denominator, grading["D-LAW"].denominator) == (0, 2)
    assert [f.id for f in grading["D-LAW"].failing] == ["R-P1-01"]


def test_a_department_with_nothing_has_no_score(register: Path) -> None:
    edit(register / "lianzheng.yaml", "  - {id: D-FIN, name: 财务科, leader: L1, head: 己科长}\n",
         "  - {id: D-FIN, name: 财务科, leader: L1, head: 己科长}\n  - {id: D-OFFICE, name: 办公室, leader: L1}\n")
    by = departments(register)
    assert by["D-OFFICE"].score is None
    assert not any(i.measured for i in by["D-OFFICE"].indicators)


def test_the_unit_is_scored_without_departments_unless_asked(register: Path) -> None:
    assert assess(open_repository(register, cache=False), TODAY).departments == ()

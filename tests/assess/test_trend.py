"""`lz assess --trend`: a built git history whose score rises as the register improves,
read from git objects and judged as of each commit's date."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from lianzheng.assess import trend as trend_module
from lianzheng.assess.trend import trend, year_before
from lianzheng.repo.gitread import GitError
from tests.assess.conftest import AS_OF, git, make_register


def test_monthly_points_rise_as_the_register_improves(history: tuple[Path, dict[str, str]]) -> None:
    unit, ids = history
    points = trend(unit, AS_OF)
    assert [(p.date.isoformat(), p.commit) for p in points] == [
        ("2026-01-25", ids["jan"]), ("2026-02-20", ids["feb"]), ("2026-04-05", ids["apr"]), ("2026-05-12", ids["may"])]
    scores = [p.score for p in points]
    assert scores == sorted(scores) and len(set(scores)) == 4, scores
    rate = {p.date.month: {i.id: i.rate for i in p.indicators} for p in points}
    assert (rate[1]["catalogue"], rate[2]["flowcharts"], rate[4]["grading"]) == (1, Fraction(2, 3), 1)


def test_each_point_is_judged_as_of_its_commit_s_date(history: tuple[Path, dict[str, str]]) -> None:
    """R-FIN-01, reviewed 2025-04-20, falls due on 2026-04-21: not in April, due in May;
    its measure due 2026-06-30 is not overdue at any point, though it is on 2026-11-28."""
    unit, _ = history
    by_month = {p.date.month: {i.id: i for i in p.indicators} for p in trend(unit, AS_OF)}
    assert (by_month[4]["review"].numerator, by_month[4]["review"].denominator) == (4, 4)
    assert [f.id for f in by_month[5]["review"].failing] == ["R-FIN-01"]
    assert all(not [f for f in m["measures"].failing if f.kind == "measure"] for m in by_month.values())


def test_tags(history: tuple[Path, dict[str, str]]) -> None:
    unit, ids = history
    points = trend(unit, AS_OF, every="tag")
    assert [(p.commit, p.tags) for p in points] == [(ids["apr"], ("v1",)), (ids["may"], ("v2",))]


def test_since(history: tuple[Path, dict[str, str]]) -> None:
    unit, ids = history
    assert [p.commit for p in trend(unit, AS_OF, since=dt.date(2026, 2, 21))] == [ids["apr"], ids["may"]]
    assert [p.commit for p in trend(unit, dt.date(2026, 2, 28), since=dt.date(2025, 1, 1))] == [ids["jan"], ids["feb"]]
    assert trend(unit, AS_OF, since=dt.date(2026, 6, 1)) == []


def test_a_commit_without_the_unit_gives_no_point(history: tuple[Path, dict[str, str]]) -> None:
    unit, ids = history
    git(unit.parent, "tag", "v0", ids["readme"])
    try:
        assert [p.tags for p in trend(unit, AS_OF, every="tag", since=dt.date(2025, 1, 1))] == [("v1",), ("v2",)]
    finally:
        git(unit.parent, "tag", "-d", "v0")


def test_each_file_goes_through_the_stage_once(history: tuple[Path, dict[str, str]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    unit, _ = history
    seen: list[str] = []
    real = trend_module.STAGE.check

    def counting(path: str, raw: bytes, want_models: bool = False):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(path, raw, want_models)

    monkeypatch.setattr(trend_module.STAGE, "check", counting)
    points = trend(unit, AS_OF, jobs=1)
    files = 8  # lianzheng.yaml, laws, 3 powers, 2 registers, 1 benchmark
    # the first point reads every file; each later point only the file its commits changed
    assert len(points) == 4
    assert sorted(seen) == sorted(["benchmarks/CF-1.yaml", "laws.yaml", "lianzheng.yaml", "powers/CF-1.yaml",
                                   "powers/P-1.yaml", "powers/P-2.yaml", "risks/p2.yaml", "risks/posts.yaml",
                                   "powers/P-1.yaml", "powers/P-1.yaml", "powers/CF-1.yaml"])
    assert len(seen) < files * len(points)


def test_outside_git(tmp_path: Path) -> None:
    unit = make_register(tmp_path / "plain")
    with pytest.raises(GitError) as raised:
        trend(unit, AS_OF)
    assert raised.value.kind == "not_repo"


def test_a_year_before() -> None:
    assert year_before(dt.date(2026, 11, 28)) == dt.date(2025, 11, 28)
    assert year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)

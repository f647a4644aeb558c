"""`lz assess --trend`: a built git history whose score rises as the register improves,
read from git objects and judged as of each commit's date."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.assess import assess
from lianzheng.assess import trend as trend_module
from lianzheng.assess.trend import trend, year_before
from lianzheng.repo.gitread import GitError
from tests.assess.conftest import AS_OF, commit, git, make_register
from tests.gitutil import edit


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


def test_a_file_as_in_the_working_tree_takes_its_result(history: tuple[Path, dict[str, str]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """With the working tree's repository as the seed, only the contents it does not hold
    go through the stage: P-1 and CF-1 as they were in January, P-1 as in February."""
    unit, _ = history
    seed = open_repository(unit, cache=False)
    seen: list[str] = []
    real = trend_module.STAGE.check

    def counting(path: str, raw: bytes, want_models: bool = False):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(path, raw, want_models)

    monkeypatch.setattr(trend_module.STAGE, "check", counting)
    seeded = trend(unit, AS_OF, jobs=1, seed=seed)
    assert sorted(seen) == ["powers/CF-1.yaml", "powers/P-1.yaml", "powers/P-1.yaml"]
    monkeypatch.undo()
    assert [(p.commit, p.score) for p in seeded] == [(p.commit, p.score) for p in trend(unit, AS_OF, jobs=1)]


def test_outside_git(tmp_path: Path) -> None:
    unit = make_register(tmp_path / "plain")
    with pytest.raises(GitError) as raised:
        trend(unit, AS_OF)
    assert raised.value.kind == "not_repo"


def test_a_year_before() -> None:
    assert year_before(dt.date(2026, 11, 28)) == dt.date(2025, 11, 28)
    assert year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_many_files_go_through_the_stage_on_all_cores(tmp_path: Path) -> None:
    """Past the scan's threshold the first point's files are checked by worker processes:
    the same points as in one process."""
    top = tmp_path / "git"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    unit = make_register(top / "unit")
    template = (unit / "powers" / "CF-1.yaml").read_text(encoding="utf-8")
    for n in range(2, 62):
        text = template.replace("CF-1", f"CF-{n}").replace("R-CF1-01", f"R-CF{n}-01")
        (unit / "powers" / f"CF-{n}.yaml").write_text(text, encoding="utf-8")
    commit(top, "2026-10-10", "sixty penalty powers")
    edit(unit / "powers" / "P-2.yaml", "subject: D-FIN\n", "subject: D-FIN\nbasis: [{title: 会计法}]\n")
    commit(top, "2026-11-10", "basis of P-2")
    parallel, serial = trend(unit, AS_OF, jobs=2), trend(unit, AS_OF, jobs=1)
    assert [(p.commit, p.score, p.indicators) for p in parallel] == [(p.commit, p.score, p.indicators) for p in serial]
    assert len(parallel) == 2 and parallel[0].score < parallel[1].score


def test_the_last_point_is_the_score_of_the_working_tree(history: tuple[Path, dict[str, str]]) -> None:
    """The working tree is the last commit: judged at that commit's date, the same score."""
    unit, _ = history
    last = trend(unit, AS_OF)[-1]
    plain = assess(open_repository(unit, cache=False), last.date)
    assert (last.score, last.indicators) == (plain.score, plain.indicators)

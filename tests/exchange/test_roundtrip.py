"""`lz export` → `lz import` into a fresh `lz init` repository holding the same unit file
gives the same risks (SPEC: ids, titles, descriptions, categories, factors, grades,
measures, owners, leaders, review dates) — and, from the workbook, their measures' types,
owners, due dates and statuses, approvals and override reasons too."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from lianzheng.scaffold import init_repository

from .conftest import CITY, COUNTY, export, import_register, risks_of, validate

SPEC_FIELDS = ("title", "description", "category", "factors", "grade", "owner", "leader", "reviewed")


def fresh(tmp_path: Path, example: Path) -> Path:
    """`lz init`, then the example's lianzheng.yaml. The sample power `lz init` writes is
    removed: it names the scaffold's own posts and leaders, which the example's unit does
    not have."""
    repo = tmp_path / "fresh"
    repo.mkdir()
    init_repository(repo, today=dt.date(2026, 11, 28))
    shutil.copy(example / "lianzheng.yaml", repo / "lianzheng.yaml")
    (repo / "powers" / "SAMPLE-XK-001.yaml").unlink()
    return repo


@pytest.mark.parametrize("example", [COUNTY, CITY], ids=["county", "city"])
def test_workbook_round_trip(example: Path, tmp_path: Path) -> None:
    workbook = export(example, out=tmp_path / "台账.xlsx", cache=False).files[0]
    repo = fresh(tmp_path, example)
    unit_before = (repo / "lianzheng.yaml").read_bytes()
    result = import_register(workbook, into=repo, cache=False)
    assert result.skipped == [] and result.exit_code == 0
    # the powers are not in the fresh repository: each is named once, as a warning
    assert {p.text("zh")[:2] for p in result.warnings} <= {"职权", "登记"}
    assert not result.unit_changed and (repo / "lianzheng.yaml").read_bytes() == unit_before

    original, imported = risks_of(example), risks_of(repo)
    assert sorted(imported) == sorted(original)
    for rid, want in original.items():
        got = imported[rid]
        assert {f: got[f] for f in SPEC_FIELDS} == {f: want[f] for f in SPEC_FIELDS}, rid
        assert got["measures"] == want["measures"], rid
        assert got["approval"] == want["approval"], rid
        assert got["post"] == want["post"], rid
        if want["override"] is not None:
            assert got["override"] == want["override"], rid
    assert validate(repo, cache=False, today=dt.date(2026, 11, 28)).errors == 0


def names(repo: Path) -> dict[str, str]:
    """Leader and post ids of a repository's unit, to their names."""
    import yaml

    unit = yaml.safe_load((repo / "lianzheng.yaml").read_text(encoding="utf-8"))
    return {x["id"]: x["name"] for key in ("leadership", "posts") for x in unit.get(key) or ()}


@pytest.mark.parametrize("example", [COUNTY, CITY], ids=["county", "city"])
def test_round_trip_into_a_fresh_init_repository(example: Path, tmp_path: Path) -> None:
    """SPEC: an export imports into a fresh `lz init` repository, its sample power and
    placeholder unit as they are, with the same risks; the leaders and posts the fresh
    unit does not know are added to it (under new ids, with the same names)."""
    workbook = export(example, out=tmp_path / "台账.xlsx", cache=False).files[0]
    repo = tmp_path / "fresh"
    repo.mkdir()
    init_repository(repo, today=dt.date(2026, 11, 28))
    unit_before = (repo / "lianzheng.yaml").read_bytes()
    result = import_register(workbook, into=repo, cache=False)
    assert result.skipped == [] and result.exit_code == 0
    assert result.leaders_added and result.departments_added and result.posts_added
    ops = difflib.SequenceMatcher(None, unit_before, (repo / "lianzheng.yaml").read_bytes(), autojunk=False)
    assert {op[0] for op in ops.get_opcodes()} == {"equal", "insert"}  # appended, nothing else changed
    original, imported = risks_of(example), risks_of(repo)
    assert set(imported) == set(original) | {"R-SAMPLE-XK-001-01"}
    before, after = names(example), names(repo)
    for rid, want in original.items():
        got = imported[rid]
        same = ("title", "description", "category", "factors", "grade", "owner", "reviewed", "approval")
        assert {f: got[f] for f in same} == {f: want[f] for f in same}, rid
        assert got["measures"] == want["measures"], rid
        assert after.get(got["leader"]) == before.get(want["leader"]), rid
        assert after.get(got["post"]) == before.get(want["post"]), rid
    assert validate(repo, cache=False, today=dt.date(2026, 11, 28)).errors == 0


@pytest.mark.parametrize("example", [COUNTY, CITY], ids=["county", "city"])
def test_csv_round_trip(example: Path, tmp_path: Path) -> None:
    """risks.csv alone: one cell of measures holds their texts only."""
    export(example, out=tmp_path / "csv", format="csv", cache=False)
    repo = fresh(tmp_path, example)
    result = import_register(tmp_path / "csv" / "risks.csv", into=repo, cache=False)
    assert result.exit_code == 0
    original, imported = risks_of(example), risks_of(repo)
    assert sorted(imported) == sorted(original)
    for rid, want in original.items():
        got = imported[rid]
        assert {f: got[f] for f in SPEC_FIELDS} == {f: want[f] for f in SPEC_FIELDS}, rid
        assert [m[1] for m in got["measures"]] == [m[1] for m in want["measures"]], rid
    assert validate(repo, cache=False, today=dt.date(2026, 11, 28)).errors == 0


def test_an_edited_workbook_imports_the_edits(tmp_path: Path) -> None:
    """The drop-down values an office picks in the exported file are what import reads."""
    import openpyxl

    workbook = export(COUNTY, out=tmp_path / "台账.xlsx", cache=False).files[0]
    wb = openpyxl.load_workbook(workbook)
    ws = wb["风险登记表"]
    rows = {r[5].value: r for r in ws.iter_rows(min_row=2)}
    kept = "组织会计人员学习会计法和会计人员职业道德规范，明确对违法授意有权拒绝并报告"
    rows["R-CW-POST-02"][8].value = "思想道德"
    rows["R-CW-POST-02"][15].value = f"1.{kept}\n2.签订廉洁承诺书"
    second = rows["R-CW-POST-01"][15].value.splitlines()[1]
    rows["R-CW-POST-01"][15].value = second  # the first measure taken out
    wb.save(tmp_path / "edited.xlsx")
    repo = fresh(tmp_path, COUNTY)
    result = import_register(tmp_path / "edited.xlsx", into=repo, cache=False)
    got = risks_of(repo)
    edited = got["R-CW-POST-02"]
    assert edited["category"] == "ethics"
    # a measure found in the 防控措施 sheet keeps its id and details; a new one gets the next id
    assert edited["measures"] == [("M1", kept, "education", "郑红", dt.date(2027, 3, 31), "planned"),
                                  ("M2", "签订廉洁承诺书", None, None, None, "planned")]
    assert [m[0] for m in got["R-CW-POST-01"]["measures"]] == ["M2"]
    removed = [p.message() for p in result.warnings if p.place().startswith("防控措施!")]
    assert len(removed) == 1 and removed[0].endswith("：措施不在风险 R-CW-POST-01 的防控措施栏中，未导入")

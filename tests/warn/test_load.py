"""`--signals DIR`: the discipline office's folder, read as well as the unit's repository."""

from __future__ import annotations

import os
from pathlib import Path

from lianzheng import open_repository
from lianzheng.repo.findings import Finding
from lianzheng.rules.validate import validate
from tests.clirunner import lz

from .helpers import AS_OF, unit_repo, warn_at, write


def problems(repo: Path, jjz: Path | None = None) -> list[Finding]:
    return validate(open_repository(repo, cache=False, signals=jjz), AS_OF).findings

UNIT_SIGNALS = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - {id: S1, date: 2026-11-20, source: audit, about: {risk: R1}, severity: 1}
  - {id: X1, date: 2026-11-20, source: audit, about: {risk: R2}, severity: 1}
"""

FOLDER_SIGNALS = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - {id: J1, date: 2026-11-21, source: petition, about: {risk: R1}, severity: 2, summary: 举报}
  - {id: X1, date: 2026-11-21, source: petition, about: {risk: R2}, severity: 3}
  - {id: J2, date: 2026-11-21, source: petition, about: {risk: R-NONE}}
"""

FOLDER_DISPOSALS = """\
apiVersion: lianzheng/v1
kind: Disposals
disposals:
  - {id: C1, about: {risk: R1}, action: admonition, date: 2026-11-25, signals: [S1, J1]}
"""


def folder(tmp_path: Path) -> Path:
    return write(tmp_path / "jjz", {"2026/signals.yaml": FOLDER_SIGNALS, "2026/disposals.yml": FOLDER_DISPOSALS,
                                    ".git/config.yaml": "not: read", "notes.txt": "not yaml"})


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))}


def test_folder_is_read_as_well_as_the_repository(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path / "repo", {"signals/2026.yaml": UNIT_SIGNALS})
    jjz = folder(tmp_path)
    before = snapshot(jjz)
    result = warn_at(repo, signals=jjz)
    by_target = {w.target: w for w in result.warnings}
    r1 = by_target[("risk", "R1")]
    # S1 from the unit's repository, J1 from the folder; disposed of by the folder's C1
    assert [s.id for s in r1.signals] == ["S1", "J1"] and r1.score == 3 and r1.disposal.id == "C1"
    # the same id in both: the repository's counts (D001 at the folder's copy)
    assert by_target[("risk", "R2")].score == 1
    found = {(f.code, f.path) for f in problems(repo, jjz)}
    folder_file = (jjz / "2026" / "signals.yaml").resolve().as_posix()
    assert ("D001", folder_file) in found and ("R009", folder_file) in found
    done = lz(["warn", str(repo), "--signals", str(jjz), "--as-of", AS_OF.isoformat(), "--no-cache"])
    assert done.exit_code == 1 and "预警信号或处置文件有" in done.stderr  # errors in the records
    assert snapshot(jjz) == before  # nothing written there: no cache, no file


def test_only_the_folder(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path / "repo")
    result = warn_at(repo, signals=folder(tmp_path))
    assert [w.target for w in result.warnings] == [("risk", "R2"), ("risk", "R1"), ("risk", "R-NONE")]


def test_other_kinds_and_links_out_of_the_folder(tmp_path: Path) -> None:
    jjz = folder(tmp_path)
    outside = write(tmp_path / "elsewhere", {"secret.yaml": FOLDER_SIGNALS.replace("J1", "Q1")})
    write(jjz, {"unit.yaml": "apiVersion: lianzheng/v1\nkind: Unit\nname: 某局\n"})
    os.symlink(outside / "secret.yaml", jjz / "link.yaml")
    os.symlink(outside, jjz / "linked-dir")
    os.symlink(jjz / "2026" / "signals.yaml", jjz / "inside.yaml")
    repo = open_repository(unit_repo(tmp_path / "repo"), cache=False, signals=jjz)
    base = jjz.resolve().as_posix()
    codes = sorted((f.code, f.path, f.line) for f in validate(repo, AS_OF).findings if f.code == "S012")
    assert codes == [("S012", f"{base}/unit.yaml", 2)]
    # inside.yaml links to 2026/signals.yaml, read once, under its own path; the links out
    # of the folder are not read, only reported (Y013, see test_annex_refused)
    assert sorted(repo.annex) == [f"{base}/2026/disposals.yml", f"{base}/2026/signals.yaml", f"{base}/link.yaml",
                                  f"{base}/linked-dir", f"{base}/unit.yaml"]
    assert [f.code for f in repo.results[f"{base}/link.yaml"].findings] == ["Y013"]
    assert repo.unit is not None and repo.unit.name == "测试县测试局"  # the folder's Unit is left out
    assert all(s.id != "Q1" for s in repo.signals())  # a link leading out of the folder is not followed


def test_an_unreadable_folder_is_a_clear_error(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path / "repo")
    missing = lz(["warn", str(repo), "--signals", str(tmp_path / "missing")])
    assert missing.exit_code == 2 and f"路径不存在：{tmp_path / 'missing'}" in missing.stderr
    (tmp_path / "file.yaml").write_text("x: 1\n", encoding="utf-8")
    not_dir = lz(["warn", str(repo), "--signals", str(tmp_path / "file.yaml"), "--lang", "en"])
    assert not_dir.exit_code == 2 and f"{tmp_path / 'file.yaml'} is not a folder" in not_dir.stderr


def test_a_broken_signal_file_is_reported_not_raised(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path / "repo", {"signals/2026.yaml": "apiVersion: lianzheng/v1\nkind: Signals\nsignals: [\n"})
    result = warn_at(repo)
    assert [(f.code, f.path) for f in problems(repo) if f.path.startswith("signals/")] == [
        ("Y001", "signals/2026.yaml")]
    assert result.warnings == []
    assert lz(["warn", str(repo), "--as-of", AS_OF.isoformat(), "--no-cache"]).exit_code == 1


def test_signals_in_a_file_of_several_kinds_are_read(tmp_path: Path) -> None:
    from .helpers import POWER

    mixed = POWER.replace("id: P-1", "id: P-2").replace("id: R1", "id: R8").replace("id: R2", "id: R7") \
        .replace("id: R3", "id: R6") + "---\n" + UNIT_SIGNALS
    repo = unit_repo(tmp_path / "repo", {"powers/P-2.yaml": mixed})
    result = warn_at(repo)
    assert sorted(w.target[1] for w in result.warnings) == ["R1", "R2"]
    assert result.warnings[0].signals[0].path == "powers/P-2.yaml"


def test_settings_of_the_unit_apply(tmp_path: Path) -> None:
    from .helpers import UNIT

    unit = UNIT + "settings:\n  warning:\n    levels: {admonition: 2}\n    respond_days: 30\n"
    repo = unit_repo(tmp_path / "repo", {"lianzheng.yaml": unit, "signals/2026.yaml": UNIT_SIGNALS.replace(
        "severity: 1}\n  - {id: X1", "severity: 2}\n  - {id: X1")})
    result = warn_at(repo)
    w = next(w for w in result.warnings if w.target == ("risk", "R1"))
    assert (w.score, w.level, str(w.deadline)) == (2, "admonition", "2026-12-20")
    assert result.policy.ladder.steps == (("reminder", 1), ("admonition", 2), ("correction", 5))
    assert [f.code for f in result.findings] == ["W003"]


def test_red_cases_count_in_warn(tmp_path: Path) -> None:
    from lianzheng.warn import CaseFinding, RedCase, warn

    repo = unit_repo(tmp_path / "repo")
    cases = [RedCase("permits", f"C-{i}", "P-1", AS_OF, (CaseFinding("M203", None, ()),)) for i in range(3)]
    result = warn(open_repository(repo, cache=False), AS_OF, red_cases=cases)
    (w,) = result.warnings
    assert (w.target, w.name, w.score, w.level, w.by_source) == (
        ("power", "P-1"), "食品经营许可", 3, "admonition", {"e_supervision": 3})
    assert w.leader == "L2"  # the 分管领导 of its subject, D-PERMIT

"""Every rule has a failing and a passing fixture, and each behaves as it says.

A fixture is a folder under `fixtures/<CODE>/fail` or `fixtures/<CODE>/pass` whose files
overlay a copy of the small valid repository in `base/`:

- every file except the special ones below replaces (or adds) the file of the same path;
- `expect` (fail only): one `path:line:column` per line — exactly where the rule must
  report, and nowhere else;
- `delete`: base files to remove, one path per line;
- `generate.py`: run in the repository folder to make files too big or odd to commit.

A passing fixture must produce no finding of the rule and no error at all.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.monitor import monitor_repository
from lianzheng.repo.findings import Finding
from lianzheng.repo.repository import Repository
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate
from lianzheng.warn import warn

from ..conftest import BASE_REPO, TODAY

FIXTURES = Path(__file__).parent / "fixtures"
SPECIAL = {"expect", "delete", "generate.py"}
# A fixture's folder read with `--signals` (the discipline office's), not copied into the repository.
ANNEX = "signals-folder"


def build(fixture: Path, dest: Path) -> Path:
    shutil.copytree(BASE_REPO, dest)
    for line in _lines(fixture / "delete"):
        (dest / line).unlink()
    for src in sorted(fixture.rglob("*")):
        rel = src.relative_to(fixture)
        if rel.parts[0] == ANNEX:
            continue
        if src.is_file() and str(rel) not in SPECIAL:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    if (fixture / "generate.py").exists():
        runpy.run_path(str(fixture / "generate.py"), init_globals={"REPO": dest})
    return dest


def findings(fixture: Path, repo: Path) -> list[Finding]:
    """What lz finds in a fixture's repository: `lz validate`'s findings and `lz warn`'s,
    with the fixture's signals folder when it has one (its files shown as `signals-folder/…`)."""
    annex = fixture / ANNEX if (fixture / ANNEX).is_dir() else None
    opened = open_repository(repo, cache=False, signals=annex, models=True)
    found = validate(opened, TODAY).findings + [f.finding() for f in warn(opened, TODAY).findings]
    found += monitor_findings(opened)
    if annex is not None:
        base = annex.resolve().as_posix()
        found = [f._replace(path=ANNEX + f.path[len(base):]) if f.path.startswith(base) else f for f in found]
    return found


def monitor_findings(repo: Repository) -> list[Finding]:
    """`lz monitor`'s findings, placed as a reader finds them: a case finding at its event's
    row of the log (`caselogs/log.csv:ROW:1`), one about the log or a whole case at the
    CaseLog's id."""
    logs = {c.id: c for c in repo.caselogs()}
    if not logs or any(f.code in ("R013", "R014") for f in validate(repo, TODAY).findings):
        return []  # a log that cannot be read is the command's error (exit 2), no finding
    result = monitor_repository(repo, as_of=TODAY)
    out = []
    for log in result.logs:
        fact = logs[log.id]
        at = (fact.path, fact.line, fact.col)
        out += [Finding(*at, f.code, f.args) for f in log.data]
        for case in log.cases:
            for f in case.findings:
                where = (fact.source or "", f.row, 1) if f.row is not None else at
                out.append(Finding(*where, f.code, f.args))
    return out


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def _cases(kind: str) -> list[pytest.param]:
    return [pytest.param(code, id=f"{code}-{RULES[code].name}") for code in sorted(RULES)]


@pytest.mark.parametrize("code", _cases("fail"))
def test_failing_fixture_reports_exactly_where_expected(code: str, tmp_path: Path) -> None:
    fixture = FIXTURES / code / "fail"
    assert fixture.is_dir(), f"rule {code} has no failing fixture at {fixture}"
    expected = sorted(_lines(fixture / "expect"))
    assert expected, f"{fixture}/expect lists no position"
    repo = build(fixture, tmp_path / "repo")
    found = findings(fixture, repo)
    got = sorted(f"{f.path}:{f.line}:{f.column}" for f in found if f.code == code)
    assert got == expected, "\n".join(f"{f.path}:{f.line}:{f.column} {f.code} {f.args}" for f in found)


@pytest.mark.parametrize("code", _cases("pass"))
def test_passing_fixture_is_clean(code: str, tmp_path: Path) -> None:
    fixture = FIXTURES / code / "pass"
    assert fixture.is_dir(), f"rule {code} has no passing fixture at {fixture}"
    repo = build(fixture, tmp_path / "repo")
    problems = [f for f in findings(fixture, repo) if f.code == code or RULES[f.code].severity == "error"]
    assert not problems, "\n".join(f"{f.path}:{f.line}:{f.column} {f.code} {f.args}" for f in problems)


def test_base_repository_is_clean() -> None:
    report = validate(open_repository(BASE_REPO, cache=False), TODAY)
    assert report.findings == []

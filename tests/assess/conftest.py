"""A small register with something wrong under every indicator, built from the rule
fixtures' base repository (tests/rules/base), and the scores worked out by hand below."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BASE_REPO
from tests.gitutil import GIT_ENV, edit

AS_OF = dt.date(2026, 11, 28)

# A power of the finance office: internal, no basis, no flow, no risk of its own.
P2 = """\
apiVersion: lianzheng/v1
kind: Power
id: P-2
name: 差旅费报销审批
category: finance
subject: D-FIN
"""

# A register risk that names P-2 (as an imported spreadsheet register does).
P2_RISKS = """\
apiVersion: lianzheng/v1
kind: RiskRegister
id: RR-P2
department: D-FIN
post: P-CASH
risks:
  - id: R-P2-01
    title: 虚报差旅费
    category: power
    power: P-2
    factors: {importance: 2, discretion: 2, probability: 2, harm: 2}
    grade: low
    leader: L1
    measures:
      - {id: M1, type: procedure, text: 报销凭证双人审核, due: 2026-06-30, status: done}
    reviewed: 2026-03-01
    approval: {date: 2026-03-10, by: 局党组会议}
"""


def make_register(dest: Path) -> Path:
    """tests/rules/base with, as of 2026-11-28:
    - P-1's step S2 without its supervision (flowcharts);
    - R-P1-01 without an approval (grading);
    - the high risk R-CF1-01 with one measure of the two it needs (measures);
    - R-FIN-01's measure due 2026-06-30 and only planned (measures), and its last review
      on 2025-01-10, more than 365 days before (review);
    - a new power P-2 with no basis and no flow (catalogue, flowcharts), whose only risk
      sits in a register that names it (risks)."""
    shutil.copytree(BASE_REPO, dest)
    edit(dest / "powers" / "P-1.yaml", "      supervision: 科长复核\n", "")
    edit(dest / "powers" / "P-1.yaml", "    approval: {date: 2026-03-10, by: 局党组会议, ref: 2026年第3次党组会议纪要}\n", "")
    edit(dest / "powers" / "CF-1.yaml",
         "      - {id: M2, type: technology, text: 执法记录仪全程记录, owner: 戊队长, due: 2027-03-31, status: in_progress}\n", "")
    edit(dest / "risks" / "posts.yaml", "due: 2027-03-31, status: planned", "due: 2026-06-30, status: planned")
    edit(dest / "risks" / "posts.yaml", "reviewed: 2026-03-01", "reviewed: 2025-01-10")
    (dest / "powers" / "P-2.yaml").write_text(P2, encoding="utf-8")
    (dest / "risks" / "p2.yaml").write_text(P2_RISKS, encoding="utf-8")
    return dest


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return make_register(tmp_path / "register")


def git(top: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": f"{date}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{date}T10:00:00+08:00"}
    return subprocess.run(["git", *args], cwd=top, env=env, check=True, capture_output=True, text=True).stdout


def commit(top: Path, date: str, message: str) -> str:
    git(top, "add", "-A")
    git(top, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(top, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A git repository holding the unit in `unit/`, improved month by month:

    2025-12-05  README only: no unit yet
    2026-01-10  the register of conftest.py, R-FIN-01 last reviewed 2025-04-20
    2026-01-25  P-2 gets a basis                      (the last of January)
    2026-02-20  P-1's S2 gets its supervision back    (February)
    2026-03-15  on a branch: R-P1-01 approved         (not a state of main)
    2026-04-05  the branch merged                     (April; tag v1, annotated)
    2026-05-12  R-CF1-01 gets its second measure      (May; tag v2)
    """
    top = tmp_path_factory.mktemp("history") / "git"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    (top / "README.md").write_text("廉政风险防控\n", encoding="utf-8")
    ids = {"readme": commit(top, "2025-12-05", "readme")}
    unit = make_register(top / "unit")
    edit(unit / "risks" / "posts.yaml", "reviewed: 2025-01-10", "reviewed: 2025-04-20")
    ids["jan10"] = commit(top, "2026-01-10", "register")
    edit(unit / "powers" / "P-2.yaml", "subject: D-FIN\n", "subject: D-FIN\nbasis: [{title: 会计法, article: 第十条}]\n")
    ids["jan"] = commit(top, "2026-01-25", "basis of P-2")
    edit(unit / "powers" / "P-1.yaml", "      time_limit: 5\n", "      time_limit: 5\n      supervision: 科长复核\n")
    ids["feb"] = commit(top, "2026-02-20", "supervision of S2")
    git(top, "checkout", "-q", "-b", "approve")
    edit(unit / "powers" / "P-1.yaml", "    reviewed: 2026-03-01\n",
         "    reviewed: 2026-03-01\n    approval: {date: 2026-03-10, by: 局党组会议}\n")
    ids["branch"] = commit(top, "2026-03-15", "approve R-P1-01")
    git(top, "checkout", "-q", "main")
    git(top, "merge", "-q", "--no-ff", "-m", "merge approve", "approve", date="2026-04-05")
    ids["apr"] = git(top, "rev-parse", "HEAD").strip()
    git(top, "tag", "-a", "v1", "-m", "first", date="2026-04-05")
    edit(unit / "powers" / "CF-1.yaml", "status: done}\n",
         "status: done}\n      - {id: M2, type: technology, text: 执法记录仪全程记录, status: in_progress}\n")
    ids["may"] = commit(top, "2026-05-12", "second measure of R-CF1-01")
    git(top, "tag", "v2")
    return unit, ids

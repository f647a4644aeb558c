"""Three small units built in a temporary folder: a repository (`alpha`), the Parquet
export of another unit (`beta`), and a repository whose lianzheng.yaml is broken."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clirunner import lz
from tests.conftest import BASE_REPO

AS_OF = "2026-11-28"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unit_repo(dest: Path, code: str, name: str) -> Path:
    shutil.copytree(BASE_REPO, dest)
    edit(dest / "lianzheng.yaml", "code: T-UNIT", f"code: {code}")
    edit(dest / "lianzheng.yaml", "name: 测试县测试局", f"name: {name}")
    return dest


def alpha_repo(dest: Path) -> Path:
    """Key areas on both powers, a register risk naming a power, a high risk with one
    measure (K002), a risk past its review cycle, a measure overdue."""
    repo = unit_repo(dest, "ALPHA-001", "甲县测试局")
    edit(repo / "powers" / "P-1.yaml", "category: licensing\n", "category: licensing\nareas: [approval]\n")
    edit(repo / "powers" / "P-1.yaml", "due: 2026-06-30, status: done", "due: 2026-06-30, status: in_progress")
    edit(repo / "powers" / "CF-1.yaml", "category: penalty\n", "category: penalty\nareas: [penalty, food_drug]\n")
    edit(repo / "powers" / "CF-1.yaml",
         "      - {id: M2, type: technology, text: 执法记录仪全程记录, owner: 戊队长, due: 2027-03-31, status: in_progress}\n",
         "")
    edit(repo / "risks" / "posts.yaml", "    category: ethics\n", "    category: ethics\n    power: P-1\n")
    edit(repo / "risks" / "posts.yaml", "reviewed: 2026-03-01", "reviewed: 2024-03-01")
    return repo


def export_of(repo: Path, out: Path, as_of: str = AS_OF) -> Path:
    result = lz(["export", str(repo), "--format", "parquet", "--out", str(out), "--as-of", as_of, "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    return out


@dataclass(frozen=True)
class Units:
    alpha: Path  # a repository
    beta: Path  # an export folder
    beta_repo: Path  # the repository beta was exported from
    broken: Path  # a repository with a schema error in lianzheng.yaml

    def all(self) -> list[str]:
        return [str(self.alpha), str(self.beta), str(self.broken)]


@pytest.fixture(scope="session")
def units(tmp_path_factory: pytest.TempPathFactory) -> Units:
    base = tmp_path_factory.mktemp("units")
    alpha = alpha_repo(base / "alpha")
    beta_repo = unit_repo(base / "beta-repo", "BETA-002", "乙县测试局")
    beta = export_of(beta_repo, base / "beta-export")
    broken = unit_repo(base / "broken", "GAMMA-003", "丙县测试局")
    edit(broken / "lianzheng.yaml", "type: administrative", "type: ministry")
    return Units(alpha, beta, beta_repo, broken)

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BASE_REPO = ROOT / "tests" / "rules" / "base"
# Date-dependent rules are checked against this date in tests.
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def base_repo(tmp_path: Path) -> Path:
    """A copy of the small valid repository the rule fixtures build on."""
    dest = tmp_path / "repo"
    shutil.copytree(BASE_REPO, dest)
    return dest


def example_dirs() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if (p / "lianzheng.yaml").is_file()) if EXAMPLES.is_dir() else []

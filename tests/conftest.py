from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

import pytest

from lianzheng.engine.spark import java_available

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BASE_REPO = ROOT / "tests" / "rules" / "base"
# Date-dependent rules are checked against this date in tests.
TODAY = dt.date(2026, 11, 28)
# The tests that run Apache Spark: skipped, with the reason, without PySpark or Java.
needs_spark = [
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                       reason="PySpark is not installed: pip install 'lianzheng[spark]' (make test installs it)"),
    pytest.mark.skipif(not java_available(), reason="Java 17 is not installed (scripts/install-system-deps adds "
                                                    "openjdk-17-jre-headless)"),
]


@pytest.fixture
def base_repo(tmp_path: Path) -> Path:
    """A copy of the small valid repository the rule fixtures build on."""
    dest = tmp_path / "repo"
    shutil.copytree(BASE_REPO, dest)
    return dest


def example_dirs() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if (p / "lianzheng.yaml").is_file()) if EXAMPLES.is_dir() else []

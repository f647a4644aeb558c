"""Issue 10, item 11: scores and thresholds are exact. With weights 0.3/0.2/0.2/0.3 the
factors 2/2/2/4 score 2.6 exactly, which reaches a `medium: 2.6` threshold: 中, in
`lz grade`, in K003 and in every output (binary floats made it 2.5999999999999996 → 低)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.grading.model import assess
from lianzheng.rules.validate import validate
from lianzheng.spec.models import GradingSettings
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY

WEIGHTED = {"model": "weighted", "weights": {"importance": 0.3, "discretion": 0.2, "probability": 0.2, "harm": 0.3},
            "thresholds": {"high": 3.5, "medium": 2.6}}
FACTORS = {"importance": 2, "discretion": 2, "probability": 2, "harm": 4}
GRADING = """settings:
  grading:
    model: weighted
    weights: {importance: 0.3, discretion: 0.2, probability: 0.2, harm: 0.3}
    thresholds: {high: 3.5, medium: 2.6}
"""


def test_a_weighted_sum_equal_to_the_threshold_reaches_it() -> None:
    a = assess(FACTORS, GradingSettings.model_validate(WEIGHTED))
    assert a.score == 2.6 and repr(a.score) == "2.6"
    assert (a.by_score, a.computed) == ("medium", "medium")


@pytest.fixture
def weighted_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    unit = repo / "lianzheng.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + GRADING, encoding="utf-8")
    power = repo / "powers" / "P-1.yaml"
    text = power.read_text(encoding="utf-8")
    old = "factors: {importance: 3, discretion: 3, probability: 3, harm: 3}\n    grade: medium"
    assert old in text
    power.write_text(text.replace(old, "factors: {importance: 2, discretion: 2, probability: 2, harm: 4}\n"
                                       "    grade: medium"), encoding="utf-8")
    return repo


def test_grade_and_k003_agree_on_the_exact_score(weighted_repo: Path) -> None:
    result = lz(["grade", str(weighted_repo), "--format", "json", "--no-cache"])
    risk = next(r for r in json.loads(result.stdout) if r["id"] == "R-P1-01")
    assert (risk["score"], risk["computed"], risk["status"]) == (2.6, "medium", "ok")
    report = validate(open_repository(weighted_repo, cache=False), TODAY)
    assert not [f for f in report.findings if f.code == "K003" and "R-P1-01" in str(f.args)]
    csv_out = lz(["grade", str(weighted_repo), "--format", "csv", "--no-cache"]).stdout
    assert ",2.6," in csv_out and "2.59999" not in csv_out


def test_the_highest_reachable_score_is_exact_too(tmp_path: Path) -> None:
    """5 × (0.1 + 0.1 + 0.7 + 0.1) is 5, which a `high: 5` threshold reaches: no G002
    (in floats the sum is 4.999999999999999)."""
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    unit = repo / "lianzheng.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + (
        "settings:\n  grading:\n    model: weighted\n"
        "    weights: {importance: 0.1, discretion: 0.1, probability: 0.7, harm: 0.1}\n"
        "    thresholds: {high: 5, medium: 2}\n"), encoding="utf-8")
    report = validate(open_repository(repo, cache=False), TODAY)
    assert not [f for f in report.findings if f.code == "G002"]

"""Every example repository is valid: no error and no warning (SPEC.md's format, the
issue's realism requirements checked by the data itself)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lianzheng import open_repository
from tests.clirunner import lz
from tests.conftest import example_dirs

EXAMPLES = example_dirs()


def test_there_are_at_least_two_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_validates_strictly_clean(example: Path) -> None:
    result = lz(["validate", str(example), "--strict", "--format", "json", "--no-cache", "--as-of", "2026-11-28"])
    assert json.loads(result.stdout) == [], result.stdout
    assert result.exit_code == 0


def test_county_bureau_is_complete() -> None:
    """The county-level bureau carries what the foundation issue asks of it."""
    root = next(p for p in EXAMPLES if p.name == "county-market-bureau")
    facts = open_repository(root, cache=False).files.values()
    powers = [p for f in facts for p in f.powers]
    risks = [r for f in facts for r in f.risks]
    assert len(powers) >= 8
    assert len({p.category for p in powers}) >= 4
    penalties = {p.id for p in powers if p.category == "penalty"}
    benchmarked = {b.power for f in facts for b in f.benchmarks}
    assert len(penalties) >= 2 and penalties <= benchmarked
    assert any(r.power_major for r in risks) or any(p.scope == "internal" for p in powers)
    assert len(risks) >= 20
    assert {r.category for r in risks} == {"power", "system", "ethics"}
    assert any(r.register for r in risks), "a RiskRegister of post risks"
    assert any(f.laws for f in facts), "a LawRegistry"

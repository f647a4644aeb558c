"""The hostile repositories of `output/`, built over the rule fixtures' base repository."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_fixtures import build

CASES = Path(__file__).parent / "output"


def hostile(name: str, tmp_path: Path) -> Path:
    """A copy of the base repository with the case `name` laid over it."""
    return build(CASES / name, tmp_path / name)

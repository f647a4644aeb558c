"""`lz rollup` of both examples in every format and language, against its snapshot under
tests/snapshots/report/rollup/ (LZ_UPDATE_SNAPSHOTS=1 rewrites them; review the diff). The
units are given as paths relative to the project, as a commission's CI would."""

from __future__ import annotations

import pytest

from lianzheng.report import formats
from tests.clirunner import lz
from tests.conftest import ROOT, example_dirs
from tests.snapshot import assert_snapshot

LATE = "2027-06-01"  # when the examples have reviews and measures falling due


@pytest.mark.parametrize("fmt", formats("rollup"))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rollup_of_the_examples(fmt: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    units = [p.relative_to(ROOT).as_posix() for p in example_dirs()]
    result = lz(["rollup", *units, "--as-of", LATE, "--format", fmt, "--lang", lang, "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert_snapshot(f"report/rollup/examples.{fmt}.{lang}", result.stdout)

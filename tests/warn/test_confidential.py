"""The confidentiality rule: a confidential signal's summary and ref appear only with
--show-confidential — in no other output, error message, result object or cache.

A canary string is planted in every confidential field (a petition's, an explicitly
confidential signal's, a signal whose `confidential` is not a boolean, the folder's) and
searched for everywhere."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.dynamic.due import due_report
from lianzheng.report.due import render_text as due_text
from lianzheng.report.warn import render_json, render_markdown, render_text
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate
from tests.clirunner import lz

from .helpers import AS_OF, unit_repo, warn_at, write

CANARIES = [f"CANARY{i}" for i in range(1, 9)]
CANARY = re.compile(rb"CANARY\d")

SIGNALS = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - id: S1
    date: 2026-10-01
    source: 信访举报
    about: {risk: R1}
    severity: 3
    summary: 举报人称 CANARY1
    ref: XF-CANARY2
  - id: S2
    date: 2026-10-02
    source: audit
    confidential: true
    about: [{post: P-WIN}, {risk: R-UNKNOWN}]
    severity: 2
    summary: CANARY3 审计线索
    ref: CANARY4
  - id: S3
    date: 2026-10-03
    source: audit
    confidential: 也许
    about: {risk: R1}
    summary: CANARY5
  - id: S4
    date: 2026-10-04
    source: audit
    about: {risk: R1}
    summary: 公开的审计意见 PUBLIC-TEXT
  - id: S1
    date: 2026-10-05
    source: petition
    about: {risk: R2}
    summary: 重复的 CANARY6
"""

FOLDER = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - id: J1
    date: 2026-11-01
    source: petition
    about: {leader: L-NOBODY}
    summary: CANARY7
    ref: CANARY8
"""


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    root = unit_repo(tmp_path / "repo", {"signals/2026.yaml": SIGNALS})
    jjz = write(tmp_path / "jjz", {"2026.yaml": FOLDER})
    return root, jjz


def outputs(result, root: Path, jjz: Path) -> dict[str, str]:
    out = {}
    repo = open_repository(root, cache=False, signals=jjz)
    problems = validate(repo, AS_OF).findings
    for lang in ("zh", "en"):
        out[f"text-{lang}"] = render_text(result, lang)
        out[f"json-{lang}"] = render_json(result, lang)
        out[f"markdown-{lang}"] = render_markdown(result, lang)
        out[f"problems-{lang}"] = "\n".join(RULES[f.code].message(f, lang) for f in problems)
        out[f"due-{lang}"] = due_text(due_report(repo, AS_OF), lang)
    for args in (["warn"], ["warn", "--format", "json"], ["warn", "--format", "markdown"], ["due"],
                 ["validate", "--format", "json"]):
        done = lz([*args, str(root), "--signals", str(jjz), "--as-of", AS_OF.isoformat(), "--no-cache"])
        out[f"cli-{' '.join(args)}"] = done.stdout + done.stderr
    return out


def test_canaries_appear_nowhere_by_default(repo: tuple[Path, Path]) -> None:
    root, jjz = repo
    result = warn_at(root, signals=jjz, cache=True)
    assert result.warnings  # something to show (and errors about these signals: see outputs)
    for name, text in outputs(result, root, jjz).items():
        assert not CANARY.search(text.encode()), name
    assert "PUBLIC-TEXT" in render_text(result)  # what is not confidential is shown
    assert not CANARY.search(pickle.dumps(result)), "the result object holds confidential text"
    assert not CANARY.search(repr(result).encode())
    cached = [p for p in (root / ".lz-cache").rglob("*") if p.is_file()]
    assert cached, "the scan left its cache"
    for p in cached:
        assert not CANARY.search(p.read_bytes()), p
    assert sorted(p.name for p in jjz.iterdir()) == ["2026.yaml"]


def test_show_confidential_shows_every_canary(repo: tuple[Path, Path]) -> None:
    root, jjz = repo
    result = warn_at(root, signals=jjz, cache=False, show_confidential=True)
    # S1's duplicate (CANARY6) does not count; the rest is shown, S3 by its fail-safe secrecy
    expected = {"CANARY1", "CANARY2", "CANARY3", "CANARY4", "CANARY5", "CANARY7", "CANARY8"}
    for lang in ("zh", "en"):
        for render in (render_text, render_markdown, render_json):
            assert {c for c in CANARIES if c in render(result, lang)} == expected, (render, lang)
    # error messages stay clean even then
    problems = validate(open_repository(root, cache=False, signals=jjz), AS_OF).findings
    assert problems and not any(CANARY.search(RULES[f.code].message(f, "zh").encode()) for f in problems)
    shown = lz(["warn", str(root), "--signals", str(jjz), "--as-of", AS_OF.isoformat(), "--show-confidential"])
    assert {c for c in CANARIES if c in shown.stdout} == expected


def test_a_default_result_never_held_the_text(repo: tuple[Path, Path]) -> None:
    root, jjz = repo
    result = warn_at(root, signals=jjz, cache=False)
    confidential = [s for w in result.warnings for s in w.signals if s.confidential]
    assert {s.id for s in confidential} == {"S1", "S2", "S3", "J1"}
    assert all(s.summary is None and s.ref is None for s in confidential)

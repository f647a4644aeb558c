"""The county example's year of signals and disposals shows every state on 2026-11-28."""

from __future__ import annotations

import pytest

from lianzheng import open_repository
from lianzheng.dynamic.due import due_report
from lianzheng.report.warn import render_markdown, render_text
from lianzheng.rules.validate import validate
from tests.conftest import EXAMPLES

from .helpers import AS_OF, warn_at

COUNTY = EXAMPLES / "county-market-bureau"


@pytest.fixture(scope="module")
def result():
    return warn_at(COUNTY)


def test_the_files_are_valid_and_their_references_resolve(result) -> None:
    report = validate(open_repository(COUNTY, cache=False), AS_OF)
    assert [f for f in report.findings if f.path.startswith(("signals/", "disposals/"))] == []
    assert result.signal_count == 10 and len(result.disposals) == 10


def test_every_state_is_shown(result) -> None:
    by = {w.target: w for w in result.warnings}
    status = {t: (w.level, w.status(AS_OF), w.disposal.id if w.disposal else None) for t, w in by.items()}
    assert status == {
        ("post", "P-ZF-CW"): ("correction", "disposed", "CZ-2026-005"),       # its follow-up is overdue
        ("risk", "R-CG-001-01"): ("admonition", "disposed", "CZ-2026-003"),   # regrade suggested
        ("risk", "R-QZ-001-01"): ("admonition", "overdue", None),             # a reminder is not enough
        ("post", "P-SP-SL"): ("reminder", "pending", None),
        ("power", "XK-001"): ("reminder", "disposed", "CZ-2026-007"),         # an e-supervision signal
        ("department", "D-ZFDD"): ("reminder", "disposed", "CZ-2026-001"),    # by a heavier action
        ("leader", "L-FJZ-ZF"): ("reminder", "disposed", "CZ-2026-006"),
    }
    assert by[("department", "D-ZFDD")].disposal.action == "admonition"
    assert by[("risk", "R-QZ-001-01")].last_disposal.action == "reminder"
    assert [(f.code, f.target[1]) for f in result.findings] == [
        ("W001", "R-QZ-001-01"), ("W002", "P-ZF-CW"), ("W003", "R-CG-001-01"), ("W003", "R-QZ-001-01")]
    sources = {s for w in result.warnings for s in w.by_source}
    assert {"audit", "petition", "e_supervision", "duty_report", "inspection_tour"} <= sources
    assert result.exit_code() == 1


def test_petitions_stay_confidential_in_the_demo(result) -> None:
    secret = "亲属关系"  # XH-2026-004's summary, a petition
    assert secret in (COUNTY / "signals" / "2026.yaml").read_text(encoding="utf-8")
    assert secret not in render_text(result) + render_markdown(result)
    shown = warn_at(COUNTY, show_confidential=True)
    assert secret in render_text(shown)


def test_leaders_of_the_due_items() -> None:
    report = due_report(open_repository(COUNTY, cache=False), AS_OF)
    assert [(i.finding.code, report.names.name("leader", i.leader)) for i in report.warnings] == [
        ("W002", "刘振华"), ("W001", "刘振华")]

"""The rules of `lz warn` and of the Signals and Disposals checks: documented like every
rule, and rendered by `lz rules`."""

from __future__ import annotations

from lianzheng.report.rules import render_rules
from lianzheng.rules import RULES


def test_the_codes_and_their_severities() -> None:
    warn = {c: r for c, r in RULES.items() if c in ("W001", "W002", "W003", "R009", "R010", "R011", "R012", "S012")}
    assert {c: r.severity for c, r in warn.items() if r.severity == "warning"} == {
        "R011": "warning", "R012": "warning", "W003": "warning"}
    assert [warn[c].name for c in ("W001", "W002", "W003")] == [
        "warning-undisposed", "disposal-overdue", "regrade-suggested"]
    assert "第12条" in warn["W001"].why.zh and "第13条" in warn["W003"].why.zh


def test_lz_rules_renders_them() -> None:
    md = render_rules("markdown", "zh")
    assert "## W — 预警处置" in md and "### W001 `warning-undisposed`" in md
    assert "W002  disposal-overdue" in render_rules("text", "en")

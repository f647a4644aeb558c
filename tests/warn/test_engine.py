"""The engine: scores in the sliding window, the level due, the day it was reached, what
disposes of a warning, and W001–W003."""

from __future__ import annotations

import datetime as dt

import pytest

from lianzheng.spec.models import Settings, WarningSettings
from lianzheng.warn.engine import Ladder, Policy, evaluate, reached_on, timeline

from .helpers import AS_OF, DIRECTORY, D, disp, policy, sig


def run(signals, disposals=(), as_of=AS_OF, pol=None):
    return evaluate(signals, disposals, DIRECTORY, as_of, policy=pol or policy())


def only(result):
    assert len(result.warnings) == 1, result.warnings
    return result.warnings[0]


def codes(result):
    return [(f.code, f.target[1]) for f in result.findings]


# --- the ladder -------------------------------------------------------------------------------


def test_default_ladder_is_the_regulation_order() -> None:
    ladder = Ladder.of(None)
    assert ladder.steps == (("reminder", 1), ("admonition", 3), ("correction", 5))
    assert [ladder.level(s) for s in range(7)] == [
        None, "reminder", "reminder", "admonition", "admonition", "correction", "correction"]


def test_partial_override_keeps_the_other_defaults() -> None:
    ladder = Ladder.of(WarningSettings(levels={"admonition": 4}))
    assert ladder.steps == (("reminder", 1), ("admonition", 4), ("correction", 5))
    assert ladder.level(3) == "reminder" and ladder.level(4) == "admonition"
    # Chinese terms are accepted as keys, as everywhere
    assert Ladder.of(WarningSettings(levels={"责令纠错": 8})).steps[-1] == ("correction", 8)


def test_order_of_weight_follows_the_scores() -> None:
    ladder = Ladder.of(WarningSettings(levels={"reminder": 6}))
    assert [a for a, _ in ladder.steps] == ["admonition", "correction", "reminder"]
    assert ladder.weight("reminder") > ladder.weight("correction")
    assert ladder.level(7) == "reminder"
    # equal scores: the regulation's order decides
    tie = Ladder.of(WarningSettings(levels={"admonition": 5}))
    assert [a for a, _ in tie.steps] == ["reminder", "admonition", "correction"] and tie.level(5) == "correction"


def test_policy_reads_the_unit_settings() -> None:
    s = Settings.model_validate({"warning": {"window_days": 90, "respond_days": 5, "levels": {"correction": 9}}})
    p = Policy.of(s)
    assert (p.window_days, p.respond_days, p.ladder.threshold("correction"), p.ladder.threshold("reminder")) == (90, 5, 9, 1)
    assert Policy.of(None) == Policy(Ladder.of(None), 365, 15)


# --- levels and the window ------------------------------------------------------------------


@pytest.mark.parametrize(("severities", "level"), [
    ((1,), "reminder"), ((2,), "reminder"), ((1, 2), "admonition"), ((3,), "admonition"),
    ((2, 2), "admonition"), ((3, 1), "admonition"), ((3, 2), "correction"), ((3, 3), "correction"),
])
def test_every_level_transition(severities: tuple[int, ...], level: str) -> None:
    signals = [sig(f"S{i}", f"2026-0{i + 1}-01", sev) for i, sev in enumerate(severities)]
    w = only(run(signals))
    assert (w.score, w.level) == (sum(severities), level)


def test_below_the_lowest_level_there_is_no_warning() -> None:
    assert run([sig("S1", "2026-06-01", 1)], pol=policy(reminder=2)).warnings == []
    assert run([]).warnings == []


def test_window_edges() -> None:
    # (as_of - 365, as_of]: exactly 365 days old is out, 364 days old is in, after as_of is out
    exactly = sig("OLD", (AS_OF - dt.timedelta(days=365)).isoformat(), 3)
    inside = sig("IN", (AS_OF - dt.timedelta(days=364)).isoformat(), 1)
    future = sig("LATER", (AS_OF + dt.timedelta(days=1)).isoformat(), 3)
    today = sig("TODAY", AS_OF.isoformat(), 1)
    w = only(run([exactly, inside, future, today]))
    assert w.score == 2 and [s.id for s in w.signals] == ["IN", "TODAY"]
    assert w.score == sum(s.severity for s in w.signals)
    # the level has stood since the day OLD came in, though OLD has left the window today
    assert w.reached == exactly.date
    assert run([exactly, future]).warnings == []
    assert run([exactly], as_of=AS_OF - dt.timedelta(days=1)).warnings[0].score == 3


def test_window_days_is_settable() -> None:
    w = only(run([sig("A", "2026-08-01", 3), sig("B", "2026-11-01", 1)], pol=policy(window=90)))
    assert (w.score, w.level) == (1, "reminder")


def test_a_signal_about_two_targets_counts_for_each_and_a_duplicate_id_once() -> None:
    both = sig("S1", "2026-06-01", 2, "risk:R1", "post:P-WIN")
    again = sig("S1", "2026-07-01", 3, "risk:R1")  # D004: the first counts
    result = run([both, again])
    assert {(w.target, w.score) for w in result.warnings} == {(("risk", "R1"), 2), (("post", "P-WIN"), 2)}


# --- the day the score reached the level ------------------------------------------------------


def test_timeline_rises_on_dates_and_falls_when_signals_leave() -> None:
    line = timeline([sig("A", "2026-01-01", 2), sig("B", "2026-03-01", 1)], D("2026-03-15"), 30)
    assert line == [(D("2026-01-01"), 2), (D("2026-01-31"), 0), (D("2026-03-01"), 1)]
    assert reached_on(line, 1) == D("2026-03-01") and reached_on(line, 2) is None


def test_reached_is_the_start_of_the_unbroken_run() -> None:
    # reminder since Jan, admonition since May: each level has its own day
    signals = [sig("A", "2026-01-10", 1), sig("B", "2026-05-04", 2)]
    w = only(run(signals))
    assert (w.level, w.reached, w.deadline) == ("admonition", D("2026-05-04"), D("2026-05-19"))


def test_a_signal_that_keeps_a_level_standing_does_not_restart_it() -> None:
    # A keeps admonition from 2025-12-01; B arrives before A leaves: the run is unbroken
    signals = [sig("A", "2025-12-01", 3), sig("B", "2026-10-01", 3)]
    w = only(run(signals, [disp("C1", "risk:R1", "admonition", "2025-12-05")], as_of=D("2026-12-10")))
    assert (w.score, w.level, w.reached) == (3, "admonition", D("2025-12-01"))
    assert w.disposal is not None and w.disposal.id == "C1"


def test_after_a_gap_the_warning_is_new_and_the_old_disposal_does_not_count() -> None:
    signals = [sig("A", "2025-01-10", 3), sig("B", "2026-03-01", 3)]  # A left on 2026-01-10
    result = run(signals, [disp("C1", "risk:R1", "admonition", "2025-01-20")])
    w = only(result)
    assert (w.reached, w.disposal) == (D("2026-03-01"), None)
    assert ("W001", "R1") in codes(result)


# --- disposed of ------------------------------------------------------------------------------


SIGNALS = [sig("A", "2026-06-01", 1), sig("B", "2026-07-01", 2)]  # admonition since 07-01


@pytest.mark.parametrize(("action", "date", "disposed"), [
    ("admonition", "2026-07-01", True),   # the same action, on the day
    ("correction", "2026-07-05", True),   # a heavier one
    ("reminder", "2026-07-05", False),    # a lighter one does not
    ("admonition", "2026-06-30", False),  # before the level was reached
    ("correction", "2026-06-15", False),  # heavier, but before
    ("admonition", "2026-11-29", False),  # after --as-of: not yet
])
def test_what_disposes_of_a_warning(action: str, date: str, disposed: bool) -> None:
    result = run(SIGNALS, [disp("C1", "risk:R1", action, date)])
    w = only(result)
    assert (w.disposal is not None) is disposed
    assert (("W001", "R1") in codes(result)) is (not disposed)


def test_a_disposal_of_another_target_does_not_count() -> None:
    w = only(run(SIGNALS, [disp("C1", "post:P-WIN", "correction", "2026-07-05")]))
    assert w.disposal is None


def test_the_first_disposal_that_disposed_is_shown_and_the_last_one_is_kept() -> None:
    w = only(run(SIGNALS, [disp("C2", "risk:R1", "correction", "2026-08-01"),
                           disp("C1", "risk:R1", "admonition", "2026-07-10"),
                           disp("C3", "risk:R1", "reminder", "2026-09-01")]))
    assert (w.disposal.id, w.last_disposal.id) == ("C1", "C3")
    assert w.disposed_in_time


def test_heavier_disposal_of_a_lower_level_counts() -> None:
    w = only(run([sig("A", "2026-06-01", 1)], [disp("C1", "risk:R1", "correction", "2026-06-02")]))
    assert (w.level, w.disposal.id) == ("reminder", "C1")


def test_levels_overridden_change_what_is_due() -> None:
    # with correction at 3, score 3 asks for correction: an admonition no longer disposes of it
    result = run(SIGNALS, [disp("C1", "risk:R1", "admonition", "2026-07-05")], pol=policy(correction=3))
    w = only(result)
    assert (w.level, w.disposal) == ("correction", None)


# --- W001 ----------------------------------------------------------------------------------


def test_w001_after_respond_days_and_not_on_the_deadline() -> None:
    signals = [sig("A", "2026-11-01", 1)]
    on_deadline = run(signals, as_of=D("2026-11-16"))
    assert only(on_deadline).status(D("2026-11-16")) == "pending" and on_deadline.findings == []
    late = run(signals, as_of=D("2026-11-17"))
    f = late.findings[0]
    assert (f.code, f.args["days"], f.args["deadline"], f.args["reached"]) == ("W001", 1, "2026-11-16", "2026-11-01")
    assert (f.path, f.line) == ("signals.yaml", 1) and late.exit_code() == 1
    assert only(late).findings == ("W001",)


def test_respond_days_is_settable() -> None:
    result = run([sig("A", "2026-11-20", 1)], pol=policy(respond=5))
    assert codes(result) == [("W001", "R1")] and result.findings[0].args["days"] == 3


def test_a_late_disposal_disposes_but_is_not_in_time() -> None:
    result = run([sig("A", "2026-06-01", 1)], [disp("C1", "risk:R1", "reminder", "2026-07-01")])
    w = only(result)
    assert w.disposal.id == "C1" and not w.disposed_in_time and result.findings == []


# --- W002 ----------------------------------------------------------------------------------


def test_w002_open_past_due() -> None:
    signals = [sig("A", "2026-06-01", 5, "risk:R4")]
    ok = disp("C1", "risk:R4", "correction", "2026-06-05", due="2026-11-28", status="open")
    assert run(signals, [ok]).findings == []  # due today: not past it
    done = disp("C1", "risk:R4", "correction", "2026-06-05", due="2026-08-31", status="done")
    assert run(signals, [done]).findings == []
    late = disp("C1", "risk:R4", "correction", "2026-06-05", due="2026-08-31", status="open")
    result = run(signals, [late])
    f = result.findings[0]
    assert (f.code, f.disposal, f.args["days"], (f.line, f.column)) == ("W002", "C1", 89, (4, 5))
    assert only(result).findings == ("W002",) and only(result).disposal.id == "C1"
    assert result.exit_code() == 1 and result.overdue_disposals() == [late]


def test_w002_without_a_current_warning() -> None:
    # the signal left the window; the follow-up is still open and late
    result = run([sig("A", "2025-06-01", 5)],
                 [disp("C1", "risk:R1", "correction", "2025-06-05", due="2025-09-30", status="open")])
    assert result.warnings == [] and codes(result) == [("W002", "R1")]


def test_a_disposal_dated_after_as_of_is_not_judged() -> None:
    result = run([], [disp("C1", "risk:R1", "correction", "2026-12-05", due="2026-01-01", status="open")])
    assert result.findings == [] and result.disposals == []


# --- W003 ----------------------------------------------------------------------------------


def test_w003_for_a_risk_at_admonition_with_low_probability() -> None:
    result = run([sig("A", "2026-11-20", 3, "risk:R1")])
    f = next(f for f in result.findings if f.code == "W003")
    assert (f.args["probability"], f.path, f.line) == (3, "powers/P-1.yaml", 50)
    assert result.exit_code() == 0  # a warning alone


@pytest.mark.parametrize(("about", "severity"), [
    ("risk:R1", 2),      # reminder only
    ("risk:R4", 3),      # probability 4
    ("risk:R9", 5),      # no factors known
    ("post:P-WIN", 5),   # not a risk
])
def test_no_w003(about: str, severity: int) -> None:
    result = run([sig("A", "2026-11-20", severity, about)])
    assert not [f for f in result.findings if f.code == "W003"]


def test_w003_follows_the_order_of_weight() -> None:
    # with admonition at 2, a score of 2 is admonition
    result = run([sig("A", "2026-11-20", 2, "risk:R1")], pol=policy(admonition=2))
    assert [f.code for f in result.findings] == ["W003"]


# --- results ----------------------------------------------------------------------------


def test_warnings_are_sorted_by_weight_score_and_target() -> None:
    result = run([sig("A", "2026-11-20", 1, "post:P-WIN"), sig("B", "2026-11-20", 5, "risk:R4"),
                  sig("C", "2026-11-20", 2, "risk:R1"), sig("D", "2026-11-21", 1, "risk:R9")])
    assert [(w.target[1], w.level) for w in result.warnings] == [
        ("R4", "correction"), ("R1", "reminder"), ("R9", "reminder"), ("P-WIN", "reminder")]
    w = result.warnings[0]
    assert (w.name, w.leader) == ("审批放水", None)
    assert result.warnings[1].leader == "L2"


def test_by_source_counts_signals() -> None:
    w = only(run([sig("A", "2026-10-01", 1, source="audit"), sig("B", "2026-10-02", 1, source="petition"),
                  sig("C", "2026-10-03", 1, source="audit")]))
    assert w.by_source == {"audit": 2, "petition": 1} and w.latest.id == "C"

"""Red cards of `lz monitor` as signals of source e_supervision."""

from __future__ import annotations

import datetime as dt

from lianzheng.warn.engine import evaluate
from lianzheng.warn.redcards import CaseFinding, RedCase, red_card_id, red_card_signals

from .helpers import AS_OF, DIRECTORY, D, disp, policy

LAST = D("2026-11-10")


def case(case_id: str, *findings: CaseFinding, last: dt.date | dt.datetime = LAST) -> RedCase:
    return RedCase("permits", case_id, "P-1", last, findings)


def test_one_signal_per_red_case_about_the_risks_at_its_red_steps() -> None:
    cases = [
        case("C-2", CaseFinding("M102", "S2", ("R2", "R1")), CaseFinding("M104", "S2", ("R1",)),
             CaseFinding("M201", "S3", ("R3",))),  # M201 is yellow: R3 is not a target
        case("C-1", CaseFinding("M203", None, ())),
        case("C-3", CaseFinding("M103", "S9", ())),  # no risk at the step: the power
        case("C-4", CaseFinding("M201", "S1", ("R1",)), CaseFinding("M204", None, ())),  # yellow case
    ]
    signals = red_card_signals(cases)
    assert [s.id for s in signals] == ["monitor:permits:C-1", "monitor:permits:C-2", "monitor:permits:C-3"]
    about = {s.id: [t.key for t in s.about] for s in signals}
    assert about == {
        "monitor:permits:C-1": [("power", "P-1")],
        "monitor:permits:C-2": [("risk", "R1"), ("risk", "R2")],
        "monitor:permits:C-3": [("power", "P-1")],
    }
    s = signals[1]
    assert (s.source, s.severity, s.date, s.confidential, s.path, s.ref) == (
        "e_supervision", 1, D("2026-11-10"), False, "", "C-2")
    assert s.summary is not None and "M102、M104" in s.summary.zh and "M102, M104" in s.summary.en


def test_ids_are_stable_and_a_datetime_gives_its_date() -> None:
    first = red_card_signals([case("C-1", CaseFinding("M101", "S1", ("R1",)), last=dt.datetime(2026, 3, 1, 23, 59))])
    again = red_card_signals([case("C-1", CaseFinding("M101", "S1", ("R1",)), last=dt.datetime(2026, 3, 1, 23, 59))])
    assert first == again and first[0].id == red_card_id("permits", "C-1") and first[0].date == D("2026-03-01")


def test_red_cards_score_like_signals_and_may_be_cited_by_a_disposal() -> None:
    cards = red_card_signals([case(f"C-{i}", CaseFinding("M102", "S1", ("R4",))) for i in range(3)])
    d = disp("CZ-1", "risk:R4", "admonition", "2026-11-12")
    result = evaluate(cards, [d], DIRECTORY, AS_OF, policy=policy())
    w = result.warnings[0]
    assert (w.target, w.score, w.level, w.by_source, w.disposal.id) == (
        ("risk", "R4"), 3, "admonition", {"e_supervision": 3}, "CZ-1")



def test_a_disposal_may_cite_a_red_card_without_r010_or_r011(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from lianzheng import open_repository
    from lianzheng.rules.validate import validate

    from .helpers import unit_repo

    root = unit_repo(tmp_path / "repo", {"disposals/d.yaml": f"""\
        apiVersion: lianzheng/v1
        kind: Disposals
        disposals:
          - {{id: CZ-1, about: {{risk: R1}}, action: reminder, date: 2026-11-12, signals: ["{red_card_id('permits', 'C-0')}"]}}
        """})
    codes = {f.code for f in validate(open_repository(root, cache=False), AS_OF).findings}
    assert not codes & {"R010", "R011"}

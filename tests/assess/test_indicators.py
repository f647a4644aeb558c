"""Every indicator of `lz assess` worked out by hand on the small register of conftest.py
(as of 2026-11-28), the score, the scaling rule and the weights override."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.assess import DEFAULT_WEIGHTS, INDICATOR_IDS, PowerCases, WarningOutcome, assess
from lianzheng.rules.validate import memory_repository
from tests.conftest import BASE_REPO, TODAY
from tests.gitutil import edit


def scored(path: Path, **options: object):  # type: ignore[no-untyped-def]
    return assess(open_repository(path, cache=False), TODAY, **options)  # type: ignore[arg-type]


def counts(result) -> dict[str, tuple[int, int, Fraction | None]]:  # type: ignore[no-untyped-def]
    return {i.id: (i.numerator, i.denominator, i.rate) for i in result.indicators}


def failing(result, indicator: str) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(f.id, [r.code for r in f.reasons]) for f in result.indicator(indicator).failing]


def test_default_weights_are_the_spec_s() -> None:
    assert INDICATOR_IDS == ("catalogue", "flowcharts", "risks", "grading", "measures", "review", "disclosure",
                             "e_supervision", "warning")
    assert list(DEFAULT_WEIGHTS.values()) == [10, 10, 15, 10, 20, 10, 10, 10, 5]


def test_every_indicator_by_hand(register: Path) -> None:
    result = scored(register)
    assert counts(result) == {
        "catalogue": (2, 3, Fraction(2, 3)),  # P-2 has no basis
        "flowcharts": (1, 3, Fraction(1, 3)),  # P-1's S2 lacks its supervision, P-2 has no flow
        "risks": (3, 3, Fraction(1)),  # P-2's risk is in a register that names it
        "grading": (3, 4, Fraction(3, 4)),  # R-P1-01 has no approval
        # high risks with two measures 0/1, measures done or not yet due 3/4: the mean, 3/8
        "measures": (3, 5, Fraction(3, 8)),
        "review": (3, 4, Fraction(3, 4)),  # R-FIN-01 reviewed 2025-01-10, cycle 365 days
        "disclosure": (1, 2, Fraction(1, 2)),  # P-1 (licensing, art. 9) has no benchmark; P-2 is not public
        "e_supervision": (0, 0, None),
        "warning": (0, 0, None),
    }
    assert [(p.id, p.numerator, p.denominator) for p in result.indicator("measures").parts] == \
        [("high_risks", 0, 1), ("measures_on_time", 3, 4)]
    # e_supervision and warning have nothing to measure: the seven others are scaled to 100
    # (weights 85): 100/85 × (10·2/3 + 10·1/3 + 15 + 10·3/4 + 20·3/8 + 10·3/4 + 10·1/2) = 61.76…
    assert result.score == 61.8
    assert sum(i.weight for i in result.indicators) == 100
    assert result.indicator("risks").weight == Fraction(15 * 100, 85)
    assert [i.id for i in result.left_out] == ["e_supervision", "warning"]


def test_what_failed_each_indicator_with_its_place(register: Path) -> None:
    result = scored(register)
    assert failing(result, "catalogue") == [("P-2", ["no_basis"])]
    assert failing(result, "flowcharts") == [("P-1", ["incomplete_step"]), ("P-2", ["no_flow"])]
    step = result.indicator("flowcharts").failing[0].reasons[0].args
    assert (step["step"], step["missing"]) == ("S2", "监督方式")
    assert failing(result, "risks") == []
    assert failing(result, "grading") == [("R-P1-01", ["no_approval"])]
    assert failing(result, "measures") == [("R-CF1-01", ["too_few_measures"]), ("M1", ["measure_overdue"])]
    measure = result.indicator("measures").failing[1]
    assert (measure.risk, measure.where, measure.part) == ("R-FIN-01", "risks/posts.yaml:17", "measures_on_time")
    assert failing(result, "review") == [("R-FIN-01", ["review_cycle"])]
    assert failing(result, "disclosure") == [("P-1", ["no_benchmark"])]
    p2 = result.indicator("catalogue").failing[0]
    assert (p2.name, p2.where, p2.department) == ("差旅费报销审批", "powers/P-2.yaml:3", "D-FIN")


def test_a_clean_register_scores_all_but_disclosure() -> None:
    result = scored(BASE_REPO)
    assert all(i.rate == 1 for i in result.measured if i.id != "disclosure")
    assert result.indicator("disclosure").rate == Fraction(1, 2)
    assert result.score == 94.1  # 100/85 × (85 − 10 × 1/2)


def test_grading_needs_factors_and_a_matching_or_justified_grade(base_repo: Path) -> None:
    edit(base_repo / "powers" / "P-1.yaml", "    grade: medium\n", "    grade: high\n")  # computes as medium
    edit(base_repo / "risks" / "posts.yaml", "    factors: {importance: 2, discretion: 2, probability: 2, harm: 2}\n", "")
    edit(base_repo / "powers" / "CF-1.yaml", "    grade: high\n",
         "    grade: medium\n    grade_override: {grade: medium, reason: 已全程网上办理}\n")
    result = scored(base_repo)
    assert failing(result, "grading") == [("R-P1-01", ["grade_mismatch"]), ("R-FIN-01", ["no_factors"])]
    assert result.indicator("grading").failing[0].reasons[0].args == {"declared": "high", "computed": "medium"}


def test_a_high_risk_is_one_by_the_one_grade_rule(base_repo: Path) -> None:
    """An override to high makes a risk high (grade_of), whatever its factors compute."""
    edit(base_repo / "powers" / "P-1.yaml", "    grade: medium\n",
         "    grade: high\n    grade_override: {grade: high, reason: 涉及重点领域}\n")
    result = scored(base_repo)
    high = result.indicator("measures").parts[0]
    assert (high.id, high.numerator, high.denominator) == ("high_risks", 1, 2)
    assert failing(result, "measures") == [("R-P1-01", ["too_few_measures"])]


def test_review_counts_a_law_revised_since_the_review(base_repo: Path) -> None:
    edit(base_repo / "laws.yaml", "revised: 2021-04-29", "revised: 2026-05-01")
    result = scored(base_repo)
    # food-law is cited by both powers; the register risk cites no law
    assert failing(result, "review") == [("R-CF1-01", ["law_revised"]), ("R-P1-01", ["law_revised"])]
    assert counts(result)["review"] == (1, 3, Fraction(1, 3))


def test_a_step_of_one_power_among_several_in_a_file(base_repo: Path) -> None:
    """Two powers in one file, the second with its `id` written after its flow: only the
    power whose step lacks a field fails."""
    p1 = (base_repo / "powers" / "P-1.yaml").read_text(encoding="utf-8")
    other = ("apiVersion: lianzheng/v1\nkind: Power\nname: 食品生产许可\ncategory: licensing\nsubject: D-PERMIT\n"
             "basis: [{law: food-law, article: 第三十五条}]\nstatutory_days: 20\nflow:\n  start: A\n  steps:\n"
             "    - {id: A, name: 受理, actor: P-WIN, conditions: 材料齐全, procedure: 核对, time_limit: 1, end: true}\n"
             "id: P-3\n")
    (base_repo / "powers" / "P-1.yaml").write_text(p1 + "---\n" + other, encoding="utf-8")
    result = scored(base_repo)
    assert failing(result, "flowcharts") == [("P-3", ["incomplete_step"])]
    assert result.indicator("flowcharts").failing[0].reasons[0].args["missing"] == "监督方式"


# --- scaling and weights ------------------------------------------------------------------------


def test_e_supervision_and_warnings_when_given() -> None:
    cases = [PowerCases("P-1", closed=10, green=8, log="permits"), PowerCases("CF-1", closed=0, green=0)]
    warnings = [WarningOutcome("risk", "R-P1-01", "in_time", "D-PERMIT"), WarningOutcome("post", "P-LAW", "late", "D-LAW"),
                WarningOutcome("power", "CF-1", "pending", "D-LAW")]
    result = scored(BASE_REPO, e_supervision=cases, warnings=warnings, by_department=True)
    assert counts(result)["e_supervision"] == (8, 10, Fraction(4, 5))
    assert counts(result)["warning"] == (1, 2, Fraction(1, 2))  # the pending warning is not counted yet
    # nothing left out: 80 + 10 × 4/5 + 5 × 1/2
    assert result.score == 90.5
    assert failing(result, "e_supervision") == [("P-1", ["not_green"])]
    assert failing(result, "warning") == [("P-LAW", ["warning_late"])]
    law = next(d for d in result.departments if d.id == "D-LAW")
    assert [(i.id, i.numerator, i.denominator) for i in law.indicators if i.id in ("e_supervision", "warning")] == \
        [("e_supervision", 0, 0), ("warning", 0, 1)]


def test_only_e_supervision_given_scales_the_rest() -> None:
    result = scored(BASE_REPO, e_supervision=[PowerCases("P-1", closed=4, green=4)])
    assert result.score == round((80 + 10) / 95 * 100, 1) == 94.7
    assert [i.id for i in result.left_out] == ["warning"]
    assert scored(BASE_REPO, e_supervision=[], warnings=[]).score == 94.1  # nothing in them: left out


def test_an_empty_unit_has_no_score(tmp_path: Path) -> None:
    unit = (BASE_REPO / "lianzheng.yaml").read_bytes()
    result = assess(memory_repository({"lianzheng.yaml": unit}), TODAY)
    assert result.score is None
    assert result.measured == ()


def test_weights_override(base_repo: Path) -> None:
    edit(base_repo / "lianzheng.yaml", "posts:\n",
         "settings:\n  assessment:\n    weights: {disclosure: 0, 风险查找: 5, measures: 12.5}\n"
         "posts:\n")
    result = scored(base_repo)
    weights = {i.id: i.base_weight for i in result.indicators}
    assert weights["disclosure"] == 0 and weights["risks"] == 5 and weights["measures"] == Fraction(25, 2)
    assert weights["catalogue"] == 10  # not listed: the default
    # disclosure (1/2) weighs nothing: everything else is met
    assert result.score == 100.0
    assert result.indicator("measures").weight == Fraction(25, 2) * 100 / Fraction(115, 2)  # of 57.5


def test_a_weight_changes_the_score(base_repo: Path) -> None:
    edit(base_repo / "lianzheng.yaml", "posts:\n", "settings:\n  assessment:\n    weights: {disclosure: 30}\n"
                                                  "posts:\n")
    assert scored(base_repo).score == round(100 * (75 + 30 / 2) / 105, 1) == 85.7


def test_the_score_rounds_half_up(base_repo: Path) -> None:
    """Weights 1 and 3 over rates 1 and 1/2 give 62.5 exactly, shown 62.5; 1/8 steps give
    .x5 that a float would round to even."""
    edit(base_repo / "lianzheng.yaml", "posts:\n",
         "settings:\n  assessment:\n    weights: {catalogue: 0, flowcharts: 0, risks: 0, grading: 0, measures: 0, "
         "review: 1, disclosure: 7}\nposts:\n")
    # (1 × 1 + 7 × 1/2) / 8 × 100 = 56.25 → 56.3 (round() would give 56.2)
    assert scored(base_repo).score == 56.3


def test_a_duplicated_id_counts_once(base_repo: Path) -> None:
    (base_repo / "powers" / "P-1-copy.yaml").write_bytes((base_repo / "powers" / "P-1.yaml").read_bytes())
    result = scored(base_repo)
    assert counts(result)["catalogue"][1] == 2 and counts(result)["grading"][1] == 3


@pytest.mark.parametrize("as_of,due", [(dt.date(2026, 6, 30), False), (dt.date(2026, 7, 1), True)])
def test_a_measure_is_due_the_day_after_its_date(base_repo: Path, as_of: dt.date, due: bool) -> None:
    edit(base_repo / "risks" / "posts.yaml", "due: 2027-03-31, status: planned", "due: 2026-06-30, status: planned")
    result = assess(open_repository(base_repo, cache=False), as_of)
    assert bool(failing(result, "measures")) is due

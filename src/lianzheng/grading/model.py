"""Risk grading (art. 6): from the four factors to 高/中/低, and the one rule of what a
risk's grade is.

SPEC.md's default model is `matrix`: likelihood = ceil(mean of the likelihood factors),
impact = ceil(mean of the impact factors), score = likelihood × impact (1–25); high if
score ≥ 15, medium if ≥ 8, else low. `weighted` scores the weighted sum of the factors.
`floors` raise a grade to a minimum by rule (三重一大, key area, power category).

Scores and thresholds are compared exactly (SPEC: a weighted sum of 2.6 against a
threshold of 2.6 reaches it): a weight or threshold is taken as the decimal the user
wrote (`0.3` is 3/10, not the binary float nearest to it) and summed as a `Fraction`.
`Assessment.score` is that exact value as a plain number for output (2.6, 19, 12).

**A risk's grade**, wherever a command uses one (approval routing, chart colours, the
measures it needs, due items, assessment, roll-up, the site), is `grade_of`: its
`grade_override.grade` if given, else the grade computed from its factors, else its
declared `grade`. The declared grade is only compared with the computed one (K003).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, NamedTuple

from lianzheng.i18n import Text
from lianzheng.repo.facts import RiskFact
from lianzheng.spec.models import GradingSettings
from lianzheng.spec.terms import FACTOR_IDS, GRADE_ORDER, label

MATRIX_THRESHOLDS = (Fraction(15), Fraction(8))
WEIGHTED_THRESHOLDS = (Fraction(15), Fraction(10))


class PowerContext(NamedTuple):
    """What the floors look at: the power a risk belongs to (empty for post risks)."""

    category: str | None = None
    areas: tuple[str, ...] = ()
    major_matter: tuple[str, ...] = ()


class Assessment(NamedTuple):
    likelihood: int
    impact: int
    score: int | float  # the exact score as a plain number: 12, 2.6 (never 2.5999999999999996)
    by_score: str  # the grade the score gives
    computed: str  # after floors
    floor: str | None  # the rule that raised it, e.g. "major_matter", "areas:procurement"


def _ceil_mean(values: list[int]) -> int:
    return math.ceil(sum(values) / len(values)) if values else 1


def exact(value: int | float | Fraction) -> Fraction:
    """A number as the decimal the user wrote: YAML's `0.3` is a float whose shortest
    spelling (`repr`) is "0.3", so it becomes 3/10 exactly."""
    if isinstance(value, float):
        return _exact_float(value)
    return value if isinstance(value, Fraction) else Fraction(value)


@functools.lru_cache(maxsize=1024)
def _exact_float(value: float) -> Fraction:
    # (a register repeats a few weights and thresholds: each is parsed once)
    return Fraction(repr(value))


def plain(value: Fraction) -> int | float:
    """An exact score or threshold as a number for output: 12, 2.6."""
    return int(value) if value.denominator == 1 else float(value)


def _number(score: int | Fraction) -> int | float:
    return score if isinstance(score, int) else plain(score)


def thresholds(settings: GradingSettings) -> tuple[Fraction, Fraction]:
    """(high, medium), exact."""
    if settings.thresholds is not None:
        return (exact(settings.thresholds.high), exact(settings.thresholds.medium))
    return WEIGHTED_THRESHOLDS if settings.model == "weighted" else MATRIX_THRESHOLDS


def weight(settings: GradingSettings, factor: str) -> Fraction:
    """A factor's weight under `weighted` (1 when not listed), exact."""
    return exact(settings.weights.get(factor, 1))  # type: ignore[call-overload]


@functools.lru_cache(maxsize=64)
def _integer_weights(weights: tuple[int | float, ...]) -> tuple[int, tuple[int, ...]]:
    """The weights (as written) over their common denominator: (D, weights × D), so that
    a weighted sum is whole-number arithmetic, exact and fast at city scale."""
    fractions = [exact(w) for w in weights]
    d = math.lcm(*(w.denominator for w in fractions))
    return d, tuple(int(w * d) for w in fractions)


def weighted_score(factors: Mapping[str, int], settings: GradingSettings) -> Fraction:
    get = settings.weights.get
    d, weights = _integer_weights(tuple(get(f, 1) for f in FACTOR_IDS))  # type: ignore[call-overload]
    return Fraction(sum(w * factors[f] for w, f in zip(weights, FACTOR_IDS)), d)


def max_score(settings: GradingSettings) -> Fraction:
    """The highest score the model can give (every factor 5)."""
    if settings.model == "weighted":
        return weighted_score(dict.fromkeys(FACTOR_IDS, 5), settings)
    return Fraction(25)


def grade_for(score: int | float | Fraction, settings: GradingSettings) -> str:
    high, medium = thresholds(settings)
    value = score if isinstance(score, (int, Fraction)) else exact(score)  # (an int compares exactly)
    if value >= high:
        return "high"
    return "medium" if value >= medium else "low"


FLOOR_RULE = {"major_matter": Text("三重一大", "三重一大 matter"), "areas": Text("重点领域", "key area"),
              "category": Text("职权类别", "power category")}


def floor_text(rule: str | None, lang: str) -> str:
    """A floor rule as `floor_for` names it ("areas:procurement"), for people."""
    if not rule:
        return ""
    kind, _, value = rule.partition(":")
    what = FLOOR_RULE[kind](lang)
    if value:
        vocab = "area" if kind == "areas" else "power_category"
        what += f" {label(vocab, value, lang)}"
    return what


def floor_for(settings: GradingSettings, power: PowerContext) -> tuple[str | None, str | None]:
    """The highest minimum grade the floors set for a risk of `power`, and why."""
    floors = settings.floors
    if floors is None:
        return None, None
    best: tuple[str | None, str | None] = (None, None)

    def consider(grade: str | None, why: str) -> None:
        nonlocal best
        if grade is not None and (best[0] is None or GRADE_ORDER[grade] > GRADE_ORDER[best[0]]):
            best = (str(grade), why)

    if power.major_matter:
        consider(floors.major_matter, "major_matter")
    for area in power.areas:
        consider(floors.areas.get(area), f"areas:{area}")  # type: ignore[call-overload]
    if power.category is not None:
        consider(floors.category.get(power.category), f"category:{power.category}")  # type: ignore[call-overload]
    return best


NO_POWER = PowerContext()  # a post risk: the floors have nothing to look at


def assess(
    factors: Mapping[str, int], settings: GradingSettings, power: PowerContext = NO_POWER
) -> Assessment:
    """Grade one risk from its factors (keys: importance, discretion, probability, harm)."""
    likelihood = _ceil_mean([factors[f] for f in settings.likelihood])
    impact = _ceil_mean([factors[f] for f in settings.impact])
    score: int | Fraction = (weighted_score(factors, settings) if settings.model == "weighted"
                             else likelihood * impact)
    by_score = grade_for(score, settings)
    minimum, why = floor_for(settings, power)
    if minimum is not None and GRADE_ORDER[minimum] > GRADE_ORDER[by_score]:
        return Assessment(likelihood, impact, _number(score), by_score, minimum, why)
    return Assessment(likelihood, impact, _number(score), by_score, by_score, None)


def final_grade(declared: str | None, override: str | None, assessment: Assessment | None) -> str | None:
    """A risk's grade: the override, else the computed grade, else the declared one."""
    return override or (assessment.computed if assessment is not None else None) or declared


def assess_risk(risk: RiskFact, settings: GradingSettings) -> Assessment | None:
    """The assessment of a risk's factors under the unit's model; None without factors."""
    if risk.factors is None:
        return None
    return assess(risk.factors, settings, PowerContext(risk.power_category, risk.power_areas, risk.power_major))


def grade_of(risk: RiskFact, settings: GradingSettings) -> str | None:
    """A risk's grade (see the module's docstring): the one definition every command uses."""
    return final_grade(risk.grade, risk.override, assess_risk(risk, settings))


def model_context(power: Any) -> PowerContext:
    """What the floors look at, for the risks of a Power model (NO_POWER for a register)."""
    if power is None or not hasattr(power, "major_matter"):
        return NO_POWER
    return PowerContext(None if power.category is None else str(power.category),
                        tuple(str(a) for a in power.areas or ()), tuple(str(m) for m in power.major_matter or ()))


def grade_of_model(risk: Any, context: PowerContext, settings: GradingSettings) -> str | None:
    """`grade_of` for a Risk model (a side of `lz diff`, say): None for no risk."""
    if risk is None:
        return None
    f = risk.factors
    values = None if f is None else {k: getattr(f, k) for k in FACTOR_IDS}
    assessment = assess(values, settings, context) if values and None not in values.values() else None
    override = getattr(risk.grade_override, "grade", None)
    grade = final_grade(None if risk.grade is None else str(risk.grade),
                        None if override is None else str(override), assessment)
    return None if grade is None else str(grade)

"""`lz assess` as a library: inspection and assessment (检查考核, art. 16) computed from the
register itself, so that the score rests on what the data shows rather than on what a form
says was done (art. 16: 坚决避免和克服形式主义).

**Indicators** (SPEC.md, `lz assess`). Each is a rate, numerator ÷ denominator, over the
powers or risks of the repository (a duplicated id counts once: its first declaration, as
in the repository-wide checks). Every rate reuses the one definition of what it counts:

- `catalogue` 职权清理 — powers with a legal basis ÷ powers. A power "has a basis" when its
  `basis` lists at least one entry (what C001 checks).
- `flowcharts` 流程图 — powers whose `flow` gives all five fields of art. 4 (办理主体、条件、
  程序、期限、监督方式: C003's `STEP_FIELDS`) on every step ÷ powers. Art. 4 asks a
  flowchart of every power (针对每一项职权), so a power without a flow fails. A step lacks
  a field exactly when C003 reports it: the C003 findings of the power's file are used,
  and only a file holding several powers is read again to tell whose step it is.
- `risks` 风险查找 — powers with at least one risk ÷ powers. A power's risks are those in
  its `risks[]` and those of a RiskRegister that name it (`power`).
- `grading` 等级评定 — risks with factors, a grade that matches or is justified, and an
  approval ÷ risks: `factors` all given; the declared `grade` equal to the computed one,
  or a `grade_override` with a reason (K003 is not reported); an `approval` (K006 is not).
- `measures` 防控措施 — the mean of those of its two parts that have something to measure
  (SPEC): high risks (`grade_of`, the one grade rule) with at least
  `settings.high_risk_min_measures` measures ÷ high risks (K002); measures done or not yet
  due ÷ measures (not `overdue_measures`, the one definition of K004 and `lz due`). The
  indicator's numerator and denominator are the sums of its parts' (`parts` has each).
- `review` 动态管理 — risks with no review item in `lz due` ÷ risks: `dynamic.due.due_items`
  with reason `review_cycle` or `law_revised` (K005, K009). Overdue measures and missing
  approvals are `lz due` items too, but they are what `measures` and `grading` count.
- `disclosure` 公开透明 — public powers with a flow, a statutory limit (`statutory_days`)
  and, for the categories of art. 9 (`BENCHMARK_CATEGORY_IDS`), a discretion benchmark
  naming them ÷ public powers.
- `e_supervision` 电子监察 — green closed cases ÷ closed cases, from `lz monitor`'s results
  handed in as `PowerCases`.
- `warning` 预警处置 — warnings disposed of in time ÷ warnings, from `lz warn`'s results handed
  in as `WarningOutcome`; a warning still within its `respond_days` and not yet disposed of
  (`pending`) has nothing to say yet and is not counted.

**Weights and score.** Default weights 10, 10, 15, 10, 20, 10, 10, 10, 5 in the order above;
`settings.assessment.weights` replaces those it lists. An indicator with nothing to measure
(denominator 0; for `e_supervision` and `warning` also: no results handed in) is left out
and the weights of the others are scaled to sum to 100. Score = Σ weight × rate over the
indicators measured, rounded half up to one decimal; None when nothing is measured (or
every weight left is 0). Rates and weights are exact fractions until they are shown.

**Departments** (`by_department`): each department of the unit is scored the same way on
its powers (`subject`) and its risks — its posts' risks, and a risk with no post belongs to
its power's subject or its register's department (`Repository.department_of`, the one
definition) — and on its powers' cases and the warnings handed in with its id.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from lianzheng.dynamic import overdue_measures
from lianzheng.dynamic.due import due_items
from lianzheng.grading.report import GradedRisk, grade_report
from lianzheng.repo.facts import PowerFact, RiskFact
from lianzheng.repo.names import Names
from lianzheng.repo.repository import Repository
from lianzheng.rules.c_completeness import STEP_FIELDS
from lianzheng.rules.registry import rule_named
from lianzheng.spec.models import Power
from lianzheng.spec.terms import BENCHMARK_CATEGORY_IDS, INDICATOR

INDICATOR_IDS: tuple[str, ...] = tuple(t.id for t in INDICATOR)
DEFAULT_WEIGHTS: dict[str, int] = dict(zip(INDICATOR_IDS, (10, 10, 15, 10, 20, 10, 10, 10, 5), strict=True))
# The two parts of `measures`, in the order SPEC names them.
MEASURE_PARTS = ("high_risks", "measures_on_time")
# `lz due` items that are reviews (the other reasons are counted by `measures` and `grading`).
REVIEW_REASONS = ("review_cycle", "law_revised")
INCOMPLETE_STEP = rule_named("incomplete-step").code  # C003

__all__ = [
    "DEFAULT_WEIGHTS", "INDICATOR_IDS", "Assessment", "DepartmentScore", "Failure", "Indicator", "Part",
    "PowerCases", "Reason", "TrendPoint", "WarningOutcome", "assess",
]


# --- what comes in from lz monitor and lz warn --------------------------------------------


@dataclass(frozen=True)
class PowerCases:
    """The closed cases of one power's case log (`lz monitor`) and how many of them got a
    green card. A power with several logs comes once per log."""

    power: str
    closed: int
    green: int
    log: str | None = None


@dataclass(frozen=True)
class WarningOutcome:
    """One warning of `lz warn` as of the assessment date. `outcome`: `in_time` (disposed
    of by its deadline: the warn engine's `disposed_in_time`), `late` (disposed of after
    it, or not disposed of and past it: W001) or `pending` (not disposed of, deadline not
    yet passed: not counted). `department`: the department it is scored under (its
    target's), None when it has none."""

    kind: str  # the target's kind: risk, post, power, department, leader
    id: str
    outcome: str
    department: str | None = None
    name: str = ""
    level: str | None = None  # the disposal due (reminder, admonition, correction)


# --- what goes out ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why an item fails an indicator: a code the reports turn into text, and its values."""

    code: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """An item that fails an indicator: a power, risk, measure, case log or warning, with
    where it is written (None for what comes from outside the register)."""

    indicator: str
    kind: str
    id: str
    name: str
    path: str | None
    line: int | None
    department: str | None
    reasons: tuple[Reason, ...]
    part: str | None = None  # for `measures`: which of its parts
    risk: str | None = None  # a measure's risk

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else ""


def rate_of(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


@dataclass(frozen=True)
class Part:
    id: str
    numerator: int
    denominator: int

    @property
    def rate(self) -> Fraction | None:
        return rate_of(self.numerator, self.denominator)


@dataclass(frozen=True)
class Indicator:
    """One indicator of one scope (the unit, a department). `rate` None: nothing to
    measure, left out of the score (`weight` 0). `base_weight`: its weight before scaling."""

    id: str
    numerator: int
    denominator: int
    rate: Fraction | None
    base_weight: Fraction
    weight: Fraction
    failing: tuple[Failure, ...] = ()
    parts: tuple[Part, ...] = ()

    @property
    def measured(self) -> bool:
        return self.rate is not None

    @property
    def points(self) -> Fraction:
        """What it adds to the score: weight × rate."""
        return self.weight * self.rate if self.rate is not None else Fraction(0)


@dataclass(frozen=True)
class DepartmentScore:
    id: str
    name: str
    score: float | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class TrendPoint:
    """The score of one commit, judged as of its date. `tags`: the tags naming it (for
    `--every tag`)."""

    commit: str
    date: dt.date
    score: float | None
    indicators: tuple[Indicator, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The unit's score and its nine indicators (those left out have `rate` None); the
    departments' scores when asked for; the trend when asked for."""

    root: Path
    as_of: dt.date
    score: float | None
    indicators: tuple[Indicator, ...]
    departments: tuple[DepartmentScore, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    every: str | None = None  # how the trend was sampled: month, tag
    names: Names = field(default_factory=Names)

    def indicator(self, id_: str) -> Indicator:
        return next(i for i in self.indicators if i.id == id_)

    @property
    def measured(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.measured)

    @property
    def left_out(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.measured)

    def with_trend(self, points: Sequence[TrendPoint], every: str) -> Assessment:
        return replace(self, trend=tuple(points), every=every)


# --- weights and score --------------------------------------------------------------------


def base_weights(overrides: Mapping[Any, float]) -> dict[str, Fraction]:
    """The weight of each indicator before scaling: `settings.assessment.weights` over the
    defaults. Fractions of the decimal written (0.1 is 1/10, not its binary neighbour)."""
    given = {str(k): v for k, v in overrides.items()}
    return {i: Fraction(repr(float(given[i]))) if i in given else Fraction(DEFAULT_WEIGHTS[i]) for i in INDICATOR_IDS}


def round_score(exact: Fraction) -> float:
    """One decimal, half up (87.25 → 87.3), from the exact sum (scores are never negative)."""
    return math.floor(exact * 10 + Fraction(1, 2)) / 10


def scaled(tallies: Mapping[str, Tally], weights: Mapping[str, Fraction]) -> tuple[float | None, tuple[Indicator, ...]]:
    """The indicators of one scope with their weights scaled over those measured, and the score."""
    measured = [i for i in INDICATOR_IDS if tallies[i].rate is not None]
    total = sum((weights[i] for i in measured), Fraction(0))
    out = []
    for i in INDICATOR_IDS:
        t = tallies[i]
        weight = weights[i] * 100 / total if i in measured and total else Fraction(0)
        out.append(Indicator(i, t.numerator, t.denominator, t.rate, weights[i], weight, tuple(t.failing), t.parts()))
    if not total:
        return None, tuple(out)
    return round_score(sum((i.points for i in out), Fraction(0))), tuple(out)


# --- counting -----------------------------------------------------------------------------


class Tally:
    """What one indicator counted in one scope: per part, numerator and denominator."""

    def __init__(self, indicator: str) -> None:
        self.indicator = indicator
        self.counts: dict[str, list[int]] = {}
        self.failing: list[Failure] = []

    def parts(self) -> tuple[Part, ...]:
        if self.indicator != "measures":
            return ()
        return tuple(Part(p, *self.counts[p]) for p in MEASURE_PARTS if p in self.counts and self.counts[p][1])

    @property
    def numerator(self) -> int:
        return sum(n[0] for n in self.counts.values())

    @property
    def denominator(self) -> int:
        return sum(n[1] for n in self.counts.values())

    @property
    def rate(self) -> Fraction | None:
        rates = [Fraction(a, b) for a, b in self.counts.values() if b]
        if not rates:
            return None
        return sum(rates, Fraction(0)) / len(rates)  # `measures`: the mean of its parts; else the one rate


class Scopes:
    """Every item counted once, by (indicator, part, department); the unit's and each
    department's tallies are sums of these. Failures carry their indicator and department."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, str | None], list[int]] = {}
        self.failing: list[Failure] = []

    def add(self, indicator: str, department: str | None, ok: int, of: int = 1, failure: Failure | None = None,
            part: str = "") -> None:
        key = (indicator, part, department)
        n = self.counts.get(key)
        if n is None:
            n = self.counts[key] = [0, 0]
        n[0] += ok
        n[1] += of
        if failure is not None:
            self.failing.append(failure)

    def tallies(self, department: str | None = None, unit: bool = True) -> dict[str, Tally]:
        """The unit's tallies, or (`unit` False) one department's."""
        out = {i: Tally(i) for i in INDICATOR_IDS}
        for (indicator, part, dept), (ok, of) in self.counts.items():
            if unit or dept == department:
                n = out[indicator].counts.setdefault(part, [0, 0])
                n[0] += ok
                n[1] += of
        for f in self.failing:
            if unit or f.department == department:
                out[f.indicator].failing.append(f)
        return out


def first_by_id(items: Iterable[Any]) -> list[Any]:
    """The first declaration of each id, in file order (a duplicate is a D finding)."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def incomplete_steps(repo: Repository, powers: Sequence[PowerFact]) -> dict[tuple[str, str], list[Reason]]:
    """(file, power id) -> a reason per step that lacks one of art. 4's five fields: C003's
    findings, which name the step and what it lacks. A file holding one power: its findings
    are that power's. A file holding several: their models say whose step it is."""
    by_file: dict[str, list[PowerFact]] = {}
    for p in powers:
        by_file.setdefault(p.path, []).append(p)
    out: dict[tuple[str, str], list[Reason]] = {}
    for path, in_file in by_file.items():
        result = repo.results.get(path)
        findings = [f for f in result.findings if f.code == INCOMPLETE_STEP] if result is not None else []
        if not findings:
            continue
        if len(in_file) == 1:
            out[(path, in_file[0].id)] = [_step_reason(f.args) for f in findings]
            continue
        for model in repo.models_of(path):
            if isinstance(model, Power) and model.id is not None and model.flow is not None:
                for step in model.flow.steps or ():
                    if step is None:
                        continue
                    missing = [f for f in STEP_FIELDS if getattr(step, f[0]) in (None, "")]  # as C003 judges
                    if missing:
                        out.setdefault((path, str(model.id)), []).append(Reason("incomplete_step", {
                            "step": str(step.id), "missing": "、".join(f[1] for f in missing),
                            "missing_en": ", ".join(f[2] for f in missing)}))
    return out


def _step_reason(args: Mapping[str, Any]) -> Reason:
    return Reason("incomplete_step", {"step": str(args.get("id")), "missing": args.get("missing", ""),
                                      "missing_en": args.get("missing_en", "")})


def _power_failure(indicator: str, p: PowerFact, reasons: list[Reason]) -> Failure:
    return Failure(indicator, "power", p.id, p.name or "", p.path, p.line, p.subject, tuple(reasons))


def _risk_failure(indicator: str, r: RiskFact, department: str | None, reasons: list[Reason],
                  part: str | None = None) -> Failure:
    return Failure(indicator, "risk", r.id, r.title or "", r.path, r.line, department, tuple(reasons), part)


def count_powers(repo: Repository, counter: Scopes, powers: Sequence[PowerFact], risks: Sequence[RiskFact]) -> None:
    """catalogue, flowcharts, risks, disclosure: one pass over the powers."""
    with_risks = {r.power for r in risks if r.power} | {r.concerns for r in risks if r.concerns}
    benchmarked = {b.power for b in repo.benchmarks() if b.power}
    steps = incomplete_steps(repo, powers)
    for p in powers:
        dept = p.subject
        ok = bool(p.basis)
        counter.add("catalogue", dept, ok, failure=None if ok else _power_failure("catalogue", p, [Reason("no_basis")]))
        lacking = steps.get((p.path, p.id), [])
        if not p.has_flow:
            counter.add("flowcharts", dept, 0, failure=_power_failure("flowcharts", p, [Reason("no_flow")]))
        else:
            counter.add("flowcharts", dept, not lacking,
                        failure=_power_failure("flowcharts", p, lacking) if lacking else None)
        ok = p.id in with_risks
        counter.add("risks", dept, ok, failure=None if ok else _power_failure("risks", p, [Reason("no_risks")]))
        if p.public:
            reasons = []
            if not p.has_flow:
                reasons.append(Reason("no_flow"))
            if p.statutory is None:
                reasons.append(Reason("no_statutory"))
            if p.category in BENCHMARK_CATEGORY_IDS and p.id not in benchmarked:
                reasons.append(Reason("no_benchmark", {"category": p.category}))
            counter.add("disclosure", dept, not reasons,
                        failure=_power_failure("disclosure", p, reasons) if reasons else None)


def count_risks(repo: Repository, counter: Scopes, risks: Sequence[RiskFact], as_of: dt.date) -> None:
    """grading, measures, review: one pass over the risks."""
    settings = repo.settings
    minimum = settings.high_risk_min_measures
    graded: dict[tuple[str, int], GradedRisk] = {(g.risk.path, g.risk.line): g for g in grade_report(repo).risks}
    reviews: dict[tuple[str, int], list[Reason]] = {}
    for item in due_items(repo, as_of):
        if item.reason in REVIEW_REASONS:
            args: dict[str, Any] = {"since": item.since.isoformat() if item.since else None}
            if item.review is not None:
                args |= {"basis": item.review.basis, "last": item.review.last.isoformat() if item.review.last else None,
                         "days": settings.review_cycle_days}
            if item.law is not None:
                last = item.risk.reviewed or item.risk.approval
                args |= {"law": item.law.title or item.law.id, "last": last.isoformat() if last else None,
                         "revised": item.law.revised.isoformat() if item.law.revised else None}
            reviews.setdefault((item.risk.path, item.risk.line), []).append(Reason(item.reason, args))
    for r in risks:
        dept = repo.department_of(r)
        g = graded[(r.path, r.line)]
        reasons = []
        if r.factors is None:
            reasons.append(Reason("no_factors"))
        elif not (r.override is not None and r.override_reason) and r.grade != g.computed:
            reasons.append(Reason("grade_mismatch", {"declared": r.grade, "computed": g.computed}))
        if r.approval is None:
            reasons.append(Reason("no_approval"))
        counter.add("grading", dept, not reasons,
                    failure=_risk_failure("grading", r, dept, reasons) if reasons else None)

        if g.final == "high":
            ok = len(r.measures) >= minimum
            counter.add("measures", dept, ok, part="high_risks", failure=None if ok else _risk_failure(
                "measures", r, dept, [Reason("too_few_measures", {"count": len(r.measures), "minimum": minimum})],
                "high_risks"))
        if r.measures:
            late = overdue_measures(r, as_of)
            counter.add("measures", dept, len(r.measures) - len(late), len(r.measures), part="measures_on_time")
            counter.failing += [Failure("measures", "measure", m.id or "", m.text or "", r.path, m.line, dept,
                                        (Reason("measure_overdue", {"due": m.due.isoformat() if m.due else None,
                                                                    "status": m.status or "planned"}),),
                                        "measures_on_time", r.id) for m in late]

        due = reviews.get((r.path, r.line))
        counter.add("review", dept, not due, failure=_risk_failure("review", r, dept, due) if due else None)


def count_cases(repo: Repository, counter: Scopes, cases: Sequence[PowerCases]) -> None:
    for c in cases:
        p = repo.power_by_id.get(c.power)
        dept = p.subject if p is not None else None
        failure = None
        if c.green < c.closed:
            failure = Failure("e_supervision", "power", c.power, (p.name or "") if p else "", p.path if p else None,
                              p.line if p else None, dept,
                              (Reason("not_green", {"closed": c.closed, "green": c.green, "log": c.log}),))
        counter.add("e_supervision", dept, c.green, c.closed, failure)


def count_warnings(counter: Scopes, warnings: Sequence[WarningOutcome]) -> None:
    for w in warnings:
        if w.outcome == "pending":
            continue
        ok = w.outcome == "in_time"
        failure = None if ok else Failure("warning", w.kind, w.id, w.name, None, None, w.department,
                                          (Reason("warning_late", {"level": w.level}),))
        counter.add("warning", w.department, ok, failure=failure)


def assess(
    repo: Repository,
    as_of: dt.date,
    *,
    by_department: bool = False,
    e_supervision: Sequence[PowerCases] | None = None,
    warnings: Sequence[WarningOutcome] | None = None,
) -> Assessment:
    """The unit's score as of `as_of` (see the module's docstring for every rate), and
    each department's with `by_department`. `e_supervision` and `warnings`: the results of
    `lz monitor` and `lz warn`; None (or nothing in them) leaves their indicator out."""
    names = repo.names
    counter = Scopes()
    powers = first_by_id(repo.powers())
    risks = first_by_id(repo.risks())
    count_powers(repo, counter, powers, risks)
    count_risks(repo, counter, risks, as_of)
    count_cases(repo, counter, e_supervision or ())
    count_warnings(counter, warnings or ())
    weights = base_weights(repo.settings.assessment.weights)
    score, indicators = scaled(counter.tallies(), weights)
    scores = []
    for d in names.departments if by_department else ():
        d_score, d_indicators = scaled(counter.tallies(d, unit=False), weights)
        scores.append(DepartmentScore(d, names.name("department", d), d_score, d_indicators))
    return Assessment(repo.root, as_of, score, indicators, tuple(scores), names=names)

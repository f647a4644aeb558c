"""The register as tables: one row per power, step, risk, measure and benchmark tier.

Every export format draws from these rows: the spreadsheet and the CSV files show them
with Chinese headers and terms, the Parquet files keep them typed. Building them is the
only place export reads the repository (the `Repository` of the command) and the one
definition of a risk's grade (`grade_report`: `GradedRisk.final`).

A document with schema errors is still exported with what it holds (the loader salvages
its valid parts), so every field here may be missing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lianzheng.repo.facts import FileFacts
from lianzheng.grading.report import GradedRisk, GradeReport
from lianzheng.spec.models import DiscretionBenchmark, Power, RiskRegister
from lianzheng.repo.repository import Repository
from lianzheng.spec.values import Duration, number_text

INTERNAL, PUBLIC = "internal", "public"
AUDIENCES = (INTERNAL, PUBLIC)


def _s(value: Any) -> str | None:
    """A possibly missing value as text (enumerated values as their id)."""
    return None if value is None else str(value)


@dataclass(slots=True)
class UnitRow:
    code: str | None
    name: str | None
    type: str | None
    region: str | None
    supervision_phone: str | None
    website: str | None
    review_cycle_days: int
    high_risk_min_measures: int
    departments: int
    posts: int
    leaders: int


@dataclass(slots=True)
class PowerRow:
    seq: int
    id: str
    name: str | None
    category: str | None
    scope: str | None
    public: bool
    subject: str | None
    subject_name: str | None
    content: str | None
    basis: tuple[str, ...]
    areas: tuple[str, ...]
    major_matter: tuple[str, ...]
    authority: str | None
    statutory: Duration | None
    promised: Duration | None
    fee: str | None
    steps: int
    risks: int
    path: str


@dataclass(slots=True)
class StepRow:
    seq: int
    power_id: str
    power_name: str | None
    position: int  # 1-based place in the flow
    id: str | None
    name: str | None
    actor: str | None
    actor_name: str | None
    conditions: str | None
    procedure: str | None
    time_limit: Duration | None
    supervision: str | None
    start: bool
    clock_start: bool
    collective: bool
    end: bool
    pauses_clock: bool
    next: tuple[tuple[str, str | None], ...]  # (to, when)
    risks: tuple[str, ...]  # risk ids at the step (internal only)


@dataclass(slots=True)
class MeasureRow:
    seq: int
    risk_id: str
    risk_title: str | None
    department: str | None
    position: int
    id: str | None
    type: str | None
    text: str | None
    owner: str | None
    due: dt.date | None
    status: str | None


@dataclass(slots=True)
class RiskRow:
    seq: int
    id: str
    title: str | None
    description: str | None
    category: str | None
    department_id: str | None
    department: str | None
    post_id: str | None
    post: str | None
    power_id: str | None
    power_name: str | None
    register_id: str | None
    factors: dict[str, int] | None
    likelihood: int | None
    impact: int | None
    score: float | None
    declared: str | None
    computed: str | None
    grade: str | None  # the risk's grade: override, else computed, else declared
    override_reason: str | None
    owner: str | None
    leader_id: str | None
    leader: str | None
    measures: list[MeasureRow]
    reviewed: dt.date | None
    approval_date: dt.date | None
    approval_by: str | None
    approval_ref: str | None
    identified_by: tuple[str, ...]
    steps: tuple[str, ...]
    areas: tuple[str, ...]
    power_category: str | None
    major_matter: tuple[str, ...]
    path: str

    @property
    def score_text(self) -> str:
        return number_text(self.score) if self.score is not None else ""


@dataclass(slots=True)
class TierRow:
    seq: int
    benchmark_id: str
    power_id: str | None
    power_name: str | None
    violation: str | None
    basis: tuple[str, ...]
    case: int  # 1-based
    when: str | None
    legal_min: float | None
    legal_max: float | None
    unit: str | None
    base: str | None
    tier: int  # 1-based within the case
    level: str | None
    conditions: tuple[str, ...]
    range_min: float | None
    range_max: float | None
    outcome: str | None
    other: str | None


@dataclass
class Tables:
    audience: str
    unit: UnitRow
    powers: list[PowerRow] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    risks: list[RiskRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    tiers: list[TierRow] = field(default_factory=list)

    @property
    def unit_code(self) -> str:
        return self.unit.code or ""


def _basis_text(basis: Any, laws: dict[str, str]) -> tuple[str, ...]:
    out = []
    for b in basis or ():
        if b is None:
            continue
        title = laws.get(str(b.law), str(b.law)) if b.law else (b.title or "")
        text = f"《{title}》" if title and not title.startswith("《") else title
        out.append(text + (str(b.article) if b.article else ""))
    return tuple(out)


def build_tables(result: Repository, report: GradeReport, audience: str = INTERNAL) -> Tables:
    """Every table of the export from the repository and its grades."""
    unit = report.unit
    names = report.names
    files = result.files
    laws = _law_titles(files)
    settings = unit.settings if unit is not None and unit.settings is not None else None
    tables = Tables(audience, UnitRow(
        code=_s(unit.code) if unit else None, name=_s(unit.name) if unit else None,
        type=_s(unit.type) if unit else None, region=_s(unit.region) if unit else None,
        supervision_phone=_s(unit.supervision_phone) if unit else None,
        website=_s(unit.website) if unit else None,
        review_cycle_days=settings.review_cycle_days if settings else 365,
        high_risk_min_measures=settings.high_risk_min_measures if settings else 2,
        departments=len(unit.departments or ()) if unit else 0, posts=len(unit.posts or ()) if unit else 0,
        leaders=len(unit.leadership or ()) if unit else 0,
    ))
    graded: dict[tuple[str, str], list[GradedRisk]] = defaultdict(list)
    for g in report.risks:
        graded[(g.risk.path, g.risk.id)].append(g)

    powers: list[tuple[Power, str]] = []
    registers: list[tuple[RiskRegister, str]] = []
    benchmarks: list[DiscretionBenchmark] = []
    for rel in sorted(files):
        facts = files[rel]
        if not (facts.powers or facts.risks or facts.benchmarks):
            continue  # the models are read only where the facts say there is something
        for doc in result.models_of(rel):
            if isinstance(doc, Power) and doc.id is not None:
                powers.append((doc, rel))
            elif isinstance(doc, RiskRegister):
                registers.append((doc, rel))
            elif isinstance(doc, DiscretionBenchmark) and doc.id is not None:
                benchmarks.append(doc)
    # "Public" as the loader decided it for every command (the published catalogue).
    facts_of = {pf.id: pf for rel in sorted(files) for pf in files[rel].powers}
    public = {pid for pid, pf in facts_of.items() if pf.public}
    shown = [(p, rel) for p, rel in powers if audience == INTERNAL or str(p.id) in public]
    power_names = {str(p.id): _s(p.name) for p, _ in powers}
    power_areas = {pid: pf.areas for pid, pf in result.power_by_id.items()}

    risk_rows: list[RiskRow] = []
    if audience == INTERNAL:
        for p, rel in powers:
            for risk in p.risks or ():
                if risk is not None and risk.id is not None:
                    risk_rows.append(_risk_row(risk, rel, graded, names, str(p.id), _s(p.name), None, p))
        for reg, rel in registers:
            for risk in reg.risks or ():
                if risk is not None and risk.id is not None:
                    power_id = _s(risk.power)
                    row = _risk_row(risk, rel, graded, names, power_id, power_names.get(power_id or ""),
                                    _s(reg.id), None)
                    # the key areas of the power the risk names (art. 15): `Repository.areas_of`
                    row.areas = power_areas.get(power_id or "", ())
                    risk_rows.append(row)
        order = {str(d.id): i for i, d in enumerate(unit.departments or ()) if d is not None} if unit else {}
        # Offices keep their register grouped by department, in the unit's order of them.
        risk_rows.sort(key=lambda r: (order.get(r.department_id or "", len(order)), r.department_id or "\uffff"))
        for i, r in enumerate(risk_rows, 1):
            r.seq = i
        tables.risks = risk_rows
        seq = 0
        for r in risk_rows:
            for m in r.measures:
                seq += 1
                m.seq = seq
                tables.measures.append(m)

    at_step: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in risk_rows:
        if r.register_id is None and r.power_id:
            for step_id in r.steps:
                at_step[(r.power_id, step_id)].append(r.id)
    risks_of: dict[str, int] = defaultdict(int)
    for r in risk_rows:
        if r.register_id is None and r.power_id:
            risks_of[r.power_id] += 1

    for p, rel in sorted(shown, key=lambda pr: str(pr[0].id)):
        pid = str(p.id)
        flow = p.flow
        steps = [s for s in (flow.steps or ()) if s is not None] if flow is not None else []
        tables.powers.append(PowerRow(
            seq=len(tables.powers) + 1, id=pid, name=_s(p.name), category=_s(p.category),
            scope=facts_of[pid].scope if pid in facts_of else _s(p.scope),
            public=pid in public, subject=_s(p.subject), subject_name=names.actor(_s(p.subject)) or None,
            content=_s(p.content), basis=_basis_text(p.basis, laws),
            areas=tuple(str(a) for a in p.areas or () if a is not None),
            major_matter=tuple(str(m) for m in p.major_matter or () if m is not None),
            authority=_s(p.authority), statutory=p.statutory_days, promised=p.promised_days, fee=_s(p.fee),
            steps=len(steps), risks=risks_of.get(pid, 0), path=rel,
        ))
        start = _s(flow.start) if flow is not None else None
        clock = (_s(flow.clock_start) or start) if flow is not None else None
        for i, step in enumerate(steps, 1):
            sid = _s(step.id)
            tables.steps.append(StepRow(
                seq=len(tables.steps) + 1, power_id=pid, power_name=_s(p.name), position=i, id=sid,
                name=_s(step.name), actor=_s(step.actor), actor_name=names.actor(_s(step.actor)) or None,
                conditions=_s(step.conditions), procedure=_s(step.procedure), time_limit=step.time_limit,
                supervision=_s(step.supervision), start=sid is not None and sid == start,
                clock_start=sid is not None and sid == clock, collective=bool(step.collective),
                end=bool(step.end), pauses_clock=bool(step.pauses_clock),
                next=tuple((str(n.to), _s(n.when)) for n in step.next or () if n is not None and n.to is not None),
                risks=tuple(at_step.get((pid, sid or ""), ())) if audience == INTERNAL else (),
            ))

    for bm in sorted(benchmarks, key=lambda b: str(b.id)):
        power_id = _s(bm.power)
        if audience != INTERNAL and power_id not in public:
            continue
        basis = _basis_text(bm.basis, laws)
        for c_i, case in enumerate(c for c in bm.cases or () if c is not None):
            legal = case.legal_range
            for t_i, tier in enumerate(t for t in case.tiers or () if t is not None):
                rng = tier.range
                tables.tiers.append(TierRow(
                    seq=len(tables.tiers) + 1, benchmark_id=str(bm.id), power_id=power_id,
                    power_name=power_names.get(power_id or ""), violation=_s(bm.violation), basis=basis,
                    case=c_i + 1, when=_s(case.when),
                    legal_min=legal.min if legal is not None else None,
                    legal_max=legal.max if legal is not None else None,
                    unit=_s(legal.unit) if legal is not None else None, base=_s(case.base),
                    tier=t_i + 1, level=_s(tier.level),
                    conditions=tuple(str(x) for x in tier.conditions or () if x is not None),
                    range_min=rng.min if rng is not None else None, range_max=rng.max if rng is not None else None,
                    outcome=_s(tier.outcome), other=_s(tier.other),
                ))
    return tables


def _law_titles(facts: dict[str, FileFacts]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for rel in sorted(facts):
        for law in facts[rel].laws:
            if law.title:
                titles.setdefault(law.id, law.title)
    return titles


def _risk_row(risk: Any, rel: str, graded: dict[tuple[str, str], list[GradedRisk]], names: Any,
              power_id: str | None, power_name: str | None, register_id: str | None, power: Power | None) -> RiskRow:
    rid = str(risk.id)
    found = graded.get((rel, rid))
    g = found.pop(0) if found else None
    department_id = g.department if g is not None else None
    assessment = g.assessment if g is not None else None
    f = risk.factors
    factors = None
    if f is not None and None not in (f.importance, f.discretion, f.probability, f.harm):
        factors = {"importance": f.importance, "discretion": f.discretion, "probability": f.probability,
                   "harm": f.harm}
    override = risk.grade_override
    approval = risk.approval
    row = RiskRow(
        seq=0, id=rid, title=_s(risk.title), description=_s(risk.description), category=_s(risk.category),
        department_id=department_id, department=names.name("department", department_id) or None,
        post_id=_s(risk.post) if risk.post is not None else (g.risk.post if g is not None else None),
        post=None, power_id=power_id, power_name=power_name, register_id=register_id, factors=factors,
        likelihood=assessment.likelihood if assessment else None,
        impact=assessment.impact if assessment else None,
        score=assessment.score if assessment else None,
        declared=_s(risk.grade), computed=g.computed if g is not None else None,
        grade=g.final if g is not None else (_s(override.grade) if override is not None else _s(risk.grade)),
        override_reason=_s(override.reason) if override is not None else None,
        owner=_s(risk.owner), leader_id=_s(risk.leader), leader=names.name("leader", _s(risk.leader)) or None,
        measures=[], reviewed=risk.reviewed,
        approval_date=approval.date if approval is not None else None,
        approval_by=_s(approval.by) if approval is not None else None,
        approval_ref=_s(approval.ref) if approval is not None else None,
        identified_by=tuple(str(x) for x in risk.identified_by or () if x is not None),
        steps=tuple(str(x) for x in risk.steps or () if x is not None),
        areas=tuple(str(a) for a in power.areas or () if a is not None) if power is not None else (),
        power_category=_s(power.category) if power is not None else None,
        major_matter=tuple(str(m) for m in power.major_matter or () if m is not None) if power is not None else (),
        path=rel,
    )
    row.post = names.name("post", row.post_id) or None
    for j, m in enumerate((m for m in risk.measures or () if m is not None), 1):
        row.measures.append(MeasureRow(
            seq=0, risk_id=rid, risk_title=row.title, department=row.department, position=j, id=_s(m.id),
            type=_s(m.type), text=_s(m.text), owner=_s(m.owner), due=m.due, status=_s(m.status),
        ))
    return row

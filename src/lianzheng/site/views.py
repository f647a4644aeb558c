"""What the site's templates see: one typed view per page, built from facts and models.

Every view holds display text (Chinese terms, names instead of ids, formatted limits and
amounts) so templates only lay things out; each template's header names the view it
gets. Views of the public edition are built without any risk data at all; the internal
fields are filled only for the internal edition.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from lianzheng.dynamic import review_due
from lianzheng.grading.report import GradedRisk, GradeReport
from lianzheng.repo.facts import LawFact, MeasureFact, PowerFact
from lianzheng.repo.names import Names
from lianzheng.report.grade import note
from lianzheng.site.pages import department_href, post_href, power_href, risk_href
from lianzheng.spec.flowgraph import step_index
from lianzheng.spec.models import DiscretionBenchmark, Power, Risk, indexed
from lianzheng.spec.terms import (
    EXTERNAL_CATEGORIES,
    GRADE_IDS,
    GRADE_ORDER,
    INTERNAL_CATEGORIES,
    label,
)
from lianzheng.spec.values import Duration, number_text


def duration(value: Duration | None) -> str:
    return value.label("zh") if value is not None else ""


def amount_range(lo: float, hi: float, unit: str | None, base: str | None = None) -> str:
    if unit == "multiple":
        text = f"{number_text(lo)}–{number_text(hi)} 倍"
        return f"{base} {text}" if base else text
    return f"{lo:,.0f}–{hi:,.0f} 元" if float(lo).is_integer() and float(hi).is_integer() else \
        f"{number_text(lo)}–{number_text(hi)} 元"


class Option(NamedTuple):
    """One choice of a filter."""

    id: str
    label: str


class BasisLine(NamedTuple):
    """A legal basis as printed: 《title》 and the article."""

    title: str
    article: str


@dataclass(frozen=True)
class Lookup(Names):
    """Names of everything a page may mention: the unit's, and the laws' titles."""

    laws: Mapping[str, LawFact] = field(default_factory=dict)

    @classmethod
    def build(cls, names: Names, laws: Mapping[str, LawFact]) -> Lookup:
        return cls(**vars(names), laws=laws)

    def basis(self, items: Iterable[Any]) -> list[BasisLine]:
        out = []
        for b in items:
            law = getattr(b, "law", None)
            title = getattr(b, "title", None)
            if law and law in self.laws and self.laws[law].title:
                title = self.laws[law].title
            title = title or law or ""
            out.append(BasisLine(f"《{title}》" if title and not title.startswith("《") else title,
                                 getattr(b, "article", None) or ""))
        return out


# --- the frame of every page ---------------------------------------------------------------


class NavItem(NamedTuple):
    href: str
    label: str
    key: str


@dataclass(frozen=True)
class SiteInfo:
    """What `base.html` shows on every page of an edition."""

    edition: str
    internal: bool
    title: str
    unit_name: str
    unit_type: str
    region: str | None
    supervision_phone: str | None
    website: str | None
    footer: str | None
    as_of: str
    version: str
    nav: list[NavItem]


# --- the catalogue and the home page (facts) -----------------------------------------------

CATEGORY_ORDER = [t.id for t in EXTERNAL_CATEGORIES + INTERNAL_CATEGORIES]


def _category_rank(category: str) -> tuple[int, str]:
    return (CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else 99, category)


@dataclass(frozen=True)
class CatalogueRow:
    id: str
    name: str
    href: str
    public: bool
    category: str
    category_label: str
    subject: str
    subject_name: str
    areas: list[str]
    basis: list[BasisLine]
    statutory: str
    promised: str


@dataclass(frozen=True)
class CatalogueGroup:
    id: str
    label: str
    powers: list[CatalogueRow]


@dataclass(frozen=True)
class CatalogueView:
    """The power catalogue (职权目录): powers grouped by category, and the filters' options."""

    groups: list[CatalogueGroup]
    categories: list[Option]
    departments: list[Option]
    areas: list[Option]
    has_benchmarks: bool


def catalogue_row(p: PowerFact, lookup: Lookup) -> CatalogueRow:
    return CatalogueRow(
        id=p.id, name=p.name or p.id, href=power_href(p.id), public=p.public, category=p.category or "",
        category_label=label("power_category", p.category), subject=p.subject or "",
        subject_name=lookup.actor(p.subject), areas=list(p.areas), basis=lookup.basis(p.basis),
        statutory=duration(p.statutory), promised=duration(p.promised),
    )


def catalogue_view(powers: list[PowerFact], lookup: Lookup, has_benchmarks: bool) -> CatalogueView:
    by_category: dict[str, list[PowerFact]] = {}
    for p in powers:
        by_category.setdefault(p.category or "", []).append(p)
    groups = [CatalogueGroup(cat or "none", label("power_category", cat) or "未分类",
                             [catalogue_row(p, lookup) for p in by_category[cat]])
              for cat in sorted(by_category, key=_category_rank)]
    return CatalogueView(
        groups=groups,
        categories=[Option(g.id, g.label) for g in groups],
        departments=[Option(d, lookup.actor(d)) for d in sorted({p.subject for p in powers if p.subject})],
        areas=[Option(a, label("area", a)) for a in sorted({a for p in powers for a in p.areas})],
        has_benchmarks=has_benchmarks,
    )


class CategoryCount(NamedTuple):
    id: str
    label: str
    count: int


@dataclass(frozen=True)
class HomeView:
    """Counts for the home page; the risk and measure counts only in the internal edition."""

    total_powers: int
    categories: list[CategoryCount]
    benchmarks: int
    total_risks: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    measures: int = 0


def home_view(powers: list[PowerFact], benchmarks: int, graded: GradeReport | None, as_of: dt.date) -> HomeView:
    counts = Counter(p.category or "" for p in powers)
    categories = [CategoryCount(c, label("power_category", c) or "未分类", counts[c])
                  for c in sorted(counts, key=_category_rank)]
    if graded is None:
        return HomeView(len(powers), categories, benchmarks)
    totals = graded.totals()
    measures = [m for g in graded.risks for m in g.risk.measures]
    return HomeView(len(powers), categories, benchmarks, total_risks=len(graded.risks),
                    grades={g: totals[g] for g in GRADE_IDS},
                    overdue=sum(1 for m in measures if overdue(m, as_of)), measures=len(measures))


def overdue(m: MeasureFact, as_of: dt.date) -> bool:
    """A measure past its due date and not done (K004, `lz due`)."""
    return m.due is not None and m.due < as_of and m.status != "done"


# --- a power's page (models) ---------------------------------------------------------------


@dataclass(frozen=True)
class TierView:
    level: str
    conditions: list[str]
    range: str
    outcome: str
    other: str


@dataclass(frozen=True)
class CaseView:
    when: str
    legal_range: str
    tiers: list[TierView]


@dataclass(frozen=True)
class BenchmarkView:
    """One discretion benchmark (裁量基准): its cases and their tiers."""

    id: str
    anchor: str
    violation: str
    power_id: str
    power_name: str
    power_href: str
    basis: list[BasisLine]
    cases: list[CaseView]


def benchmark_view(bm: DiscretionBenchmark, lookup: Lookup, power_name: str) -> BenchmarkView:
    from lianzheng.site.pages import slug

    cases = []
    for _, case in indexed(bm.cases):
        legal = case.legal_range
        unit = str(legal.unit) if legal is not None and legal.unit is not None else None
        tiers = []
        for _, tier in indexed(case.tiers):
            rng = tier.range
            tiers.append(TierView(
                level=label("tier_level", tier.level),
                conditions=[str(c) for c in tier.conditions or ()],
                range=amount_range(rng.min, rng.max, unit, case.base) if rng is not None and None not in
                (rng.min, rng.max) else "",
                outcome=tier.outcome or "", other=tier.other or "",
            ))
        cases.append(CaseView(
            when=case.when,
            legal_range=amount_range(legal.min, legal.max, unit, case.base) if legal is not None and None not in
            (legal.min, legal.max) else "",
            tiers=tiers,
        ))
    return BenchmarkView(str(bm.id), f"bm-{slug(str(bm.id))}", bm.violation, str(bm.power), power_name,
                         power_href(str(bm.power)), lookup.basis(v for _, v in indexed(bm.basis)), cases)


def step_names(power: Power | None) -> dict[str, str]:
    """Step id -> step name, to show risks at named steps rather than ids."""
    if power is None or power.flow is None:
        return {}
    return {sid: str(power.flow.steps[i].name or sid) for sid, i in step_index(power).items()}


class NextLink(NamedTuple):
    name: str
    when: str | None


@dataclass(frozen=True)
class StepView:
    id: str
    name: str
    actor: str
    conditions: str | None
    procedure: str | None
    time_limit: str
    supervision: str | None
    collective: bool
    end: bool
    next: list[NextLink]


@dataclass(frozen=True)
class PowerRiskRow:
    id: str
    href: str
    title: str
    category: str
    steps: list[str]
    post: str
    grade: str | None
    measures: int
    measures_done: int


@dataclass(frozen=True)
class PowerView:
    """One power's page: catalogue entry, steps, flowchart SVG, benchmarks; the internal
    edition adds its risks."""

    id: str
    name: str
    content: str | None
    category_label: str
    scope_label: str
    subject_name: str
    basis: list[BasisLine]
    statutory: str
    promised: str
    fee: str | None
    authority: str | None
    areas: list[str]
    major_matter: list[str]
    steps: list[StepView]
    svg: Any
    benchmarks: list[BenchmarkView]
    risks: list[PowerRiskRow]


def power_view(power: Power, lookup: Lookup, benchmarks: list[BenchmarkView], svg: Any,
               internal: bool, graded: Mapping[str, GradedRisk]) -> PowerView:
    names = step_names(power)
    steps = [
        StepView(id=s.id, name=s.name or s.id, actor=lookup.actor(s.actor), conditions=s.conditions,
                 procedure=s.procedure, time_limit=duration(s.time_limit), supervision=s.supervision,
                 collective=s.collective, end=s.end,
                 next=[NextLink(names.get(n.to, n.to), n.when) for _, n in indexed(s.next)])
        for _, s in indexed(power.flow.steps if power.flow is not None else None)
    ]
    risks = []
    if internal:
        for _, risk in indexed(power.risks):
            g = graded.get(str(risk.id))
            risks.append(PowerRiskRow(
                id=str(risk.id), href=risk_href(str(risk.id)), title=risk.title,
                category=label("risk_category", risk.category),
                steps=[names.get(str(s), str(s)) for s in risk.steps or ()], post=lookup.actor(risk.post),
                grade=g.final if g else (str(risk.grade) if risk.grade else None),
                measures=len(risk.measures or ()),
                measures_done=sum(1 for _, m in indexed(risk.measures) if m.status == "done"),
            ))
    return PowerView(
        id=str(power.id), name=power.name, content=power.content,
        category_label=label("power_category", power.category), scope_label=label("scope", power.effective_scope),
        subject_name=lookup.actor(power.subject), basis=lookup.basis(b for _, b in indexed(power.basis)),
        statutory=duration(power.statutory_days), promised=duration(power.promised_days),
        fee=power.fee, authority=power.authority,
        areas=[label("area", a) for a in power.areas or ()],
        major_matter=[label("major_matter", m) for m in power.major_matter or ()],
        steps=steps, svg=svg, benchmarks=benchmarks, risks=risks,
    )


# --- internal: the register, a risk, the organisation -------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One risk as the register, department and post pages list it. Its text is escaped
    once, here, because the same row appears on three pages."""

    id: Markup
    href: Markup
    title: Markup
    owner_label: Markup
    owner_href: Markup | None
    department: Markup
    department_name: Markup
    post: Markup
    post_name: Markup
    category: str
    category_label: str
    areas: list[str]
    grade: str
    grade_rank: int
    grade_label: str
    score: str
    score_value: float
    leader_name: Markup
    mismatch: bool
    measures: int
    measures_done: int


def register_row(g: GradedRisk, lookup: Lookup) -> RegisterRow:
    r = g.risk
    a = g.assessment
    department = g.department or ""
    if r.power:
        owner_label, owner_href = f"{r.power} {r.power_name or ''}".strip(), power_href(r.power)
    else:
        owner_label, owner_href = f"登记表 {r.register or ''}".strip(), None
    return RegisterRow(
        id=escape(r.id), href=escape(risk_href(r.id)), title=escape(r.title or ""),
        owner_label=escape(owner_label), owner_href=escape(owner_href) if owner_href else None,
        department=escape(department), department_name=escape(lookup.departments.get(department, department)),
        post=escape(r.post or ""), post_name=escape(lookup.actor(r.post)), category=r.category or "",
        category_label=label("risk_category", r.category), areas=list(r.power_areas),
        grade=g.final or "", grade_rank=GRADE_ORDER.get(g.final or "", -1),
        grade_label=label("grade", g.final) if g.final else "",
        score=number_text(a.score) if a else "—", score_value=a.score if a else -1,
        leader_name=escape(lookup.name("leader", r.leader)), mismatch=g.mismatch,
        measures=len(r.measures), measures_done=sum(1 for m in r.measures if m.status == "done"),
    )


class PageLink(NamedTuple):
    number: int
    href: str


@dataclass(frozen=True)
class RegisterView:
    """One page of the register: its rows as (risk id, row key), rendered one by one, the
    counts and the filters' options of those rows, and the links to every page."""

    rows: list[tuple[str, str]]
    total: int
    grades: dict[str, int]
    departments: list[Option]
    posts: list[Option]
    categories: list[Option]
    areas: list[Option]
    page: int = 1
    pages: list[PageLink] = field(default_factory=list)


def register_view(risks: Sequence[GradedRisk], lookup: Lookup, rows: list[tuple[str, str]], page: int,
                  pages: list[PageLink]) -> RegisterView:
    totals = Counter(g.final for g in risks)
    departments = sorted({g.department for g in risks if g.department})
    facts = [g.risk for g in risks]
    return RegisterView(
        rows=rows, total=len(risks), grades={g: totals[g] for g in GRADE_IDS},
        departments=[Option(d, lookup.departments.get(d, d)) for d in departments],
        posts=[Option(p, lookup.actor(p)) for p in sorted({r.post for r in facts if r.post})],
        categories=[Option(c, label("risk_category", c)) for c in ("power", "system", "ethics")],
        areas=[Option(a, label("area", a)) for a in sorted({a for r in facts for a in r.power_areas})],
        page=page, pages=pages if len(pages) > 1 else [],
    )


@dataclass(frozen=True)
class MeasureView:
    id: str
    type: str
    text: str
    owner: str | None
    due: str
    status: str
    status_id: str
    overdue: bool


class ApprovalView(NamedTuple):
    date: str
    by: str | None
    ref: str | None


@dataclass(frozen=True)
class RiskView:
    """One risk's page: where it sits, how it is graded, its measures."""

    id: str
    title: str
    description: str | None
    owner_label: str
    owner_href: str | None
    steps: list[str]
    category: str
    department: str
    department_href: str | None
    post: str
    post_href: str | None
    identified_by: list[str]
    owner: str | None
    leader: str
    reviewed: str
    review_due: bool
    approval: ApprovalView | None
    factors: dict[str, Any]
    likelihood: Any
    impact: Any
    score: str
    computed: str | None
    declared: str | None
    final: str | None
    note: str
    measures: list[MeasureView]


def risk_view(risk: Risk, g: GradedRisk, lookup: Lookup, as_of: dt.date, review_cycle: int,
              power: Power | None = None) -> RiskView:
    a = g.assessment
    f = risk.factors
    department = g.department
    fact = g.risk
    measures = [MeasureView(id=m.id, type=label("measure_type", m.type), text=m.text, owner=m.owner,
                            due=mf.due.isoformat() if mf.due else "", status=label("measure_status", mf.status),
                            status_id=mf.status or "planned", overdue=overdue(mf, as_of))
                for (_, m), mf in zip(indexed(risk.measures), fact.measures)]
    approval = risk.approval
    return RiskView(
        id=str(risk.id), title=risk.title, description=risk.description,
        owner_label=f"{fact.power} {fact.power_name or ''}".strip() if fact.power else f"登记表 {fact.register}",
        owner_href=power_href(fact.power) if fact.power else None,
        steps=[step_names(power).get(str(s), str(s)) for s in risk.steps or ()],
        category=label("risk_category", risk.category),
        department=lookup.departments.get(department or "", department or ""),
        department_href=department_href(department) if department in lookup.departments else None,
        post=lookup.actor(risk.post), post_href=post_href(str(risk.post)) if risk.post in lookup.posts else None,
        identified_by=[label("identified_by", i) for i in risk.identified_by or ()],
        owner=risk.owner, leader=lookup.leader_titles.get(str(risk.leader or ""), risk.leader or ""),
        reviewed=risk.reviewed.isoformat() if risk.reviewed else "",
        review_due=review_due(fact, review_cycle, as_of) is not None,
        approval=ApprovalView(approval.date.isoformat(), approval.by, approval.ref) if approval else None,
        factors={k: getattr(f, k, "—") for k in ("importance", "discretion", "probability", "harm")},
        likelihood=a.likelihood if a else "—", impact=a.impact if a else "—",
        score=number_text(a.score) if a else "—",
        computed=g.computed, declared=g.declared, final=g.final,
        note=note(g, "zh") if g.status != "ok" else "", measures=measures,
    )


@dataclass(frozen=True)
class MeasureRow:
    due: str
    risk_id: str
    risk_title: str
    risk_href: str
    id: str | None
    text: str | None
    owner: str | None
    status: str


@dataclass(frozen=True)
class MeasuresView:
    """Measures overdue and due within `window` days, and the totals."""

    overdue: list[MeasureRow]
    due_soon: list[MeasureRow]
    total: int
    done: int
    window: int


def measures_view(graded: GradeReport, as_of: dt.date, window: int) -> MeasuresView:
    late, soon, total, done = [], [], 0, 0
    horizon = as_of + dt.timedelta(days=window)
    for g in graded.risks:
        for m in g.risk.measures:
            total += 1
            if m.status == "done":
                done += 1
                continue
            if m.due is None:
                continue
            row = MeasureRow(m.due.isoformat(), g.risk.id, g.risk.title or "", risk_href(g.risk.id), m.id, m.text,
                             m.owner, label("measure_status", m.status or "planned"))
            if m.due < as_of:
                late.append(row)
            elif m.due <= horizon:
                soon.append(row)

    def order(r: MeasureRow) -> tuple[str, str, str]:
        return (r.due, r.risk_id, r.id or "")

    return MeasuresView(sorted(late, key=order), sorted(soon, key=order), total, done, window)


@dataclass(frozen=True)
class ChartView:
    key: str
    title: str
    svg: Any


@dataclass(frozen=True)
class OverviewView:
    """The heat map and the grade distributions, as SVG, and the grading model in words."""

    model: str
    heatmap: Any
    distributions: list[ChartView]


class PostLink(NamedTuple):
    name: str
    href: str


class PowerLink(NamedTuple):
    id: str
    name: str | None
    href: str
    category_label: str


@dataclass(frozen=True)
class DepartmentView:
    """A department: its leader, posts, the powers it exercises and its risks (as rows)."""

    id: str
    name: str
    href: str
    leader: str
    head: str | None
    posts: list[PostLink]
    powers: list[PowerLink]
    risks: list[tuple[str, str]]
    grades: dict[str, int]


@dataclass(frozen=True)
class PostView:
    """A post: its department, the powers whose steps it handles, its risks (as rows)."""

    id: str
    name: str
    department: str
    department_href: str | None
    powers: list[PowerLink]
    risks: list[tuple[str, str]]


@dataclass(frozen=True)
class OrgView:
    departments: list[DepartmentView]


# --- warnings and disposals (预警处置, art. 12): the internal edition only ---------------------


def target_href(key: tuple[str, str]) -> str | None:
    """The page of a warning's target, when the site has one."""
    kind, ident = key
    return {"risk": risk_href, "post": post_href, "power": power_href, "department": department_href}.get(
        kind, lambda _: None)(ident)


class WarningRow(NamedTuple):
    kind: str
    target: str
    href: str | None
    name: str
    score: int
    level: str
    reached: str
    deadline: str
    sources: str
    signals: str  # ids, dates and sources only: no signal's text is published
    status: str  # disposed / pending / overdue
    status_text: str
    disposal: str
    findings: str


class DisposalRow(NamedTuple):
    id: str
    date: str
    action: str
    target: str
    href: str | None
    due: str
    status: str
    overdue: bool


class FindingRow(NamedTuple):
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class WarningsView:
    """Every warning on the reference date, the disposals and what is overdue. Built from
    `lz warn`'s result without confidential signals; signal texts are not shown at all."""

    window: int
    respond: int
    summary: str
    warnings: list[WarningRow]
    disposals: list[DisposalRow]
    findings: list[FindingRow]


STATUS_TEXT = {"disposed": "已处置", "pending": "待处置", "overdue": "逾期未处置"}


def warning_row(w: Any, as_of: dt.date) -> WarningRow:
    from lianzheng.report.warn import sources_text

    status = w.status(as_of)
    return WarningRow(
        kind=label("id_kind", w.target[0]), target=w.target[1], href=target_href(w.target), name=w.name,
        score=w.score, level=label("disposal_action", w.level), reached=str(w.reached), deadline=str(w.deadline),
        sources=sources_text(w, "zh"),
        signals="、".join(f"{s.id}（{s.date}，{label('signal_source', s.source)}）" for s in w.signals),
        status=status, status_text=STATUS_TEXT[status], disposal=_disposal_text(w, as_of),
        findings="、".join(w.findings))


def _disposal_text(w: Any, as_of: dt.date) -> str:
    d = w.disposal
    if d is None:
        return STATUS_TEXT[w.status(as_of)]
    late = "" if w.disposed_in_time else "（超过处置时限）"
    return f"{d.id} {label('disposal_action', d.action) if d.action else '—'} {d.date}{late}"


def warnings_view(result: Any) -> WarningsView:
    from lianzheng.report.warn import finding_message, summary
    from lianzheng.rules import RULES

    as_of = result.as_of
    overdue_ids = {d.id for d in result.overdue_disposals()}
    disposals = [DisposalRow(
        id=d.id, date=str(d.date or ""), action=label("disposal_action", d.action) if d.action else "—",
        target=f"{label('id_kind', d.about.kind)} {d.about.id}" if d.about else "—",
        href=target_href(d.about.key) if d.about else None, due=str(d.due or ""),
        status=label("disposal_status", d.status), overdue=d.id in overdue_ids) for d in result.disposals]
    findings = [FindingRow(f.code, label("severity", RULES[f.code].severity), finding_message(f, "zh"))
                for f in result.findings]
    return WarningsView(result.policy.window_days, result.policy.respond_days, summary(result, "zh"),
                        [warning_row(w, as_of) for w in result.warnings], disposals, findings)


# --- e-supervision (电子监察, art. 11) -------------------------------------------------------

RED_CASES_SHOWN = 200  # per log on the internal page; `lz monitor --format csv` lists all


class MonitorStepRow(NamedTuple):
    step: str
    name: str
    events: str
    median: str
    p90: str
    limit: str
    over: str
    findings: str


class MonitorCaseRow(NamedTuple):
    case: str
    status: str
    days: str
    findings: list[str]


@dataclass(frozen=True)
class MonitorLogView:
    id: str
    name: str
    power_id: str
    power_name: str
    power_href: str
    source: str
    events: int
    cases: int
    closed: int
    open: int
    red: int
    yellow: int
    green: int
    conformance: str
    on_time: str
    steps: list[MonitorStepRow]
    red_cases: list[MonitorCaseRow]
    red_more: int  # red cases not shown


@dataclass(frozen=True)
class MonitorView:
    """Every case log's figures on the reference date, its steps and its red cases (internal)."""

    logs: list[MonitorLogView]
    unusable: list[tuple[str, str]]  # (log id, why it could not be used)


def monitor_view(supervised: Any) -> MonitorView:
    from lianzheng.report.monitor import case_days, finding_line, percent, step_rows

    logs = []
    for log in supervised.result.logs if supervised.result is not None else ():
        red = [c for c in log.flagged_cases if c.card == "red"]
        logs.append(MonitorLogView(
            id=log.id, name=log.name or "", power_id=log.power, power_name=log.power_name, power_href=power_href(log.power),
            source=log.source, events=log.events, cases=log.case_count, closed=log.closed, open=log.open,
            red=log.cards["red"], yellow=log.cards["yellow"], green=log.cards["green"],
            conformance=percent(log.conformance_rate), on_time=percent(log.on_time_rate),
            steps=[MonitorStepRow(*row) for row in step_rows(log, "zh")],
            red_cases=[MonitorCaseRow(c.case, "办结" if c.status == "closed" else "未办结", case_days(c, "zh"),
                                      [finding_line(f, "zh") for f in c.findings]) for c in red[:RED_CASES_SHOWN]],
            red_more=max(0, len(red) - RED_CASES_SHOWN)))
    return MonitorView(logs, [(log_id, exc.message("zh")) for log_id, exc in supervised.unusable])


class PowerCaseFigures(NamedTuple):
    """A power's cases in one log, as its page shows them: the public edition the closed
    cases and the on-time rate only; the internal one the cards and rates too."""

    log: str
    name: str
    closed: int
    open: int
    on_time: str
    red: int | None = None
    yellow: int | None = None
    green: int | None = None
    conformance: str | None = None


def power_case_figures(supervised: Any, internal: bool) -> dict[str, list[PowerCaseFigures]]:
    """Power id -> its logs' figures for its page."""
    from lianzheng.report.monitor import percent

    out: dict[str, list[PowerCaseFigures]] = {}
    for log in supervised.result.logs if supervised.result is not None else ():
        if internal:
            row = PowerCaseFigures(log.id, log.name or "", log.closed, log.open, percent(log.on_time_rate),
                                   log.cards["red"], log.cards["yellow"], log.cards["green"],
                                   percent(log.conformance_rate))
        else:
            row = PowerCaseFigures(log.id, log.name or "", log.closed, log.open, percent(log.on_time_rate))
        out.setdefault(log.power, []).append(row)
    return out

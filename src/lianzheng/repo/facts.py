"""Facts: what each document tells the repository-wide checks and the reports.

A document is checked on its own in the worker that read it; what the rest of the
repository needs from it (the ids it declares, the references it makes, its risks with
their positions) is distilled into these small tuples by `extract_facts`. They are cheap
to store and to cache, and `validate`, `grade`, `due` and `codeowners` work from them
alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError

from lianzheng.i18n import Text
from lianzheng.repo.document import DocContext
from lianzheng.spec.models import (
    TARGET_KINDS,
    CaseLog,
    DiscretionBenchmark,
    Disposals,
    Document,
    LawRegistry,
    Power,
    Risk,
    RiskRegister,
    Settings,
    Signal,
    Signals,
    Target,
    Unit,
    indexed,
)
from lianzheng.spec.values import Duration


class Decl(NamedTuple):
    """An id declared by a document. `ns`: power, risk, benchmark, law, department,
    post, leader, register."""

    ns: str
    id: str
    line: int
    col: int


class Ref(NamedTuple):
    """A reference to resolve: the rule to report, the namespace(s) it may point into
    (`post|department` for an actor), the value and where it was written."""

    code: str
    ns: str
    value: str
    line: int
    col: int


class Span(NamedTuple):
    """Where a scalar was written: 1-based line and column, character offsets in the file."""

    line: int
    col: int
    start: int
    end: int


class MeasureFact(NamedTuple):
    id: str | None
    type: str | None
    text: str | None
    status: str | None
    due: dt.date | None
    line: int
    col: int
    owner: str | None = None


class RiskFact(NamedTuple):
    path: str
    id: str
    title: str | None
    line: int
    col: int
    power: str | None  # the power holding it, or None in a RiskRegister
    power_name: str | None
    register: str | None
    category: str | None
    post: str | None
    department: str | None  # of the register, or the power's subject
    leader: str | None
    factors: dict[str, int] | None
    grade: str | None
    grade_span: Span | None
    grade_written: str | None
    override: str | None
    override_reason: str | None
    measures: tuple[MeasureFact, ...]
    reviewed: dt.date | None
    reviewed_at: tuple[int, int] | None
    approval: dt.date | None
    power_category: str | None
    power_areas: tuple[str, ...]
    power_major: tuple[str, ...]
    power_laws: tuple[str, ...]  # law ids the power cites
    concerns: str | None = None  # the power a RiskRegister's risk names (`power`), else None


class BasisFact(NamedTuple):
    law: str | None
    title: str | None
    article: str | None


class PowerFact(NamedTuple):
    """A power's catalogue entry (职权目录): what lists, filters and search show."""

    path: str
    id: str
    name: str | None
    category: str | None
    scope: str
    public: bool
    subject: str | None
    line: int
    col: int
    content: str | None = None
    areas: tuple[str, ...] = ()
    major_matter: tuple[str, ...] = ()
    basis: tuple[BasisFact, ...] = ()
    statutory: Duration | None = None
    promised: Duration | None = None
    has_flow: bool = False
    actors: tuple[str, ...] = ()  # the posts and departments that handle its steps
    steps: tuple[str, ...] = ()  # the ids of its flow's steps (what a CaseLog maps activities to)


class BenchmarkFact(NamedTuple):
    path: str
    id: str
    power: str | None
    line: int
    col: int
    violation: str | None = None


class LawFact(NamedTuple):
    id: str
    title: str | None
    revised: dt.date | None


class UnitFact(NamedTuple):
    path: str
    line: int
    col: int
    unit: Unit  # salvaged when it had schema errors
    settings: Settings | None  # None when `settings` is not valid: the defaults apply


# A target of a signal or a disposal as (kind, id): ("risk", "R-XK-001-02").
TargetKey = tuple[str, str]


def target_order(key: TargetKey) -> tuple[int, str]:
    """Targets sort by kind in SPEC.md's order (risk, post, power, department, leader), then id."""
    kind, id_ = key
    return (TARGET_KINDS.index(kind) if kind in TARGET_KINDS else len(TARGET_KINDS), id_)


class TargetRef(NamedTuple):
    """A target as written, with the position of its id."""

    kind: str
    id: str
    line: int
    col: int

    @property
    def key(self) -> TargetKey:
        return (self.kind, self.id)


class SignalFact(NamedTuple):
    """One warning signal (art. 12). Its `summary` and `ref` are None when it is kept
    secret: facts are cached and shown (diff, site), and a confidential signal's text
    appears nowhere but in `lz warn --show-confidential`, which reads it again from the
    file. `path` is empty for a signal made from a red card of `lz monitor`."""

    path: str
    line: int  # of the id
    col: int
    id: str
    date: dt.date | None
    source: str | None
    severity: int
    about: tuple[TargetRef, ...]
    confidential: bool
    summary: str | Text | None = None  # a red card's, made by lz, is in both languages
    ref: str | None = None


class SignalRef(NamedTuple):
    """A signal a disposal answers, with its position."""

    id: str
    line: int
    col: int


class DisposalFact(NamedTuple):
    path: str
    line: int  # of the id
    col: int
    id: str
    about: TargetRef | None
    action: str | None
    date: dt.date | None
    due: dt.date | None
    due_at: tuple[int, int]  # position of `due` (of the disposal when it has none)
    status: str
    with_: tuple[str, ...] = ()
    by: str | None = None
    result: str | None = None
    signals: tuple[SignalRef, ...] = ()


class CaseLogFact(NamedTuple):
    """Where a power's case log is (kind: CaseLog): what validate checks across files (the
    power's steps, the log file) and what the site and `lz monitor` list."""

    path: str
    line: int  # of the id
    col: int
    id: str
    name: str | None
    power: str | None
    source: str | None
    source_at: tuple[int, int]
    steps: tuple[tuple[str, str, int, int], ...] = ()  # (activity, step, line, col) of each mapped activity


@dataclass
class FileFacts:
    decls: list[Decl] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    risks: list[RiskFact] = field(default_factory=list)
    powers: list[PowerFact] = field(default_factory=list)
    benchmarks: list[BenchmarkFact] = field(default_factory=list)
    laws: list[LawFact] = field(default_factory=list)
    units: list[UnitFact] = field(default_factory=list)
    signals: list[SignalFact] = field(default_factory=list)
    disposals: list[DisposalFact] = field(default_factory=list)
    caselogs: list[CaseLogFact] = field(default_factory=list)


# --- extraction ------------------------------------------------------------------------


def _s(value: Any) -> str | None:
    """A possibly missing (salvaged) value as plain text."""
    return None if value is None else str(value)


def extract_facts(ctx: DocContext, model: Document, facts: FileFacts) -> None:
    if isinstance(model, Power):
        _power(ctx, model, facts)
    elif isinstance(model, RiskRegister):
        _register(ctx, model, facts)
    elif isinstance(model, DiscretionBenchmark):
        _benchmark(ctx, model, facts)
    elif isinstance(model, LawRegistry):
        _laws(ctx, model, facts)
    elif isinstance(model, Unit):
        _unit(ctx, model, facts)
    elif isinstance(model, Signals):
        _signals(ctx, model, facts)
    elif isinstance(model, Disposals):
        _disposals(ctx, model, facts)
    elif isinstance(model, CaseLog):
        _caselog(ctx, model, facts)


def _caselog(ctx: DocContext, log: CaseLog, facts: FileFacts) -> None:
    _decl(ctx, facts, "caselog", log.id, ("id",))
    _ref(ctx, facts, "R006", "power", log.power, ("power",))
    for value in sorted(set((log.resources or {}).values())):
        _ref(ctx, facts, "R002", "post|department", value, ("resources", _key_of(log.resources or {}, value)))
    if log.id is None:
        return
    steps = tuple((str(a), str(step), *ctx.at(("activities", str(a)))) for a, step in (log.activities or {}).items()
                  if step is not None)
    line, col = ctx.at(("id",))
    facts.caselogs.append(CaseLogFact(ctx.path, line, col, str(log.id), _s(log.name), _s(log.power), _s(log.source),
                                      ctx.at(("source",)), steps))


def _key_of(mapping: dict[str, Any], value: Any) -> str:
    """The first key holding `value` (where a finding about that value points)."""
    return next(k for k, v in mapping.items() if v == value)


def _decl(ctx: DocContext, facts: FileFacts, ns: str, value: Any, path: tuple[Any, ...]) -> None:
    if value is not None:
        line, col = ctx.at(path)
        facts.decls.append(Decl(ns, str(value), line, col))


def _ref(ctx: DocContext, facts: FileFacts, code: str, ns: str, value: Any, path: tuple[Any, ...]) -> None:
    if value is not None and str(value) != "":
        line, col = ctx.at(path)
        facts.refs.append(Ref(code, ns, str(value), line, col))


def _basis_refs(ctx: DocContext, facts: FileFacts, basis: list[Any] | None) -> tuple[str, ...]:
    laws: list[str] = []
    for i, b in indexed(basis):
        if b.law:
            _ref(ctx, facts, "R005", "law", b.law, ("basis", i, "law"))
            laws.append(str(b.law))
    return tuple(laws)


def _unit(ctx: DocContext, unit: Unit, facts: FileFacts) -> None:
    line, col = ctx.at(())
    try:
        settings: Settings | None = Settings.model_validate(ctx.data.get("settings") or {})
    except ValidationError:
        settings = None
    facts.units.append(UnitFact(ctx.path, line, col, unit, settings))
    for i, leader in indexed(unit.leadership):
        _decl(ctx, facts, "leader", leader.id, ("leadership", i, "id"))
    for i, dept in indexed(unit.departments):
        _decl(ctx, facts, "department", dept.id, ("departments", i, "id"))
        _ref(ctx, facts, "R004", "leader", dept.leader, ("departments", i, "leader"))
    for i, post in indexed(unit.posts):
        _decl(ctx, facts, "post", post.id, ("posts", i, "id"))
        _ref(ctx, facts, "R001", "department", post.department, ("posts", i, "department"))


def _power(ctx: DocContext, power: Power, facts: FileFacts) -> None:
    _decl(ctx, facts, "power", power.id, ("id",))
    _ref(ctx, facts, "R001", "department", power.subject, ("subject",))
    laws = _basis_refs(ctx, facts, power.basis)
    if power.flow is not None:
        for i, step in indexed(power.flow.steps):
            _ref(ctx, facts, "R002", "post|department", step.actor, ("flow", "steps", i, "actor"))
    category = _s(power.category)
    if power.id is not None:
        line, col = ctx.at(("id",))
        facts.powers.append(PowerFact(
            ctx.path, str(power.id), _s(power.name), category, power.effective_scope if category else "external",
            power.is_public if category else bool(power.public), _s(power.subject), line, col,
            content=_s(power.content), areas=tuple(str(a) for a in power.areas or ()),
            major_matter=tuple(str(m) for m in power.major_matter or ()),
            basis=tuple(BasisFact(_s(b.law), _s(b.title), _s(b.article)) for _, b in indexed(power.basis)),
            statutory=power.statutory_days, promised=power.promised_days, has_flow=power.flow is not None,
            actors=tuple(sorted({str(s.actor) for _, s in indexed(power.flow.steps if power.flow else None)
                                 if s.actor})),
            steps=tuple(str(s.id) for _, s in indexed(power.flow.steps if power.flow else None) if s.id),
        ))
    context = (
        category,
        tuple(str(a) for a in power.areas or ()),
        tuple(str(m) for m in power.major_matter or ()),
        laws,
    )
    for i, risk in indexed(power.risks):
        _risk(ctx, facts, risk, ("risks", i), _s(power.id), _s(power.name), None, _s(power.subject), context)


def _register(ctx: DocContext, register: RiskRegister, facts: FileFacts) -> None:
    _decl(ctx, facts, "register", register.id, ("id",))
    _ref(ctx, facts, "R003", "post", register.post, ("post",))
    _ref(ctx, facts, "R001", "department", register.department, ("department",))
    for i, risk in indexed(register.risks):
        _risk(ctx, facts, risk, ("risks", i), None, None, _s(register.id), _s(register.department),
              (None, (), (), ()), default_post=_s(register.post))


def _risk(ctx: DocContext, facts: FileFacts, risk: Risk, path: tuple[Any, ...], power: str | None,
          power_name: str | None, register: str | None, department: str | None,
          context: tuple[Any, ...], default_post: str | None = None) -> None:
    _decl(ctx, facts, "risk", risk.id, (*path, "id"))
    _ref(ctx, facts, "R003", "post", risk.post, (*path, "post"))
    _ref(ctx, facts, "R004", "leader", risk.leader, (*path, "leader"))
    _ref(ctx, facts, "R006", "power", risk.power, (*path, "power"))
    if risk.id is None:
        return
    grade_loc = ctx.span((*path, "grade")) if risk.grade is not None else None
    measures = []
    for j, m in indexed(risk.measures):
        line, col = ctx.at((*path, "measures", j, "due") if m.due is not None else (*path, "measures", j))
        measures.append(MeasureFact(_s(m.id), _s(m.type), _s(m.text), _s(m.status), m.due, line, col, _s(m.owner)))
    f = risk.factors
    factors = None
    if f is not None and None not in (f.importance, f.discretion, f.probability, f.harm):
        factors = {"importance": f.importance, "discretion": f.discretion,
                   "probability": f.probability, "harm": f.harm}
    override = risk.grade_override
    line, col = ctx.at((*path, "id"))
    facts.risks.append(RiskFact(
        path=ctx.path, id=str(risk.id), title=_s(risk.title), line=line, col=col,
        power=power, power_name=power_name, register=register, category=_s(risk.category),
        post=_s(risk.post) or default_post, department=department, leader=_s(risk.leader),
        factors=factors, grade=_s(risk.grade),
        grade_span=Span(grade_loc.line, grade_loc.col, grade_loc.start, grade_loc.end) if grade_loc else None,
        grade_written=getattr(risk.grade, "written", None),
        override=_s(override.grade) if override is not None else None,
        override_reason=_s(override.reason) if override is not None else None,
        measures=tuple(measures), reviewed=risk.reviewed,
        reviewed_at=ctx.at((*path, "reviewed")) if risk.reviewed is not None else None,
        approval=risk.approval.date if risk.approval is not None else None,
        power_category=context[0], power_areas=context[1], power_major=context[2], power_laws=context[3],
        concerns=_s(risk.power),
    ))


def _benchmark(ctx: DocContext, bm: DiscretionBenchmark, facts: FileFacts) -> None:
    _decl(ctx, facts, "benchmark", bm.id, ("id",))
    _ref(ctx, facts, "R006", "power", bm.power, ("power",))
    _basis_refs(ctx, facts, bm.basis)
    if bm.id is not None:
        line, col = ctx.at(("power",))
        facts.benchmarks.append(BenchmarkFact(ctx.path, str(bm.id), _s(bm.power), line, col, _s(bm.violation)))


def _laws(ctx: DocContext, registry: LawRegistry, facts: FileFacts) -> None:
    for i, law in indexed(registry.laws):
        _decl(ctx, facts, "law", law.id, ("laws", i, "id"))
        if law.id is not None:
            facts.laws.append(LawFact(str(law.id), _s(law.title), law.revised))


# Ids of the signals made from the red cards of `lz monitor`: a disposal may cite them,
# though no file declares them (`lz validate` does not run the monitor).
RED_CARD_PREFIX = "monitor:"


def _written(ctx: DocContext, path: tuple[Any, ...]) -> Any:
    data = ctx.data
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _target(ctx: DocContext, facts: FileFacts, target: Target | None, path: tuple[Any, ...]) -> TargetRef | None:
    """A target of a (possibly salvaged) document, its id a reference to check; None
    unless it names exactly one thing (the schema stage reported it)."""
    if target is None:
        return None
    given = [k for k in TARGET_KINDS if getattr(target, k, None) is not None]
    if len(given) != 1:
        return None
    kind = given[0]
    line, col = ctx.at((*path, kind))
    _ref(ctx, facts, "R009", kind, getattr(target, kind), (*path, kind))
    return TargetRef(kind, str(getattr(target, kind)), line, col)


def signal_fact(ctx: DocContext, facts: FileFacts, signal: Signal, path: tuple[Any, ...],
                keep_text: bool = False) -> SignalFact | None:
    """One signal's fact; its text only when it is not kept secret (or with `keep_text`,
    for `--show-confidential`, which never stores what it reads)."""
    if signal.id is None:
        return None
    secret = signal.kept_secret(_written(ctx, path))
    shown = keep_text or not secret
    # `about: {risk: X}` reads as a list of one: its positions are those of the mapping
    single = isinstance(_written(ctx, (*path, "about")), dict)
    about: dict[TargetKey, TargetRef] = {}
    for j, t in indexed(signal.about):
        ref = _target(ctx, facts, t, (*path, "about") if single else (*path, "about", j))
        if ref is not None:
            about.setdefault(ref.key, ref)  # a target listed twice counts once
    line, col = ctx.at((*path, "id"))
    return SignalFact(
        path=ctx.path, line=line, col=col, id=str(signal.id), date=signal.date, source=_s(signal.source),
        severity=signal.severity if isinstance(signal.severity, int) else 1, about=tuple(about.values()),
        confidential=secret, summary=_s(signal.summary) if shown else None, ref=_s(signal.ref) if shown else None,
    )


def signal_facts(ctx: DocContext, model: Signals, facts: FileFacts, keep_text: bool = False) -> list[SignalFact]:
    """The facts of a Signals document's signals (their ids declared in `facts`);
    `keep_text` only for `--show-confidential`, never for what is stored."""
    out = []
    for i, signal in indexed(model.signals):
        _decl(ctx, facts, "signal", signal.id, ("signals", i, "id"))
        fact = signal_fact(ctx, facts, signal, ("signals", i), keep_text)
        if fact is not None:
            out.append(fact)
    return out


def _signals(ctx: DocContext, model: Signals, facts: FileFacts) -> None:
    facts.signals.extend(signal_facts(ctx, model, facts))


def _disposals(ctx: DocContext, model: Disposals, facts: FileFacts) -> None:
    for i, d in indexed(model.disposals):
        _decl(ctx, facts, "disposal", d.id, ("disposals", i, "id"))
        if d.id is None:
            continue
        path = ("disposals", i)
        answers = []
        for j, s in indexed(d.signals):
            if not str(s).startswith(RED_CARD_PREFIX):
                _ref(ctx, facts, "R010", "signal", s, (*path, "signals", j))
            answers.append(SignalRef(str(s), *ctx.at((*path, "signals", j))))
        line, col = ctx.at((*path, "id"))
        facts.disposals.append(DisposalFact(
            path=ctx.path, line=line, col=col, id=str(d.id), about=_target(ctx, facts, d.about, (*path, "about")),
            action=_s(d.action), date=d.date, due=d.due, due_at=ctx.at((*path, "due")), status=_s(d.status) or "open",
            with_=tuple(str(w) for w in d.with_ or () if w is not None), by=_s(d.by), result=_s(d.result),
            signals=tuple(answers),
        ))

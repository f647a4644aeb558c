"""What the site's templates see: plain view objects built from facts and models.

Every view holds display text (Chinese terms, names instead of ids, formatted limits and
amounts) so templates only lay things out. Views of the public edition are built without
any risk data at all; internal fields are added only for the internal edition.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import escape

from lianzheng.grading.report import GradedRisk, GradeReport
from lianzheng.repo.facts import LawFact, PowerFact
from lianzheng.repo.names import Names
from lianzheng.report.grade import note
from lianzheng.spec.flowgraph import step_index
from lianzheng.spec.models import DiscretionBenchmark, Power, Risk, indexed
from lianzheng.spec.terms import EXTERNAL_CATEGORIES, GRADE_ORDER, INTERNAL_CATEGORIES, label
from lianzheng.spec.values import Duration, number_text

PUBLIC, INTERNAL = "public", "internal"


@functools.lru_cache(maxsize=65536)
def slug(identifier: str) -> str:
    """A file name for an id: letters, digits, CJK, `-`, `_`, `.` kept; others become `_`."""
    cleaned = re.sub(r"[^\w.-]", "_", identifier).lstrip(".")
    return cleaned or "_"


def power_href(pid: str) -> str:
    return f"{slug(pid)}.html"


def risk_href(rid: str) -> str:
    return f"risks/{slug(rid)}.html"


def department_href(did: str) -> str:
    return f"departments/{slug(did)}.html"


def post_href(pid: str) -> str:
    return f"posts/{slug(pid)}.html"


def duration(value: Duration | None) -> str:
    return value.label("zh") if value is not None else ""


def amount_range(lo: float, hi: float, unit: str | None, base: str | None = None) -> str:
    if unit == "multiple":
        text = f"{number_text(lo)}–{number_text(hi)} 倍"
        return f"{base} {text}" if base else text
    return f"{lo:,.0f}–{hi:,.0f} 元" if float(lo).is_integer() and float(hi).is_integer() else \
        f"{number_text(lo)}–{number_text(hi)} 元"


class Option(NamedTuple):
    id: str
    label: str


@dataclass(frozen=True)
class Lookup(Names):
    """Names of everything a page may mention: the unit's, and the laws' titles."""

    laws: Mapping[str, LawFact] = field(default_factory=dict)

    @classmethod
    def build(cls, names: Names, laws: Mapping[str, LawFact]) -> Lookup:
        return cls(**vars(names), laws=laws)

    def basis(self, items: Iterable[Any]) -> list[dict[str, str]]:
        out = []
        for b in items:
            law = getattr(b, "law", None)
            title = getattr(b, "title", None)
            if law and law in self.laws and self.laws[law].title:
                title = self.laws[law].title
            title = title or law or ""
            out.append({"title": f"《{title}》" if title and not title.startswith("《") else title,
                        "article": getattr(b, "article", None) or ""})
        return out


# --- the catalogue (facts) -----------------------------------------------------------

CATEGORY_ORDER = [t.id for t in EXTERNAL_CATEGORIES + INTERNAL_CATEGORIES]


def catalogue_row(p: PowerFact, lookup: Lookup) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name or p.id, "href": power_href(p.id), "public": p.public,
        "category": p.category or "", "category_label": label("power_category", p.category),
        "subject": p.subject or "", "subject_name": lookup.actor(p.subject),
        "areas": list(p.areas), "basis": lookup.basis(p.basis),
        "statutory": duration(p.statutory), "promised": duration(p.promised),
    }


def catalogue_view(powers: list[PowerFact], lookup: Lookup, has_benchmarks: bool) -> dict[str, Any]:
    groups = []
    by_category: dict[str, list[PowerFact]] = {}
    for p in powers:
        by_category.setdefault(p.category or "", []).append(p)
    for cat in sorted(by_category, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c)):
        groups.append({"id": cat or "none", "label": label("power_category", cat) or "未分类",
                       "powers": [catalogue_row(p, lookup) for p in by_category[cat]]})
    departments = sorted({p.subject for p in powers if p.subject})
    areas = sorted({a for p in powers for a in p.areas})
    return {
        "groups": groups,
        "categories": [Option(g["id"], g["label"]) for g in groups],
        "departments": [Option(d, lookup.actor(d)) for d in departments],
        "areas": [Option(a, label("area", a)) for a in areas],
        "has_benchmarks": has_benchmarks,
    }


def home_view(powers: list[PowerFact], benchmarks: int, graded: GradeReport | None,
              overdue: int, measures: int) -> dict[str, Any]:
    counts = Counter(p.category or "" for p in powers)
    categories = [{"id": c, "label": label("power_category", c) or "未分类", "count": counts[c]}
                  for c in sorted(counts, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c))]
    view: dict[str, Any] = {"total_powers": len(powers), "categories": categories, "benchmarks": benchmarks}
    if graded is not None:
        totals = graded.totals()
        view.update(total_risks=len(graded.risks), grades={g: totals[g] for g in ("high", "medium", "low")},
                    overdue=overdue, measures=measures)
    return view


# --- a power's page (models) ---------------------------------------------------------


def benchmark_view(bm: DiscretionBenchmark, lookup: Lookup, power_name: str) -> dict[str, Any]:
    cases = []
    for _, case in indexed(bm.cases):
        legal = case.legal_range
        unit = str(legal.unit) if legal is not None and legal.unit is not None else None
        tiers = []
        for _, tier in indexed(case.tiers):
            rng = tier.range
            tiers.append({
                "level": label("tier_level", tier.level),
                "conditions": [str(c) for c in tier.conditions or ()],
                "range": amount_range(rng.min, rng.max, unit, case.base) if rng is not None and None not in
                (rng.min, rng.max) else "",
                "outcome": tier.outcome or "", "other": tier.other or "",
            })
        cases.append({
            "when": case.when,
            "legal_range": amount_range(legal.min, legal.max, unit, case.base) if legal is not None and None not in
            (legal.min, legal.max) else "",
            "tiers": tiers,
        })
    return {"id": str(bm.id), "anchor": f"bm-{slug(str(bm.id))}", "violation": bm.violation,
            "power_id": str(bm.power), "power_name": power_name, "power_href": power_href(str(bm.power)),
            "basis": lookup.basis(_v for _, _v in indexed(bm.basis)), "cases": cases}


def step_names(power: Power | None) -> dict[str, str]:
    """Step id -> step name, to show risks at named steps rather than ids."""
    if power is None or power.flow is None:
        return {}
    return {sid: str(power.flow.steps[i].name or sid) for sid, i in step_index(power).items()}


def power_view(power: Power, lookup: Lookup, benchmarks: list[dict[str, Any]], svg: str,
               edition: str, graded: Mapping[str, GradedRisk]) -> dict[str, Any]:
    steps = []
    names = step_names(power)
    if power.flow is not None:
        for _, s in indexed(power.flow.steps):
            steps.append({
                "id": s.id, "name": s.name or s.id, "actor": lookup.actor(s.actor), "conditions": s.conditions,
                "procedure": s.procedure, "time_limit": duration(s.time_limit), "supervision": s.supervision,
                "collective": s.collective, "end": s.end,
                "next": [{"name": names.get(n.to, n.to), "when": n.when} for _, n in indexed(s.next)],
            })
    view: dict[str, Any] = {
        "id": str(power.id), "name": power.name, "content": power.content,
        "category_label": label("power_category", power.category), "scope_label": label("scope", power.effective_scope),
        "subject_name": lookup.actor(power.subject), "basis": lookup.basis(b for _, b in indexed(power.basis)),
        "statutory": duration(power.statutory_days), "promised": duration(power.promised_days),
        "fee": power.fee, "authority": power.authority,
        "areas": [label("area", a) for a in power.areas or ()],
        "major_matter": [label("major_matter", m) for m in power.major_matter or ()],
        "steps": steps, "svg": svg, "benchmarks": benchmarks, "risks": [],
    }
    if edition == INTERNAL:
        for _, risk in indexed(power.risks):
            g = graded.get(str(risk.id))
            view["risks"].append({
                "id": str(risk.id), "href": risk_href(str(risk.id)), "title": risk.title,
                "category": label("risk_category", risk.category),
                "steps": [names.get(str(s), str(s)) for s in risk.steps or ()],
                "post": lookup.actor(risk.post), "grade": g.final if g else (str(risk.grade) if risk.grade else None),
                "measures": len(risk.measures or ()),
                "measures_done": sum(1 for _, m in indexed(risk.measures) if m.status == "done"),
            })
    return view


# --- internal: the register, a risk, the organisation ---------------------------------


def register_row(g: GradedRisk, lookup: Lookup) -> dict[str, Any]:
    """One risk as the register, department and post pages list it. Its text is escaped
    here, once, because the same row appears on three pages."""
    r = g.risk
    a = g.assessment
    department = g.department or ""
    if r.power:
        owner_label, owner_href = f"{r.power} {r.power_name or ''}".strip(), power_href(r.power)
    else:
        owner_label, owner_href = f"登记表 {r.register or ''}".strip(), None
    return {
        "id": escape(r.id), "href": escape(risk_href(r.id)), "title": escape(r.title or ""),
        "owner_label": escape(owner_label), "owner_href": escape(owner_href) if owner_href else None,
        "department": escape(department), "department_name": escape(lookup.departments.get(department, department)),
        "post": escape(r.post or ""), "post_name": escape(lookup.actor(r.post)), "category": r.category or "",
        "category_label": label("risk_category", r.category), "areas": list(r.power_areas),
        "grade": g.final or "", "grade_rank": GRADE_ORDER.get(g.final or "", -1),
        "grade_label": label("grade", g.final) if g.final else "",
        "score": number_text(a.score) if a else "—", "score_value": a.score if a else -1,
        "leader_name": escape(lookup.name("leader", r.leader)), "mismatch": g.mismatch,
        "measures": len(r.measures), "measures_done": sum(1 for m in r.measures if m.status == "done"),
    }


def register_view(graded: GradeReport, lookup: Lookup, rows: list[tuple[str, str]]) -> dict[str, Any]:
    """The register: its rows as (risk id, row key), rendered one by one; counts and the
    options of its filters."""
    totals = graded.totals()
    risks = [g.risk for g in graded.risks]
    departments = sorted({g.department for g in graded.risks if g.department})
    return {
        "rows": rows, "grades": {g: totals[g] for g in ("high", "medium", "low")},
        "departments": [Option(d, lookup.departments.get(d, d)) for d in departments],
        "posts": [Option(p, lookup.actor(p)) for p in sorted({r.post for r in risks if r.post})],
        "categories": [Option(c, label("risk_category", c)) for c in ("power", "system", "ethics")],
        "areas": [Option(a, label("area", a)) for a in sorted({a for r in risks for a in r.power_areas})],
    }


def risk_view(risk: Risk, g: GradedRisk | None, lookup: Lookup, as_of: dt.date, review_cycle: int,
              power: Power | None = None) -> dict[str, Any]:
    a = g.assessment if g else None
    f = risk.factors
    department = g.department if g else None
    owner = g.risk if g else None
    measures = []
    for _, m in indexed(risk.measures):
        status = str(m.status or "planned")
        measures.append({
            "id": m.id, "type": label("measure_type", m.type), "text": m.text, "owner": m.owner,
            "due": m.due.isoformat() if m.due else "", "status": label("measure_status", status), "status_id": status,
            "overdue": bool(m.due and m.due < as_of and status != "done"),
        })
    approval = risk.approval
    return {
        "id": str(risk.id), "title": risk.title, "description": risk.description,
        "owner_label": (f"{owner.power} {owner.power_name or ''}".strip() if owner and owner.power
                        else f"登记表 {owner.register}" if owner else ""),
        "owner_href": power_href(owner.power) if owner and owner.power else None,
        "steps": [step_names(power).get(str(s), str(s)) for s in risk.steps or ()],
        "category": label("risk_category", risk.category),
        "department": lookup.departments.get(department or "", department or ""),
        "department_href": department_href(department) if department in lookup.departments else None,
        "post": lookup.actor(risk.post), "post_href": post_href(str(risk.post)) if risk.post in lookup.posts else None,
        "identified_by": [label("identified_by", i) for i in risk.identified_by or ()],
        "owner": risk.owner, "leader": lookup.leader_titles.get(str(risk.leader or ""), risk.leader or ""),
        "reviewed": risk.reviewed.isoformat() if risk.reviewed else "",
        "review_due": bool(risk.reviewed and (as_of - risk.reviewed).days > review_cycle),
        "approval": {"date": approval.date.isoformat(), "by": approval.by, "ref": approval.ref} if approval else None,
        "factors": {k: getattr(f, k, "—") for k in ("importance", "discretion", "probability", "harm")},
        "likelihood": a.likelihood if a else "—", "impact": a.impact if a else "—",
        "score": number_text(a.score) if a else "—",
        "computed": g.computed if g else None, "declared": g.declared if g else None, "final": g.final if g else None,
        "note": note(g, "zh") if g and g.status != "ok" else "",
        "measures": measures,
    }

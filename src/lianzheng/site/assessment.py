"""The internal edition's 检查考核 page (SPEC.md, `lz publish`): score, indicators with their
failing items linked to their pages, departments, and the trend chart. Never in the public
edition: the page is built from risks, grades and measures.

What `site/build.py` calls (the lead wires it in):

    from lianzheng.site.assessment import assessment_for_site, assessment_page, assessment_context
    a = assessment_for_site(self.repo, self.as_of, warned=self.warnings)  # once per publish (a cached_property)
    pages.append(assessment_page(self.base_key, a))      # in _internal_pages
    if kind == "assessment": return {**base, **assessment_context(a)}   # in context
    nav: ("assessment.html", "检查考核", "assessment")    # in site_info, internal edition

The page shows the trend of the year before the reference date when the repository is in
git (a dozen points: a few seconds at city scale, far less when few files changed);
`trend=False` leaves it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lianzheng.assess import INDICATOR_IDS, Assessment, Failure, PowerCases, assess
from lianzheng.assess.charts import trend_svg
from lianzheng.assess.inputs import register_warnings, warning_outcomes
from lianzheng.repo.gitread import GitError
from lianzheng.repo.names import Names
from lianzheng.repo.repository import Repository
from lianzheng.report.assess import (
    failure_id,
    failure_text,
    indicator_name,
    notes,
    percent,
    score_text,
)
from lianzheng.site.pages import Page, department_href, digest, post_href, power_href, risk_href
from lianzheng.site.templating import trusted

if TYPE_CHECKING:
    from lianzheng.warn import WarnResult

PAGE = "assessment.html"
TITLE = "检查考核"


@dataclass(frozen=True)
class FailingRow:
    id: str
    href: str | None  # relative to the edition's top folder; None for what has no page
    name: str
    department: str
    where: str
    why: str


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    name: str
    counted: str  # numerator/denominator
    rate: str
    weight: str
    points: str
    failing: list[FailingRow]


@dataclass(frozen=True)
class DepartmentRow:
    id: str
    name: str
    href: str
    score: str
    rates: list[str]  # one per indicator, in `AssessmentView.indicator_names` order


@dataclass(frozen=True)
class TrendRow:
    date: str
    commit: str
    tags: str
    score: str


@dataclass(frozen=True)
class AssessmentView:
    """What `assessment.html` shows."""

    as_of: str
    score: str
    indicators: list[IndicatorRow]
    notes: list[str]
    indicator_names: list[str]
    departments: list[DepartmentRow]
    trend: list[TrendRow]
    trend_svg: Any
    every: str | None


def failing_href(f: Failure, names: Names) -> str | None:
    """The page of what failed (a warning's: its target's), when the edition has one."""
    if f.kind == "power":
        return power_href(f.id)
    if f.kind == "risk":
        return risk_href(f.id)
    if f.kind == "measure" and f.risk:
        return f"{risk_href(f.risk)}#h-measures"
    if f.kind == "post" and f.id in names.posts:
        return post_href(f.id)
    if f.kind == "department" and f.id in names.departments:
        return department_href(f.id)
    return None


def assessment_view(a: Assessment) -> AssessmentView:
    names = a.names
    rows = []
    for i in a.measured:
        failing = [FailingRow(failure_id(f), failing_href(f, names), f.name, names.name("department", f.department),
                              f.where, failure_text(f, "zh")) for f in i.failing]
        rows.append(IndicatorRow(i.id, indicator_name(i.id, "zh"), f"{i.numerator}/{i.denominator}", percent(i.rate),
                                 f"{float(i.weight):.1f}", f"{float(i.points):.1f}", failing))
    departments = [DepartmentRow(d.id, d.name, department_href(d.id), score_text(d.score),
                                 [percent(i.rate) for i in d.indicators]) for d in a.departments]
    trend = [TrendRow(p.date.isoformat(), p.commit[:12], " ".join(p.tags), score_text(p.score)) for p in a.trend]
    return AssessmentView(
        as_of=a.as_of.isoformat(), score=score_text(a.score), indicators=rows, notes=notes(a, "zh"),
        indicator_names=[indicator_name(i, "zh") for i in INDICATOR_IDS], departments=departments, trend=trend,
        trend_svg=trusted(trend_svg(a.trend, a.every)) if a.every is not None else "", every=a.every,
    )


def assessment_for_site(repo: Repository, as_of: dt.date, *, trend: bool = True,
                        warned: WarnResult | None = None,
                        e_supervision: Sequence[PowerCases] | None = None) -> Assessment:
    """The unit's assessment for the page: by department, with the monthly trend of the
    year to `as_of` when the repository is in git (none outside git). `warned`: `lz warn`'s
    result the site already has (else worked out here when the repository keeps signals)."""
    warnings = warning_outcomes(repo, warned) if warned is not None else register_warnings(repo, as_of)
    result = assess(repo, as_of, by_department=True, warnings=warnings, e_supervision=e_supervision)
    if not trend:
        return result
    from lianzheng.assess.trend import trend as score_trend

    try:
        points = score_trend(Path(repo.root), as_of, seed=repo)
    except GitError:
        return result
    return result.with_trend(points, "month")


def assessment_page(base_key: str, a: Assessment) -> Page:
    """The page, keyed by everything it shows (`base_key`: the site's, see SiteBuild)."""
    return Page(PAGE, PAGE, "assessment", None, digest(base_key, "assessment", repr(assessment_view(a))))


def assessment_context(a: Assessment) -> dict[str, Any]:
    """The template context of the page, besides `site` and `root`."""
    return {"page_title": TITLE, "assessment": assessment_view(a)}

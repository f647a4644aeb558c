"""What the pages of one publish are made from, each page's key, and each page's view.

A page's key is made from exactly the inputs it shows — the digests of the files a
power or risk page is drawn from, the facts a list shows — and is worked out without
building the page: an unchanged key means unchanged bytes, so only the pages whose key
changed are built at all."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from lianzheng import __version__
from lianzheng.dynamic import review_due
from lianzheng.grading.charts import distribution_svg, heatmap_svg
from lianzheng.grading.report import GradedRisk, GradeReport
from lianzheng.repo.facts import BenchmarkFact, PowerFact
from lianzheng.repo.layout import TEMPLATES_DIR, UNIT_FILE
from lianzheng.repo.repository import Repository
from lianzheng.repo.storage import code_fingerprint
from lianzheng.report.grade import model_text
from lianzheng.site.assessment import assessment_context, assessment_page
from lianzheng.site.pages import (
    EDITIONS,
    INTERNAL,
    Page,
    cut,
    department_href,
    digest,
    paged_href,
    post_href,
    power_href,
    register_href,
    risk_href,
    search_shard_href,
    slug,
)
from lianzheng.site.templating import TEMPLATES, environment, read_override, template_fingerprint, trusted
from lianzheng.site.views import (
    BenchmarkView,
    ChartView,
    DepartmentView,
    Lookup,
    NavItem,
    OrgView,
    OverviewView,
    PageLink,
    PostLink,
    PostView,
    PowerLink,
    SiteInfo,
    benchmark_view,
    catalogue_order,
    catalogue_view,
    home_view,
    measures_view,
    monitor_view,
    overdue,
    power_case_figures,
    power_view,
    register_row,
    register_view,
    risk_view,
    warning_row,
    warnings_view,
)
from lianzheng.spec.models import DiscretionBenchmark, Power, RiskRegister
from lianzheng.spec.terms import GRADE_IDS, label

DUE_SOON_DAYS = 30
# The register and the search index come in parts of a few hundred entries, cut where
# the entries themselves say (pages.cut), so one change rewrites one part.
REGISTER_PAGE = (200, 64)  # rows at least, then cut at one file in 64
CATALOGUE_PAGE = (300, 32)  # powers at least, then cut at one power in 32
BENCHMARKS_PAGE = (40, 8)  # benchmarks at least (a few tables each), then cut at one file in 8
SEARCH_SHARD = (150, 64)  # entries at least, then cut at one entry in 64
DISTRIBUTIONS = (("department", "按科室分布"), ("category", "按风险类别分布"), ("area", "按重点领域分布"),
                 ("leader", "按责任领导分布"))
ASSETS = ("style.css", "site.js")


def inline_svg(data: bytes, name: str) -> str:
    """Graphviz's SVG, fit to sit inside a page: no XML prolog, doctype or comments, and an
    accessible name. Its width and height (in pt) stay: the style sheet lets it shrink to
    a phone's width but never draws it larger than Graphviz made it."""
    text = data.decode("utf-8")
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    return text.replace("<svg", f'<svg role="img" aria-label="{name}" class="flow-svg"', 1).strip()


class SiteBuild:
    """Everything the pages of one publish are made from: the repository (facts here,
    models on demand), every risk graded, the reference date."""

    def __init__(self, repo: Repository, graded: GradeReport, as_of: dt.date) -> None:
        self.repo = repo
        self.graded = graded
        self.as_of = as_of
        self.drawings: dict[tuple[str, str], bytes] = {}  # (edition, power) -> SVG, for the pages to render

    @cached_property
    def lookup(self) -> Lookup:
        return Lookup.build(self.repo.names, self.repo.laws)

    @cached_property
    def env(self) -> Any:
        return environment(self.repo.root / TEMPLATES_DIR)

    @cached_property
    def powers(self) -> list[PowerFact]:
        return sorted(self.repo.powers(), key=lambda p: p.id)

    @cached_property
    def grades(self) -> dict[str, str | None]:
        """Risk id -> its grade: the colours of the internal flowcharts."""
        return {g.risk.id: g.final for g in self.graded.risks}

    @cached_property
    def graded_by_id(self) -> dict[str, GradedRisk]:
        return {g.risk.id: g for g in self.graded.risks}

    @cached_property
    def benchmark_files(self) -> dict[str, list[str]]:
        """Power id -> the files holding its benchmarks."""
        out: dict[str, list[str]] = {}
        for b in self.repo.benchmarks():
            if b.power:
                out.setdefault(b.power, [])
                if b.path not in out[b.power]:
                    out[b.power].append(b.path)
        return out

    def powers_of(self, edition: str) -> list[PowerFact]:
        return [p for p in self.powers if edition == INTERNAL or p.public]

    @cached_property
    def public_ids(self) -> dict[str, dict[str, PowerFact]]:
        return {e: {p.id: p for p in self.powers_of(e)} for e in EDITIONS}

    def benchmarks_of(self, edition: str) -> list[BenchmarkFact]:
        allowed = self.public_ids[edition]
        return sorted((b for b in self.repo.benchmarks() if b.power in allowed), key=lambda b: (b.power or "", b.id))

    @cached_property
    def supervision(self) -> Any:
        """`lz monitor` on the case logs at the end of the reference date (`result` None
        without any CaseLog)."""
        from lianzheng.monitor.signals import supervision

        return supervision(self.repo, self.as_of)

    @cached_property
    def warnings(self) -> Any:
        """`lz warn`'s result on the reference date (red cards included), without
        confidential text; None when there is nothing to warn of (no signals, disposals or
        red cases: the site then has no such page)."""
        red = self.supervision.red_cases
        if not red and not any(f.signals or f.disposals for f in self.repo.files.values()):
            return None
        from lianzheng.warn import warn

        return warn(self.repo, self.as_of, red_cases=red)

    @cached_property
    def warning_of(self) -> dict[tuple[str, str], Any]:
        """Target -> its warning row (the risk and post pages show it)."""
        if self.warnings is None:
            return {}
        return {w.target: warning_row(w, self.as_of) for w in self.warnings.warnings}

    @cached_property
    def sections(self) -> tuple[str, ...]:
        """The internal edition's optional pages this repository has (they are in every
        page's navigation)."""
        return (*(("monitor",) if self.supervision.result is not None else ()),
                *(("warnings",) if self.warnings is not None else ()))

    @cached_property
    def case_figures(self) -> dict[str, dict[str, list[Any]]]:
        """Edition -> power id -> its logs' figures (the public edition's: closed cases and
        the on-time rate only)."""
        return {e: power_case_figures(self.supervision, e == INTERNAL) for e in EDITIONS}

    @cached_property
    def assessment(self) -> Any:
        """`lz assess` by department, with the year's trend when the repository is in git."""
        from lianzheng.site.assessment import assessment_for_site

        from lianzheng.assess.inputs import monitor_cases

        return assessment_for_site(self.repo, self.as_of, warned=self.warnings,
                                   e_supervision=monitor_cases(self.supervision.result))

    # The views of the aggregate pages: made once, for the page's key (planning) and again
    # for its context (rendering) otherwise.

    @cached_property
    def measures(self) -> Any:
        return measures_view(self.graded, self.as_of, DUE_SOON_DAYS)

    @cached_property
    def monitor(self) -> Any:
        return monitor_view(self.supervision)

    @cached_property
    def warnings_page(self) -> Any:
        return warnings_view(self.warnings)

    @cached_property
    def homes(self) -> dict[str, Any]:
        return {e: self.home(e) for e in EDITIONS}

    # --- keys -----------------------------------------------------------------------------

    @cached_property
    def base_key(self) -> str:
        """What every page shows: the code, the templates, the unit (names, settings), the laws."""
        laws = sorted(path for path, f in self.repo.files.items() if f.laws)
        overrides = self.repo.root / TEMPLATES_DIR
        # The site's own templates show the date on two pages only (their keys have it); a
        # unit's templates may show it anywhere.
        dated = self.as_of if overrides.is_dir() and any(overrides.rglob("*.html")) else ""
        return digest(code_fingerprint(), template_fingerprint(overrides), dated, self.sections,
                      self.repo.digests.get(UNIT_FILE, ""), *(self.repo.digests[p] for p in laws))

    def _files_key(self, *files: str) -> str:
        return digest(*(f"{f}:{self.repo.digests[f]}" for f in files))

    @cached_property
    def row_keys(self) -> dict[str, str]:
        """Risk id -> a key of everything its row in a risk table shows: the row is drawn
        from the risk's own file and the names and settings of the unit (in `base_key`)."""
        # (plain text, not a hash each: the page keys that list rows hash them together)
        return {g.risk.id: f"{self.repo.digests[g.risk.path]}:{g.risk.id}" for g in self.graded.risks}

    def risk_key(self, g: GradedRisk) -> str:
        """A risk's page shows its file, and the date only through what is overdue."""
        r = g.risk
        dated = (review_due(r, self.repo.settings.review_cycle_days, self.as_of) is not None,
                 *(overdue(m, self.as_of) for m in r.measures))
        return digest(self.base_key, "risk", r.id, self.repo.digests[r.path], dated,
                      self.warning_of.get(("risk", r.id)))

    @cached_property
    def register_pages(self) -> list[list[GradedRisk]]:
        minimum, every = REGISTER_PAGE
        by_file: dict[str, list[GradedRisk]] = {}
        for g in self.graded.risks:
            by_file.setdefault(g.risk.path, []).append(g)
        pages: list[list[GradedRisk]] = [[]]
        for path, risks in by_file.items():  # a file's risks stay on one page
            if len(pages[-1]) >= minimum and int(digest(path)[:8], 16) % every == 0:
                pages.append([])
            pages[-1].extend(risks)
        return pages

    # --- the plan ---------------------------------------------------------------------------

    def plan(self, edition: str) -> list[Page]:
        """Every page of an edition with its key, in path order."""
        base, internal = self.base_key, edition == INTERNAL
        powers = self.powers_of(edition)
        pages = [
            Page("index.html", "index.html", "index", None,
                 digest(base, edition, "index", self.as_of, repr(self.homes[edition]))),
            Page("search.html", "search.html", "search", None,
                 digest(base, edition, "search", len(self.search_shards(edition)))),
        ]
        catalogue = self.catalogue_pages[edition]
        pages += [Page(paged_href("catalogue", n), "catalogue.html", "catalogue", str(n),
                       digest(base, edition, "catalogue", n, len(catalogue), sum(len(r) for r in catalogue),
                              bool(self.benchmark_files),
                              *(repr(p._replace(path="", line=0, col=0)) for p in run)))
                  for n, run in enumerate(catalogue, 1)]
        benchmarks = self.benchmark_pages[edition]
        pages += [Page(paged_href("benchmarks", n), "benchmarks.html", "benchmarks", str(n),
                       digest(base, edition, "benchmarks", n, len(benchmarks), *sorted(
                           (b.power, b.path, self.repo.digests[b.path], self.public_ids[edition][b.power or ""].name)
                           for b in run)))
                  for n, run in enumerate(benchmarks, 1)]
        cases = self.case_figures[edition]
        pages += [Page(power_href(p.id), "power.html", "power", p.id,
                       digest(base, edition, "power", p.id, self._files_key(p.path, *self.benchmark_files.get(p.id, [])),
                              cases.get(p.id)),
                       p.path) for p in powers]
        if internal:
            pages += self._internal_pages()
        return sorted(pages, key=lambda p: p.path)

    def _internal_pages(self) -> list[Page]:
        base = self.base_key
        pages = []
        register = self.register_pages
        for n, risks in enumerate(register, 1):
            pages.append(Page(register_href(n), "register.html", "register", str(n),
                              digest(base, "register", n, len(register), *(self.row_keys[g.risk.id] for g in risks))))
        pages.append(Page("overview.html", "overview.html", "overview", None,
                          digest(base, "overview", repr(self.overview_data))))
        pages.append(Page("measures.html", "measures.html", "measures", None,
                          digest(base, "measures", self.as_of, repr(self.measures))))
        departments = sorted(self.lookup.departments)
        pages.append(Page("organization.html", "organization.html", "organization", None,
                          digest(base, "organization", *(self._department_key(d) for d in departments))))
        pages += [Page(department_href(d), "department.html", "department", d, digest(base, self._department_key(d)))
                  for d in departments]
        pages += [Page(post_href(p), "post.html", "post", p, digest(base, self._post_key(p)))
                  for p in sorted(self.lookup.posts)]
        if self.supervision.result is not None:
            pages.append(Page("monitor.html", "monitor.html", "monitor", None,
                              digest(base, "monitor", repr(self.monitor))))
        if self.warnings is not None:
            pages.append(Page("warnings.html", "warnings.html", "warnings", None,
                              digest(base, "warnings", repr(self.warnings_page))))
        pages.append(assessment_page(base, self.assessment))
        pages += [Page(risk_href(g.risk.id), "risk.html", "risk", g.risk.id, self.risk_key(g), g.risk.path)
                  for g in self.graded.risks]
        return pages

    def _department_key(self, did: str) -> str:
        powers = [(p.id, p.name, p.category) for p in self.powers_by["subject"].get(did, [])]
        return digest("department", did, powers, *(self.row_keys[r] for r in self.risks_by["department"].get(did, [])),
                      *(self.graded_by_id[r].final for r in self.risks_by["department"].get(did, [])))

    def _post_key(self, pid: str) -> str:
        powers = [(p.id, p.name) for p in self.powers_by["actor"].get(pid, [])]
        return digest("post", pid, powers, self.warning_of.get(("post", pid)),
                      *(self.row_keys[r] for r in self.risks_by["post"].get(pid, [])))

    # --- views ------------------------------------------------------------------------------

    def site_info(self, edition: str) -> SiteInfo:
        unit = self.repo.unit
        publish = unit.settings.publish if unit is not None and unit.settings is not None else None
        name = str(unit.name) if unit is not None and unit.name else ""
        nav = [("index.html", "首页", "home"), ("catalogue.html", "职权目录", "catalogue"),
               ("benchmarks.html", "裁量基准", "benchmarks"), ("search.html", "搜索", "search")]
        if edition == INTERNAL:
            nav += [("register.html", "风险登记表", "register"), ("overview.html", "风险分析", "overview"),
                    ("measures.html", "措施落实", "measures"), ("organization.html", "科室与岗位", "organization")]
            if "monitor" in self.sections:
                nav.append(("monitor.html", "电子监察", "monitor"))
            if "warnings" in self.sections:
                nav.append(("warnings.html", "预警处置", "warnings"))
            nav.append(("assessment.html", "检查考核", "assessment"))
        title = (publish.title if publish is not None and publish.title else f"{name}权力运行公开")
        return SiteInfo(
            edition=edition, internal=edition == INTERNAL, title=title + ("（内部版）" if edition == INTERNAL else ""),
            unit_name=name, unit_type=label("unit_type", unit.type) if unit is not None and unit.type else "",
            region=unit.region if unit is not None else "",
            supervision_phone=unit.supervision_phone if unit is not None else "",
            website=unit.website if unit is not None else "",
            footer=publish.footer if publish is not None else "",
            as_of=self.as_of.isoformat(), version=__version__, nav=[NavItem(*n) for n in nav],
        )

    def home(self, edition: str) -> Any:
        return home_view(self.powers_of(edition), len(self.benchmarks_of(edition)),
                         self.graded if edition == INTERNAL else None, self.as_of)

    @cached_property
    def catalogue_pages(self) -> dict[str, list[list[PowerFact]]]:
        """Edition -> the catalogue's pages: its powers in catalogue order, cut where the
        powers say (pages.cut), so a change rewrites the page of the power that changed."""
        minimum, every = CATALOGUE_PAGE
        return {e: cut(sorted(self.powers_of(e), key=catalogue_order), lambda p: p.id, minimum, every)
                for e in EDITIONS}

    @cached_property
    def benchmark_pages(self) -> dict[str, list[list[BenchmarkFact]]]:
        """Edition -> the benchmark page's parts (a file's benchmarks stay on one page)."""
        minimum, every = BENCHMARKS_PAGE
        out: dict[str, list[list[BenchmarkFact]]] = {}
        for e in EDITIONS:
            by_file: dict[str, list[BenchmarkFact]] = {}
            for b in self.benchmarks_of(e):
                by_file.setdefault(b.path, []).append(b)
            runs = cut(list(by_file.values()), lambda group: group[0].path, minimum, every)
            out[e] = [[b for group in run for b in group] for run in runs]
        return out

    def benchmark_views(self, edition: str, power: str | None = None,
                        files: list[str] | None = None) -> list[BenchmarkView]:
        """The benchmarks of an edition: all, one power's, or those of `files`."""
        allowed = self.public_ids[edition]
        if power is not None:
            files = sorted(self.benchmark_files.get(power, ())) if power in allowed else []
        elif files is None:
            files = sorted({f for pid, fs in self.benchmark_files.items() if pid in allowed for f in fs})
        views = []
        for path in files:
            for doc in self.repo.models_of(path):
                if isinstance(doc, DiscretionBenchmark) and str(doc.power) in allowed and (power is None or doc.power == power):
                    views.append(benchmark_view(doc, self.lookup, allowed[str(doc.power)].name or ""))
        return sorted(views, key=lambda v: (v.power_id, v.id))

    @cached_property
    def overview_data(self) -> tuple[Any, ...]:
        """What the overview's charts are drawn from."""
        return (model_text(self.graded, "zh"), sorted(self.graded.heatmap().items()),
                *(tuple(self.graded.distribution(by)) for by, _ in DISTRIBUTIONS))

    @cached_property
    def risks_by(self) -> dict[str, dict[str, list[str]]]:
        """Department / post -> the ids of its risks, in register order."""
        out: dict[str, dict[str, list[str]]] = {"department": {}, "post": {}}
        for g in self.graded.risks:
            out["department"].setdefault(g.department or "", []).append(g.risk.id)
            if g.risk.post:
                out["post"].setdefault(g.risk.post, []).append(g.risk.id)
        return out

    @cached_property
    def powers_by(self) -> dict[str, dict[str, list[PowerFact]]]:
        out: dict[str, dict[str, list[PowerFact]]] = {"subject": {}, "actor": {}}
        for p in self.powers:
            if p.subject:
                out["subject"].setdefault(p.subject, []).append(p)
            for actor in p.actors:
                out["actor"].setdefault(actor, []).append(p)
        return out

    @cached_property
    def posts_of(self) -> dict[str, list[str]]:
        """Department -> its posts, sorted."""
        out: dict[str, list[str]] = {}
        for post, department in sorted(self.lookup.post_department.items()):
            out.setdefault(department, []).append(post)
        return out

    @cached_property
    def departments(self) -> dict[str, Any]:
        """Department id -> the unit's entry (the first, as every check takes it)."""
        unit = self.repo.unit
        out: dict[str, Any] = {}
        for d in (unit.departments or ()) if unit is not None else ():
            if d is not None and d.id is not None:
                out.setdefault(str(d.id), d)
        return out

    def department_view(self, did: str) -> DepartmentView:
        dept = self.departments.get(did)
        rows = self.risks_by["department"].get(did, [])
        finals = [self.graded_by_id[r].final for r in rows]
        return DepartmentView(
            id=did, name=self.lookup.departments.get(did, did), href=department_href(did),
            leader=self.lookup.leader_titles.get(str(dept.leader), str(dept.leader)) if dept and dept.leader else "",
            head=dept.head if dept else "",
            posts=[PostLink(self.lookup.posts[p], post_href(p)) for p in self.posts_of.get(did, [])],
            powers=[PowerLink(p.id, p.name, power_href(p.id), label("power_category", p.category))
                    for p in self.powers_by["subject"].get(did, [])],
            risks=[(r, self.row_keys[r]) for r in rows], grades={g: finals.count(g) for g in GRADE_IDS},
        )

    def post_view(self, pid: str) -> PostView:
        department = self.lookup.post_department.get(pid)
        return PostView(
            id=pid, name=self.lookup.posts.get(pid, pid),
            department=self.lookup.departments.get(department or "", department or ""),
            department_href=department_href(department) if department in self.lookup.departments else None,
            powers=[PowerLink(p.id, p.name, power_href(p.id), "") for p in self.powers_by["actor"].get(pid, [])],
            risks=[(r, self.row_keys[r]) for r in self.risks_by["post"].get(pid, [])],
        )

    def context(self, edition: str, page: Page) -> dict[str, Any]:
        """The template context of a page: `site`, `root`, `page_title` and its view."""
        base: dict[str, Any] = {"site": self.site_info(edition), "root": page.root}
        kind = page.kind
        if kind == "index":
            return {**base, "page_title": "首页", "home": self.homes[edition]}
        if kind == "catalogue":
            n, runs = int(page.arg or 1), self.catalogue_pages[edition]
            links = [PageLink(i, paged_href("catalogue", i)) for i in range(1, len(runs) + 1)] if len(runs) > 1 else []
            view = catalogue_view(runs[n - 1], self.lookup, bool(self.benchmark_files), n, links,
                                  sum(len(r) for r in runs))
            return {**base, "page_title": "职权目录", "catalogue": view}
        if kind == "benchmarks":
            n, runs = int(page.arg or 1), self.benchmark_pages[edition]
            links = [PageLink(i, paged_href("benchmarks", i)) for i in range(1, len(runs) + 1)] if len(runs) > 1 else []
            views = self.benchmark_views(edition, files=sorted({b.path for b in runs[n - 1]}))
            return {**base, "page_title": "行政裁量权基准", "benchmarks": views, "page": n, "pages": links}
        if kind == "search":
            return {**base, "page_title": "搜索",
                    "search_shards": [search_shard_href(n) for n in range(1, len(self.search_shards(edition)) + 1)]}
        if kind == "power":
            power = next(d for d in self.repo.models_of(page.source or "") if isinstance(d, Power) and d.id == page.arg)
            drawing = self.drawings.get((edition, str(power.id)))
            svg = trusted(inline_svg(drawing, f"{power.id} 权力运行流程图")) if drawing else ""
            view = power_view(power, self.lookup, self.benchmark_views(edition, str(power.id)), svg,
                              edition == INTERNAL, self.graded_by_id)
            return {**base, "page_title": f"{power.id} {power.name}", "power": view,
                    "cases": self.case_figures[edition].get(str(power.id))}
        if edition != INTERNAL:
            raise ValueError(kind)
        if kind == "register":
            n = int(page.arg or 1)
            risks = self.register_pages[n - 1]
            links = [PageLink(i, register_href(i)) for i in range(1, len(self.register_pages) + 1)]
            view = register_view(risks, self.lookup, [(g.risk.id, self.row_keys[g.risk.id]) for g in risks], n, links)
            return {**base, "page_title": "廉政风险登记表", "register": view,
                    "rows_html": self.rows_html("register_row", view.rows, page.root)}
        if kind == "overview":
            charts = [ChartView(by, t, trusted(distribution_svg(self.graded, by))) for by, t in DISTRIBUTIONS]
            view = OverviewView(model_text(self.graded, "zh"), trusted(heatmap_svg(self.graded)), charts)
            return {**base, "page_title": "风险分析", "overview": view}
        if kind == "measures":
            return {**base, "page_title": "措施落实", "measures": self.measures}
        if kind == "organization":
            org = OrgView([self.department_view(d) for d in sorted(self.lookup.departments)])
            return {**base, "page_title": "科室与岗位", "org": org}
        if kind == "department":
            dept = self.department_view(page.arg or "")
            return {**base, "page_title": dept.name, "dept": dept,
                    "rows_html": self.rows_html("risk_row", dept.risks, page.root)}
        if kind == "post":
            post = self.post_view(page.arg or "")
            return {**base, "page_title": post.name, "post": post, "warning": self.warning_of.get(("post", post.id)),
                    "rows_html": self.rows_html("risk_row", post.risks, page.root)}
        if kind == "monitor":
            return {**base, "page_title": "电子监察", "monitor": self.monitor}
        if kind == "warnings":
            return {**base, "page_title": "预警处置", "warnings": self.warnings_page}
        if kind == "assessment":
            return {**base, **assessment_context(self.assessment)}
        if kind == "risk":
            holder, risk = next((d, r) for d in self.repo.models_of(page.source or "")
                                if isinstance(d, (Power, RiskRegister))
                                for r in d.risks or () if r is not None and r.id == page.arg)
            view = risk_view(risk, self.graded_by_id[str(risk.id)], self.lookup, self.as_of,
                             self.repo.settings.review_cycle_days, holder if isinstance(holder, Power) else None)
            return {**base, "page_title": f"{risk.id} {risk.title}", "risk": view,
                    "warning": self.warning_of.get(("risk", str(risk.id)))}
        raise ValueError(kind)

    def rows_html(self, macro: str, rows: list[tuple[str, str]], root: str) -> list[Any]:
        """Table rows (risk id, row key) through a macro of rows.html."""
        render = getattr(self.env.get_template("rows.html").module, macro)
        return [trusted(str(render(register_row(self.graded_by_id[rid], self.lookup), root))) for rid, _ in rows]

    def render(self, edition: str, page: Page) -> bytes:
        return self.env.get_template(page.template).render(**self.context(edition, page)).encode("utf-8")

    # --- assets and the search index -----------------------------------------------------------

    def assets(self) -> dict[str, bytes]:
        """The style sheet and the script: the unit's own when it overrides them (read as
        the scan reads data files; a refused one is the site's own, see `templating`)."""
        out = {}
        for name in ASSETS:
            own = read_override(self.repo.root / TEMPLATES_DIR, f"assets/{name}")
            out[f"assets/{name}"] = own if isinstance(own, bytes) else (TEMPLATES / "assets" / name).read_bytes()
        return out

    def search_entries(self, edition: str) -> list[dict[str, str]]:
        entries = []
        for p in self.powers_of(edition):
            subject = self.lookup.actor(p.subject)
            entries.append({"u": power_href(p.id), "t": f"{p.id} {p.name or ''}",
                            "k": label("power_category", p.category),
                            "s": " ".join(x for x in (subject, p.content or "") if x)})
        allowed = self.public_ids[edition]
        for b in self.benchmarks_of(edition):
            entries.append({"u": f"{power_href(b.power or '')}#bm-{slug(b.id)}", "t": b.violation or b.id,
                            "k": "裁量基准", "s": f"{b.power} {allowed[b.power or ''].name or ''}"})
        if edition == INTERNAL:
            for g in self.graded.risks:
                r = g.risk
                entries.append({"u": risk_href(r.id), "t": f"{r.id} {r.title or ''}",
                                "k": f"廉政风险 · {label('grade', g.final)}" if g.final else "廉政风险",
                                "s": " ".join(x for x in (r.power_name or "", self.lookup.actor(r.post)) if x)})
            for d in sorted(self.lookup.departments):
                entries.append({"u": department_href(d), "t": self.lookup.departments[d], "k": "科室", "s": ""})
            for p in sorted(self.lookup.posts):
                entries.append({"u": post_href(p), "t": self.lookup.posts[p], "k": "岗位", "s": ""})
        return entries

    def search_shards(self, edition: str) -> list[bytes]:
        """The search index in parts: the first sets `window.LZ_SEARCH`, the others add to it.
        `<` is escaped: no text of the data can ever read as markup, wherever it goes."""
        cached = self.__dict__.setdefault("_shards", {})
        if edition not in cached:
            runs = cut(self.search_entries(edition), lambda e: e["u"], *SEARCH_SHARD)
            cached[edition] = [_shard(run, first=n == 0) for n, run in enumerate(runs)]
        return cached[edition]


def _shard(entries: Iterable[dict[str, str]], first: bool) -> bytes:
    body = json.dumps(list(entries), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    text = f"window.LZ_SEARCH = {body};\n" if first else f"window.LZ_SEARCH.push.apply(window.LZ_SEARCH, {body});\n"
    return text.encode("utf-8")


def assets_dir(root: Path) -> Path:
    return root / TEMPLATES_DIR / "assets"

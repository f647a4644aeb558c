"""`lz publish`: the public disclosure site and the internal edition (art. 10).

`publish()` reads as a pipeline:

1. scan the repository (facts in this process; each file's models in the model store);
2. refuse to publish a register with errors;
3. grade every risk and plan every page of each edition, each page with a key made
   from the content of exactly the files it shows (plus the code and the templates);
4. reuse the pages whose key has not changed from the previous build (hard links);
5. draw the flowcharts the other pages need (batched `dot`, cached by content);
6. render those pages with Jinja, on every core;
7. write the assets and the search index, then swap each edition into place at once,
   so a failed build leaves the previous site as it was.

The public edition is built from views that carry no risk data at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lianzheng import __version__
from lianzheng.flowchart.dot import flowchart_dot
from lianzheng.flowchart.draw import Chart, ChartCache, draw
from lianzheng.grading.charts import distribution_svg, heatmap_svg
from lianzheng.grading.report import GradedRisk, GradeReport, grade_report
from lianzheng.repo.facts import PowerFact
from lianzheng.repo.findings import Finding
from lianzheng.repo.layout import TEMPLATES_DIR, UNIT_FILE
from lianzheng.repo.names import Names
from lianzheng.repo.repository import Repository
from lianzheng.repo.scan import jobs_default
from lianzheng.repo.storage import Cache, code_fingerprint, gc_paused
from lianzheng.report.grade import model_text
from lianzheng.rules.validate import all_findings, errors_of
from lianzheng.site.templating import TEMPLATES, environment, template_fingerprint, trusted
from lianzheng.site.views import (
    INTERNAL,
    PUBLIC,
    Lookup,
    benchmark_view,
    catalogue_view,
    department_href,
    home_view,
    post_href,
    power_href,
    power_view,
    register_row,
    register_view,
    risk_href,
    risk_view,
    slug,
)
from lianzheng.spec.models import DiscretionBenchmark, Power, RiskRegister
from lianzheng.spec.terms import label

EDITIONS = (PUBLIC, INTERNAL)
DUE_SOON_DAYS = 30
# Below this many pages to render, worker processes cost more than they save.
PARALLEL_PAGES = 64


class PublishRefused(Exception):
    """The register has errors: nothing is published."""

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class Page:
    path: str  # relative to the edition's folder
    template: str
    kind: str  # power, risk, department, post, or an aggregate page's name
    arg: str | None
    key: str
    source: str | None = None  # the data file a power/risk page is drawn from

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


@dataclass
class EditionResult:
    path: Path
    pages: int = 0
    rendered: int = 0
    reused: int = 0


@dataclass
class PublishResult:
    editions: dict[str, EditionResult] = field(default_factory=dict)
    charts_drawn: int = 0
    failed_charts: list[Chart] = field(default_factory=list)


def head_commit_date(root: Path) -> dt.date | None:
    """The date of the repository's HEAD commit, or None outside git."""
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", "HEAD"],
                              capture_output=True, text=True, check=False, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return dt.date.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:
        return None


def _h(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _fingerprint(view: Any) -> str:
    """A hash of a page's view (built in a fixed order, so equal views serialise alike)."""
    text = json.dumps(view, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def inline_svg(data: bytes, name: str) -> str:
    """Graphviz's SVG, fit to sit inside a page: no XML prolog, doctype or comments, and an
    accessible name. Its width and height (in pt) stay: the style sheet lets it shrink to
    a phone's width but never draws it larger than Graphviz made it."""
    text = data.decode("utf-8")
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    return text.replace("<svg", f'<svg role="img" aria-label="{name}" class="flow-svg"', 1).strip()


@dataclass
class SiteBuild:
    """Everything the pages of one publish are made from; forked into the page workers."""

    repo: Repository
    graded: GradeReport
    as_of: dt.date
    editions: tuple[str, ...]
    _views: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # of the aggregate pages
    drawings: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (edition, power) -> SVG
    fragments: dict[str, str] = field(default_factory=dict)  # rendered table rows, by content
    new_fragments: dict[str, str] = field(default_factory=dict)
    _site: dict[str, dict[str, Any]] = field(default_factory=dict)  # per edition

    @cached_property
    def lookup(self) -> Lookup:
        return Lookup.build(self.repo.names, self.repo.laws)

    @cached_property
    def names(self) -> Names:
        return self.repo.names

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

    # --- keys ---------------------------------------------------------------------------

    @cached_property
    def base_key(self) -> str:
        laws = sorted(path for path, f in self.repo.files.items() if f.laws)
        return _h(code_fingerprint(), template_fingerprint(self.repo.root / TEMPLATES_DIR),
                  self.repo.digests.get(UNIT_FILE, ""), *(self.repo.digests[p] for p in laws))

    def power_key(self, edition: str, p: PowerFact) -> str:
        files = [p.path, *self.benchmark_files.get(p.id, [])]
        return _h(self.base_key, edition, "power", p.id, *(f"{f}:{self.repo.digests[f]}" for f in files))

    # --- the plan -----------------------------------------------------------------------

    def plan(self, edition: str) -> list[Page]:
        """Every page of an edition with its key. A page that lists many things (the
        catalogue, the register, a department) is keyed by a hash of exactly what it shows,
        built here from the facts; a page of one power or risk by the files it is drawn from."""
        pages = []
        for path, (template, kind, arg, view) in self.aggregates(edition).items():
            self._views[(edition, path)] = view
            pages.append(Page(path, template, kind, arg, _h(self.base_key, edition, path, _fingerprint(view))))
        allowed = self.public_ids[edition]
        benchmarked = sorted((pid, f, self.repo.digests[f], allowed[pid].name)
                             for pid, files in self.benchmark_files.items() if pid in allowed for f in files)
        pages.append(Page("benchmarks.html", "benchmarks.html", "benchmarks", None,
                          _h(self.base_key, edition, "benchmarks", *benchmarked)))
        pages.append(Page("search.html", "search.html", "search", None, _h(self.base_key, edition, "search")))
        pages += [Page(power_href(p.id), "power.html", "power", p.id, self.power_key(edition, p), p.path)
                  for p in self.powers_of(edition)]
        if edition == INTERNAL:
            for g in self.graded.risks:
                r = g.risk
                key = _h(self.base_key, "risk", r.id, self.repo.digests[r.path], self.as_of)
                pages.append(Page(risk_href(r.id), "risk.html", "risk", r.id, key, r.path))
        return sorted(pages, key=lambda p: p.path)

    def aggregates(self, edition: str) -> dict[str, tuple[str, str, str | None, dict[str, Any]]]:
        """path -> (template, kind, arg, the page's own context) of every page built from facts."""
        out: dict[str, tuple[str, str, str | None, dict[str, Any]]] = {}
        measures = [m for g in self.graded.risks for m in g.risk.measures]
        overdue = sum(1 for m in measures if m.due and m.due < self.as_of and m.status != "done")
        allowed = self.public_ids[edition]
        n_benchmarks = sum(1 for b in self.repo.benchmarks() if b.power in allowed)
        out["index.html"] = ("index.html", "index", None, {"page_title": "首页", "home": home_view(
            self.powers_of(edition), n_benchmarks, self.graded if edition == INTERNAL else None,
            overdue, len(measures))})
        out["catalogue.html"] = ("catalogue.html", "catalogue", None, {"page_title": "职权目录", "catalogue":
                                 catalogue_view(self.powers_of(edition), self.lookup, bool(self.benchmark_files))})
        if edition != INTERNAL:
            return out
        out["register.html"] = ("register.html", "register", None, {
            "page_title": "廉政风险登记表",
            "register": register_view(self.graded, self.lookup, [(g.risk.id, self.row_keys[g.risk.id])
                                                                 for g in self.graded.risks])})
        charts = [{"key": by, "title": t, "svg": trusted(distribution_svg(self.graded, by))}
                  for by, t in (("department", "按科室分布"), ("category", "按风险类别分布"),
                                ("area", "按重点领域分布"), ("leader", "按责任领导分布"))]
        out["overview.html"] = ("overview.html", "overview", None, {"page_title": "风险分析", "overview": {
            "model": model_text(self.graded, "zh"), "heatmap": trusted(heatmap_svg(self.graded)),
            "distributions": charts}})
        out["measures.html"] = ("measures.html", "measures", None,
                                {"page_title": "措施落实", "measures": self.measures_view()})
        departments = {d: self.department_view(d) for d in sorted(self.lookup.departments)}
        out["organization.html"] = ("organization.html", "organization", None,
                                    {"page_title": "科室与岗位", "org": {"departments": list(departments.values())}})
        for d, view in departments.items():
            out[department_href(d)] = ("department.html", "department", d, {"page_title": view["name"], "dept": view})
        for p in sorted(self.lookup.posts):
            view = self.post_view(p)
            out[post_href(p)] = ("post.html", "post", p, {"page_title": view["name"], "post": view})
        return out

    # --- views --------------------------------------------------------------------------

    def site_info(self, edition: str) -> dict[str, Any]:
        if edition not in self._site:
            self._site[edition] = self._site_info(edition)
        return self._site[edition]

    def _site_info(self, edition: str) -> dict[str, Any]:
        unit = self.repo.unit
        publish = unit.settings.publish if unit is not None and unit.settings is not None else None
        name = str(unit.name) if unit is not None and unit.name else ""
        nav = [("index.html", "首页", "home"), ("catalogue.html", "职权目录", "catalogue"),
               ("benchmarks.html", "裁量基准", "benchmarks"), ("search.html", "搜索", "search")]
        if edition == INTERNAL:
            nav += [("register.html", "风险登记表", "register"), ("overview.html", "风险分析", "overview"),
                    ("measures.html", "措施落实", "measures"), ("organization.html", "科室与岗位", "organization")]
        title = (publish.title if publish is not None and publish.title else f"{name}权力运行公开")
        return {
            "edition": edition, "internal": edition == INTERNAL,
            "title": title + ("（内部版）" if edition == INTERNAL else ""),
            "unit_name": name, "unit_type": label("unit_type", unit.type) if unit is not None and unit.type else "",
            "region": unit.region if unit is not None else "",
            "supervision_phone": unit.supervision_phone if unit is not None else "",
            "website": unit.website if unit is not None else "",
            "footer": publish.footer if publish is not None else "",
            "as_of": self.as_of.isoformat(), "version": __version__,
            "nav": [{"href": h, "label": lab, "key": k} for h, lab, k in nav],
        }

    @cached_property
    def public_ids(self) -> dict[str, dict[str, PowerFact]]:
        return {e: {p.id: p for p in self.powers_of(e)} for e in EDITIONS}

    def benchmark_views(self, edition: str, power: str | None = None) -> list[dict[str, Any]]:
        allowed = self.public_ids[edition]
        if power is not None:
            files = sorted(self.benchmark_files.get(power, ())) if power in allowed else []
        else:
            files = sorted({f for pid, fs in self.benchmark_files.items() if pid in allowed for f in fs})
        views = []
        for path in files:
            for doc in self.repo.models_of(path):
                if isinstance(doc, DiscretionBenchmark) and str(doc.power) in allowed and (power is None or doc.power == power):
                    views.append(benchmark_view(doc, self.lookup, allowed[str(doc.power)].name or ""))
        return sorted(views, key=lambda v: (v["power_id"], v["id"]))

    def context(self, edition: str, page: Page, svgs: dict[tuple[str, str], str]) -> dict[str, Any]:
        base = {"site": self.site_info(edition), "root": page.root}
        kind = page.kind
        if (edition, page.path) in self._views:
            view = self._views[(edition, page.path)]
            if kind == "register":
                return {**base, **view, "rows_html": self.rows_html("register_row", view["register"]["rows"], page.root)}
            if kind in ("department", "post"):
                rows = view["dept" if kind == "department" else "post"]["risks"]
                return {**base, **view, "rows_html": self.rows_html("risk_row", rows, page.root)}
            return {**base, **view}
        if kind == "benchmarks":
            return {**base, "page_title": "行政裁量权基准", "benchmarks": self.benchmark_views(edition)}
        if kind == "search":
            return {**base, "page_title": "搜索"}
        if kind == "power":
            power = next(d for d in self.repo.models_of(page.source or "") if isinstance(d, Power) and d.id == page.arg)
            svg = svgs.get((edition, str(power.id)), "")
            view = power_view(power, self.lookup, self.benchmark_views(edition, str(power.id)), svg, edition,
                              self.graded_by_id)
            return {**base, "page_title": f"{power.id} {power.name}", "power": view}
        if kind == "risk" and edition == INTERNAL:
            holder, risk = next((d, r) for d in self.repo.models_of(page.source or "")
                                if isinstance(d, (Power, RiskRegister))
                                for r in d.risks or () if r is not None and r.id == page.arg)
            view = risk_view(risk, self.graded_by_id.get(str(risk.id)), self.lookup, self.as_of,
                             self.repo.settings.review_cycle_days, holder if isinstance(holder, Power) else None)
            return {**base, "page_title": f"{risk.id} {risk.title}", "risk": view}
        raise ValueError(kind)

    def measures_view(self) -> dict[str, Any]:
        overdue, soon, total, done = [], [], 0, 0
        horizon = self.as_of + dt.timedelta(days=DUE_SOON_DAYS)
        for g in self.graded.risks:
            for m in g.risk.measures:
                total += 1
                if m.status == "done":
                    done += 1
                    continue
                if m.due is None:
                    continue
                row = {"due": m.due.isoformat(), "risk_id": g.risk.id, "risk_title": g.risk.title or "",
                       "risk_href": risk_href(g.risk.id), "id": m.id, "text": m.text, "owner": m.owner,
                       "status": label("measure_status", m.status or "planned")}
                if m.due < self.as_of:
                    overdue.append(row)
                elif m.due <= horizon:
                    soon.append(row)
        key = lambda r: (r["due"], r["risk_id"], r["id"] or "")  # noqa: E731
        return {"overdue": sorted(overdue, key=key), "due_soon": sorted(soon, key=key), "total": total,
                "done": done, "window": DUE_SOON_DAYS}

    @cached_property
    def row_keys(self) -> dict[str, str]:
        """Risk id -> a key of everything its row in a risk table shows: the row is drawn
        from the risk's own file and the names and settings of the unit (in `base_key`)."""
        return {g.risk.id: _h(self.base_key, self.repo.digests[g.risk.path], g.risk.id) for g in self.graded.risks}

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

    def department_view(self, did: str) -> dict[str, Any]:
        unit = self.repo.unit
        dept = next((d for d in unit.departments or () if d is not None and d.id == did), None) if unit else None
        rows = self.risks_by["department"].get(did, [])
        finals = [self.graded_by_id[r].final for r in rows]
        grades = {g: finals.count(g) for g in ("high", "medium", "low")}
        return {
            "id": did, "name": self.lookup.departments.get(did, did), "href": department_href(did),
            "leader": self.lookup.leader_titles.get(str(dept.leader), str(dept.leader)) if dept and dept.leader else "",
            "head": dept.head if dept else "",
            "posts": [{"name": self.lookup.posts[p], "href": post_href(p)}
                      for p in sorted(p for p, d in self.lookup.post_department.items() if d == did)],
            "powers": [{"id": p.id, "name": p.name, "href": power_href(p.id),
                        "category_label": label("power_category", p.category)}
                       for p in self.powers_by["subject"].get(did, [])],
            "risks": [(r, self.row_keys[r]) for r in rows], "grades": grades,
        }

    def post_view(self, pid: str) -> dict[str, Any]:
        department = self.lookup.post_department.get(pid)
        return {
            "id": pid, "name": self.lookup.posts.get(pid, pid),
            "department": self.lookup.departments.get(department or "", department or ""),
            "department_href": department_href(department) if department in self.lookup.departments else None,
            "powers": [{"id": p.id, "name": p.name, "href": power_href(p.id)} for p in self.powers_by["actor"].get(pid, [])],
            "risks": [(r, self.row_keys[r]) for r in self.risks_by["post"].get(pid, [])],
        }

    def rows_html(self, macro: str, rows: list[tuple[str, str]], root: str) -> list[Any]:
        """Table rows (risk id, row key) through a macro of rows.html, each rendered once and
        remembered by its key: the register and the department and post pages show the same
        12,000 rows, and a small change leaves almost all of them as they were."""
        render = getattr(self.env.get_template("rows.html").module, macro)
        out = []
        for rid, row_key in rows:
            key = f"{macro}|{root}|{row_key}"
            html = self.fragments.get(key) or self.new_fragments.get(key)
            if html is None:
                row = register_row(self.graded_by_id[rid], self.lookup)
                html = self.new_fragments[key] = str(render(row, root))
            out.append(trusted(html))
        return out

    def search_index(self, edition: str) -> str:
        entries = []
        for p in self.powers_of(edition):
            subject = self.lookup.actor(p.subject)
            entries.append({"u": power_href(p.id), "t": f"{p.id} {p.name or ''}",
                            "k": label("power_category", p.category), "s": " ".join(x for x in (subject, p.content or "") if x)})
        allowed = self.public_ids[edition]
        for b in sorted(self.repo.benchmarks(), key=lambda b: (b.power or "", b.id)):
            if b.power in allowed:
                entries.append({"u": f"{power_href(b.power)}#bm-{slug(b.id)}", "t": b.violation or b.id, "k": "裁量基准",
                                "s": f"{b.power} {allowed[b.power].name or ''}"})
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
        # `<` escaped: no text of the data can ever read as markup, wherever the index goes
        body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        return f"window.LZ_SEARCH = {body};\n"

    def render_page(self, edition: str, page: Page, svgs: dict[tuple[str, str], str]) -> bytes:
        template = self.env.get_template(page.template)
        return template.render(**self.context(edition, page, svgs)).encode("utf-8")


# --- the pipeline ----------------------------------------------------------------------

_BUILD: SiteBuild | None = None  # the build a forked page worker renders from


def _render_batch(args: tuple[list[tuple[str, Page]], dict[str, str]]
                  ) -> tuple[list[tuple[str, str, int, int]], dict[str, str]]:
    """A worker's job: render and write some pages. The drawings come with the build the
    worker was forked from (never pickled through a pipe: they are most of the site's bytes)."""
    jobs, folders = args
    assert _BUILD is not None
    drawings = _BUILD.drawings
    out = []
    with gc_paused():
        for edition, page in jobs:
            target = Path(folders[edition], page.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            svg = {}
            if page.kind == "power" and (edition, page.arg) in drawings:
                name = f"{page.arg} 权力运行流程图"
                svg = {(edition, page.arg): trusted(inline_svg(drawings[(edition, page.arg or "")], name))}
            target.write_bytes(_BUILD.render_page(edition, page, svg))
            st = target.stat()
            out.append((edition, page.path, st.st_size, st.st_mtime_ns))
        _BUILD.repo.forget_models()  # jobs come grouped by file: do not hold the city in memory
    fresh, _BUILD.new_fragments = _BUILD.new_fragments, {}
    return out, fresh


def _manifest_name(out: Path, edition: str) -> str:
    return f"publish-{_h(out.resolve())[:12]}-{edition}"


def publish(
    repo: Repository,
    *,
    out: str | os.PathLike[str] | None = None,
    audience: str = "all",
    as_of: dt.date | None = None,
    cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> PublishResult:
    global _BUILD
    # 1. the repository, opened with its models by the caller
    root = repo.root
    as_of = as_of or head_commit_date(root) or dt.date.today()
    # 2. refuse a register with errors
    errors = errors_of(all_findings(repo, as_of))
    if errors:
        raise PublishRefused(errors)
    # 3. grade and plan
    editions = EDITIONS if audience == "all" else (audience,)
    build = SiteBuild(repo, grade_report(repo), as_of, editions)
    store = Cache(root, cache)
    build.fragments = store.load("fragments") or {}
    target = Path(out) if out is not None else root / "site"
    target.mkdir(parents=True, exist_ok=True)
    outcome = PublishResult()
    folders: dict[str, str] = {}
    todo: list[tuple[str, Page]] = []
    manifests: dict[str, dict[str, tuple[str, int, int]]] = {}
    reusable: list[tuple[str, Page, tuple[str, int, int]]] = []
    for edition in editions:
        final = target / edition
        building = target / f".{edition}.building-{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        folders[edition] = str(building)
        plan = build.plan(edition)
        previous: dict[str, tuple[str, int, int]] = store.load(_manifest_name(target, edition)) or {}
        manifests[edition] = {}
        outcome.editions[edition] = EditionResult(final, pages=len(plan))
        for page in plan:
            old = previous.get(page.path)
            if old is not None and old[0] == page.key:
                reusable.append((edition, page, old))
            else:
                todo.append((edition, page))
    n_jobs = max(1, jobs or jobs_default())
    _BUILD = build
    try:
        # 4. reuse what has not changed: hard links, made by a thread (the system calls
        #    release the interpreter) while the changed pages are drawn and rendered
        with ThreadPoolExecutor(max_workers=1) as linker:
            linked = linker.submit(_reuse_all, reusable, target, folders)
            parallel = len(todo) >= PARALLEL_PAGES and n_jobs > 1
            if parallel:
                linked.result()  # never fork worker processes while another thread runs
            # 5. flowcharts for the power pages to render
            with _pool(parallel, n_jobs) as pool:
                _flowcharts(build, todo, cache, n_jobs, outcome, pool)
            if outcome.failed_charts:
                raise ChartsFailed(outcome.failed_charts)
            # 6. pages, by workers forked now so that they hold the drawings
            with _pool(parallel, n_jobs) as pool:
                _render_pages(todo, folders, n_jobs, progress, on_total, manifests, outcome, pool)
            stale = []
            for edition, page, old in reusable:
                if (edition, page.path) in linked.result():
                    manifests[edition][page.path] = old
                    outcome.editions[edition].reused += 1
                else:  # gone or edited since: render it after all
                    stale.append((edition, page))
        if stale:
            _flowcharts(build, stale, cache, n_jobs, outcome, None)
            if outcome.failed_charts:
                raise ChartsFailed(outcome.failed_charts)
            _render_pages(stale, folders, n_jobs, progress, None, manifests, outcome, None)
        # 7. assets, search index, swap
        for edition in editions:
            building = Path(folders[edition])
            _write_assets(build, edition, building)
            _swap(building, target / edition)
            store.save(_manifest_name(target, edition), manifests[edition])
        if build.new_fragments:
            # keep the rows still shown: the cache does not grow with every edit
            shown = {f"{m}|{r}|{k}" for k in build.row_keys.values() for m, r in (("register_row", ""), ("risk_row", "../"))}
            store.save("fragments", {k: v for k, v in {**build.fragments, **build.new_fragments}.items() if k in shown})
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        _BUILD = None
    return outcome


def _reuse_all(reusable: list[tuple[str, Page, tuple[str, int, int]]], target: Path,
               folders: dict[str, str]) -> set[tuple[str, str]]:
    """Link every reusable page; the (edition, path) of those linked."""
    done = set()
    made = set(folders.values())
    for edition, page, old in reusable:
        if _reuse(str(target / edition), folders[edition], page.path, old, made):
            done.add((edition, page.path))
    return done


def _reuse(final: str, building: str, path: str, old: tuple[str, int, int], made: set[str]) -> bool:
    """Hard-link a page of the previous build into the new one, if it is still the file
    that build wrote (same size and time: nobody edited it since)."""
    source = os.path.join(final, path)
    try:
        st = os.stat(source)
    except OSError:
        return False
    if (st.st_size, st.st_mtime_ns) != old[1:]:
        return False
    dest = os.path.join(building, path)
    parent = os.path.dirname(dest)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)
    return True


class ChartsFailed(Exception):
    def __init__(self, charts: list[Chart]) -> None:
        super().__init__(", ".join(c.power for c in charts))
        self.charts = charts


def _dot_batch(jobs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A worker's job: the DOT source of each (edition, power id, file)."""
    assert _BUILD is not None
    out = []
    with gc_paused():
        for edition, pid, source in jobs:
            power = next(d for d in _BUILD.repo.models_of(source) if isinstance(d, Power) and d.id == pid)
            if power.flow is not None:
                out.append((edition, pid, flowchart_dot(power, _BUILD.names, edition, grades=_BUILD.grades)))
        _BUILD.repo.forget_models()
    return out


def _batches(items: list[Any], n_jobs: int, largest: int = 200) -> list[list[Any]]:
    size = max(1, min(largest, len(items) // (n_jobs * 8) or 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


@contextlib.contextmanager
def _pool(parallel: bool, n_jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    if not parallel:
        yield None
        return
    with ProcessPoolExecutor(max_workers=n_jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def _flowcharts(build: SiteBuild, todo: list[tuple[str, Page]], cache: bool, n_jobs: int,
                outcome: PublishResult, pool: ProcessPoolExecutor | None) -> None:
    """Draw the flowcharts of the power pages to render, into `build.drawings`."""
    wanted = sorted(((page.source or "", edition, page.arg or "") for edition, page in todo if page.kind == "power"))
    jobs = [(edition, pid, source) for source, edition, pid in wanted]
    batches = _batches(jobs, n_jobs)
    results = pool.map(_dot_batch, batches) if pool is not None else map(_dot_batch, batches)
    charts = {(edition, pid): Chart(pid, source) for batch in results for edition, pid, source in batch}
    store = ChartCache(build.repo.root, cache)
    missing = []
    for chart in charts.values():
        chart.data = store.get(chart.source, "svg")
        if chart.data is None:
            missing.append(chart)
    draw(missing, "svg", n_jobs)
    outcome.charts_drawn = len(missing)
    for chart in missing:
        if chart.data is not None:
            store.put(chart.source, "svg", chart.data)
    outcome.failed_charts = [c for c in charts.values() if c.error is not None]
    build.drawings = {key: c.data for key, c in charts.items() if c.data is not None}


def _page_batches(todo: list[tuple[str, Page]], n_jobs: int) -> list[list[tuple[str, Page]]]:
    """Pages drawn from files whose models sit in the same chunk of the model store go to
    one worker, which reads that chunk once; the pages built from facts are spread out."""
    assert _BUILD is not None
    store, digests = _BUILD.repo.store, _BUILD.repo.digests
    groups: dict[str, list[tuple[str, Page]]] = {}
    loose: list[tuple[str, Page]] = []
    for job in sorted(todo, key=lambda j: (j[1].source or "", j[0], j[1].path)):
        source = job[1].source
        chunk = store.index.get(digests.get(source, "")) if store is not None and source else None
        if chunk is None:
            loose.append(job)
        else:
            groups.setdefault(chunk, []).append(job)
    return [*groups.values(), *_batches(loose, n_jobs, largest=25)]


def _render_pages(todo: list[tuple[str, Page]], folders: dict[str, str],
                  n_jobs: int, progress: Callable[[int], None] | None, on_total: Callable[[int], None] | None,
                  manifests: dict[str, dict[str, tuple[str, int, int]]], outcome: PublishResult,
                  pool: ProcessPoolExecutor | None) -> None:
    if on_total:
        on_total(len(todo))
    keys = {(e, p.path): p.key for e, p in todo}
    args = [(b, folders) for b in _page_batches(todo, n_jobs)]
    results = pool.map(_render_batch, args) if pool is not None else map(_render_batch, args)
    _collect(results, keys, manifests, outcome, progress)


def _collect(results: Iterable[tuple[list[tuple[str, str, int, int]], dict[str, str]]],
             keys: dict[tuple[str, str], str], manifests: dict[str, dict[str, tuple[str, int, int]]],
             outcome: PublishResult, progress: Callable[[int], None] | None) -> None:
    assert _BUILD is not None
    for batch, fragments in results:
        _BUILD.new_fragments.update(fragments)
        for edition, path, size, mtime in batch:
            manifests[edition][path] = (keys[(edition, path)], size, mtime)
            outcome.editions[edition].rendered += 1
        if progress:
            progress(len(batch))


def _write_assets(build: SiteBuild, edition: str, folder: Path) -> None:
    assets = folder / "assets"
    assets.mkdir(exist_ok=True)
    for name in ("style.css", "site.js"):
        override = build.repo.root / TEMPLATES_DIR / "assets" / name
        source = override if override.is_file() else TEMPLATES / "assets" / name
        shutil.copyfile(source, assets / name)
    (assets / "search-index.js").write_text(build.search_index(edition), encoding="utf-8")


def _swap(building: Path, final: Path) -> None:
    """Put the new edition in place of the old one with two renames."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.rename(final, old)
    os.rename(building, final)
    shutil.rmtree(old, ignore_errors=True)

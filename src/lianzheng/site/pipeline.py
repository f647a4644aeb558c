"""`lz publish`: the public disclosure site and the internal edition (art. 10).

`publish()` reads as a pipeline, one stage per step below. The public edition is built
from views that carry no risk data at all. Each edition's folder is updated in place:
only the pages whose key changed are built, staged, and moved into place together at
the end (a failed run leaves the site as it was); pages that vanished are removed; a
file lz did not write is never touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lianzheng.flowchart.draw import CHARTS_KEPT_PER_POWER, Chart, ChartCache
from lianzheng.grading.report import grade_report
from lianzheng.repo.findings import Finding
from lianzheng.repo.layout import TEMPLATES_DIR, Refused
from lianzheng.repo.repository import Repository
from lianzheng.repo.scan import jobs_default
from lianzheng.repo.storage import ForeignFile, OutputFolder
from lianzheng.rules.validate import all_findings, errors_of
from lianzheng.site import workers
from lianzheng.site.build import ASSETS, SiteBuild
from lianzheng.site.pages import EDITIONS, Page, digest, search_shard_href
from lianzheng.site.templating import refused_overrides

# Below this many pages to render, worker processes cost more than they save.
PARALLEL_PAGES = 64
# Power pages drawn and rendered at a time (their drawings held meanwhile: some 25 MB).
CHART_CHUNK = 2000

__all__ = ["ChartsFailed", "ForeignFile", "PublishRefused", "PublishResult", "publish"]


class PublishRefused(Exception):
    """The register has errors: nothing is published."""

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class ChartsFailed(Exception):
    def __init__(self, charts: list[Chart]) -> None:
        super().__init__(", ".join(c.power for c in charts))
        self.charts = charts


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
    # the unit's templates and assets not used (a link out of the repository…), by their
    # path relative to the root, with why: the site's own of that name was used instead
    refused_templates: dict[str, Refused] = field(default_factory=dict)


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


def lz_made(rel: str, path: Path) -> bool:
    """A file an earlier lz wrote into a site it did not yet keep a manifest of: a page
    carrying lz's generator tag, or one of its assets."""
    if rel.endswith(".html"):
        with open(path, "rb") as fh:
            return b'<meta name="generator" content="lianzheng ' in fh.read(2048)
    return rel in {f"assets/{a}" for a in ASSETS} or (rel.startswith("assets/search-index") and rel.endswith(".js"))


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
    """Publish the repository (opened with its models) into `out` (default `site/` at its
    root): `public/` and `internal/`, or the one edition `audience` names."""
    # 1. the date everything is judged at: the HEAD commit's, so the same input gives the same bytes
    as_of = as_of or head_commit_date(repo.root) or dt.date.today()
    # 2. refuse a register with errors
    errors = errors_of(all_findings(repo, as_of))
    if errors:
        raise PublishRefused(errors)
    # 3. every risk graded, once
    build = SiteBuild(repo, grade_report(repo), as_of)
    target = Path(out) if out is not None else repo.root / "site"
    editions = EDITIONS if audience == "all" else (audience,)
    _remove_leftovers(target, editions)
    # 4. plan each edition: a page whose key its folder's manifest holds stays as it is
    outcome = PublishResult(refused_templates={
        (TEMPLATES_DIR if name == "." else f"{TEMPLATES_DIR}/{name}"): why
        for name, why in refused_overrides(repo.root / TEMPLATES_DIR).items()})
    folders = {e: OutputFolder(target / e, adopt=lz_made) for e in editions}
    todo: list[tuple[str, Page, str]] = []
    for edition in editions:
        folder, plan = folders[edition], build.plan(edition)
        result = outcome.editions[edition] = EditionResult(target / edition, pages=len(plan))
        for page in plan:
            if folder.key(page.path) == page.key:
                folder.keep(page.path)
                result.reused += 1
            else:
                todo.append((edition, page, str(folder.claim(page.path))))
    n_jobs = max(1, jobs or jobs_default())
    if on_total:
        on_total(len(todo))
    # power pages by file, so that a chunk reads few chunks of the model store
    power_pages = sorted((job for job in todo if job[1].kind == "power"),
                         key=lambda j: (j[1].source or "", j[0], j[1].path))
    other_pages = [job for job in todo if job[1].kind != "power"]
    try:
        # 5. the power pages, CHART_CHUNK at a time: their flowcharts (batched dot, cached by
        #    content), then the pages, by workers forked then so that they hold the drawings;
        #    the drawings go before the next chunk (a province's site is not held at once)
        store = ChartCache(repo.root, cache, keep=CHARTS_KEPT_PER_POWER * max(1, len(build.powers)))
        for first in range(0, len(power_pages), CHART_CHUNK):
            chunk = power_pages[first:first + CHART_CHUNK]
            parallel = len(chunk) >= PARALLEL_PAGES and n_jobs > 1
            with _pool(parallel, n_jobs, build) as pool:
                outcome.charts_drawn += _flowcharts(build, chunk, store, n_jobs, pool)
            with _pool(parallel, n_jobs, build) as pool:
                _render(build, chunk, n_jobs, pool, folders, outcome, progress)
            build.drawings = {}
            repo.forget_models()
        store.trim()
        # 6. the other pages (lists, risks, departments...)
        parallel = len(other_pages) >= PARALLEL_PAGES and n_jobs > 1
        with _pool(parallel, n_jobs, build) as pool:
            _render(build, other_pages, n_jobs, pool, folders, outcome, progress)
        # 7. the assets and the search index, written when they changed
        for edition in editions:
            _assets(build, edition, folders[edition])
        # 8. everything into place at once; what vanished goes
        for folder in folders.values():
            folder.commit()
    except BaseException:
        for folder in folders.values():
            folder.abort()
        raise
    return outcome


def _remove_leftovers(target: Path, editions: tuple[str, ...]) -> None:
    """Folders an earlier lz built a site in and was killed before it swapped them in."""
    if not target.is_dir():
        return
    for edition in editions:
        for leftover in target.glob(f".{edition}.building-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in target.glob(f".{edition}.old-*"):
            if leftover.is_symlink() or leftover.is_file():
                leftover.unlink()
            else:
                shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _pool(parallel: bool, n_jobs: int, build: SiteBuild) -> Iterator[ProcessPoolExecutor | None]:
    """Workers forked from this process, one fewer than the jobs: this process is the
    last one (see `_spread`), so that one copy fewer of the register is held."""
    if not parallel:
        yield None
        return
    with ProcessPoolExecutor(max_workers=max(1, n_jobs - 1), mp_context=multiprocessing.get_context("fork"),
                             initializer=workers.start, initargs=(build,)) as pool:
        yield pool


R = TypeVar("R")


def _spread(fn: Callable[..., R], batches: list[Any], build: SiteBuild, n_jobs: int,
            pool: ProcessPoolExecutor | None) -> Iterator[R]:
    """`fn` over the batches, in their order: the pool's workers take the first ones and
    this process works through its share of the last ones meanwhile."""
    if pool is None:
        yield from (fn(batch, build=build) for batch in batches)
        return
    own = len(batches) // n_jobs if n_jobs > 1 else 0
    futures = [pool.submit(fn, batch) for batch in batches[:len(batches) - own]]
    done = [fn(batch, build=build) for batch in batches[len(batches) - own:]]
    for future in futures:
        yield future.result()
    yield from done


def _batches(items: list[Any], n_jobs: int, largest: int = 200) -> list[list[Any]]:
    size = max(1, min(largest, len(items) // (n_jobs * 8) or 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _flowcharts(build: SiteBuild, pages: list[tuple[str, Page, str]], store: ChartCache, n_jobs: int,
                pool: ProcessPoolExecutor | None) -> int:
    """Draw the flowcharts of the power pages to render into `build.drawings`; how many
    were drawn (not from the cache). Raises ChartsFailed naming a chart Graphviz rejects."""
    wanted = sorted((page.source or "", edition, page.arg or "") for edition, page, _ in pages)
    batches = _batches([(edition, pid, source) for source, edition, pid in wanted], n_jobs)
    results = _spread(workers.dot_batch, batches, build, n_jobs, pool)
    charts = {(edition, pid): Chart(pid, source) for batch in results for edition, pid, source in batch}
    drawn = store.fill(list(charts.values()), "svg", n_jobs)
    failed = [c for c in charts.values() if c.error is not None]
    if failed:
        raise ChartsFailed(failed)
    build.drawings = {key: c.data for key, c in charts.items() if c.data is not None}
    return drawn


def _page_batches(build: SiteBuild, todo: list[tuple[str, Page, str]], n_jobs: int) -> list[list[tuple[str, Page, str]]]:
    """Pages drawn from files whose models sit in the same chunk of the model store go to
    one worker, which reads that chunk once; the pages built from facts are spread out."""
    store, digests = build.repo.store, build.repo.digests
    groups: dict[str, list[tuple[str, Page, str]]] = {}
    loose: list[tuple[str, Page, str]] = []
    for job in sorted(todo, key=lambda j: (j[1].source or "", j[0], j[1].path)):
        source = job[1].source
        chunk = store.index.get(digests.get(source, "")) if store is not None and source else None
        if chunk is None:
            loose.append(job)
        else:
            groups.setdefault(chunk, []).append(job)
    return [*groups.values(), *_batches(loose, n_jobs, largest=25)]


def _render(build: SiteBuild, todo: list[tuple[str, Page, str]], n_jobs: int, pool: ProcessPoolExecutor | None,
            folders: dict[str, OutputFolder], outcome: PublishResult, progress: Callable[[int], None] | None) -> None:
    if not todo:
        return
    keys = {(edition, page.path): (page.key, page.source) for edition, page, _ in todo}
    batches = _page_batches(build, todo, n_jobs)
    for done in _spread(workers.render_batch, batches, build, n_jobs, pool):
        for edition, path in done:
            folders[edition].record(path, *keys[(edition, path)])
            outcome.editions[edition].rendered += 1
        if progress:
            progress(len(done))


def _assets(build: SiteBuild, edition: str, folder: OutputFolder) -> None:
    files = dict(build.assets())
    for n, shard in enumerate(build.search_shards(edition), 1):
        files[search_shard_href(n)] = shard
    for rel, data in sorted(files.items()):
        key = digest(rel, data)
        if folder.key(rel) == key:
            folder.keep(rel)
        else:
            folder.write(rel, data, key)

"""`lz assess --trend`: the score as the register moved through git history.

The points (SPEC.md): the last commit of each month (`every="month"`) or each tagged commit
(`every="tag"`) dated from `since` (default a year before `as_of`) to `as_of`, each scored
as of its own commit date. "The last commit of a month" is the branch's state at the end
of it: HEAD's history along first parents (a merged branch's own commits never were a
state of it), the newest of the month. The tags are those of HEAD's history; a commit
with several tags is one point. A commit whose tree has no unit (no `lianzheng.yaml` in
the unit's folder yet) has nothing to score and gives no point. Each point is scored as
the plain score is, from its own files: its settings, and the warnings of its own signals
and disposals (`lz warn` as of its date).

Every point is read from git objects, as `lz diff` reads its sides: nothing is checked
out. A file's content has one blob id in every commit, and what the document stage makes
of a file depends only on its path and content, so each (path, blob) goes through the
stage once for the whole trend: a point costs its changed files plus the repository-wide
work on facts, and 12 monthly points cost far less than 12 cold runs. A file whose content
is the same as in the repository the command already opened (`seed`: the working tree)
takes that result too, so most of the first point costs reading its blobs; the other
files of the first point go through the stage on all cores, as a scan does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from lianzheng.assess import TrendPoint, assess
from lianzheng.assess.inputs import register_warnings
from lianzheng.repo.gitread import (
    commit_dates,
    first_parent_history,
    read_objects,
    resolve,
    tags_of,
    toplevel,
    tree_files,
)
from lianzheng.repo.layout import UNIT_FILE, is_data_path
from lianzheng.repo.repository import Repository
from lianzheng.repo.scan import PARALLEL_THRESHOLD, FileResult, jobs_default
from lianzheng.repo.storage import digest
from lianzheng.rules.stage import STAGE

EVERY = ("month", "tag")


class Point(NamedTuple):
    commit: str
    date: dt.date
    tags: tuple[str, ...] = ()


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def month_ends(top: Path, since: dt.date, as_of: dt.date) -> list[Point]:
    """The last commit of each month from `since` to `as_of`, oldest first."""
    last: dict[tuple[int, int], Point] = {}
    for c in first_parent_history(top):  # newest first: the first seen of a month is its last
        day = dt.date.fromisoformat(c.date)
        if since <= day <= as_of:
            last.setdefault((day.year, day.month), Point(c.commit, day))
    return [last[m] for m in sorted(last)]


def tagged(top: Path, since: dt.date, as_of: dt.date) -> list[Point]:
    """Each tagged commit of HEAD's history from `since` to `as_of`, by date, then tag."""
    tags = tags_of(top)
    dates = commit_dates(top, sorted(tags))
    points = [Point(c, dt.date.fromisoformat(dates[c]), tuple(names)) for c, names in tags.items() if c in dates]
    return sorted((p for p in points if since <= p.date <= as_of), key=lambda p: (p.date, p.tags))


def points_of(top: Path, every: str, since: dt.date, as_of: dt.date) -> list[Point]:
    if every not in EVERY:
        raise ValueError(every)
    return month_ends(top, since, as_of) if every == "month" else tagged(top, since, as_of)


def _keep_models(result: FileResult) -> FileResult:
    """The stage's result of a file, holding its models only when the file holds several
    powers (the `flowcharts` indicator asks them whose step a C003 finding is)."""
    if len(result.facts.powers) < 2:
        result.models = None
    return result


def _stage(batch: list[tuple[str, bytes]]) -> list[FileResult]:
    """A worker's job: files through the document stage."""
    return [_keep_models(STAGE.check(rel, raw, want_models=True)) for rel, raw in batch]


class StageResults:
    """The document stage's result of each (path, blob) seen so far. `seed`: a repository
    already through the stage (the working tree), whose result of a file is reused for
    the same path and content."""

    def __init__(self, jobs: int | None = None, seed: Repository | None = None) -> None:
        self.results: dict[tuple[str, str], FileResult] = {}
        self.jobs = jobs or jobs_default()
        self.seed = seed
        self.checked = 0  # files that went through the stage: what the trend cost

    def _seeded(self, rel: str, raw: bytes) -> FileResult | None:
        seed = self.seed
        if seed is None or rel not in seed.results or seed.digests.get(rel) != digest(raw):
            return None
        result = seed.results[rel]
        return result if len(result.facts.powers) < 2 else None  # the seed keeps no models

    def fill(self, top: Path, files: Sequence[tuple[str, str]]) -> None:
        """Put every (path, blob) not yet seen through the stage."""
        todo = [(rel, blob) for rel, blob in files if (rel, blob) not in self.results]
        if not todo:
            return
        raw = read_objects(top, sorted({blob for _, blob in todo}))
        if self.seed is not None:
            for rel, blob in todo:
                seeded = self._seeded(rel, raw[blob] or b"")
                if seeded is not None:
                    self.results[(rel, blob)] = seeded
            todo = [key for key in todo if key not in self.results]
        work = [(rel, raw[blob] or b"") for rel, blob in todo]
        n = self.jobs
        parallel = len(work) >= PARALLEL_THRESHOLD and n > 1
        size = max(1, min(64, len(work) // (n * 8) or 1))
        batches = [work[i:i + size] for i in range(0, len(work), size)]
        with (ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"))
              if parallel else contextlib.nullcontext()) as pool:
            done = pool.map(_stage, batches) if pool is not None else map(_stage, batches)
            results = [r for batch in done for r in batch]
        for key, result in zip(todo, results, strict=True):
            self.results[key] = result
        self.checked += len(todo)


def trend(
    root: Path,
    as_of: dt.date,
    *,
    every: str = "month",
    since: dt.date | None = None,
    jobs: int | None = None,
    seed: Repository | None = None,
) -> list[TrendPoint]:
    """The score of each point of the unit's history at `root` (see the module's docstring),
    oldest first; `seed`: the repository at `root` as the command opened it, whose files'
    results are reused. Raises `GitError` outside git or on an unborn HEAD."""
    root = Path(root).resolve()
    top = toplevel(root)
    resolve(top, "HEAD")  # an unborn HEAD is a bad revision, not a git failure
    rel_root = root.relative_to(top).as_posix()
    prefix = "" if rel_root == "." else rel_root + "/"
    stage = StageResults(jobs, seed)
    out = []
    for point in points_of(top, every, since or year_before(as_of), as_of):
        files = [(f.path[len(prefix):], f.blob) for f in tree_files(top, point.commit, prefix.rstrip("/"))
                 if f.path.startswith(prefix) and is_data_path(f.path[len(prefix):])]
        if not any(rel == UNIT_FILE for rel, _ in files):
            continue
        stage.fill(top, files)
        repo = Repository(root, {rel: stage.results[(rel, blob)] for rel, blob in files})
        scored = assess(repo, point.date, warnings=register_warnings(repo, point.date))
        out.append(TrendPoint(point.commit, point.date, scored.score, scored.indicators, point.tags))
    return out

"""Drawing flowcharts (`lz render`): every power's chart through Graphviz, batched, on
all cores, cached.

One `dot` process per chart costs ~25× more than handing `dot` many files at once, so the
charts that need drawing are written as DOT files and split into one batch per core, each
drawn by a single `dot -T<fmt> -O` process. A chart is cached by the hash of its DOT
source, the format and the Graphviz version: unchanged charts are never drawn again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lianzheng.flowchart.dot import INTERNAL, PUBLIC, flowchart_dot
from lianzheng.grading.report import grade_report
from lianzheng.repo.facts import PowerFact
from lianzheng.repo.layout import cache_dir
from lianzheng.repo.repository import Repository
from lianzheng.repo.scan import jobs_default
from lianzheng.repo.storage import (
    OutputFolder,
    code_fingerprint,
    digest,
    prepare,
    read_cache_file,
    seal,
    sealing,
    unseal,
    write_atomic,
)
from lianzheng.spec.models import Power

# PNGs are drawn at print resolution; the other formats are vectors.
FORMAT_ARGS = {"png": ["-Gdpi=144"], "svg": [], "pdf": []}
INSTALL_HINT = "apt-get install graphviz fonts-noto-cjk"


class GraphvizMissing(Exception):
    """`dot` is not installed."""


@dataclass
class Chart:
    power: str
    source: str  # DOT
    data: bytes | None = None  # the drawing, once drawn
    error: str | None = None
    file: str | None = None  # the power's data file (where the output's manifest keeps it)


@dataclass
class RenderResult:
    charts: list[Chart]
    written: list[Path] = field(default_factory=list)
    from_cache: int = 0
    drawn: int = 0
    without_flow: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Chart]:
        return [c for c in self.charts if c.error is not None]


@functools.cache
def graphviz_version() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(INSTALL_HINT)
    done = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip()


def risk_grades(repo: Repository) -> dict[str, str | None]:
    """Risk id -> its grade, the colours of the internal charts."""
    return {g.risk.id: g.final for g in grade_report(repo).risks}


def chart_of(repo: Repository, fact: PowerFact, audience: str, lanes: bool, lang: str,
             grades: dict[str, str | None]) -> Chart:
    """The DOT source of one power's chart (its model read from its file)."""
    power = next(d for d in repo.models_of(fact.path) if isinstance(d, Power) and d.id == fact.id)
    return Chart(fact.id, flowchart_dot(power, repo.names, audience, lanes, lang, grades), file=fact.path)


def charts_for(repo: Repository, audience: str = INTERNAL, ids: Iterable[str] = (), lanes: bool = False,
               lang: str = "zh") -> tuple[list[Chart], list[str], list[str]]:
    """DOT source for each selected power; also the powers without a flow and unknown ids."""
    selected, without_flow, unknown = select_power_facts(repo, audience, ids)
    grades = risk_grades(repo) if audience == INTERNAL else {}
    return [chart_of(repo, fact, audience, lanes, lang, grades) for fact in selected], without_flow, unknown


# Drawings kept per power: its two editions in two formats (the cache stays a few times
# the size of the charts in use, however often a unit edits and redraws).
CHARTS_KEPT_PER_POWER = 4


class ChartCache:
    """Drawings under `.lz-cache/render-<code>/`, keyed by DOT source, format and Graphviz
    version, compressed and sealed like every cache file (a planted SVG would otherwise be
    inlined into the site). Bounded: `keep` entries at the most, the least recently used
    removed first (a use touches its file), and the folders of other versions of lz go."""

    def __init__(self, root: Path, enabled: bool, keep: int | None = None) -> None:
        self.base = cache_dir(root)
        self.dir = self.base / f"render-{code_fingerprint()}"
        self.enabled = enabled and sealing()
        self.keep = keep
        self._written = 0

    def key(self, source: str, fmt: str) -> str:
        h = hashlib.blake2b(digest_size=16)
        for part in (graphviz_version(), fmt, " ".join(FORMAT_ARGS.get(fmt, [])), code_fingerprint(), source):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def get(self, source: str, fmt: str) -> bytes | None:
        if not self.enabled:
            return None
        path = self.dir / f"{self.key(source, fmt)}.{fmt}"
        try:
            data = unseal(read_cache_file(path))
            if data is None:
                return None
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept when the cache is trimmed
            return zlib.decompress(data)
        except (OSError, zlib.error):
            return None

    def put(self, source: str, fmt: str, data: bytes) -> None:
        if not self.enabled:
            return
        if not self._written:
            self._drop_other_versions()
        if not prepare(self.dir):
            return
        try:
            write_atomic(self.dir / f"{self.key(source, fmt)}.{fmt}", seal(zlib.compress(data, 6)))
            self._written += 1
        except OSError:
            pass

    def fill(self, charts: list[Chart], fmt: str, jobs: int | None = None,
             progress: Callable[[int], None] | None = None) -> int:
        """Each chart's drawing from the cache, or drawn (batched) and kept; how many were
        drawn. `progress` counts the charts found as well as those drawn."""
        missing = []
        for chart in charts:
            chart.data = self.get(chart.source, fmt)
            if chart.data is None:
                missing.append(chart)
        if progress and len(charts) > len(missing):
            progress(len(charts) - len(missing))
        draw(missing, fmt, jobs, progress)
        for chart in missing:
            if chart.data is not None:
                self.put(chart.source, fmt, chart.data)
        return len(missing)

    def _drop_other_versions(self) -> None:
        for old in [self.base / "render", *self.base.glob("render-*")]:
            if old != self.dir and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)

    def trim(self) -> None:
        """After a run that drew new charts: the least recently used entries beyond `keep` go."""
        if not self._written or self.keep is None or not self.enabled:
            return
        try:
            entries = [(e.stat().st_mtime_ns, e.name) for e in os.scandir(self.dir) if e.is_file()]
        except OSError:
            return
        for _, name in sorted(entries)[:max(0, len(entries) - self.keep)]:
            with contextlib.suppress(OSError):
                (self.dir / name).unlink()


# Cairo writes the time of drawing in the local zone: `D:20261201185112+08'00` under
# Asia/Shanghai, `…-05'00` in New York, `…Z` in UTC (and ModDate, should it ever).
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(Z|[+-]\d{2}'\d{2}'?)\)")
# `dot` runs in UTC, so every machine writes the one form that the stamp then replaces.
DOT_ENV_TZ = "UTC"


_SVG_PAGE_ID = re.compile(rb'id="page\d+,\d+_')


def reproducible(data: bytes, fmt: str) -> bytes:
    """Same chart, same bytes, whatever else was in its batch and whenever it was drawn.

    `dot` prefixes the SVG ids of every graph after the first of a batch with `page0,1_`:
    removed. Cairo stamps PDFs with the time of drawing: the stamp becomes
    SOURCE_DATE_EPOCH (or 1970-01-01), written in the same number of bytes so the PDF's
    cross-reference offsets stay right; `dot` runs in UTC (`_dot_env`), so the stamp's
    form, and with it the file's length, is the same in every time zone."""
    if fmt == "svg":
        return _SVG_PAGE_ID.sub(b'id="', data)
    if fmt != "pdf":
        return data
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    stamp = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y%m%d%H%M%S").encode()

    def fixed(match: re.Match[bytes]) -> bytes:
        zone = match.group(2)  # an offset is written +00'00 (UTC), in as many bytes as it had
        utc = b"Z" if zone == b"Z" else b"+00'00" + zone[6:]
        return b"/" + match.group(1) + b" (D:" + stamp + utc + b")"

    return _PDF_DATE.sub(fixed, data)


def _dot_env() -> dict[str, str]:
    """`dot`'s environment: ours in UTC (see `reproducible`)."""
    return {**os.environ, "TZ": DOT_ENV_TZ}


def draw(charts: list[Chart], fmt: str, jobs: int | None = None,
         progress: Callable[[int], None] | None = None) -> None:
    """Draw every chart (sets `data`, or `error` for a chart Graphviz rejects).

    The charts are split into one batch per core, each drawn by one `dot` process. SVG
    batches are streamed through `dot`'s stdin and stdout (no temporary files: creating
    thousands of files is a large part of the cost on some file systems); a batch whose
    stream does not come back whole, and every PNG or PDF batch, is drawn from files
    with `-O`, which also names the chart Graphviz rejects."""
    if not charts:
        return
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(INSTALL_HINT)
    n_jobs = max(1, min(jobs or jobs_default(), len(charts)))
    batches = [charts[k::n_jobs] for k in range(n_jobs)]

    def run(batch: list[Chart]) -> None:
        if not (fmt == "svg" and _draw_streamed(dot, batch)):
            _draw_files(dot, batch, fmt)
        if progress:
            progress(len(batch))

    with ThreadPoolExecutor(max_workers=n_jobs) as pool:
        list(pool.map(run, batches))


def _draw_streamed(dot: str, batch: list[Chart]) -> bool:
    source = "".join(chart.source for chart in batch).encode("utf-8")
    done = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, check=False, env=_dot_env())
    if done.returncode != 0:
        return False
    documents = [b"<?xml" + part for part in done.stdout.split(b"<?xml")[1:]]
    if len(documents) != len(batch):
        return False
    for chart, data in zip(batch, documents):
        chart.data = reproducible(data, "svg")
    return True


def _draw_files(dot: str, batch: list[Chart], fmt: str) -> None:
    with tempfile.TemporaryDirectory(prefix="lz-render-") as tmp:
        files = []
        for i, chart in enumerate(batch):
            path = Path(tmp, f"{i:06d}.dot")
            path.write_text(chart.source, encoding="utf-8")
            files.append(path)
        # A graph Graphviz rejects does not stop it drawing the others of the batch.
        subprocess.run([dot, f"-T{fmt}", *FORMAT_ARGS[fmt], "-O", *map(str, files)], capture_output=True, check=False,
                       env=_dot_env())
        for chart, path in zip(batch, files):
            drawn = path.with_name(path.name + f".{fmt}")
            if drawn.exists() and drawn.stat().st_size > 0:
                chart.data = reproducible(drawn.read_bytes(), fmt)
            else:  # draw it alone to learn why
                done = subprocess.run([dot, f"-T{fmt}", *FORMAT_ARGS[fmt], str(path)], capture_output=True, check=False,
                                      env=_dot_env())
                chart.error = done.stderr.decode("utf-8", errors="replace").strip() or f"dot exited {done.returncode}"


# Charts drawn at a time: their models, DOT and drawings are dropped before the next ones
# are read, so `lz render` of a province's 30,000 powers holds a few hundred, not all.
RENDER_CHUNK = 400


def render(
    repo: Repository,
    *,
    out: str | os.PathLike[str] | None = None,
    fmt: str = "svg",
    audience: str = INTERNAL,
    powers: Iterable[str] = (),
    lanes: bool = False,
    lang: str = "zh",
    cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> RenderResult:
    """Draw the flowcharts of the repository into `out` (default `build/flows` under the
    repository root), one `<power-id>.<fmt>` per power, RENDER_CHUNK at a time. The charts
    of the result keep their power and error only (their drawings are in the files)."""
    selected, without_flow, unknown = select_power_facts(repo, audience, powers)
    outcome = RenderResult([], without_flow=without_flow, unknown=unknown)
    if unknown:
        return outcome
    target = Path(out) if out is not None else repo.root / "build" / "flows"
    grades = risk_grades(repo) if audience == INTERNAL else {}
    store = ChartCache(repo.root, cache, keep=CHARTS_KEPT_PER_POWER * max(1, len(repo.power_by_id))) \
        if fmt != "dot" else None
    # Only files lz wrote are replaced (the folder's manifest says which); charts of
    # other powers stay, since `--power` draws some of them only.
    folder = OutputFolder(target, prune=False)
    if on_total:
        on_total(len(selected))
    for first in range(0, len(selected), RENDER_CHUNK):
        charts = [chart_of(repo, fact, audience, lanes, lang, grades) for fact in selected[first:first + RENDER_CHUNK]]
        repo.forget_models()
        if store is None:
            for chart in charts:
                chart.data = chart.source.encode("utf-8")
        else:
            drawn = store.fill(charts, fmt, jobs, progress)
            outcome.from_cache += len(charts) - drawn
            outcome.drawn += drawn
        for chart in charts:
            if chart.data is not None:
                rel = f"{chart.power}.{fmt}"
                key = digest(chart.data)
                if folder.key(rel) == key and (target / rel).is_file():
                    folder.keep(rel)  # unchanged files are left alone
                else:
                    folder.write(rel, chart.data, key, chart.file)
                outcome.written.append(target / rel)
            chart.source, chart.data = "", None  # drawn and written: not held any longer
        outcome.charts += charts
    if store is not None:
        store.trim()
    folder.commit()
    return outcome


def select_power_facts(repo: Repository, audience: str, ids: Iterable[str] = ()) -> tuple[list[PowerFact], list[str], list[str]]:
    """The powers to draw (public ones only for the public; `ids` if given), from the
    repository's facts (no model read): those with a flow, sorted by id; the ids of those
    without one; the requested ids that name no power."""
    powers = sorted(repo.power_by_id.values(), key=lambda p: p.id)
    if audience == PUBLIC:
        powers = [p for p in powers if p.public]
    wanted = list(dict.fromkeys(ids))
    unknown: list[str] = []
    if wanted:
        by_id = {p.id: p for p in powers}
        unknown = [i for i in wanted if i not in by_id]
        powers = [by_id[i] for i in sorted(wanted) if i in by_id]
    return [p for p in powers if p.has_flow], [p.id for p in powers if not p.has_flow], unknown

"""Scanning a repository: every file through the document stage, in parallel, cached.

`scan()` is the one loader every command uses (through `Repository.open`). It finds the
files, reuses the cached
result of every file whose content has not changed, checks the others on all cores, and
returns per-file findings and facts. The models of a file (what `render` and `publish`
draw from) are kept per file in a model store and loaded only when asked for, so the
main process never has to hold, or unpickle, a whole city's documents at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from lianzheng.repo.facts import FileFacts
from lianzheng.repo.findings import Finding
from lianzheng.repo.layout import Refused, Unreadable, cache_dir, data_tree, find_root, read_data
from lianzheng.repo.storage import (
    Cache,
    code_fingerprint,
    digest,
    dump_sealed,
    gc_paused,
    load_sealed,
    prepare,
    sealing,
    write_atomic,
)
from lianzheng.spec.models import Document

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48

Progress = Callable[[int], None]


class ModelStore:
    """The models of each file, by content digest, kept in chunk files: one pickle per
    batch of files a worker parsed (creating thousands of small files costs more than
    parsing them on some file systems). Under `.lz-cache/`, or in a private temporary
    folder when the cache is off. `index` maps a content digest to its chunk."""

    INDEX = "index.cache"

    def __init__(self, root: Path, persistent: bool) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        # the chunks read last: a power's page also reads its benchmarks' chunk
        self._chunks: OrderedDict[str, dict[str, list[Document]]] = OrderedDict()
        self.index: dict[str, str] = {}
        if persistent and sealing():
            base = cache_dir(root)
            self.dir = base / f"models-{code_fingerprint()}"
            try:
                if not prepare(self.dir):  # a read-only repository, or a planted link
                    raise OSError(self.dir)
                for old in base.glob("models-*"):
                    if old != self.dir:
                        shutil.rmtree(old, ignore_errors=True)
                self.index = load_sealed(self.dir / self.INDEX) or {}
                return
            except OSError:
                pass  # a read-only repository: fall back to a temporary store
        self._tmp = tempfile.TemporaryDirectory(prefix="lz-models-")
        self.dir = Path(self._tmp.name)

    @staticmethod
    def write_chunk(folder: str, models: dict[str, list[Document]]) -> str:
        """Write one chunk (digest -> models); its name. Runs in the workers."""
        name = f"{next(iter(sorted(models)))}-{len(models)}.cache"
        write_atomic(Path(folder, name), dump_sealed(models, compress=True))
        return name

    def has(self, content: str) -> bool:
        return content in self.index

    def add(self, chunk: str, contents: list[str]) -> None:
        for content in contents:
            self.index[content] = chunk

    def load(self, content: str) -> list[Document] | None:
        chunk = self.index.get(content)
        if chunk is None:
            return None
        if chunk in self._chunks:
            self._chunks.move_to_end(chunk)
        else:
            data = load_sealed(self.dir / chunk)
            if data is None:
                return None
            self._chunks[chunk] = data
            if len(self._chunks) > 4:
                self._chunks.popitem(last=False)
        return self._chunks[chunk].get(content)

    def save_index(self, live: set[str]) -> None:
        """Keep the entries of the files that exist; delete the chunks no entry needs."""
        self.index = {c: chunk for c, chunk in self.index.items() if c in live}
        if self._tmp is not None:
            return
        needed = set(self.index.values())
        try:
            for path in self.dir.glob("*.cache"):
                if path.name != self.INDEX and path.name not in needed:
                    path.unlink(missing_ok=True)
            write_atomic(self.dir / self.INDEX, dump_sealed(self.index))
        except OSError:
            pass


@dataclass
class FileResult:
    """What the document stage knows about one file: what the cache keeps per file."""

    findings: list[Finding] = field(default_factory=list)
    facts: FileFacts = field(default_factory=FileFacts)
    models: list[Document] | None = None
    # What failed to load, so that its consequences are not reported too: the kind of a
    # document that could not be read ("?" when unknown), `Kind.field` for a field whose
    # value failed the schema (`Unit.departments`: the departments declared may be short)
    lost: list[str] = field(default_factory=list)


class FileStage(Protocol):
    """What a scan does with each file. The reading layer knows no rules: the stage that
    reads, validates and checks a file is `lianzheng.rules.stage.STAGE`, handed in by
    whoever opens the repository (a plain object, so worker processes can receive it)."""

    def check(self, path: str, raw: bytes, want_models: bool = False) -> FileResult: ...

    def unreadable(self, path: str, refused: Refused) -> FileResult:
        """The result of a file that is not read: a link out of the repository, a file
        that cannot be read, one over the size cap (`refused` names why)."""
        ...


@dataclass
class Scan:
    """Every file of a repository through the document stage."""

    root: Path
    stage: FileStage
    results: dict[str, FileResult]  # by path, in path order
    digests: dict[str, str]  # file -> content digest ("" when unreadable)
    sources: dict[str, str] = field(default_factory=dict)  # file -> the real file read (see `data_tree`)
    store: ModelStore | None = None
    _models: dict[str, list[Document]] = field(default_factory=dict, repr=False)

    def models_of(self, rel: str) -> list[Document]:
        """The documents of one file, from the store or parsed again."""
        if rel in self._models:
            return self._models[rel]
        content = self.digests.get(rel, "")
        models = self.store.load(content) if self.store is not None and content else None
        if models is None:
            source = self.sources.get(rel)
            try:
                raw = read_data(self.root, source) if source is not None else None
            except Unreadable:
                raw = None  # gone since the scan, which reported it
            models = (self.stage.check(rel, raw, want_models=True).models or []) if raw is not None else []
        self._models[rel] = models
        return models

    def forget_models(self) -> None:
        """Drop the models read so far (a worker going through a city file by file)."""
        self._models.clear()


def _check(args: tuple[FileStage, str, list[tuple[str, str]], str | None]
           ) -> tuple[list[tuple[str, FileResult]], str | None, list[str]]:
    """A worker's job: a batch of files (path, real file to read) through the document
    stage; their models into one chunk of the store. Returns the results, the chunk's
    name and the digests it holds."""
    stage, root, batch, store_dir = args
    results = []
    models: dict[str, list[Document]] = {}
    for rel, source in batch:
        try:
            raw = read_data(Path(root), source)
        except Unreadable as exc:
            results.append((rel, stage.unreadable(rel, exc.refused)))
            continue
        result = stage.check(rel, raw, want_models=store_dir is not None)
        if store_dir is not None:
            models[digest(raw)] = result.models or []
            result.models = None
        results.append((rel, result))
    chunk = ModelStore.write_chunk(store_dir, models) if store_dir is not None and models else None
    return results, chunk, sorted(models)


def jobs_default() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def scan(path: str | os.PathLike[str], stage: FileStage, **options: Any) -> Scan:
    """Every file of the repository holding `path` through the document `stage`.

    Options: `cache` (use `.lz-cache/`), `models` (also store every file's models, for
    `Scan.models_of`), `jobs`, `progress` and `on_total` (progress callbacks)."""
    with gc_paused():
        return _scan(path, stage, **options)


def _scan(
    path: str | os.PathLike[str],
    stage: FileStage,
    *,
    cache: bool = True,
    models: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Scan:
    root = find_root(path)
    facts_cache = Cache(root, cache)
    store = ModelStore(root, cache) if models else None
    tree = data_tree(root)
    files = sorted([*tree.files, *tree.refused])
    # The facts cache is a snapshot plus a small delta of what changed since, so that a
    # change to a few files does not rewrite the facts of the whole city.
    snapshot: dict[str, tuple[str, FileResult]] | None = facts_cache.load("facts")
    delta: dict[str, tuple[str, FileResult]] = (facts_cache.load("facts-delta") or {}) if snapshot else {}
    cached = {**(snapshot or {}), **delta}

    digests: dict[str, str] = {}
    results: dict[str, FileResult] = {}
    todo: list[str] = []
    for rel in files:
        source = tree.files.get(rel)
        if source is None:  # a link out of the repository, a pipe: never read
            results[rel] = stage.unreadable(rel, tree.refused[rel])
            digests[rel] = ""
            continue
        try:
            d = digest(read_data(root, source))
        except Unreadable:
            d = ""
        digests[rel] = d
        hit = cached.get(rel)
        if d and hit is not None and hit[0] == d and (store is None or store.has(d)):
            results[rel] = hit[1]
        else:
            todo.append(rel)

    if on_total is not None:
        on_total(len(todo))
    n_jobs = jobs or jobs_default()
    size = max(1, min(64, len(todo) // (n_jobs * 8) or 1))
    work = [(stage, str(root), [(rel, tree.files[rel]) for rel in todo[i:i + size]], str(store.dir) if store else None)
            for i in range(0, len(todo), size)]
    parallel = len(todo) >= PARALLEL_THRESHOLD and n_jobs > 1
    with (ProcessPoolExecutor(max_workers=n_jobs, mp_context=multiprocessing.get_context("fork"))
          if parallel else contextlib.nullcontext()) as pool:
        for batch, chunk, contents in (pool.map(_check, work) if pool is not None else map(_check, work)):
            for rel, result in batch:
                results[rel] = result
            if store is not None and chunk is not None:
                store.add(chunk, contents)
            if progress:
                progress(len(batch))

    if store is not None and todo:
        store.save_index({d for d in digests.values() if d})
    if todo:
        changed = set(delta) | set(todo)
        if snapshot is not None and len(changed) <= max(64, len(files) // 20):
            facts_cache.save("facts-delta", {rel: (digests[rel], results[rel]) for rel in sorted(changed)
                                             if rel in results and digests[rel]})
        else:
            facts_cache.save("facts", {rel: (digests[rel], results[rel]) for rel in files if digests[rel]})
            facts_cache.save("facts-delta", {})
    return Scan(root, stage, {rel: results[rel] for rel in files}, digests, sources=dict(tree.files), store=store)

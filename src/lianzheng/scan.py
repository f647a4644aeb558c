"""Scanning a repository: every file through the document stage, in parallel, cached.

`scan()` is the one loader every command uses. It finds the files, reuses the cached
result of every file whose content has not changed, checks the others on all cores, and
returns per-file findings and facts. The models of a file (what `render` and `publish`
draw from) are kept per file in a model store and loaded only when asked for, so the
main process never has to hold, or unpickle, a whole city's documents at once.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import Cache, code_fingerprint, digest, gc_paused
from .documents import FileResult, check_bytes
from .facts import FileFacts
from .findings import Finding
from .layout import cache_dir, data_files, find_root
from .model import Document

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48

Progress = Callable[[int], None]


class ModelStore:
    """The models of each file, one pickle per file content, under `.lz-cache/` (or in a
    private temporary folder when the cache is off)."""

    def __init__(self, root: Path, persistent: bool) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if persistent:
            base = cache_dir(root)
            self.dir = base / f"models-{code_fingerprint()}"
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                for old in base.glob("models-*"):
                    if old != self.dir:
                        shutil.rmtree(old, ignore_errors=True)
                return
            except OSError:
                pass  # a read-only repository: fall back to a temporary store
        self._tmp = tempfile.TemporaryDirectory(prefix="lz-models-")
        self.dir = Path(self._tmp.name)

    def path(self, content: str) -> Path:
        return self.dir / f"{content}.pickle"

    def has(self, content: str) -> bool:
        return self.path(content).exists()

    def save(self, content: str, models: list[Document]) -> None:
        target = self.path(content)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump(models, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)

    def load(self, content: str) -> list[Document] | None:
        try:
            with open(self.path(content), "rb") as fh, gc_paused():
                return pickle.load(fh)  # type: ignore[no-any-return]
        except Exception:  # missing or unreadable: the caller parses the file again
            return None


@dataclass
class Scan:
    root: Path
    findings: dict[str, list[Finding]]  # document-stage findings per file
    facts: dict[str, FileFacts]
    digests: dict[str, str]  # file -> content digest ("" when unreadable)
    store: ModelStore | None = None
    _models: dict[str, list[Document]] = field(default_factory=dict, repr=False)

    def models_of(self, rel: str) -> list[Document]:
        """The documents of one file, from the store or parsed again."""
        if rel in self._models:
            return self._models[rel]
        content = self.digests.get(rel, "")
        models = self.store.load(content) if self.store is not None and content else None
        if models is None:
            raw = (self.root / rel).read_bytes()
            models = check_bytes(rel, raw, want_models=True).models or []
            if self.store is not None and content:
                self.store.save(content, models)
        self._models[rel] = models
        return models

    def documents(self) -> list[Document]:
        """Every document of the repository, file by file in path order."""
        return [m for rel in sorted(self.facts) for m in self.models_of(rel)]


def _check(args: tuple[str, str, str | None]) -> tuple[str, FileResult]:
    """A worker's job: one file through the document stage; its models into the store."""
    root, rel, store_dir = args
    try:
        raw = Path(root, rel).read_bytes()
    except OSError as exc:
        return rel, FileResult(findings=[Finding(rel, 1, 1, "Y001", {"problem": str(exc)})])
    result = check_bytes(rel, raw, want_models=store_dir is not None)
    if store_dir is not None:
        target = Path(store_dir, f"{digest(raw)}.pickle")
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump(result.models or [], fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        result.models = None
    return rel, result


def jobs_default() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def scan(
    path: str | os.PathLike[str] = ".",
    **options: Any,
) -> Scan:
    """Every file of the repository holding `path` through the document stage.

    Options: `cache` (use `.lz-cache/`), `models` (also store every file's models, for
    `Scan.models_of`), `jobs`, `progress` and `on_total` (progress callbacks)."""
    with gc_paused():
        return _scan(path, **options)


def _scan(
    path: str | os.PathLike[str] = ".",
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
    files = data_files(root)
    # The facts cache is a snapshot plus a small delta of what changed since, so that a
    # change to a few files does not rewrite the facts of the whole city.
    snapshot: dict[str, tuple[str, FileResult]] | None = facts_cache.load("facts")
    delta: dict[str, tuple[str, FileResult]] = (facts_cache.load("facts-delta") or {}) if snapshot else {}
    cached = {**(snapshot or {}), **delta}

    digests: dict[str, str] = {}
    results: dict[str, FileResult] = {}
    todo: list[str] = []
    for rel in files:
        try:
            d = digest((root / rel).read_bytes())
        except OSError:
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
    work = [(str(root), rel, str(store.dir) if store else None) for rel in todo]
    if len(todo) < PARALLEL_THRESHOLD or n_jobs == 1:
        for rel, result in map(_check, work):
            results[rel] = result
            if progress:
                progress(1)
    else:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx) as pool:
            chunk = max(1, len(work) // (n_jobs * 16))
            for rel, result in pool.map(_check, work, chunksize=chunk):
                results[rel] = result
                if progress:
                    progress(1)

    if todo:
        changed = set(delta) | set(todo)
        if snapshot is not None and len(changed) <= max(64, len(files) // 20):
            facts_cache.save("facts-delta", {rel: (digests[rel], results[rel]) for rel in sorted(changed)
                                             if rel in results and digests[rel]})
        else:
            facts_cache.save("facts", {rel: (digests[rel], results[rel]) for rel in files if digests[rel]})
            facts_cache.save("facts-delta", {})
    return Scan(
        root=root,
        findings={rel: results[rel].findings for rel in files},
        facts={rel: results[rel].facts for rel in files},
        digests=digests,
        store=store,
    )

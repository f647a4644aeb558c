"""Scanning a repository: every file through the document stage, in parallel, cached.

`scan()` is the one loader every command uses. It finds the files, reuses the cached
result of every file whose content has not changed, checks the others on all cores,
and returns per-file findings, facts and (when asked) the models.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from .cache import Cache, digest, gc_paused
from .documents import FileResult, check_bytes
from .facts import FileFacts
from .findings import Finding
from .layout import data_files, find_root
from .model import Document

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48

Progress = Callable[[int], None]


@dataclass
class Scan:
    root: Path
    findings: dict[str, list[Finding]]  # document-stage findings per file
    facts: dict[str, FileFacts]
    models: dict[str, list[Document]] | None  # when asked for

    def documents(self) -> list[Document]:
        return [m for path in sorted(self.models or {}) for m in (self.models or {})[path]]


def _check(args: tuple[str, str, bool]) -> tuple[str, FileResult]:
    root, rel, want_models = args
    try:
        raw = Path(root, rel).read_bytes()
    except OSError as exc:
        return rel, FileResult(findings=[Finding(rel, 1, 1, "Y001", {"problem": str(exc)})])
    return rel, check_bytes(rel, raw, want_models)


def jobs_default() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def scan(
    path: str | os.PathLike[str] = ".",
    **options: Any,
) -> Scan:
    """Every file of the repository holding `path` through the document stage."""
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
    store = Cache(root, cache)
    files = data_files(root)
    cached_facts: dict[str, tuple[str, FileResult]] = store.load("facts") or {}
    cached_models: dict[str, tuple[str, list[Document]]] = (store.load("models") or {}) if models else {}

    digests: dict[str, str] = {}
    results: dict[str, FileResult] = {}
    todo: list[str] = []
    for rel in files:
        try:
            d = digest((root / rel).read_bytes())
        except OSError:
            d = ""
        digests[rel] = d
        hit = cached_facts.get(rel)
        model_hit = cached_models.get(rel) if models else None
        if d and hit is not None and hit[0] == d and (not models or (model_hit is not None and model_hit[0] == d)):
            result = hit[1]
            results[rel] = FileResult(result.findings, result.facts, model_hit[1] if model_hit else None)
        else:
            todo.append(rel)

    if on_total is not None:
        on_total(len(todo))
    n_jobs = jobs or jobs_default()
    work = [(str(root), rel, models) for rel in todo]
    if len(todo) < PARALLEL_THRESHOLD or n_jobs == 1:
        done = map(_check, work)
        for rel, result in done:
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
        store.save("facts", {rel: (digests[rel], FileResult(r.findings, r.facts)) for rel, r in results.items()
                             if digests[rel]})
        if models:
            store.save("models", {rel: (digests[rel], r.models or []) for rel, r in results.items() if digests[rel]})
    return Scan(
        root=root,
        findings={rel: results[rel].findings for rel in files},
        facts={rel: results[rel].facts for rel in files},
        models={rel: results[rel].models or [] for rel in files} if models else None,
    )

"""The repository as a command sees it: every file scanned, checked and indexed once.

A command opens one `Repository` and passes it down: the facts every document
contributed (ids, references, risks with their positions), the unit's settings and
names, and each file's models on demand. Nothing walks the repository a second time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import Path

from lianzheng.repo.facts import (
    BenchmarkFact,
    Decl,
    FileFacts,
    LawFact,
    PowerFact,
    RiskFact,
    UnitFact,
)
from lianzheng.repo.findings import Finding
from lianzheng.repo.layout import UNIT_FILE
from lianzheng.repo.names import Names
from lianzheng.repo.scan import FileResult, FileStage, ModelStore, Scan, scan
from lianzheng.spec.models import Document, Settings, Unit


class Repository:
    """A unit's repository: its files through the document stage, and what they say."""

    def __init__(self, root: Path, results: Mapping[str, FileResult], digests: Mapping[str, str] | None = None,
                 scanned: Scan | None = None) -> None:
        self.root = root
        self.results = dict(sorted(results.items()))
        self.digests = dict(digests or {})
        self._scan = scanned
        units = [u for r in self.results.values() for u in r.facts.units]
        home = [u for u in units if u.path == UNIT_FILE]
        self.unit_fact: UnitFact | None = home[0] if home else None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        stage: FileStage,
        *,
        cache: bool = True,
        models: bool = False,
        jobs: int | None = None,
        progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> Repository:
        """Scan the repository holding `path` (its root is found upwards from it) with the
        document `stage`. `models`: keep every file's models for `models_of`."""
        result = scan(path, stage, cache=cache, models=models, jobs=jobs, progress=progress, on_total=on_total)
        return cls(result.root, result.results, result.digests, result)

    # --- files -----------------------------------------------------------------------

    @property
    def files(self) -> dict[str, FileFacts]:
        """Path -> the facts of its documents, in path order."""
        return {path: r.facts for path, r in self.results.items()}

    @property
    def store(self) -> ModelStore | None:
        return self._scan.store if self._scan is not None else None

    def document_findings(self) -> list[Finding]:
        """What the document stage found, file by file."""
        return [f for r in self.results.values() for f in r.findings]

    def models_of(self, rel: str) -> list[Document]:
        """The documents of one file (from the model store, or read again)."""
        if self._scan is not None:
            return self._scan.models_of(rel)
        return self.results[rel].models or []

    def forget_models(self) -> None:
        if self._scan is not None:
            self._scan.forget_models()

    def documents(self) -> list[Document]:
        """Every document of the repository, file by file in path order."""
        return [m for rel in self.results for m in self.models_of(rel)]

    # --- what the documents say ----------------------------------------------------------

    @property
    def unit(self) -> Unit | None:
        return self.unit_fact.unit if self.unit_fact else None

    @cached_property
    def settings(self) -> Settings:
        """The unit's settings; the defaults when `settings` is missing or not valid."""
        if self.unit_fact is not None and self.unit_fact.settings is not None:
            return self.unit_fact.settings
        return Settings()

    def powers(self) -> Iterator[PowerFact]:
        for r in self.results.values():
            yield from r.facts.powers

    def risks(self) -> Iterator[RiskFact]:
        for r in self.results.values():
            yield from r.facts.risks

    def benchmarks(self) -> Iterator[BenchmarkFact]:
        for r in self.results.values():
            yield from r.facts.benchmarks

    @cached_property
    def laws(self) -> dict[str, LawFact]:
        out: dict[str, LawFact] = {}
        for r in self.results.values():
            for law in r.facts.laws:
                out.setdefault(law.id, law)
        return out

    @cached_property
    def declared(self) -> dict[str, dict[str, tuple[str, Decl]]]:
        """Namespace -> id -> (path, first declaration)."""
        out: dict[str, dict[str, tuple[str, Decl]]] = {}
        for path, r in self.results.items():
            for d in r.facts.decls:
                out.setdefault(d.ns, {}).setdefault(d.id, (path, d))
        return out

    @cached_property
    def power_by_id(self) -> dict[str, PowerFact]:
        out: dict[str, PowerFact] = {}
        for p in self.powers():
            out.setdefault(p.id, p)
        return out

    @cached_property
    def names(self) -> Names:
        return Names.of(self.unit)

    def department_of(self, risk: RiskFact) -> str | None:
        """The department a risk belongs to: its post's, else its power's subject or register's."""
        return self.names.post_department.get(risk.post or "") or risk.department

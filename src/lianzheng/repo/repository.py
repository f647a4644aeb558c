"""The repository as a command sees it: every file scanned, checked and indexed once.

A command opens one `Repository` and passes it down: the facts every document
contributed (ids, references, risks with their positions), the unit's settings and
names, and each file's models on demand. Nothing walks the repository a second time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from lianzheng.repo.facts import (
    BenchmarkFact,
    CaseLogFact,
    Decl,
    DisposalFact,
    FileFacts,
    LawFact,
    PowerFact,
    RiskFact,
    SignalFact,
    UnitFact,
)
from lianzheng.repo.findings import Finding
from lianzheng.repo.layout import UNIT_FILE, Unreadable, data_tree, read_data
from lianzheng.repo.names import Names
from lianzheng.repo.scan import FileResult, FileStage, ModelStore, Scan, scan
from lianzheng.repo.storage import digest
from lianzheng.repo.yamlread import read_bytes
from lianzheng.spec.models import Disposals, Document, Settings, Signals, Unit

# What the `--signals` folder may hold.
ANNEX_KINDS = (Signals.KIND, Disposals.KIND)

T = TypeVar("T")


@dataclass
class AnnexResult(FileResult):
    """A file of the `--signals` folder: its result, the digest of its bytes, and the
    documents of other kinds it holds (kind, line, column), which are left out."""

    digest: str = ""
    foreign: list[tuple[str, int, int]] = field(default_factory=list)


def read_annex(folder: Path, root: Path, stage: FileStage) -> dict[str, AnnexResult]:
    """The Signals and Disposals of a discipline office's folder, each file through the
    same document stage as the repository's, by its absolute path. Another kind of
    document there is left out (`foreign`, which the rules report); so is the folder when
    it lies inside the repository (its files are the repository's already). A link leading
    out of the folder is not followed (`data_tree`), nor is a pipe read: each such file is
    a finding of its own (Y013, Y014). Never cached, never written to."""
    base = folder.resolve(strict=True)
    if not base.is_dir():
        raise NotADirectoryError(str(folder))
    try:
        base.relative_to(root)
        return {}
    except ValueError:
        pass
    out: dict[str, AnnexResult] = {}
    tree = data_tree(base)
    # What is not read is said, as the scan says it of the repository's files: a link
    # leading out of the folder (Y013), a pipe, a dangling link (Y014), at the file.
    for rel, refused in tree.refused.items():
        path = (base / rel).as_posix()
        out[path] = _refused_annex(stage.unreadable(path, refused))
    for rel, source in tree.files.items():
        path = (base / rel).as_posix()
        try:
            raw = read_data(base, source)
        except Unreadable as exc:
            out[path] = _refused_annex(stage.unreadable(path, exc.refused))
            continue
        checked = stage.check(path, raw, want_models=True)
        result = AnnexResult(findings=checked.findings, facts=checked.facts, models=checked.models,
                             lost=_annex_lost(checked.lost), digest=digest(raw))
        for document in read_bytes(raw).documents:
            kind = document.data.get("kind") if isinstance(document.data, dict) else None
            if isinstance(kind, str) and kind not in ANNEX_KINDS:
                loc = document.loc.child("kind") or document.loc
                result.foreign.append((kind, loc.line, loc.col))
        if result.foreign:
            facts = result.facts
            result.facts = FileFacts(
                decls=[d for d in facts.decls if d.ns in ("signal", "disposal")],
                refs=[r for r in facts.refs if r.code in ("R009", "R010")],
                signals=facts.signals, disposals=facts.disposals)
            result.models = [m for m in result.models or () if m.KIND in ANNEX_KINDS]
        out[path] = result
    return dict(sorted(out.items()))


def _refused_annex(result: FileResult) -> AnnexResult:
    return AnnexResult(findings=result.findings, facts=result.facts, models=[], lost=_annex_lost(result.lost))


def _annex_lost(lost: list[str]) -> list[str]:
    """What failed to load in a file of the folder, whose only kinds are Signals and
    Disposals: a document of unknown kind there was one of them, never a document of the
    unit's (the unit's references are still checked in full)."""
    out = [m for m in lost if m.split(".", 1)[0] in ANNEX_KINDS]
    if "?" in lost:
        out += [k for k in ANNEX_KINDS if k not in out]
    return out


class Repository:
    """A unit's repository: its files through the document stage, and what they say."""

    def __init__(self, root: Path, results: Mapping[str, FileResult], digests: Mapping[str, str] | None = None,
                 scanned: Scan | None = None, annex: frozenset[str] = frozenset()) -> None:
        self.root = root
        # the unit's files in path order, then the `--signals` folder's: where an id is
        # declared twice, the unit's counts
        self.results = dict(sorted(results.items(), key=lambda kv: (kv[0] in annex, kv[0])))
        self.digests = dict(digests or {})
        self._scan = scanned
        self.annex = annex  # files of the discipline office's folder (`--signals`), by absolute path
        units = [u for r in self.results.values() for u in r.facts.units]
        home = [u for u in units if u.path == UNIT_FILE]
        self.unit_fact: UnitFact | None = home[0] if home else None
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[], T]) -> T:
        """What the layers above derive from the repository as it is (the grade report...),
        made once per command however many of them ask: the repository does not change
        while a command runs."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]  # type: ignore[no-any-return]

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
        signals: str | os.PathLike[str] | None = None,
    ) -> Repository:
        """Scan the repository holding `path` (its root is found upwards from it) with the
        document `stage`. `models`: keep every file's models for `models_of`. `signals`: the
        discipline office's separate folder of Signals and Disposals, read as well (never
        cached, never written to: see `read_annex`)."""
        result = scan(path, stage, cache=cache, models=models, jobs=jobs, progress=progress, on_total=on_total)
        results, digests, annex = dict(result.results), dict(result.digests), frozenset[str]()
        if signals is not None:
            extra = read_annex(Path(signals), result.root, stage)
            annex = frozenset(extra)
            results.update(extra)
            digests.update({rel: r.digest for rel, r in extra.items()})
        return cls(result.root, results, digests, result, annex)

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
        kept = self.results[rel].models if rel in self.results else None
        if kept is not None or self._scan is None:
            return kept or []
        return self._scan.models_of(rel)

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

    def signals(self) -> Iterator[SignalFact]:
        for r in self.results.values():
            yield from r.facts.signals

    def disposals(self) -> Iterator[DisposalFact]:
        for r in self.results.values():
            yield from r.facts.disposals

    def caselogs(self) -> Iterator[CaseLogFact]:
        for r in self.results.values():
            yield from r.facts.caselogs

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

    def areas_of(self, risk: RiskFact) -> tuple[str, ...]:
        """The key areas (art. 15) a risk counts under: its power's `areas`; a RiskRegister
        risk that names a power (`power`), that power's; none for the others. The one
        definition: grade distributions, the register export and the roll-up use it."""
        if risk.power is not None:
            return risk.power_areas
        if risk.concerns is not None:
            power = self.power_by_id.get(risk.concerns)
            return power.areas if power is not None else ()
        return ()

    def department_of(self, risk: RiskFact) -> str | None:
        """The department a risk belongs to: its post's, else its power's subject or register's."""
        return self.names.post_department.get(risk.post or "") or risk.department

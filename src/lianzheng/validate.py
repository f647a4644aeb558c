"""`lz validate` as a library function: every problem of a repository, in one run."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .documents import check_bytes
from .facts import FileFacts
from .findings import Finding
from .rules import RULES, RepoContext, Selection, run_repository_checks
from .scan import scan


@dataclass
class Report:
    root: Path
    findings: list[Finding]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if RULES[f.code].severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0


def repository_findings(facts: Mapping[str, FileFacts], today: dt.date) -> list[Finding]:
    ctx = RepoContext(dict(facts), today)
    run_repository_checks(ctx)
    return ctx.findings


def validate_files(files: Mapping[str, bytes], today: dt.date | None = None) -> list[Finding]:
    """Validate files held in memory (path relative to the root -> content), e.g. the
    blobs of a git revision; the same checks as `validate`, without cache or workers."""
    results = {path: check_bytes(path, raw) for path, raw in sorted(files.items())}
    findings = [f for r in results.values() for f in r.findings]
    findings += repository_findings({p: r.facts for p, r in results.items()}, today or dt.date.today())
    return sorted(findings, key=Finding.sort_key)


def validate(
    path: str | os.PathLike[str] = ".",
    *,
    cache: bool = True,
    today: dt.date | None = None,
    selection: Selection | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Report:
    """Check the repository holding `path`; findings sorted by file, line and column."""
    result = scan(path, cache=cache, jobs=jobs, progress=progress, on_total=on_total)
    findings = [f for fs in result.findings.values() for f in fs]
    findings += repository_findings(result.facts, today or dt.date.today())
    if selection is not None:
        findings = [f for f in findings if selection.wants(f.code)]
    findings.sort(key=Finding.sort_key)
    return Report(result.root, findings)

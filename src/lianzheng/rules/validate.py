"""`lz validate` as a library: every problem of a repository, in one run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lianzheng.repo.findings import Finding
from lianzheng.repo.repository import Repository
from lianzheng.rules import RULES, Selection
from lianzheng.rules.registry import REPOSITORY_CHECKS, CheckContext
from lianzheng.rules.stage import STAGE


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


def repository_findings(repo: Repository, today: dt.date) -> list[Finding]:
    """What the repository-wide checks find (references, identity, the register)."""
    ctx = CheckContext(repo, today)
    for check in REPOSITORY_CHECKS:
        check.fn(ctx)
    return ctx.findings


def all_findings(repo: Repository, today: dt.date) -> list[Finding]:
    """Every finding of the repository, sorted by file, line and column."""
    findings = repo.document_findings() + repository_findings(repo, today)
    return sorted(findings, key=Finding.sort_key)


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if RULES[f.code].severity == "error"]


def validate(repo: Repository, today: dt.date | None = None, selection: Selection | None = None) -> Report:
    """Check the repository; findings sorted by file, line and column."""
    findings = all_findings(repo, today or dt.date.today())
    if selection is not None:
        findings = [f for f in findings if selection.wants(f.code)]
    return Report(repo.root, findings)


def memory_repository(files: Mapping[str, bytes], root: Path = Path(".")) -> Repository:
    """A repository of files held in memory (path relative to the root -> content), e.g.
    the blobs of a git revision: the same stage as a scan, without cache or workers."""
    return Repository(root, {path: STAGE.check(path, raw, want_models=True) for path, raw in sorted(files.items())})


def validate_files(files: Mapping[str, bytes], today: dt.date | None = None) -> list[Finding]:
    """Validate files held in memory; the same checks as `validate`."""
    return all_findings(memory_repository(files), today or dt.date.today())

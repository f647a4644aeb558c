"""`lz grade --write`: set each mismatching declared grade to the computed one, in place.

Only the characters of the grade value change: every other byte of the file (comments
and the spaces before them, key order, quoting, flow style, blank lines, indentation,
line endings) stays as it was. The new value is spelled as the old one was (`low` →
`medium`, `低` → `中`). Re-dumping the YAML cannot promise that, so this replaces the value
at the position the loader recorded, after checking the file still holds it there."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lianzheng.grading.report import GradedRisk, GradeReport
from lianzheng.repo.layout import data_source, read_path
from lianzheng.repo.storage import write_atomic
from lianzheng.spec.terms import VOCABULARIES


@dataclass
class Change:
    path: str
    risk: str
    line: int
    old: str
    new: str


# Why a grade was left as it was: a key of the command's messages (it says them in the
# user's language), with the OS's own words for an unreadable file as `detail`.
UNREADABLE, NO_POSITION, SHARED, CHANGED = "unreadable", "no_position", "shared", "changed"


class Skipped(NamedTuple):
    path: str
    risk: str
    reason: str  # UNREADABLE, NO_POSITION, SHARED or CHANGED
    detail: str = ""


@dataclass
class WriteResult:
    changes: list[Change] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return sorted({c.path for c in self.changes})


def spelled_like(new: str, old: str) -> str:
    """`new` (a grade id) in the spelling the user chose for `old`: id or Chinese term."""
    vocab = VOCABULARIES["grade"]
    if old in {t.zh for t in vocab.terms}:
        return vocab.by_id[new].zh
    return new


def write_grades(report: GradeReport) -> WriteResult:
    result = WriteResult()
    by_file: dict[str, list[GradedRisk]] = defaultdict(list)
    for risk in report.mismatches:
        by_file[risk.risk.path].append(risk)
    for path in sorted(by_file):
        _rewrite(report.root, path, by_file[path], result)
    return result


def _rewrite(root: Path, path: str, risks: list[GradedRisk], result: WriteResult) -> None:
    # What the scan read: the file itself, also when the repository knows it by a link
    # (which stays a link: the file it leads to is the one rewritten).
    read = read_path(root, path)
    source = data_source(root, path)
    if not isinstance(read, bytes) or not isinstance(source, str):
        result.skipped.extend(Skipped(path, r.risk.id, UNREADABLE) for r in risks)
        return
    full = root / source
    try:
        text = read.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.skipped.extend(Skipped(path, r.risk.id, UNREADABLE, str(exc)) for r in risks)
        return
    # Offsets were counted in the text the loader read, after a byte order mark.
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    edits: list[tuple[int, int, str, GradedRisk]] = []
    spans: dict[tuple[int, int], int] = defaultdict(int)
    for r in risks:
        span = r.risk.grade_span
        if span is not None:
            spans[(span.start, span.end)] += 1
    for r in risks:
        span, written = r.risk.grade_span, r.risk.grade_written
        if span is None or written is None or r.computed is None:
            result.skipped.append(Skipped(path, r.risk.id, NO_POSITION))
            continue
        if spans[(span.start, span.end)] > 1:
            result.skipped.append(Skipped(path, r.risk.id, SHARED))
            continue
        token = body[span.start:span.end]
        at = token.find(written)
        if at < 0:
            result.skipped.append(Skipped(path, r.risk.id, CHANGED))
            continue
        edits.append((span.start + at, span.start + at + len(written), spelled_like(r.computed, written), r))
    if not edits:
        return
    for start, end, new, r in sorted(edits, key=lambda e: e[0], reverse=True):  # from the end: offsets stay valid
        body = body[:start] + new + body[end:]
    for _, _, new, r in sorted(edits, key=lambda e: e[0]):
        result.changes.append(Change(path, r.risk.id, r.risk.line, r.risk.grade_written or "", new))
    write_atomic(full, (bom + body).encode("utf-8"), mode=full.stat().st_mode)

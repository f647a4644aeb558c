"""Facts: what each document tells the repository-wide checks and the reports.

A document is checked on its own in the worker that read it; what the rest of the
repository needs from it (the ids it declares, the references it makes, its risks with
their positions) is distilled into these small tuples. They are cheap to pickle and to
cache, and `validate`, `grade`, `due` and `codeowners` work from them alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from .model import Settings, Unit
from .types import Duration


class Decl(NamedTuple):
    """An id declared by a document. `ns`: power, risk, benchmark, law, department,
    post, leader, register."""

    ns: str
    id: str
    line: int
    col: int


class Ref(NamedTuple):
    """A reference to resolve: the rule to report, the namespace(s) it may point into
    (`post|department` for an actor), the value and where it was written."""

    code: str
    ns: str
    value: str
    line: int
    col: int


class Span(NamedTuple):
    """Where a scalar was written: 1-based line and column, character offsets in the file."""

    line: int
    col: int
    start: int
    end: int


class MeasureFact(NamedTuple):
    id: str | None
    type: str | None
    text: str | None
    status: str | None
    due: dt.date | None
    line: int
    col: int
    owner: str | None = None


class RiskFact(NamedTuple):
    path: str
    id: str
    title: str | None
    line: int
    col: int
    power: str | None  # the power holding it, or None in a RiskRegister
    power_name: str | None
    register: str | None
    category: str | None
    post: str | None
    department: str | None  # of the register, or the power's subject
    leader: str | None
    factors: dict[str, int] | None
    grade: str | None
    grade_span: Span | None
    grade_written: str | None
    override: str | None
    override_reason: str | None
    measures: tuple[MeasureFact, ...]
    reviewed: dt.date | None
    reviewed_at: tuple[int, int] | None
    approval: dt.date | None
    power_category: str | None
    power_areas: tuple[str, ...]
    power_major: tuple[str, ...]
    power_laws: tuple[str, ...]  # law ids the power cites


class BasisFact(NamedTuple):
    law: str | None
    title: str | None
    article: str | None


class PowerFact(NamedTuple):
    """A power's catalogue entry (职权目录): what lists, filters and search show."""

    path: str
    id: str
    name: str | None
    category: str | None
    scope: str
    public: bool
    subject: str | None
    line: int
    col: int
    content: str | None = None
    areas: tuple[str, ...] = ()
    major_matter: tuple[str, ...] = ()
    basis: tuple[BasisFact, ...] = ()
    statutory: Duration | None = None
    promised: Duration | None = None
    has_flow: bool = False
    actors: tuple[str, ...] = ()  # the posts and departments that handle its steps


class BenchmarkFact(NamedTuple):
    path: str
    id: str
    power: str | None
    line: int
    col: int
    violation: str | None = None


class LawFact(NamedTuple):
    id: str
    title: str | None
    revised: dt.date | None


class UnitFact(NamedTuple):
    path: str
    line: int
    col: int
    unit: Unit  # salvaged when it had schema errors
    settings: Settings | None  # None when `settings` is not valid: the defaults apply


@dataclass
class FileFacts:
    decls: list[Decl] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    risks: list[RiskFact] = field(default_factory=list)
    powers: list[PowerFact] = field(default_factory=list)
    benchmarks: list[BenchmarkFact] = field(default_factory=list)
    laws: list[LawFact] = field(default_factory=list)
    units: list[UnitFact] = field(default_factory=list)

"""`lz grade` as a library: every risk graded by the unit's model, compared with its
declared grade, and the register summarised (distribution, likelihood × impact heat map).

Works from the facts of `scan()`, so a graded repository costs about a warm validate."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .facts import RiskFact
from .grading import Assessment, PowerContext, assess, grade_for
from .model import GradingSettings, Settings, Unit
from .rules.repository import RepoContext
from .scan import Scan, scan
from .terms import GRADE_ORDER

GROUPINGS = ("department", "category", "area", "leader")


@dataclass(frozen=True)
class GradedRisk:
    risk: RiskFact
    assessment: Assessment | None  # None when the factors are missing or invalid
    department: str | None
    declared: str | None  # as written in `grade`
    override: str | None
    override_reason: str | None

    @property
    def computed(self) -> str | None:
        return self.assessment.computed if self.assessment else None

    @property
    def final(self) -> str | None:
        """The grade that applies: the override, else the computed grade, else the declared."""
        return self.override or self.computed or self.declared

    @property
    def mismatch(self) -> bool:
        """A declared grade that differs from the computed one with no override: an error."""
        return (self.override is None and self.computed is not None and self.declared is not None
                and self.declared != self.computed)

    @property
    def floor(self) -> str | None:
        return self.assessment.floor if self.assessment else None

    @property
    def status(self) -> str:
        if self.assessment is None:
            return "ungraded"
        if self.mismatch:
            return "mismatch"
        if self.override is not None:
            return "override"
        return "floor" if self.floor else "ok"


@dataclass
class GradeReport:
    root: Path
    unit: Unit | None
    settings: GradingSettings
    risks: list[GradedRisk]
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> id -> name

    @property
    def mismatches(self) -> list[GradedRisk]:
        return [r for r in self.risks if r.mismatch]

    def name(self, kind: str, id_: str | None) -> str:
        if id_ is None:
            return ""
        return self.names.get(kind, {}).get(id_, id_)

    def groups(self, by: str, risk: GradedRisk) -> list[str]:
        """The group(s) a risk counts under for a distribution; areas may be several."""
        r = risk.risk
        if by == "department":
            return [risk.department or ""]
        if by == "category":
            return [r.category or ""]
        if by == "leader":
            return [r.leader or ""]
        if by == "area":
            return list(r.power_areas) or [""]
        raise ValueError(by)

    def distribution(self, by: str) -> list[tuple[str, Counter[str]]]:
        """Group -> counts of the final grades, groups sorted by id ('' last)."""
        counts: dict[str, Counter[str]] = {}
        for risk in self.risks:
            for group in self.groups(by, risk):
                counts.setdefault(group, Counter())[risk.final or "ungraded"] += 1
        return sorted(counts.items(), key=lambda kv: (kv[0] == "", kv[0]))

    def heatmap(self) -> dict[tuple[int, int], int]:
        """(likelihood, impact) -> number of risks."""
        cells: Counter[tuple[int, int]] = Counter()
        for risk in self.risks:
            if risk.assessment is not None:
                cells[(risk.assessment.likelihood, risk.assessment.impact)] += 1
        return dict(cells)

    def cell_grade(self, likelihood: int, impact: int) -> str:
        """The colour of a heat-map cell: the grade its score gives under the matrix
        (under `weighted`, the default matrix thresholds)."""
        settings = self.settings if self.settings.model != "weighted" else GradingSettings()
        return grade_for(likelihood * impact, settings)

    def totals(self) -> Counter[str]:
        return Counter(r.final or "ungraded" for r in self.risks)


def _names(unit: Unit | None) -> dict[str, dict[str, str]]:
    if unit is None:
        return {}
    out: dict[str, dict[str, str]] = {"department": {}, "post": {}, "leader": {}}
    for kind, items in (("department", unit.departments), ("post", unit.posts), ("leader", unit.leadership)):
        for item in items or ():
            if item is not None and item.id is not None:
                out[kind][str(item.id)] = str(item.name or item.id)
    return out


def grade_scan(result: Scan, today: dt.date | None = None) -> GradeReport:
    ctx = RepoContext(result.facts, today or dt.date.today())
    settings: Settings = ctx.settings
    graded: list[GradedRisk] = []
    for risk in sorted(ctx.risks(), key=lambda r: (r.path, r.line)):
        assessment = None
        if risk.factors is not None:
            assessment = assess(risk.factors, settings.grading,
                                PowerContext(risk.power_category, risk.power_areas, risk.power_major))
        graded.append(GradedRisk(risk, assessment, ctx.department_of(risk), risk.grade, risk.override,
                                 risk.override_reason))
    return GradeReport(result.root, ctx.unit, settings.grading, graded, _names(ctx.unit))


def grade(
    path: str | os.PathLike[str] = ".",
    *,
    cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> GradeReport:
    """Grade every risk of the repository holding `path`."""
    return grade_scan(scan(path, cache=cache, jobs=jobs, progress=progress, on_total=on_total))


def grade_rank(grade: str | None) -> int:
    return GRADE_ORDER.get(grade or "", -1)


def by_grade_desc(risks: Iterable[GradedRisk]) -> list[GradedRisk]:
    return sorted(risks, key=lambda r: (-grade_rank(r.final), r.risk.id))

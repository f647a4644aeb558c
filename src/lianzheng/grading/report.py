"""`lz grade` as a library: every risk graded by the unit's model, compared with its
declared grade, and the register summarised (distribution, likelihood × impact heat map).

Works from the facts of the repository, so a graded repository costs about a warm
validate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lianzheng.grading.model import Assessment, PowerContext, assess, final_grade, grade_for
from lianzheng.i18n import Text
from lianzheng.repo.facts import RiskFact
from lianzheng.repo.names import Names
from lianzheng.repo.repository import Repository
from lianzheng.spec.models import GradingSettings, Unit
from lianzheng.spec.terms import label

NONE = Text("（无）", "(none)")


class GradedRisk:
    """One risk with its assessment. `computed` is what the model gives; `final` the grade
    that applies (the override, else the computed, else the declared grade); `mismatch`
    a declared grade that differs from the computed one with no override (an error)."""

    __slots__ = ("risk", "assessment", "department", "declared", "override", "override_reason",
                 "computed", "final", "mismatch", "floor", "status", "areas")

    def __init__(self, risk: RiskFact, assessment: Assessment | None, department: str | None,
                 declared: str | None, override: str | None, override_reason: str | None,
                 areas: tuple[str, ...] = ()) -> None:
        self.risk = risk
        self.areas = areas  # the key areas it counts under (`Repository.areas_of`)
        self.assessment = assessment
        self.department = department
        self.declared = declared
        self.override = override
        self.override_reason = override_reason
        self.computed: str | None = assessment.computed if assessment else None
        self.final: str | None = final_grade(declared, override, assessment)
        self.mismatch = (override is None and self.computed is not None and declared is not None
                         and declared != self.computed)
        self.floor: str | None = assessment.floor if assessment else None
        if assessment is None:
            self.status = "ungraded"
        elif self.mismatch:
            self.status = "mismatch"
        elif override is not None:
            self.status = "override"
        else:
            self.status = "floor" if self.floor else "ok"


@dataclass
class GradeReport:
    root: Path
    unit: Unit | None
    settings: GradingSettings
    risks: list[GradedRisk]
    names: Names = field(default_factory=Names)

    @property
    def mismatches(self) -> list[GradedRisk]:
        return [r for r in self.risks if r.mismatch]

    def name(self, kind: str, id_: str | None) -> str:
        return self.names.name(kind, id_)

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
            return list(risk.areas) or [""]
        raise ValueError(by)

    def distribution(self, by: str) -> list[tuple[str, Counter[str]]]:
        """Group -> counts of the final grades, groups sorted by id ('' last)."""
        counts: dict[str, Counter[str]] = {}
        for risk in self.risks:
            final = risk.final or "ungraded"
            for group in self.groups(by, risk):
                if group not in counts:
                    counts[group] = Counter()
                counts[group][final] += 1
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

    def group_label(self, by: str, group: str, lang: str) -> str:
        """The name of a group of a distribution: a department's or leader's name, a term."""
        if not group:
            return NONE(lang)
        if by == "department":
            return self.name("department", group)
        if by == "leader":
            return self.name("leader", group)
        if by == "category":
            return label("risk_category", group, lang)
        return label("area", group, lang)

    def totals(self) -> Counter[str]:
        return Counter(r.final or "ungraded" for r in self.risks)


def grade_report(repo: Repository) -> GradeReport:
    """Every risk of the repository graded, in file and line order (once per command:
    every page, indicator and report that asks gets the same report)."""
    return repo.memo("grade_report", lambda: _grade_report(repo))


def _grade_report(repo: Repository) -> GradeReport:
    settings = repo.settings
    graded: list[GradedRisk] = []
    seen: dict[tuple[object, ...], Assessment] = {}  # a register repeats few factor combinations
    for risk in sorted(repo.risks(), key=lambda r: (r.path, r.line)):
        assessment = None
        if risk.factors is not None:
            key = (*risk.factors.values(), risk.power_category, risk.power_areas, risk.power_major)
            assessment = seen.get(key)
            if assessment is None:
                assessment = seen[key] = assess(
                    risk.factors, settings.grading,
                    PowerContext(risk.power_category, risk.power_areas, risk.power_major))
        graded.append(GradedRisk(risk, assessment, repo.department_of(risk), risk.grade, risk.override,
                                 risk.override_reason, repo.areas_of(risk)))
    return GradeReport(repo.root, repo.unit, settings.grading, graded, repo.names)

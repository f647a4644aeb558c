"""`lz due` as a library: what needs attention now under dynamic management (art. 13),
and the high risks still waiting for the leadership's approval (art. 6).

A work list, not a check: the discipline office follows it up item by item. Works from
the facts of the repository, so it costs about a warm validate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lianzheng.dynamic import ReviewDue, laws_revised_since_review, overdue_measures, review_due
from lianzheng.grading.report import grade_report
from lianzheng.repo.facts import LawFact, MeasureFact, RiskFact
from lianzheng.repo.names import Names
from lianzheng.repo.repository import Repository
from lianzheng.warn import warn
from lianzheng.warn.redcards import RedCase
from lianzheng.warn.engine import WarnFinding, WarnResult

# Why an item is due, in the order a list of one day shows them.
REASONS = ("review_cycle", "law_revised", "measure_overdue", "approval_missing")
# The warnings of `lz warn` that are work to follow up (art. 12): by rule code.
WARNING_REASONS = {"W001": "warning_undisposed", "W002": "disposal_overdue"}


@dataclass(frozen=True)
class DueItem:
    """`id`: the risk's; `since`: the day the item fell due (the end of the review cycle,
    the law's revision, the measure's due date; for a missing approval, the risk's last
    review, when it has one)."""

    id: str
    reason: str
    since: dt.date | None
    risk: RiskFact
    grade: str | None  # the risk's grade (`grade_of`, as the grade report has it)
    measure: MeasureFact | None = None
    law: LawFact | None = None
    review: ReviewDue | None = None

    @property
    def line(self) -> int:
        if self.measure is not None:
            return self.measure.line
        if self.reason in ("review_cycle", "law_revised") and self.risk.reviewed_at:
            return self.risk.reviewed_at[0]
        return self.risk.line

    def sort_key(self) -> tuple[dt.date, str, int, str]:
        detail = self.measure.id if self.measure else self.law.id if self.law else ""
        return (self.since or dt.date.min, self.id, REASONS.index(self.reason), detail or "")


@dataclass(frozen=True)
class DueWarning:
    """A W001 or W002 of `lz warn` on the work list: `since` is the day it fell due (W001:
    the deadline for disposing of the warning; W002: the disposal's `due`), `leader` the
    leadership id the follow-up falls to (the target's own leader, else its department's)."""

    finding: WarnFinding
    since: dt.date
    leader: str | None
    name: str  # of the target

    @property
    def reason(self) -> str:
        return WARNING_REASONS[self.finding.code]

    def sort_key(self) -> tuple[dt.date, str, int, str]:
        return (self.since, self.finding.target[1], len(REASONS) + list(WARNING_REASONS).index(self.finding.code),
                self.finding.disposal or "")


@dataclass
class DueReport:
    root: Path
    as_of: dt.date
    cycle_days: int
    items: list[DueItem]
    names: Names = field(default_factory=Names)
    warnings: list[DueWarning] = field(default_factory=list)

    def count(self, reason: str) -> int:
        return sum(1 for i in (*self.items, *self.warnings) if i.reason == reason)

    def entries(self) -> list[DueItem | DueWarning]:
        """Every item, risks' and warnings', by the day it fell due."""
        return sorted([*self.items, *self.warnings], key=lambda i: i.sort_key())

    def leader(self, item: DueItem) -> str:
        leader = item.risk.leader
        return self.names.name("leader", leader)


def due_items(repo: Repository, as_of: dt.date) -> list[DueItem]:
    """Everything due on `as_of`, sorted by the day it fell due (worked out once per
    command and date: lz due, the assessment and the site ask for it)."""
    return repo.memo(f"due_items:{as_of.isoformat()}", lambda: _due_items(repo, as_of))


def _due_items(repo: Repository, as_of: dt.date) -> list[DueItem]:
    settings = repo.settings
    cycle = settings.review_cycle_days
    items: list[DueItem] = []
    grades = {(g.risk.path, g.risk.line): g.final for g in grade_report(repo).risks}  # the one grade rule, once
    for risk in repo.risks():
        grade = grades[(risk.path, risk.line)]
        review = review_due(risk, cycle, as_of)
        if review is not None:
            items.append(DueItem(risk.id, "review_cycle", review.since, risk, grade, review=review))
        for law in laws_revised_since_review(risk, repo.laws, as_of):
            items.append(DueItem(risk.id, "law_revised", law.revised, risk, grade, law=law))
        for m in overdue_measures(risk, as_of):
            items.append(DueItem(risk.id, "measure_overdue", m.due, risk, grade, measure=m))
        if grade == "high" and risk.approval is None:
            items.append(DueItem(risk.id, "approval_missing", risk.reviewed, risk, grade))
    return sorted(items, key=DueItem.sort_key)


def due_warnings(result: WarnResult) -> list[DueWarning]:
    """The W001 and W002 of `lz warn` as items of the work list."""
    out = []
    for f in result.findings:
        if f.code in WARNING_REASONS:
            since = dt.date.fromisoformat(f.args["deadline"] if f.code == "W001" else f.args["due"])
            out.append(DueWarning(f, since, result.directory.leaders.get(f.target), result.directory.name(f.target)))
    return sorted(out, key=DueWarning.sort_key)


def due_report(repo: Repository, as_of: dt.date, red_cases: Iterable[RedCase] = ()) -> DueReport:
    """`lz due`: what needs attention in the repository on `as_of` (risks and measures
    under art. 13, warnings and disposals under art. 12; `red_cases`: `lz monitor`'s, which
    count as warning signals)."""
    return DueReport(repo.root, as_of, repo.settings.review_cycle_days, due_items(repo, as_of), repo.names,
                     due_warnings(warn(repo, as_of, red_cases=red_cases)))

"""`lz due` as a library: what needs attention now under dynamic management (art. 13),
and the high risks still waiting for the leadership's approval (art. 6).

A work list, not a check: the discipline office follows it up item by item. Works from
the facts of `scan()`, so it costs about a warm validate."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .dynamic import laws_revised_since_review, overdue_measures, review_due
from .facts import FileFacts, LawFact, MeasureFact, RiskFact
from .grading import effective_grade
from .names import Names
from .rules.repository import RepoContext
from .scan import scan

# Why an item is due, in the order a list of one day shows them.
REASONS = ("review_cycle", "law_revised", "measure_overdue", "approval_missing")


@dataclass(frozen=True)
class DueItem:
    """`id`: the risk's; `since`: the day the item fell due (the end of the review cycle,
    the law's revision, the measure's due date; for a missing approval, the risk's last
    review, when it has one)."""

    id: str
    reason: str
    since: dt.date | None
    risk: RiskFact
    measure: MeasureFact | None = None
    law: LawFact | None = None

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


@dataclass
class DueReport:
    root: Path
    as_of: dt.date
    cycle_days: int
    items: list[DueItem]
    names: Names = field(default_factory=Names)

    def count(self, reason: str) -> int:
        return sum(1 for i in self.items if i.reason == reason)

    def leader(self, item: DueItem) -> str:
        leader = item.risk.leader
        return self.names.name("leader", leader)


def due_items(ctx: RepoContext) -> list[DueItem]:
    cycle = ctx.settings.review_cycle_days
    items: list[DueItem] = []
    for risk in ctx.risks():
        since = review_due(risk, cycle, ctx.today)
        if since is not None:
            items.append(DueItem(risk.id, "review_cycle", since, risk))
        for law in laws_revised_since_review(risk, ctx.laws):
            items.append(DueItem(risk.id, "law_revised", law.revised, risk, law=law))
        for m in overdue_measures(risk, ctx.today):
            items.append(DueItem(risk.id, "measure_overdue", m.due, risk, measure=m))
        if effective_grade(risk.grade, risk.override) == "high" and risk.approval is None:
            items.append(DueItem(risk.id, "approval_missing", risk.reviewed, risk))
    return sorted(items, key=DueItem.sort_key)


def due_facts(root: Path, facts: Mapping[str, FileFacts], as_of: dt.date) -> DueReport:
    ctx = RepoContext(dict(facts), as_of)
    return DueReport(root, as_of, ctx.settings.review_cycle_days, due_items(ctx), ctx.names)


def due(
    path: str | os.PathLike[str] = ".",
    *,
    as_of: dt.date | None = None,
    cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> DueReport:
    """What is due in the repository holding `path` on `as_of` (default today)."""
    result = scan(path, cache=cache, jobs=jobs, progress=progress, on_total=on_total)
    return due_facts(result.root, result.facts, as_of or dt.date.today())

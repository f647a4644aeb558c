"""What the other engines hand `assess`: `lz warn`'s warnings as `WarningOutcome`s (the
`warning` indicator, 预警处置) and `lz monitor`'s closed cases as `PowerCases` (the
`e_supervision` indicator, 电子监察).

A warning is `in_time` when the warn engine says it was disposed of by its deadline
(`TargetWarning.disposed_in_time`), `pending` when it is not disposed of and its deadline
has not passed (`status` pending: nothing to say yet), else `late`. It is scored under its
target's department: a risk's (`Repository.department_of`), a post's, a power's subject, a
department itself; a warning about a leader belongs to no department (the unit's score
only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lianzheng.assess import PowerCases, WarningOutcome
from lianzheng.repo.repository import Repository

if TYPE_CHECKING:
    from lianzheng.monitor import MonitorResult
    from lianzheng.warn import WarnResult
    from lianzheng.warn.redcards import RedCase


def target_departments(repo: Repository) -> dict[tuple[str, str], str | None]:
    """(kind, id) of a target -> the department it is scored under (the first of a
    duplicated risk id, as everywhere)."""
    out: dict[tuple[str, str], str | None] = {("department", d): d for d in repo.names.departments}
    out |= {("post", p): d for p, d in repo.names.post_department.items()}
    out |= {("power", p.id): p.subject for p in repo.power_by_id.values()}
    for r in repo.risks():
        out.setdefault(("risk", r.id), repo.department_of(r))
    return out


def warning_outcomes(repo: Repository, result: WarnResult) -> list[WarningOutcome]:
    """Every warning of `lz warn` as the `warning` indicator counts it."""
    departments = target_departments(repo)
    out = []
    for w in result.warnings:
        kind, id_ = w.target
        if w.disposed_in_time:
            outcome = "in_time"
        elif w.status(result.as_of) == "pending":
            outcome = "pending"
        else:
            outcome = "late"
        out.append(WarningOutcome(kind, id_, outcome, departments.get(w.target), w.name, w.level))
    return out


def register_warnings(repo: Repository, as_of: dt.date,
                      red_cases: Sequence[RedCase] = ()) -> Sequence[WarningOutcome] | None:
    """The warnings of the repository's own signals and disposals on `as_of` (and of
    `lz monitor`'s red cases); None when there are none of either (the indicator then
    has nothing to measure)."""
    if not red_cases and not any(r.facts.signals or r.facts.disposals for r in repo.results.values()):
        return None
    from lianzheng.warn import warn  # only for a repository that keeps signals

    return warning_outcomes(repo, warn(repo, as_of, red_cases=red_cases))


def monitor_cases(result: MonitorResult | None) -> list[PowerCases] | None:
    """Each case log's closed cases and how many of them are green; None without any log."""
    if result is None:
        return None
    return [PowerCases(log.power, log.closed, log.closed - sum(1 for c in log.flagged_cases if c.status == "closed"),
                       log.id) for log in result.logs]

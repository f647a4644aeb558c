"""What `lz monitor` hands the other engines: its red cases as warning signals (`lz warn`,
art. 11 → 12), and the whole repository's e-supervision on a day for the commands and the
site that need it (`lz warn`, `lz due`, `lz assess`, `lz publish`, `lz rollup`)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from lianzheng.monitor import LogError, MonitorResult, monitor_repository
from lianzheng.repo.repository import Repository
from lianzheng.warn.redcards import CaseFinding, RedCase


class Supervision(NamedTuple):
    """The repository's case logs checked on a day: the result (None without any CaseLog)
    and the logs that could not be used (id, error), left out of it."""

    result: MonitorResult | None
    unusable: tuple[tuple[str, LogError], ...] = ()

    @property
    def red_cases(self) -> list[RedCase]:
        return red_cases(self.result) if self.result is not None else []


def supervision(repo: Repository, day: dt.date) -> Supervision:
    """Every CaseLog of the repository judged at the end of `day` (the reference date of the
    command or the site). The repository must be opened with its models."""
    if not any(True for _ in repo.caselogs()):
        return Supervision(None)
    unusable: list[tuple[str, LogError]] = []
    result = monitor_repository(repo, as_of=day, unusable=unusable)
    return Supervision(result, tuple(unusable))


def red_cases(result: MonitorResult) -> list[RedCase]:
    """Every red case of the result, as `lz warn` counts them: dated by its last event."""
    out = []
    for log in result.logs:
        for case in log.flagged_cases:
            if case.card != "red":
                continue
            out.append(RedCase(
                log=log.id, case=case.case, power=log.power, last_event=dt.date.fromisoformat(case.last_time[:10]),
                findings=tuple(CaseFinding(f.code, f.step, tuple(r for r, _ in f.risks)) for f in case.findings)))
    return out

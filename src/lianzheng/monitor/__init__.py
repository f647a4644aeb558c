"""`lz monitor` as a library: e-supervision (电子监察, art. 11) of real cases.

Every case of a unit's e-government log is checked against its power's flowchart, its step
and case limits on the official working-day calendar, and the risk points where deviations
happen; each case gets a red, yellow or green card (SPEC.md: kind CaseLog, `lz monitor`).

- `monitor_log(caselog, power, unit, settings, root, as_of, risks_by_step)`: one log;
- `monitor(inputs, as_of)`: several, in one result;
- `monitor_repository(repo, as_of=…, logs=…)`: every CaseLog of a repository, as the command
  runs it (grades, the `--log ID` / `--log ID=FILE` selection).

Each takes `engine`: "duckdb" (the default: an embedded DuckDB per log) or "spark" (one
Spark session for every log, at `master`: `lz monitor --engine spark`), or an open session
(`lianzheng.engine.open_engine`). The same SQL runs on both and gives the same result.

The reporters are in `report`; `exit_code(result)` is the command's exit status.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from lianzheng.engine import DEFAULT_ENGINE, Engine, open_engine
from lianzheng.i18n import Text
from lianzheng.repo.repository import Repository
from lianzheng.spec.models import CaseLog, Power, Settings, Unit
from lianzheng.monitor.calendar import WorkCalendar
from lianzheng.monitor.engine import AsOf, LogInput, Risks, check_log
from lianzheng.monitor.flow import FlowSpec
from lianzheng.monitor.logs import LogError, LogSpec, Progress
from lianzheng.monitor.result import CaseFinding, CaseResult, LogFinding, LogResult, MonitorResult, exit_code

__all__ = [
    "AsOf", "CaseFinding", "CaseResult", "LogError", "LogFinding", "LogResult", "MonitorInput", "MonitorResult",
    "WorkCalendar", "exit_code", "monitor", "monitor_log", "monitor_repository",
]

AsOfLike = AsOf | str | dt.date | dt.datetime | None
EngineLike = Engine | str


class MonitorInput(NamedTuple):
    """One CaseLog with what it is checked against (the arguments of `monitor_log`)."""

    caselog: CaseLog
    power: Power
    unit: Unit | None
    settings: Settings
    root: Path
    risks_by_step: Risks | None = None
    log_file: Path | str | None = None


def log_input(caselog: CaseLog, power: Power, unit: Unit | None, settings: Settings, root: Path,
              risks_by_step: Risks | None = None, log_file: Path | str | None = None) -> LogInput:
    """The engine's input from the models."""
    if power.flow is None:
        raise LogError(Text(f"办件数据 {caselog.id} 的职权 {power.id} 没有流程图，无法监察",
                            f"the power {power.id} of CaseLog {caselog.id} has no flow to check cases against"))
    names: dict[str, str] = {}
    departments: dict[str, str | None] = {}
    if unit is not None:
        names.update({d.id: d.name for d in unit.departments})
        names.update({p.id: p.name for p in unit.posts})
        departments.update({p.id: p.department for p in unit.posts})
    return LogInput(
        spec=LogSpec.of(caselog, root, log_file),
        flow=FlowSpec.of(power),
        activities=dict(caselog.activities),
        resources=dict(caselog.resources) if caselog.resources is not None else None,
        departments=departments,
        names=names,
        calendar=WorkCalendar.of(settings.calendar.holidays, settings.calendar.workdays),
        near_limit=settings.monitor.near_limit,
        risks_by_step=risks_by_step,
        name=caselog.name,
    )


def as_of_of(value: AsOfLike) -> AsOf:
    return value if isinstance(value, AsOf) else AsOf.parse(value)


def monitor_log(caselog: CaseLog, power: Power, unit: Unit | None, settings: Settings, root: Path,
                as_of: AsOfLike, risks_by_step: Risks | None = None, log_file: Path | str | None = None, *,
                progress: Progress | None = None, engine: EngineLike = DEFAULT_ENGINE,
                master: str | None = None) -> LogResult:
    """Check one CaseLog's log. Raises `LogError` when it cannot be used (exit 2),
    `EngineUnavailable` when the engine cannot run (exit 2)."""
    item = log_input(caselog, power, unit, settings, root, risks_by_step, log_file)
    return check_log(item, as_of_of(as_of), progress=progress, engine=engine, master=master)


def monitor(inputs: Iterable[MonitorInput], as_of: AsOfLike = None, *,
            progress: Callable[[str, str, int, int], None] | None = None,
            unusable: list[tuple[str, LogError]] | None = None, engine: EngineLike = DEFAULT_ENGINE,
            master: str | None = None) -> MonitorResult:
    """Check several logs at one as-of; `progress(log id, stage, done, total)`. A log that
    cannot be used raises `LogError`, or, when `unusable` is a list, is put there (with its
    id) and left out, so that the other logs still count (`lz warn`, `lz due`, the site).
    `engine="spark"` opens one Spark session (at `master`) for all the logs."""
    moment = as_of_of(as_of)
    logs = []
    session: Engine | None = None
    try:
        for m in sorted(inputs, key=lambda m: m.caselog.id):
            tick: Progress | None = None
            if progress is not None:
                tick = functools.partial(progress, m.caselog.id)
            if session is None and isinstance(engine, str) and engine != DEFAULT_ENGINE:
                session = open_engine(engine, master=master)  # slow to start: once, for the first log
            try:
                logs.append(monitor_log(m.caselog, m.power, m.unit, m.settings, m.root, moment, m.risks_by_step,
                                        m.log_file, progress=tick, engine=session or engine))
            except LogError as exc:
                if unusable is None:
                    raise
                unusable.append((m.caselog.id, exc))
    finally:
        if session is not None:
            session.close()
    return MonitorResult(as_of=moment.given, logs=logs)


def parse_selection(logs: Sequence[str]) -> dict[str, Path | str | None]:
    """`--log ID` (check only that log) and `--log ID=FILE` (read another file; a URL such
    as `s3a://bucket/permits.parquet` is handed to the engine as it is)."""
    chosen: dict[str, Path | str | None] = {}
    for item in logs:
        log_id, sep, file = item.partition("=")
        chosen[log_id.strip()] = (file if "://" in file else Path(file)) if sep else None
    return chosen


def monitor_repository(repo: Repository, *, as_of: AsOfLike = None, logs: Sequence[str] = (),
                       progress: Callable[[str, str, int, int], None] | None = None,
                       unusable: list[tuple[str, LogError]] | None = None, engine: EngineLike = DEFAULT_ENGINE,
                       master: str | None = None) -> MonitorResult:
    """Every CaseLog of the repository (opened with its models), or those `logs` names, with
    the risks at each step graded by the unit's model (the one grade rule of `lz grade`).
    `unusable`, `engine`, `master`: see `monitor`."""
    from lianzheng.grading.report import grade_report

    facts = sorted(repo.caselogs(), key=lambda c: (c.id, c.path))
    chosen = parse_selection(logs)
    known = sorted({c.id for c in facts})
    for log_id in chosen:
        if log_id not in known:
            raise LogError(Text(f"没有编号为 {log_id} 的办件数据（CaseLog）；现有：{'、'.join(known) or '（无）'}",
                                f"no CaseLog with id {log_id}; there are: {', '.join(known) or '(none)'}"))
    graded = {g.risk.id: g.final for g in grade_report(repo).risks} if facts else {}
    inputs, seen = [], set()
    for fact in facts:
        if fact.id in seen or (chosen and fact.id not in chosen):
            continue  # a duplicated id (D001) counts once: its first declaration
        seen.add(fact.id)
        caselog = next((d for d in repo.models_of(fact.path) if isinstance(d, CaseLog) and d.id == fact.id), None)
        if caselog is None:
            continue  # its document did not validate: lz validate says why
        power_fact = repo.power_by_id.get(fact.power or "")
        power = next((d for d in repo.models_of(power_fact.path) if isinstance(d, Power) and d.id == fact.power),
                     None) if power_fact is not None else None
        if power is None:
            missing = LogError(Text(f"办件数据 {fact.id} 的职权 {fact.power} 不存在",
                                    f"CaseLog {fact.id}: no power {fact.power}"))
            if unusable is None:
                raise missing
            unusable.append((fact.id, missing))
            continue
        inputs.append(MonitorInput(caselog, power, repo.unit, repo.settings, repo.root, risks_of(power, graded),
                                   chosen.get(fact.id)))
    return monitor(inputs, as_of, progress=progress, unusable=unusable, engine=engine, master=master)


def risks_of(power: Power, graded: Mapping[str, str | None]) -> dict[str, list[tuple[str, str]]]:
    """step id -> [(risk id, grade)] for the risks of a power (a grade from `lz grade`)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for risk in power.risks:
        grade = graded.get(risk.id) or str(risk.grade)
        for step in risk.steps:
            out.setdefault(step, []).append((risk.id, grade))
    return {k: sorted(v) for k, v in sorted(out.items())}

"""The warning engine (预警, art. 12): scores, levels, the disposal due, and what is late.

**Score.** A target's score on a day d is the sum of the severities of the signals about it
dated in (d − window_days, d]. The window slides: a signal counts from its date and leaves
the window `window_days` later (on day date + window_days it no longer counts). A signal
dated after `--as-of` has not happened yet as of that day and counts for nothing.

**Level.** The disposal due is the heaviest action of the ladder whose score the target's
score on `--as-of` reaches. The ladder is `settings.warning.levels` over its defaults (a
partial override keeps the other defaults); the order of weight is the order of the
scores, equal scores in the order 风险提示 → 诫勉谈话 → 责令纠错.

**The day the score reached the level.** The score is a step function of the day; it
rises on a signal's date and falls when a signal leaves the window. The day it reached
the level is the first day of the unbroken run of days, ending on `--as-of`, on which the
score stood at or above the level's score: the latest day it climbed to the level and has
not fallen below since. So a warning whose signals aged out and that a new signal brings
back is a new warning (the old disposal does not dispose of it), while a signal that
keeps an already disposed-of level standing does not ask for the action again. That day
is always the date of a signal.

**Disposed of.** A warning is disposed of by a disposal of the same target, of that action
or a heavier one, dated on or after the day the score reached the level (and not after
`--as-of`); a lighter one does not dispose of it. The disposal shown is the first that did.

**Findings.** W001 when a warning is not disposed of and `--as-of` is more than
`respond_days` calendar days after the day its level was reached (the deadline itself is
still in time); W002 when a disposal is `open` and its `due` is before `--as-of`; W003
when a risk's warning is at 诫勉谈话 or heavier and its `probability` factor is below 4
(a risk without factors is left to K011).

**Leader** (who `lz due` lists a W001 or W002 under): the target's own leader — a risk's
责任领导, the leader a `{leader: ID}` target names — else the 分管领导 of its department (a
post's department, a power's `subject`, a risk's post's department, else its power's
subject or its register's department).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lianzheng.repo.facts import DisposalFact, SignalFact, TargetKey, target_order
from lianzheng.repo.findings import Finding
from lianzheng.repo.repository import Repository
from lianzheng.spec.models import Settings, WarningSettings
from lianzheng.spec.terms import VOCABULARIES, label

ADMONITION = "admonition"
# W003: a probability below this is low for a risk warned at admonition or above.
REGRADE_PROBABILITY = 4
_LADDER_ORDER = tuple(t.id for t in VOCABULARIES["disposal_action"].terms)


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ladder:
    """The disposal ladder: (action, score at which it is due), lightest first."""

    steps: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, warning: WarningSettings | None = None) -> Ladder:
        levels = {str(k): v for k, v in WarningSettings().levels.items()}
        if warning is not None:
            levels.update({str(k): v for k, v in warning.levels.items()})
        return cls(tuple(sorted(levels.items(), key=lambda kv: (kv[1], _LADDER_ORDER.index(kv[0])))))

    def weight(self, action: str | None) -> int:
        """The rank of an action on the ladder (higher is heavier); -1 for no action."""
        for i, (a, _) in enumerate(self.steps):
            if a == action:
                return i
        return -1

    def threshold(self, action: str) -> int:
        return dict(self.steps)[action]

    def level(self, score: int) -> str | None:
        """The heaviest action whose score `score` reaches."""
        reached = [a for a, t in self.steps if score >= t]
        return reached[-1] if reached else None


@dataclass(frozen=True)
class Policy:
    ladder: Ladder
    window_days: int
    respond_days: int

    @classmethod
    def of(cls, settings: Settings | None) -> Policy:
        warning = settings.warning if settings is not None else WarningSettings()
        return cls(Ladder.of(warning), warning.window_days, warning.respond_days)


# --- the unit: names, leaders, factors ------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    """What the engine and the outputs need to know of the unit: names and leaders of
    targets, the probability factor of risks, where risks are."""

    names: Mapping[TargetKey, str] = field(default_factory=dict)
    leaders: Mapping[TargetKey, str] = field(default_factory=dict)
    leader_names: Mapping[str, str] = field(default_factory=dict)
    probability: Mapping[str, int] = field(default_factory=dict)
    risk_at: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)
    settings: Settings | None = None

    @classmethod
    def of(cls, repo: Repository) -> Directory:
        names: dict[TargetKey, str] = {}
        leaders: dict[TargetKey, str] = {}
        unit = repo.unit
        department_leader: dict[str, str] = {}
        if unit is not None:
            for d in unit.departments or ():
                if d is not None and d.id and d.leader:
                    department_leader[str(d.id)] = str(d.leader)
        n = repo.names
        for leader, name in n.leaders.items():
            names[("leader", leader)] = name
            leaders[("leader", leader)] = leader
        for department, name in n.departments.items():
            names[("department", department)] = name
            if department in department_leader:
                leaders[("department", department)] = department_leader[department]
        for post, name in n.posts.items():
            names[("post", post)] = name
            if n.post_department.get(post) in department_leader:
                leaders[("post", post)] = department_leader[n.post_department[post]]
        probability: dict[str, int] = {}
        risk_at: dict[str, tuple[str, int, int]] = {}
        for power in repo.powers():
            names.setdefault(("power", power.id), power.name or power.id)
            if power.subject in department_leader:
                leaders.setdefault(("power", power.id), department_leader[power.subject])
        for r in repo.risks():
            key = ("risk", r.id)
            if key in names:
                continue  # D001: the first counts
            names[key] = r.title or r.id
            risk_at[r.id] = (r.path, r.line, r.col)
            if r.factors is not None:
                probability[r.id] = r.factors["probability"]
            leader = r.leader or department_leader.get(repo.department_of(r) or "")
            if leader:
                leaders[key] = leader
        return cls(names, leaders, dict(n.leaders), probability, risk_at, repo.settings)

    def name(self, key: TargetKey) -> str:
        return self.names.get(key, key[1])

    def leader_name(self, leader: str | None) -> str:
        return self.leader_names.get(leader or "", leader or "")


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarnFinding:
    """A finding of `lz warn`: language-neutral (code + args), about a target, and, for
    W002, a disposal. The position is where to look: W001 the signal that brought the
    level, W002 the disposal's `due`, W003 the risk."""

    code: str
    target: TargetKey
    disposal: str | None
    path: str
    line: int
    column: int
    args: Mapping[str, Any]

    def finding(self) -> Finding:
        return Finding(self.path, self.line, self.column, self.code, dict(self.args))

    def sort_key(self) -> tuple[Any, ...]:
        return (self.code, target_order(self.target), self.disposal or "")


@dataclass(frozen=True)
class TargetWarning:
    """One target's warning on `--as-of`. `signals`: those in the window, by date then id;
    `disposal`: the one that disposed of it; `last_disposal`: the latest of the target's
    disposals of any action (to show why a lighter one did not dispose of it)."""

    target: TargetKey
    name: str
    leader: str | None
    score: int
    level: str
    reached: dt.date
    deadline: dt.date
    signals: tuple[SignalFact, ...]
    disposal: DisposalFact | None
    last_disposal: DisposalFact | None
    findings: tuple[str, ...] = ()

    @property
    def latest(self) -> SignalFact:
        return self.signals[-1]

    @property
    def by_source(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.signals:
            out[s.source or ""] = out.get(s.source or "", 0) + 1
        return dict(sorted(out.items()))

    def status(self, as_of: dt.date) -> str:
        """`disposed`, `pending` (still within respond_days) or `overdue` (W001)."""
        if self.disposal is not None:
            return "disposed"
        return "overdue" if as_of > self.deadline else "pending"

    @property
    def disposed_in_time(self) -> bool:
        """For the assessment indicator (预警处置, art. 16): disposed of by the deadline."""
        return self.disposal is not None and self.disposal.date is not None and self.disposal.date <= self.deadline


@dataclass
class WarnResult:
    as_of: dt.date
    policy: Policy
    warnings: list[TargetWarning]
    findings: list[WarnFinding]
    disposals: list[DisposalFact]  # every disposal dated by --as-of, by date then id
    directory: Directory
    show_confidential: bool = False
    signal_count: int = 0  # signals dated by --as-of (any target, in the window or not)

    def count(self, code: str) -> int:
        return sum(1 for f in self.findings if f.code == code)

    def exit_code(self) -> int:
        """1 on W001 or W002 (SPEC); else 0."""
        return 1 if self.count("W001") or self.count("W002") else 0

    def overdue_disposals(self) -> list[DisposalFact]:
        ids = {f.disposal for f in self.findings if f.code == "W002"}
        return [d for d in self.disposals if d.id in ids]


# --- the engine -----------------------------------------------------------------------------


def timeline(signals: Iterable[SignalFact], as_of: dt.date, window_days: int) -> list[tuple[dt.date, int]]:
    """The score after each day on which it changed, up to `as_of`, in date order."""
    changes: dict[dt.date, int] = {}
    window = dt.timedelta(days=window_days)
    for s in signals:
        if s.date is None or s.date > as_of:
            continue
        changes[s.date] = changes.get(s.date, 0) + s.severity
        leaves = s.date + window
        if leaves <= as_of:
            changes[leaves] = changes.get(leaves, 0) - s.severity
    out: list[tuple[dt.date, int]] = []
    score = 0
    for day in sorted(changes):
        score += changes[day]
        out.append((day, score))
    return out


def reached_on(line: Sequence[tuple[dt.date, int]], threshold: int) -> dt.date | None:
    """The first day of the run of days ending on the last day of `line` on which the
    score stood at or above `threshold`; None when it is below on that day."""
    start = None
    for day, score in reversed(line):
        if score < threshold:
            break
        start = day
    return start


def in_window(signal: SignalFact, as_of: dt.date, window_days: int) -> bool:
    return signal.date is not None and as_of - dt.timedelta(days=window_days) < signal.date <= as_of


def _first_by_id(items: Iterable[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(item.id, item)  # D004 / D005: the first counts
    return list(seen.values())


def _target_args(directory: Directory, key: TargetKey) -> dict[str, Any]:
    return {"kind": label("id_kind", key[0]), "kind_en": label("id_kind", key[0], "en"), "id": key[1],
            "name": directory.name(key)}


def _action_args(name: str, action: str | None) -> dict[str, Any]:
    vocab = VOCABULARIES["disposal_action"]
    return {name: vocab.label(action or "", "zh"), f"{name}_en": vocab.label(action or "", "en")}


def evaluate(
    signals: Iterable[SignalFact],
    disposals: Iterable[DisposalFact],
    directory: Directory,
    as_of: dt.date,
    *,
    policy: Policy | None = None,
    show_confidential: bool = False,
) -> WarnResult:
    """Every target's warning on `as_of`, and the findings W001–W003 (see the module
    docstring for the rules). `signals` may mix recorded signals and red cards."""
    policy = policy or Policy.of(directory.settings)
    ladder = policy.ladder
    signals = [s for s in _first_by_id(signals) if s.date is not None and s.date <= as_of]
    disposals = sorted((d for d in _first_by_id(disposals) if d.date is None or d.date <= as_of),
                       key=lambda d: (d.date or dt.date.min, d.id))
    by_target: dict[TargetKey, list[SignalFact]] = {}
    for s in signals:
        for t in s.about:
            by_target.setdefault(t.key, []).append(s)
    disposals_of: dict[TargetKey, list[DisposalFact]] = {}
    for d in disposals:
        if d.about is not None:
            disposals_of.setdefault(d.about.key, []).append(d)

    findings: list[WarnFinding] = []
    for d in disposals:
        if d.status == "open" and d.due is not None and d.due < as_of and d.about is not None:
            findings.append(WarnFinding(
                "W002", d.about.key, d.id, d.path, *d.due_at,
                {**_target_args(directory, d.about.key), **_action_args("action", d.action), "disposal": d.id,
                 "due": d.due.isoformat(), "days": (as_of - d.due).days},
            ))

    warnings: list[TargetWarning] = []
    for key in sorted(by_target, key=target_order):
        history = by_target[key]
        line = timeline(history, as_of, policy.window_days)
        score = line[-1][1] if line else 0
        level = ladder.level(score)
        if level is None:
            continue
        reached = reached_on(line, ladder.threshold(level))
        assert reached is not None  # the score on as_of reaches the level
        deadline = reached + dt.timedelta(days=policy.respond_days)
        weight = ladder.weight(level)
        own = disposals_of.get(key, [])
        disposal = next((d for d in own if d.date is not None and d.date >= reached
                         and ladder.weight(d.action) >= weight), None)
        shown = tuple(sorted((s for s in history if in_window(s, as_of, policy.window_days)),
                             key=lambda s: (s.date, s.id)))
        common = {**_target_args(directory, key), "score": score, **_action_args("level", level),
                  "reached": reached.isoformat()}
        if disposal is None and as_of > deadline:
            trigger = max((s for s in history if s.date == reached), key=lambda s: s.id)
            findings.append(WarnFinding("W001", key, None, trigger.path, trigger.line, trigger.col, {
                **common, "deadline": deadline.isoformat(), "days": (as_of - deadline).days}))
        probability = directory.probability.get(key[1]) if key[0] == "risk" else None
        if (probability is not None and probability < REGRADE_PROBABILITY
                and weight >= ladder.weight(ADMONITION)):
            path, ln, col = directory.risk_at.get(key[1], ("", 0, 0))
            findings.append(WarnFinding("W003", key, None, path, ln, col, {**common, "probability": probability}))
        warnings.append(TargetWarning(key, directory.name(key), directory.leaders.get(key), score, level, reached,
                                deadline, shown, disposal, own[-1] if own else None))

    findings.sort(key=WarnFinding.sort_key)
    codes: dict[TargetKey, set[str]] = {}
    for f in findings:
        codes.setdefault(f.target, set()).add(f.code)
    warnings = [replace(w, findings=tuple(sorted(codes.get(w.target, ())))) for w in warnings]
    warnings.sort(key=lambda w: (-ladder.weight(w.level), -w.score, target_order(w.target)))
    return WarnResult(as_of, policy, warnings, findings, disposals, directory, show_confidential, len(signals))

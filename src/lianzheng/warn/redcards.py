"""Red cards of `lz monitor` as warning signals (电子监察, art. 11 → 12).

SPEC.md: red cards count as signals of source `e_supervision`, severity 1, one per red
case, about the risks at the steps of its red findings (about the power for M203, and
where no risk sits at the step), dated by the case's last event.

The monitor engine's result is adapted to `RedCase` by the lead (its findings carry the
code, the step and the risks whose `steps` hold it); this module knows nothing else of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lianzheng.i18n import Text, listing
from lianzheng.repo.facts import RED_CARD_PREFIX, SignalFact, TargetKey, TargetRef, target_order

# The findings that make a case red (SPEC.md, Cards): conformance M101–M106, and M203.
RED_CODES = frozenset({"M101", "M102", "M103", "M104", "M105", "M106", "M203"})
OVERDUE = "M203"  # about the case's time, not a step: the signal is about the power


@dataclass(frozen=True)
class CaseFinding:
    code: str
    step: str | None
    risks: tuple[str, ...] = ()  # the risks of the power whose `steps` hold `step`


@dataclass(frozen=True)
class RedCase:
    log: str  # the CaseLog id
    case: str
    power: str
    last_event: dt.date
    findings: tuple[CaseFinding, ...]


def red_card_id(log: str, case: str) -> str:
    """A red card's signal id: stable across runs, unique per log and case, and unlike any
    id written in a Signals file, so a disposal may cite it (`signals: [monitor:permits:2026-0012]`)."""
    return f"{RED_CARD_PREFIX}{log}:{case}"


def _targets(case: RedCase) -> tuple[TargetRef, ...]:
    keys: set[TargetKey] = set()
    for f in case.findings:
        if f.code not in RED_CODES:
            continue
        if f.code == OVERDUE or not f.risks:
            keys.add(("power", case.power))
        else:
            keys.update(("risk", r) for r in f.risks)
    return tuple(TargetRef(kind, id_, 0, 0) for kind, id_ in sorted(keys, key=target_order))


def red_card_signals(cases: Iterable[RedCase]) -> list[SignalFact]:
    """One signal per red case (a case with no red finding is skipped), by id."""
    out = []
    for case in cases:
        about = _targets(case)
        if not about:
            continue
        day = case.last_event.date() if isinstance(case.last_event, dt.datetime) else case.last_event
        codes = listing(sorted({f.code for f in case.findings if f.code in RED_CODES}))
        out.append(SignalFact(
            path="", line=0, col=0, id=red_card_id(case.log, case.case), date=day, source="e_supervision",
            severity=1, about=about, confidential=False,
            summary=Text(f"电子监察红牌：{case.log} {case.case}（{codes.zh}）",
                         f"e-supervision red card: {case.log} {case.case} ({codes.en})"),
            ref=case.case,
        ))
    return sorted(out, key=lambda s: s.id)

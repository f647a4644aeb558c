"""T: time limits (期限, art. 4): promised vs statutory, and the flow against both."""

from __future__ import annotations

from ..documents import DocContext
from ..findings import Text as T
from ..model import Power
from ..types import Duration
from .extract import _items
from .flow import depth_first, step_index
from .registry import ERROR, WARNING, define, document_check

define(
    "T001", "promised-exceeds-statutory", ERROR,
    T("承诺期限长于法定期限。", "The promised time limit is longer than the statutory one."),
    T("承诺期限是在法定期限内作出的提速承诺，超过法定期限即违法。",
      "A promised limit is a commitment to be faster than the law; longer than the statutory limit is unlawful."),
    T("承诺期限 {promised} 超过法定期限 {statutory}", "promised limit {promised_en} exceeds the statutory limit {statutory_en}"),
    bad="statutory_days: 20\npromised_days: 25",
    good="statutory_days: 20\npromised_days: 10",
    kinds=("Power",),
)

define(
    "T002", "flow-exceeds-statutory", ERROR,
    T("流程最长路径的期限之和超过法定期限。", "The time limits along the longest path exceed the statutory limit."),
    T("各环节都用足期限时仍须在法定期限内办结，否则流程图本身就是超期的。",
      "Even when every step uses its full time the procedure must end within the statutory limit."),
    T("流程最长路径（{path}）合计 {total}，超过法定期限 {limit}",
      "the longest path ({path}) takes {total_en}, more than the statutory limit {limit_en}"),
    bad="statutory_days: 20\nflow:\n  steps:\n    - {id: S1, time_limit: 15, next: [S2]}\n    - {id: S2, time_limit: 10, end: true}",
    good="statutory_days: 20\nflow:\n  steps:\n    - {id: S1, time_limit: 5, next: [S2]}\n    - {id: S2, time_limit: 10, end: true}",
    kinds=("Power",),
)

define(
    "T003", "flow-exceeds-promised", WARNING,
    T("流程最长路径的期限之和超过承诺期限。", "The time limits along the longest path exceed the promised limit."),
    T("对社会的承诺应当兑现；流程图的期限之和超过承诺，说明承诺或环节期限需要调整。",
      "A public promise must be kept; if the steps add up to more, the promise or the steps need changing."),
    T("流程最长路径（{path}）合计 {total}，超过承诺期限 {limit}",
      "the longest path ({path}) takes {total_en}, more than the promised limit {limit_en}"),
    bad="promised_days: 10\nflow:\n  steps:\n    - {id: S1, time_limit: 5, next: [S2]}\n    - {id: S2, time_limit: 10, end: true}",
    good="promised_days: 15\nflow:\n  steps:\n    - {id: S1, time_limit: 5, next: [S2]}\n    - {id: S2, time_limit: 10, end: true}",
    kinds=("Power",),
)


def longest_path(power: Power, calendar: bool = False) -> tuple[list[str], int] | None:
    """The loop-free path from the start to an end step that takes longest.

    Loops (补正: back to an earlier step) are cut where a depth-first walk from the start
    meets them. With `calendar`, time limits add up as calendar days (every limit on the
    flow is in calendar days); otherwise in working days, each calendar limit of N days
    counting floor(N × 5 / 7) (SPEC.md)."""
    flow = power.flow
    ids = step_index(power)
    if flow is None or flow.start not in ids:
        return None
    steps = {sid: flow.steps[i] for sid, i in ids.items()}

    def cost(sid: str) -> int:
        d = steps[sid].time_limit
        if d is None:
            return 0
        return d.days if calendar else d.working_days()

    order, dag, _ = depth_first(power)
    best: dict[str, tuple[int, list[str]] | None] = {}
    for sid in order:  # post-order: successors first
        options = [b for n in dag[sid] if (b := best.get(n)) is not None]
        if steps[sid].end:
            options.append((0, []))
        if not options:
            best[sid] = None
            continue
        total, path = max(options, key=lambda o: o[0])
        best[sid] = (total + cost(sid), [sid, *path])
    result = best.get(flow.start)
    return None if result is None else (result[1], result[0])


def calendar_flow(power: Power) -> bool:
    """Whether every time limit on the flow is in calendar days."""
    limits = [s.time_limit for _, s in _items(power.flow.steps if power.flow else None) if s.time_limit]
    return bool(limits) and all(d.calendar for d in limits)


@document_check(("Power",), ("T001", "T002", "T003"))
def check_time_limits(ctx: DocContext, power: Power) -> None:
    statutory, promised = power.statutory_days, power.promised_days
    if statutory is not None and promised is not None:
        if (promised.days > statutory.days) if statutory.calendar == promised.calendar \
                else promised.working_days() > statutory.working_days():
            ctx.report("T001", ("promised_days",), promised=promised.label(), statutory=statutory.label(),
                       promised_en=promised.label("en"), statutory_en=statutory.label("en"))
    all_calendar = calendar_flow(power)
    for code, field, limit in (("T002", "statutory_days", statutory), ("T003", "promised_days", promised)):
        if limit is None:
            continue
        calendar = all_calendar and limit.calendar  # else both sides count in working days
        found = longest_path(power, calendar)
        if found is None:
            return
        path, total = found
        if total > (limit.days if calendar else limit.working_days()):
            shown = Duration(total, calendar)
            ctx.report(code, (field,), path="→".join(path), total=shown.label(), limit=limit.label(),
                       total_en=shown.label("en"), limit_en=limit.label("en"))
            if code == "T002":
                break  # over the statutory limit is over any promise too


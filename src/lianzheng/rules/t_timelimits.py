"""T: time limits (期限, art. 4): promised vs statutory, and the flow against both."""

from __future__ import annotations

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext
from lianzheng.rules.registry import ERROR, WARNING, define, document_check
from lianzheng.spec.flowgraph import calendar_flow, longest_path
from lianzheng.spec.models import Power
from lianzheng.spec.values import Duration

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


def _compared(limit: Duration, in_working_days: bool, lang: str) -> str:
    """A limit as it was compared: calendar days compared with working days also show
    what they count as (SPEC: ⌊N × 5 / 7⌋), "69日（折合 49 个工作日）", or the sum
    "50个工作日" seems to be under "69日"."""
    text = limit.label(lang)
    if not (limit.calendar and in_working_days):
        return text
    n = limit.working_days()
    if lang == "zh":
        return f"{text}（折合 {n} 个工作日）"
    return f"{text} ({Duration(n).label('en')})"


@document_check(("Power",), ("T001", "T002", "T003"))
def check_time_limits(ctx: DocContext, power: Power) -> None:
    statutory, promised = power.statutory_days, power.promised_days
    if statutory is not None and promised is not None:
        mixed = statutory.calendar != promised.calendar  # then both count in working days
        if promised.working_days() > statutory.working_days() if mixed else promised.days > statutory.days:
            ctx.report("T001", ("promised_days",), promised=_compared(promised, mixed, "zh"),
                       statutory=_compared(statutory, mixed, "zh"), promised_en=_compared(promised, mixed, "en"),
                       statutory_en=_compared(statutory, mixed, "en"))
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
            ctx.report(code, (field,), path="→".join(path), total=shown.label(), limit=_compared(limit, not calendar, "zh"),
                       total_en=shown.label("en"), limit_en=_compared(limit, not calendar, "en"))
            if code == "T002":
                break  # over the statutory limit is over any promise too


"""How `lz due` shows its work list: text (terminal), markdown (a report or an issue),
json (a list of objects with `id`, `reason`, `since`, English ids for enumerated values)."""

from __future__ import annotations

import json
from typing import Any

from lianzheng.dynamic.due import REASONS, WARNING_REASONS, DueItem, DueReport, DueWarning
from lianzheng.i18n import Text as T
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_table
from lianzheng.report.text import one_line, table
from lianzheng.rules import RULES
from lianzheng.spec.terms import label

L = {
    "title": T("需要复核和督办的事项（截至 {as_of}，复核周期 {days} 天）",
               "Due for review and follow-up (as of {as_of}; review cycle {days} days)"),
    "none": T("截至 {as_of}，没有需要复核或督办的事项。", "Nothing is due as of {as_of}."),
    "summary": T("共 {n} 项：{parts}", "{n} item(s): {parts}"),
    "id": T("编号", "Id"), "what": T("事项", "What"), "since": T("起始日期", "Since"),
    "days": T("已逾天数", "Days"), "leader": T("责任领导", "Leader"), "where": T("位置", "Where"),
    "detail": T("说明", "Detail"),
}
REASON = {
    "review_cycle": T("复核周期已满", "review cycle passed"),
    "law_revised": T("法规修订后未复核", "law revised since review"),
    "measure_overdue": T("措施逾期未完成", "measure overdue"),
    "approval_missing": T("高风险未经集体审定", "high risk not approved"),
    "warning_undisposed": T("预警逾期未处置", "warning not disposed of"),
    "disposal_overdue": T("处置整改逾期", "disposal follow-up overdue"),
}
DETAIL = {
    "review_cycle": T("{title}：上次复核 {reviewed}，已超过 {days} 天", "{title}: last reviewed {reviewed}, over {days} days ago"),
    "review_cycle.approval": T("{title}：没有复核日期，集体审定于 {reviewed}，已超过 {days} 天",
                               "{title}: never reviewed, approved {reviewed}, over {days} days ago"),
    "review_cycle.never": T("{title}：既没有复核日期也没有集体审定日期，应立即复核",
                            "{title}: neither reviewed nor approved: review it now"),
    "law_revised": T("{title}：《{law}》于 {revised} 修订，晚于上次复核 {reviewed}",
                     "{title}: {law} revised {revised}, after the last review on {reviewed}"),
    "measure_overdue": T("措施 {measure}（{status}）应于 {due} 完成：{text}",
                         "measure {measure} ({status}) was due {due}: {text}"),
    "approval_missing": T("{title}：高风险没有领导班子集体审定记录（approval）",
                          "{title}: high risk without a record of the leadership's approval"),
}


def message(report: DueReport, item: DueItem, lang: str) -> str:
    risk, m, law = item.risk, item.measure, item.law
    detail = item.reason
    if item.review is not None and item.review.basis != "reviewed":
        detail += ".approval" if item.review.basis == "approval" else ".never"
    last = item.review.last if item.review is not None else risk.reviewed
    return DETAIL[detail](lang).format(
        title=risk.title or risk.id, reviewed=last or "—", days=report.cycle_days,
        law=(law.title or law.id) if law else "", revised=law.revised if law else "",
        measure=m.id if m else "", due=m.due if m else "", text=(m.text or "") if m else "",
        status=label("measure_status", (m.status or "planned") if m else None, lang),
    )


def overdue_days(report: DueReport, item: DueItem) -> int | None:
    return (report.as_of - item.since).days if item.since else None


def summary(report: DueReport, lang: str) -> str:
    if not report.items and not report.warnings:
        return L["none"](lang).format(as_of=report.as_of)
    sep = "，" if lang == "zh" else ", "
    parts = sep.join(f"{REASON[r](lang)} {report.count(r)}" for r in (*REASONS, *WARNING_REASONS.values())
                     if report.count(r))
    return L["summary"](lang).format(n=len(report.items) + len(report.warnings), parts=parts)


def warning_message(w: DueWarning, lang: str) -> str:
    return RULES[w.finding.code].message(w.finding.finding(), lang)


def rows(report: DueReport, lang: str) -> list[list[str]]:
    out = []
    for item in report.entries():
        if isinstance(item, DueWarning):
            f = item.finding
            out.append([one_line(f.target[1]), REASON[item.reason](lang), item.since.isoformat(),
                        str((report.as_of - item.since).days), report.names.name("leader", item.leader),
                        one_line(f"{f.path}:{f.line}"), one_line(warning_message(item, lang))])
            continue
        days = overdue_days(report, item)
        out.append([
            item.id, REASON[item.reason](lang), item.since.isoformat() if item.since else "—",
            "—" if days is None else str(days), report.leader(item), f"{item.risk.path}:{item.line}",
            message(report, item, lang),
        ])
    return out


HEADER = ("id", "what", "since", "days", "leader", "where", "detail")


def render_text(report: DueReport, lang: str) -> str:
    out = [L["title"](lang).format(as_of=report.as_of, days=report.cycle_days), ""]
    if report.items or report.warnings:
        out += table([L[k](lang) for k in HEADER], rows(report, lang), right=(3,))
        out.append("")
    out.append(summary(report, lang))
    return "\n".join(out) + "\n"


def render_markdown(report: DueReport, lang: str) -> str:
    out = [f"## {L['title'](lang).format(as_of=report.as_of, days=report.cycle_days)}", "", summary(report, lang)]
    if report.items or report.warnings:
        out += ["", *md_table([L[k](lang) for k in HEADER], rows(report, lang))]
    return "\n".join(out) + "\n"


def item_json(report: DueReport, item: DueItem, lang: str) -> dict[str, Any]:
    risk = item.risk
    return {
        "id": item.id, "reason": item.reason, "since": item.since.isoformat() if item.since else None,
        "days": overdue_days(report, item), "path": risk.path, "line": item.line, "title": risk.title,
        "grade": item.grade, "leader": risk.leader, "power": risk.power,
        "register": risk.register, "reviewed": risk.reviewed.isoformat() if risk.reviewed else None,
        "measure": item.measure.id if item.measure else None,
        "law": item.law.id if item.law else None,
        "message": message(report, item, lang),
    }


def warning_json(report: DueReport, w: DueWarning, lang: str) -> dict[str, Any]:
    f = w.finding
    return {
        "id": f.target[1], "reason": w.reason, "since": w.since.isoformat(), "days": (report.as_of - w.since).days,
        "path": f.path, "line": f.line, "code": f.code, "target": {f.target[0]: f.target[1]}, "name": w.name,
        "disposal": f.disposal, "leader": w.leader, "message": warning_message(w, lang),
    }


def render_json(report: DueReport, lang: str) -> str:
    items = [warning_json(report, i, lang) if isinstance(i, DueWarning) else item_json(report, i, lang)
             for i in report.entries()]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


class DueText(Reporter):
    def render(self, report: DueReport) -> str:
        return render_text(report, self.lang)


class DueJson(Reporter):
    def render(self, report: DueReport) -> str:
        return render_json(report, self.lang)


class DueMarkdown(Reporter):
    def render(self, report: DueReport) -> str:
        return render_markdown(report, self.lang)

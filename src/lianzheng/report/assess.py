"""How `lz assess` shows its result: text (terminal), json (SPEC's shape), markdown (the
report to the leadership), csv (the score series, for the office's own charts).

Text and markdown give every indicator with its numerator and denominator, so a reader
can check the rate, and every item that failed it, at its file and line. The CSV holds
the series rather than the indicators' items: one row per scored state (each point of the
trend, the unit as of `--as-of`, each department), with the score and each indicator's
rate in percent on the same 0–100 axis, which is what an office charts month by month;
the items are in the text, markdown and json outputs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from lianzheng.assess import INDICATOR_IDS, Assessment, Failure, Indicator, Reason
from lianzheng.i18n import Text as T
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_table
from lianzheng.report.text import table
from lianzheng.spec.terms import label

L = {
    "title": T("检查考核（截至 {as_of}）", "Inspection and assessment (as of {as_of})"),
    "score": T("总分：{score} / 100", "Score: {score} / 100"),
    "no_score": T("总分：无（没有可考核的内容）", "Score: none (nothing to assess)"),
    "indicator": T("指标", "Indicator"), "counted": T("达标/应考核", "Met/counted"), "rate": T("比率", "Rate"),
    "weight": T("权重", "Weight"), "points": T("得分", "Points"),
    "left_out": T("未计分（没有可考核的内容，其余指标的权重按比例折算为 100）：{ids}",
                  "Left out (nothing to measure; the other weights are scaled to 100): {ids}"),
    "parts": T("{name}取两部分的平均：{parts}", "{name} is the mean of its parts: {parts}"),
    "part.high_risks": T("高风险措施数达标 {n}/{d}", "high risks with enough measures {n}/{d}"),
    "part.measures_on_time": T("措施已完成或未到期 {n}/{d}", "measures done or not yet due {n}/{d}"),
    "failing": T("未达标事项", "What failed"),
    "failing_of": T("{name}（{n} 项）", "{name} ({n})"),
    "all_met": T("所有指标全部达标。", "Every indicator is fully met."),
    "id": T("编号", "Id"), "name": T("名称", "Name"), "department": T("科室", "Department"),
    "where": T("位置", "Where"), "why": T("原因", "Why"),
    "departments": T("各科室得分", "Departments"), "total": T("总分", "Score"),
    "trend": T("得分趋势（{every}）", "Score trend ({every})"),
    "every.month": T("每月最后一次提交", "last commit of each month"),
    "every.tag": T("每个标签", "each tag"),
    "no_trend": T("这段时间内没有可考核的提交。", "No commit to score in this period."),
    "date": T("日期", "Date"), "commit": T("提交", "Commit"), "tags": T("标签", "Tags"),
    "scope": T("范围", "Scope"), "scope_id": T("编号", "Id"), "unit": T("全单位", "Unit"),
    "none": T("—", "—"),
}

REASON = {
    "no_basis": T("没有法律依据（basis）", "no legal basis (`basis`)"),
    "no_flow": T("没有流程图（flow）", "no flowchart (`flow`)"),
    "incomplete_step": T("环节 {step} 缺少：{missing}", "step {step} lacks: {missing_en}"),
    "no_risks": T("没有查找廉政风险", "no risk identified"),
    "no_factors": T("缺少评定因素（factors）", "no factors (`factors`)"),
    "grade_mismatch": T("申报等级{declared}与计算等级{computed}不一致，且没有调整理由（grade_override）",
                        "declared {declared} but computes as {computed}, with no `grade_override`"),
    "no_approval": T("没有集体审定记录（approval）", "no record of collective approval (`approval`)"),
    "too_few_measures": T("高风险只有 {count} 项防控措施，至少需要 {minimum} 项",
                          "high risk with {count} measure(s); at least {minimum} are required"),
    "measure_overdue": T("应于 {due} 完成，现状为“{status}”", "due {due}, still {status}"),
    "review_cycle.reviewed": T("上次复核 {last}，已超过 {days} 天的复核周期",
                               "last reviewed {last}, more than the {days}-day review cycle ago"),
    "review_cycle.approval": T("没有复核日期，集体审定于 {last}，已超过 {days} 天的复核周期",
                               "never reviewed, approved {last}, more than the {days}-day review cycle ago"),
    "review_cycle.never": T("既没有复核日期也没有集体审定日期，应立即复核",
                            "neither reviewed nor approved: review it now"),
    "law_revised": T("《{law}》于 {revised} 修订，晚于上次复核 {last}",
                     "{law} revised {revised}, after the last review on {last}"),
    "no_statutory": T("没有法定期限（statutory_days）", "no statutory time limit (`statutory_days`)"),
    "no_benchmark": T("属于第9条所列的{category}，没有裁量基准",
                      "a power of category {category} (art. 9) with no discretion benchmark"),
    "not_green": T("办结 {closed} 件，其中绿牌 {green} 件", "{green} of {closed} closed cases green"),
    "warning_late": T("预警（{level}）未按时处置", "warning ({level}) not disposed of in time"),
}


def indicator_name(id_: str, lang: str) -> str:
    return label("indicator", id_, lang)


def reason_text(reason: Reason, lang: str) -> str:
    """One reason an item failed, in words."""
    args: dict[str, Any] = {k: ("—" if v is None else v) for k, v in reason.args.items()}
    code = reason.code
    if code == "review_cycle":
        code += "." + {"reviewed": "reviewed", "approval": "approval"}.get(str(args.get("basis")), "never")
    elif code == "grade_mismatch":
        args = {k: label("grade", reason.args.get(k), lang) or "—" for k in ("declared", "computed")}
    elif code == "no_benchmark":
        args["category"] = label("power_category", reason.args.get("category"), lang)
    elif code == "measure_overdue":
        args["status"] = label("measure_status", reason.args.get("status") or "planned", lang)
    elif code == "warning_late":
        args["level"] = label("disposal_action", reason.args.get("level"), lang) or "—"
    return REASON[code](lang).format_map(args)


def failure_text(failure: Failure, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(reason_text(r, lang) for r in failure.reasons)


def percent(rate: Any) -> str:
    return "—" if rate is None else f"{float(rate) * 100:.1f}%"


def number(value: Any) -> str:
    return f"{float(value):.1f}"


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def failure_id(f: Failure) -> str:
    return f"{f.risk} / {f.id}" if f.risk else f.id


# --- shared rows --------------------------------------------------------------------------


def indicator_rows(indicators: Sequence[Indicator], lang: str) -> list[list[str]]:
    return [[indicator_name(i.id, lang), f"{i.numerator}/{i.denominator}", percent(i.rate), number(i.weight),
             number(i.points)] for i in indicators if i.measured]


def indicator_header(lang: str) -> list[str]:
    return [L[k](lang) for k in ("indicator", "counted", "rate", "weight", "points")]


def notes(a: Assessment, lang: str) -> list[str]:
    out = []
    sep = "、" if lang == "zh" else ", "
    if a.left_out:
        out.append(L["left_out"](lang).format(ids=sep.join(indicator_name(i.id, lang) for i in a.left_out)))
    measures = a.indicator("measures")
    if len(measures.parts) > 1:
        parts = ("；" if lang == "zh" else "; ").join(
            L[f"part.{p.id}"](lang).format(n=p.numerator, d=p.denominator) for p in measures.parts)
        out.append(L["parts"](lang).format(name=indicator_name("measures", lang), parts=parts))
    return out


def failing_rows(a: Assessment, indicator: Indicator, lang: str) -> list[list[str]]:
    return [[failure_id(f), f.name, a.names.name("department", f.department), f.where or "—", failure_text(f, lang)]
            for f in indicator.failing]


def failing_header(lang: str) -> list[str]:
    return [L[k](lang) for k in ("id", "name", "department", "where", "why")]


def department_rows(a: Assessment, lang: str) -> list[list[str]]:
    return [[d.name, score_text(d.score), *(percent(i.rate) for i in d.indicators)] for d in a.departments]


def department_header(lang: str) -> list[str]:
    return [L["department"](lang), L["total"](lang), *(indicator_name(i, lang) for i in INDICATOR_IDS)]


def trend_rows(a: Assessment) -> list[list[str]]:
    return [[p.date.isoformat(), p.commit[:12], score_text(p.score), " ".join(p.tags)] for p in a.trend]


def trend_header(a: Assessment, lang: str) -> list[str]:
    return [L["date"](lang), L["commit"](lang), L["total"](lang), L["tags"](lang)]


def _trend_table(a: Assessment, lang: str) -> tuple[list[str], list[list[str]]]:
    header, rows = trend_header(a, lang), trend_rows(a)
    if a.every != "tag":
        header, rows = header[:3], [r[:3] for r in rows]
    return header, rows


# --- text ---------------------------------------------------------------------------------


def render_text(a: Assessment, lang: str) -> str:
    out = [L["title"](lang).format(as_of=a.as_of.isoformat()),
           L["score"](lang).format(score=score_text(a.score)) if a.score is not None else L["no_score"](lang), ""]
    if a.measured:
        out += [*table(indicator_header(lang), indicator_rows(a.indicators, lang), right=(1, 2, 3, 4)), ""]
    out += notes(a, lang)
    out += ["", L["failing"](lang)]
    failing = [i for i in a.measured if i.failing]
    if not failing:
        out.append(L["all_met"](lang))
    for i in failing:
        out += ["", L["failing_of"](lang).format(name=indicator_name(i.id, lang), n=len(i.failing))]
        out += ["  " + line for line in table(failing_header(lang), failing_rows(a, i, lang))]
    if a.departments:
        out += ["", L["departments"](lang)]
        out += table(department_header(lang), department_rows(a, lang), right=tuple(range(1, 11)))
    if a.every is not None:
        out += ["", L["trend"](lang).format(every=L[f"every.{a.every}"](lang))]
        if a.trend:
            header, rows = _trend_table(a, lang)
            out += table(header, rows, right=(2,))
        else:
            out.append(L["no_trend"](lang))
    return "\n".join(out) + "\n"


# --- markdown -----------------------------------------------------------------------------


def render_markdown(a: Assessment, lang: str) -> str:
    score = L["score"](lang).format(score=score_text(a.score)) if a.score is not None else L["no_score"](lang)
    out = [f"## {L['title'](lang).format(as_of=a.as_of.isoformat())}", "", f"**{score}**", ""]
    if a.measured:
        out += [*md_table(indicator_header(lang), indicator_rows(a.indicators, lang)), ""]
    for note in notes(a, lang):
        out += [note, ""]
    out += [f"### {L['failing'](lang)}", ""]
    failing = [i for i in a.measured if i.failing]
    if not failing:
        out += [L["all_met"](lang), ""]
    for i in failing:
        out += [f"#### {L['failing_of'](lang).format(name=indicator_name(i.id, lang), n=len(i.failing))}", ""]
        out += [*md_table(failing_header(lang), failing_rows(a, i, lang)), ""]
    if a.departments:
        out += [f"### {L['departments'](lang)}", "", *md_table(department_header(lang), department_rows(a, lang)), ""]
    if a.every is not None:
        out += [f"### {L['trend'](lang).format(every=L[f'every.{a.every}'](lang))}", ""]
        if a.trend:
            out += [*md_table(*_trend_table(a, lang)), ""]
        else:
            out += [L["no_trend"](lang), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- json ---------------------------------------------------------------------------------


def _rate(value: Any) -> float | None:
    return None if value is None else float(value)


def indicator_json(i: Indicator, lang: str, failing: bool) -> dict[str, Any]:
    """SPEC's keys (`id`, `rate`, `weight`, `numerator`, `denominator`: rate a fraction
    0–1, weight after scaling), then `parts` for `measures` and the failing items."""
    out: dict[str, Any] = {"id": i.id, "rate": _rate(i.rate), "weight": float(i.weight), "numerator": i.numerator,
                           "denominator": i.denominator}
    if i.parts:
        out["parts"] = [{"id": p.id, "rate": _rate(p.rate), "numerator": p.numerator, "denominator": p.denominator}
                        for p in i.parts]
    if failing:
        out["failing"] = [failure_json(f, lang) for f in i.failing]
    return out


def failure_json(f: Failure, lang: str) -> dict[str, Any]:
    return {"kind": f.kind, "id": f.id, "name": f.name, "path": f.path, "line": f.line, "department": f.department,
            "risk": f.risk, "part": f.part, "reasons": [r.code for r in f.reasons], "message": failure_text(f, lang)}


def assessment_json(a: Assessment, lang: str) -> dict[str, Any]:
    """Exactly SPEC's shape; indicators left out (nothing to measure) are not listed."""
    return {
        "as_of": a.as_of.isoformat(),
        "score": a.score,
        "indicators": [indicator_json(i, lang, True) for i in a.measured],
        "departments": [{"id": d.id, "score": d.score,
                         "indicators": [indicator_json(i, lang, False) for i in d.indicators if i.measured]}
                        for d in a.departments],
        "trend": [{"commit": p.commit, "date": p.date.isoformat(), "score": p.score} for p in a.trend],
    }


def render_json(a: Assessment, lang: str) -> str:
    return json.dumps(assessment_json(a, lang), ensure_ascii=False, indent=2) + "\n"


# --- csv ----------------------------------------------------------------------------------

# A spreadsheet runs a cell that begins with one of these as a formula (tab and carriage
# return let one through): text cells that begin so get a leading `'` (OWASP's advice).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:.1f}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_rows(a: Assessment, lang: str) -> list[list[Any]]:
    def rates(indicators: Sequence[Indicator]) -> list[Any]:
        by_id = {i.id: i for i in indicators}
        return [float(by_id[i].rate) * 100 if i in by_id and by_id[i].rate is not None else None for i in INDICATOR_IDS]

    unit = L["unit"](lang)
    rows: list[list[Any]] = [[p.date.isoformat(), p.commit, "unit", unit, p.score, *rates(p.indicators)]
                             for p in a.trend]
    rows.append([a.as_of.isoformat(), "", "unit", unit, a.score, *rates(a.indicators)])
    rows += [[a.as_of.isoformat(), "", d.id, d.name, d.score, *rates(d.indicators)] for d in a.departments]
    return rows


def render_csv(a: Assessment, lang: str) -> str:
    """UTF-8 with a byte order mark (Excel reads the Chinese text as such), CRLF lines."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    suffix = "（%）" if lang == "zh" else " (%)"
    writer.writerow([L["date"](lang), L["commit"](lang), L["scope_id"](lang), L["scope"](lang), L["total"](lang),
                     *(indicator_name(i, lang) + suffix for i in INDICATOR_IDS)])
    writer.writerows([csv_cell(v) for v in row] for row in csv_rows(a, lang))
    return "\ufeff" + buf.getvalue()


class AssessText(Reporter):
    def render(self, a: Assessment) -> str:
        return render_text(a, self.lang)


class AssessJson(Reporter):
    def render(self, a: Assessment) -> str:
        return render_json(a, self.lang)


class AssessMarkdown(Reporter):
    def render(self, a: Assessment) -> str:
        return render_markdown(a, self.lang)


class AssessCsv(Reporter):
    def render(self, a: Assessment) -> str:
        return render_csv(a, self.lang)

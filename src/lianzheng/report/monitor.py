"""How `lz monitor` shows its result: text (a terminal), json, csv, markdown.

All four formats are views of one `MonitorResult`; they agree because they read the same
objects. Text reaching a terminal, a spreadsheet or a Markdown comment comes partly from
the log (case ids, activity and resource names), so every such value is neutralised for
where it goes: control characters shown as escapes, CSV cells that would start a formula
prefixed with `'`, Markdown punctuation and `@` mentions escaped. Only `render_text`
knows about rich.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.i18n import visible
from lianzheng.monitor.codes import MONITOR_RULES
from lianzheng.monitor.result import CaseFinding, CaseResult, LogResult, MonitorResult
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_table, md_text
from lianzheng.report.tabular import csv_text
from lianzheng.spec.terms import label
from lianzheng.spec.values import Duration

L = {
    "title": T("电子监察报告（截至 {as_of}）", "E-supervision report (as of {as_of})"),
    "log": T("办件数据 {id}{name}：职权 {power} {power_name}", "Case log {id}{name}: power {power} {power_name}"),
    "source": T("日志 {source}（{format}，时区 {tz}）", "log {source} ({format}, time zone {tz})"),
    "volume": T("办理记录 {events} 条；案件 {cases} 件（办结 {closed}，未办结 {open}）",
                "{events} events; {cases} cases ({closed} closed, {open} open)"),
    "after": T("截至日之后的 {n} 条办理记录未计入", "{n} events dated after as-of are left out"),
    "cards": T("红牌 {red}　黄牌 {yellow}　绿牌 {green}", "red {red}  yellow {yellow}  green {green}"),
    "rates": T("流程符合率 {conformance}（办结案件中没有流程问题的比例）　按时办结率 {on_time}（办结案件中未超期的比例）",
               "conformance {conformance} (closed cases with no procedure finding)  "
               "on time {on_time} (closed cases not overdue)"),
    "findings": T("发现问题", "Findings"),
    "no_findings": T("未发现问题", "No findings"),
    "steps": T("环节用时", "Steps"),
    "posts": T("岗位", "Posts"),
    "risks": T("涉及的廉政风险", "Risks touched"),
    "data": T("日志问题", "About the log"),
    "red": T("红牌案件", "Red cases"),
    "yellow": T("黄牌案件", "Yellow cases"),
    "shown": T("（显示 {shown} 件，共 {total} 件）", "(showing {shown} of {total})"),
    "none": T("（无）", "(none)"),
    "step": T("环节", "Step"), "name": T("名称", "Name"), "events": T("记录", "Events"),
    "median": T("中位用时", "Median"), "p90": T("90%用时", "90th pct"), "limit": T("期限", "Limit"),
    "over": T("超期比例", "Over limit"), "at_step": T("问题", "Findings"),
    "post": T("岗位", "Post"), "cases": T("案件", "Cases"), "wrong": T("越权", "Wrong actor"),
    "risk": T("风险", "Risk"), "grade": T("等级", "Grade"), "risk_steps": T("环节", "Steps"),
    "risk_cases": T("有问题的案件", "Cases with findings"),
    "code": T("代码", "Code"), "count": T("数量", "Count"),
    "closed": T("办结", "closed"), "open": T("未办结", "open"),
    "case_days": T("用时 {days}", "{days}"),
    "of_limit": T("用时 {days}，期限 {limit}", "{days} of {limit}"),
    "card_red": T("红牌", "red"), "card_yellow": T("黄牌", "yellow"), "card_green": T("绿牌", "green"),
}
CSV_HEADER = ("log", "case", "card", "code", "step", "time", "days", "limit", "risks", "message")


# --- neutralising values from the log -------------------------------------------------------

def clean(text: object) -> str:
    """One line of plain text: control and format characters (newlines, escape sequences,
    bidirectional overrides) shown as escapes, so a value cannot forge lines or colours."""
    return visible(str(text))


def md(value: object) -> str:
    """Markdown text that stays text: no markup, links, HTML or @mentions."""
    return md_text(clean(value))


# --- shared pieces -----------------------------------------------------------------------------

def percent(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def days_text(x: float | None) -> str:
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def limit_text(d: Duration | None, lang: str) -> str:
    return "—" if d is None else d.label(lang)


def limit_json(d: Duration | None) -> Any:
    if d is None:
        return None
    return {"days": d.days, "calendar": True} if d.calendar else d.days


def card_label(card: str, lang: str) -> str:
    return L[f"card_{card}"](lang)


def rule_name(code: str, lang: str) -> str:
    rule = MONITOR_RULES[code]
    return f"{code} {rule.name}" if lang == "en" else f"{code} {rule.summary(lang).rstrip('。')}"


def case_days(c: CaseResult, lang: str) -> str:
    shown = Duration(c.days, bool(c.limit and c.limit.calendar)).label(lang)
    if c.limit is None:
        return L["case_days"](lang).format(days=shown)
    return L["of_limit"](lang).format(days=shown, limit=c.limit.label(lang))


def risks_text(f: CaseFinding, lang: str) -> str:
    return "、".join(f"{r}（{label('grade', g, lang)}）" for r, g in f.risks) if lang == "zh" else \
        ", ".join(f"{r} ({g})" for r, g in f.risks)


def step_rows(log: LogResult, lang: str) -> list[list[str]]:
    return [[s.step, s.name, str(s.events), days_text(s.median_days), days_text(s.p90_days),
             limit_text(s.limit, lang), percent(s.over_limit), str(s.findings)] for s in log.steps]


def post_rows(log: LogResult, lang: str) -> list[list[str]]:
    return [[p.post, p.name, str(p.events), days_text(p.median_days), percent(p.over_limit),
             str(p.wrong_actor), str(p.findings)] for p in log.posts]


def risk_rows(log: LogResult, lang: str) -> list[list[str]]:
    return [[r.risk, label("grade", r.grade, lang), "、".join(r.steps) if lang == "zh" else ", ".join(r.steps),
             str(r.cases)] for r in log.risks]


def headers(keys: Sequence[str], lang: str) -> list[str]:
    return [L[k](lang) for k in keys]


STEP_KEYS = ("step", "name", "events", "median", "p90", "limit", "over", "at_step")
POST_KEYS = ("post", "name", "events", "median", "over", "wrong", "at_step")
RISK_KEYS = ("risk", "grade", "risk_steps", "risk_cases")


def head_lines(result: MonitorResult, log: LogResult, lang: str) -> list[str]:
    name = f"（{log.name}）" if log.name and lang == "zh" else f" ({log.name})" if log.name else ""
    out = [
        L["log"](lang).format(id=log.id, name=name, power=log.power, power_name=log.power_name),
        L["source"](lang).format(source=log.source, format=log.format, tz=log.timezone),
        L["volume"](lang).format(events=log.events, cases=log.case_count, closed=log.closed, open=log.open),
    ]
    if log.after_as_of:
        out.append(L["after"](lang).format(n=log.after_as_of))
    out.append(L["cards"](lang).format(**log.cards))
    out.append(L["rates"](lang).format(conformance=percent(log.conformance_rate), on_time=percent(log.on_time_rate)))
    return [clean(x) for x in out]


def findings_rows(log: LogResult, lang: str) -> list[list[str]]:
    return [[rule_name(code, lang), str(n)] for code, n in log.findings.items()]


def case_head(c: CaseResult, lang: str) -> str:
    return clean(f"{c.case}  {L[c.status](lang)}  {case_days(c, lang)}")


def finding_line(f: CaseFinding, lang: str) -> str:
    risks = risks_text(f, lang)
    tail = (f"  风险：{risks}" if lang == "zh" else f"  risks: {risks}") if risks else ""
    return clean(f"{f.code} {f.message(lang)}{tail}")


# --- text ----------------------------------------------------------------------------------------

def render_text(result: MonitorResult, lang: str = "zh", limit: int = 20, color: bool = False,
                width: int = 160) -> str:
    """The report an e-supervision desk reads: per log its figures, then its red and
    yellow cases (up to `limit` each)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                      emoji=False, markup=False, soft_wrap=True)

    def table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> None:
        console.print(Text(title, style="bold"))
        if not rows:
            console.print(Text("  " + L["none"](lang)))
            return
        t = Table(show_edge=False, box=None, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
        for i, h in enumerate(head):
            t.add_column(Text(h), justify="right" if i in right else "left", no_wrap=True)
        for r in rows:
            t.add_row(*(Text(clean(c)) for c in r))
        console.print(t)

    console.print(Text(L["title"](lang).format(as_of=clean(result.as_of)), style="bold"))
    for log in result.logs:
        console.print()
        lines = head_lines(result, log, lang)
        console.print(Text("== " + lines[0] + " ==", style="bold"))
        for line in lines[1:]:
            console.print(Text(line))
        console.print()
        table(L["findings"](lang), headers(("code", "count"), lang), findings_rows(log, lang), right=(1,))
        console.print()
        table(L["steps"](lang), headers(STEP_KEYS, lang), step_rows(log, lang), right=(2, 3, 4, 6, 7))
        if log.posts:
            console.print()
            table(L["posts"](lang), headers(POST_KEYS, lang), post_rows(log, lang), right=(2, 3, 4, 5, 6))
        console.print()
        table(L["risks"](lang), headers(RISK_KEYS, lang), risk_rows(log, lang), right=(3,))
        if log.data:
            console.print()
            console.print(Text(L["data"](lang), style="bold"))
            for f in log.data:
                console.print(Text(clean(f"  {f.code} {f.message(lang)}"), style="yellow" if color else ""))
        flagged = log.flagged()
        for card in ("red", "yellow"):
            these = [c for c in flagged if c.card == card]
            if not these:
                continue
            console.print()
            shown = these[:limit]
            extra = L["shown"](lang).format(shown=len(shown), total=len(these)) if len(these) > len(shown) else ""
            console.print(Text(f"{L[card](lang)}{extra}", style=("bold red" if card == "red" else "bold yellow")
                               if color else "bold"))
            for c in shown:
                console.print(Text("  " + case_head(c, lang), style="bold"))
                for f in c.findings:
                    console.print(Text("    " + finding_line(f, lang)))
    return buf.getvalue()


# --- json ----------------------------------------------------------------------------------------

def finding_json(f: CaseFinding, lang: str) -> dict[str, Any]:
    return {"code": f.code, "step": f.step, "time": f.time, "message": f.message(lang),
            "risks": [{"id": r, "grade": g} for r, g in f.risks]}


def case_json(c: CaseResult, lang: str) -> dict[str, Any]:
    return {"log": c.log, "case": c.case, "status": c.status, "card": c.card, "days": c.days,
            "limit": limit_json(c.limit), "findings": [finding_json(f, lang) for f in c.findings]}


def log_json(log: LogResult) -> dict[str, Any]:
    return {
        "id": log.id, "power": log.power, "events": log.events, "cases": log.case_count,
        "closed": log.closed, "open": log.open, "cards": {k: log.cards[k] for k in ("red", "yellow", "green")},
        "conformance_rate": log.conformance_rate, "on_time_rate": log.on_time_rate,
        "findings": dict(log.findings),
        "steps": [{"step": s.step, "events": s.events, "median_days": s.median_days, "p90_days": s.p90_days,
                   "limit": limit_json(s.limit), "over_limit": s.over_limit} for s in log.steps],
    }


def to_json(result: MonitorResult, lang: str = "zh", all: bool = False) -> dict[str, Any]:
    """The SPEC's JSON document: `cases` holds the red and yellow cases (every case with `all`)."""
    return {
        "as_of": result.as_of,
        "logs": [log_json(log) for log in result.logs],
        "cases": [case_json(c, lang) for c in result.cases(all)],
        "data": [{"log": f.log, "code": f.code, "severity": f.severity, "message": f.message(lang)}
                 for f in result.data],
    }


def render_json(result: MonitorResult, lang: str = "zh", all: bool = False) -> str:
    return json.dumps(to_json(result, lang, all), ensure_ascii=False, indent=2) + "\n"


# --- csv -----------------------------------------------------------------------------------------

def finding_rows(result: MonitorResult, lang: str, all: bool = True) -> list[list[Any]]:
    """One row per case finding: `log, case, card, code, step, time, days, limit, risks, message`."""
    rows = []
    for c in result.cases(all):
        for f in c.findings:
            rows.append([c.log, c.case, c.card, f.code, f.step or "", f.time or "", c.days,
                         "" if c.limit is None else c.limit.label(lang), risks_text(f, lang),
                         f.message(lang)])
    return rows


def render_csv(result: MonitorResult, lang: str = "zh") -> str:
    """UTF-8 with a byte order mark (so Excel reads the Chinese), CRLF lines."""
    rows = [[clean(v) if isinstance(v, str) else v for v in row] for row in finding_rows(result, lang)]
    return csv_text(CSV_HEADER, rows)


# --- markdown ------------------------------------------------------------------------------------

def md_rows(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return md_table(head, [[clean(c) for c in r] for r in rows])


def render_markdown(result: MonitorResult, lang: str = "zh", limit: int = 20) -> str:
    out = [f"## {md(L['title'](lang).format(as_of=result.as_of))}"]
    for log in result.logs:
        lines = head_lines(result, log, lang)
        out += ["", f"### {md(lines[0])}", ""]
        out += [md(x) + "  " for x in lines[1:]]
        out[-1] = out[-1].rstrip()
        for title, keys, rows in (
            (L["findings"](lang), ("code", "count"), findings_rows(log, lang)),
            (L["steps"](lang), STEP_KEYS, step_rows(log, lang)),
            (L["posts"](lang), POST_KEYS, post_rows(log, lang)),
            (L["risks"](lang), RISK_KEYS, risk_rows(log, lang)),
        ):
            if keys is POST_KEYS and not log.posts:
                continue
            out += ["", f"#### {md(title)}", ""]
            out += md_rows(headers(keys, lang), rows) if rows else [md(L["none"](lang))]
        if log.data:
            out += ["", f"#### {md(L['data'](lang))}", ""]
            out += [f"- {md(f.code)} {md(f.message(lang))}" for f in log.data]
        flagged = log.flagged()
        for card in ("red", "yellow"):
            these = [c for c in flagged if c.card == card]
            if not these:
                continue
            shown = these[:limit]
            extra = L["shown"](lang).format(shown=len(shown), total=len(these)) if len(these) > len(shown) else ""
            out += ["", f"#### {md(L[card](lang) + extra)}", ""]
            for c in shown:
                out.append(f"- **{md(c.case)}** {md(L[c.status](lang))}，{md(case_days(c, lang))}" if lang == "zh"
                           else f"- **{md(c.case)}** {md(L[c.status](lang))}, {md(case_days(c, lang))}")
                out += [f"  - {md(finding_line(f, lang))}" for f in c.findings]
    return "\n".join(out) + "\n"


class MonitorText(Reporter):
    def render(self, data: MonitorResult) -> str:
        return render_text(data, self.lang, limit=self.options.get("limit", 20), color=self.color)


class MonitorJson(Reporter):
    def render(self, data: MonitorResult) -> str:
        return render_json(data, self.lang, all=self.options.get("all", False))


class MonitorCsv(Reporter):
    def render(self, data: MonitorResult) -> str:
        return render_csv(data, self.lang)


class MonitorMarkdown(Reporter):
    def render(self, data: MonitorResult) -> str:
        return render_markdown(data, self.lang, limit=self.options.get("limit", 20))

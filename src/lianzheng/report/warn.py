"""How `lz warn` shows its result: text (a terminal, by level), json (SPEC.md's shape,
English ids), markdown (the discipline office's monthly report to the leadership).

A confidential signal's summary and ref are shown only when the result was made with
`show_confidential=True`; otherwise they are not in the result at all (facts never hold
them), so no output here can show them. Every text the user wrote is made harmless on
its way out (`one_line`, `md_text`, `md_code`).
"""

from __future__ import annotations

import json
from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.i18n import in_lang
from lianzheng.repo.facts import DisposalFact, SignalFact, TargetKey
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_code, md_text
from lianzheng.report.text import one_line
from lianzheng.rules import RULES
from lianzheng.spec.terms import label
from lianzheng.warn.engine import TargetWarning, WarnFinding, WarnResult

L = {
    "title": T("预警处置（截至 {as_of}；统计窗口 {window} 天，处置时限 {respond} 天）",
               "Warnings and disposals (as of {as_of}; window {window} days, {respond} days to respond)"),
    "md_title": T("预警处置情况报告（截至 {as_of}）", "Warnings and disposals (as of {as_of})"),
    "md_basis": T("依据《关于加强廉政风险防控的指导意见》第12条：统计最近 {window} 天的预警信号，"
                  "预警达到等级后 {respond} 天内处置。",
                  "Art. 12 of the Guiding Opinions: signals of the last {window} days count; a warning is to "
                  "be disposed of within {respond} days of reaching its level."),
    "none": T("截至 {as_of}，没有达到处置等级的预警。", "No warning has reached a level as of {as_of}."),
    "summary": T("共 {n} 项预警：{levels}；已处置 {disposed}，待处置 {pending}，逾期未处置 {overdue}",
                 "{n} warning(s): {levels}; {disposed} disposed of, {pending} pending, {overdue} overdue"),
    "counts": T("错误 {errors}，警告 {warnings}", "{errors} error(s), {warnings} warning(s)"),
    "score": T("分值", "score"), "sources": T("来源", "sources"), "latest": T("最新信号", "latest signal"),
    "action": T("应采取", "required"), "disposal": T("处置", "disposal"),
    "since_deadline": T("自 {reached} 起，应于 {deadline} 前处置", "since {reached}; due by {deadline}"),
    "since": T("自 {reached} 起", "since {reached}"),
    "undisposed": T("未处置", "not disposed of"), "overdue": T("逾期未处置", "overdue"),
    "pending": T("待处置", "pending"), "disposed": T("已处置", "disposed of"),
    "late": T("（超过处置时限）", " (after the deadline)"),
    "lighter": T("最近一次：{id} {action} {date}，不足以处置", "last: {id} {action} {date}, not enough"),
    "earlier": T("最近一次：{id} {action} {date}，早于达到等级之日", "last: {id} {action} {date}, before the level was reached"),
    "follow": T("整改期限 {due}，{status}", "follow-up due {due}, {status}"),
    "follow_late": T("整改期限 {due}，{status}，已逾期 {days} 天", "follow-up due {due}, {status}, {days} day(s) overdue"),
    "follow_none": T("{status}", "{status}"),
    "with": T("谈话对象：{names}", "addressed to: {names}"),
    "confidential": T("（保密）", " (confidential)"), "ref": T("出处：{ref}", "ref: {ref}"),
    "secret": T("保密信号", "confidential signal"),
    "secrets": T("保密信号（仅供 --show-confidential 查阅，不得外传）",
                 "Confidential signals (--show-confidential only; not to be passed on)"),
    "signal": T("信号", "Signal"), "summary_col": T("摘要", "Summary"), "ref_col": T("出处", "Ref"),
    "source": T("来源", "Source"),
    "findings": T("问题（{n}）", "Findings ({n})"),
    "target": T("对象", "Target"), "name": T("名称", "Name"), "status": T("状态", "Status"),
    "todo": T("需要督办的事项", "To follow up"),
    "disposals": T("处置记录（{n}）", "Disposals ({n})"),
    "measure": T("措施", "Action"), "date": T("日期", "Date"), "by": T("处置人", "By"), "due": T("整改期限", "Follow-up due"),
    "result": T("结果", "Result"),
}
SEP = {"zh": "、", "en": ", "}


def _l(key: str, lang: str, **kw: Any) -> str:
    text = L[key](lang)
    return text.format(**kw) if kw else text


def target_label(key: TargetKey, lang: str) -> str:
    return f"{label('id_kind', key[0], lang)} {key[1]}"


def action_label(action: str | None, lang: str) -> str:
    return label("disposal_action", action, lang) if action else "—"


def sources_text(w: TargetWarning, lang: str) -> str:
    return SEP[lang].join(f"{label('signal_source', s, lang)} {n}" for s, n in w.by_source.items())


def signal_summary(s: SignalFact, lang: str) -> str | None:
    """What a signal says, in `lang` when lz wrote it (a red card's)."""
    return in_lang(s.summary, lang)


def signal_text(s: SignalFact, lang: str) -> str:
    """A signal for a report line: date, source, id, and what it says (a confidential one's
    text only when the result holds it, i.e. with --show-confidential)."""
    head = f"{s.date} {label('signal_source', s.source, lang)} {s.id}"
    if s.summary is None and s.confidential:
        return f"{head}{_l('confidential', lang)}"
    summary = signal_summary(s, lang)
    parts = [head + ("：" if lang == "zh" else ": ") + summary if summary else head]
    if s.ref:
        parts.append(_l("ref", lang, ref=s.ref))
    return ("；" if lang == "zh" else "; ").join(parts)


def _with_names(result: WarnResult, d: DisposalFact, lang: str) -> str:
    return SEP[lang].join(result.directory.leader_name(w) for w in d.with_)


def disposal_text(result: WarnResult, w: TargetWarning, lang: str) -> str:
    """The disposal that disposed of the warning and its follow-up, or why there is none."""
    d = w.disposal
    if d is None:
        state = _l("overdue" if w.status(result.as_of) == "overdue" else "pending", lang)
        last = w.last_disposal
        if last is None:
            return state
        why = "earlier" if last.date is not None and last.date < w.reached else "lighter"
        return f"{state}（{_l(why, lang, id=last.id, action=action_label(last.action, lang), date=last.date)}）" \
            if lang == "zh" else f"{state} ({_l(why, lang, id=last.id, action=action_label(last.action, lang), date=last.date)})"
    return disposal_line(result, d, lang, late=not w.disposed_in_time)


def disposal_line(result: WarnResult, d: DisposalFact, lang: str, late: bool = False) -> str:
    status = label("disposal_status", d.status, lang)
    if d.due is None:
        follow = _l("follow_none", lang, status=status)
    elif d.status == "open" and d.due < result.as_of:
        follow = _l("follow_late", lang, due=d.due, status=status, days=(result.as_of - d.due).days)
    else:
        follow = _l("follow", lang, due=d.due, status=status)
    parts = [f"{d.id} {action_label(d.action, lang)} {d.date}{_l('late', lang) if late else ''}", follow]
    if d.with_:
        parts.append(_l("with", lang, names=_with_names(result, d, lang)))
    return ("，" if lang == "zh" else ", ").join(parts)


def level_counts(result: WarnResult, lang: str) -> str:
    ladder = result.policy.ladder
    counts = {a: sum(1 for w in result.warnings if w.level == a) for a, _ in ladder.steps}
    return SEP[lang].join(f"{action_label(a, lang)} {counts[a]}" for a, _ in reversed(ladder.steps) if counts[a])


def summary(result: WarnResult, lang: str) -> str:
    if not result.warnings:
        return _l("none", lang, as_of=result.as_of)
    states = [w.status(result.as_of) for w in result.warnings]
    return _l("summary", lang, n=len(result.warnings), levels=level_counts(result, lang),
              disposed=states.count("disposed"), pending=states.count("pending"), overdue=states.count("overdue"))


def finding_message(f: WarnFinding, lang: str) -> str:
    return RULES[f.code].message(f.finding(), lang)


def _where(path: str, line: int) -> str:
    return f"{path}:{line}" if path else "lz monitor"


def _revealed(result: WarnResult, w: TargetWarning) -> list[SignalFact]:
    """The confidential signals of a warning whose text the result holds (only with
    --show-confidential)."""
    if not result.show_confidential:
        return []
    return [s for s in w.signals if s.confidential and (s.summary is not None or s.ref is not None)]


def _by_level(result: WarnResult) -> list[tuple[str, list[TargetWarning]]]:
    out = []
    for action, _ in reversed(result.policy.ladder.steps):
        group = [w for w in result.warnings if w.level == action]
        if group:
            out.append((action, group))
    return out


# --- text -----------------------------------------------------------------------------------


def render_text(result: WarnResult, lang: str = "zh") -> str:
    p = result.policy
    out = [_l("title", lang, as_of=result.as_of, window=p.window_days, respond=p.respond_days), ""]
    colon = "：" if lang == "zh" else ": "
    for action, group in _by_level(result):
        out.append(f"{action_label(action, lang)}（{len(group)}）" if lang == "zh"
                   else f"{action_label(action, lang)} ({len(group)})")
        for w in group:
            codes = f"  [{', '.join(w.findings)}]" if w.findings else ""
            out.append(f"  {one_line(target_label(w.target, lang))}  {one_line(w.name)}  "
                       f"{_l('score', lang)} {w.score}{codes}")
            since = (_l("since", lang, reached=w.reached) if w.disposal is not None
                     else _l("since_deadline", lang, reached=w.reached, deadline=w.deadline))
            out.append(f"    {_l('sources', lang)}{colon}{sources_text(w, lang)}")
            out.append(f"    {_l('latest', lang)}{colon}{one_line(signal_text(w.latest, lang))}")
            out.append(f"    {_l('action', lang)}{colon}{action_label(w.level, lang)}（{since}）" if lang == "zh"
                       else f"    {_l('action', lang)}{colon}{action_label(w.level, lang)} ({since})")
            out.append(f"    {_l('disposal', lang)}{colon}{one_line(disposal_text(result, w, lang))}")
            for c in _revealed(result, w):
                if c is w.latest:
                    continue  # shown above
                out.append(f"    {_l('secret', lang)}{colon}{one_line(signal_text(c, lang))}")
        out.append("")
    if result.findings:
        out.append(_l("findings", lang, n=len(result.findings)))
        for f in result.findings:
            sev = label("severity", RULES[f.code].severity, lang)
            out.append(f"  {sev} {f.code} {one_line(_where(f.path, f.line))}  {one_line(finding_message(f, lang))}")
        out.append("")
    out.append(summary(result, lang))
    errors = sum(1 for f in result.findings if RULES[f.code].severity == "error")
    out.append(_l("counts", lang, errors=errors, warnings=len(result.findings) - errors))
    return "\n".join(out) + "\n"


# --- json -----------------------------------------------------------------------------------


def _target_json(key: TargetKey) -> dict[str, str]:
    return {key[0]: key[1]}


def warning_json(w: TargetWarning) -> dict[str, Any]:
    return {
        "target": _target_json(w.target), "score": w.score, "level": w.level,
        "signals": [s.id for s in w.signals], "by_source": w.by_source,
        "disposal": w.disposal.id if w.disposal is not None else None, "findings": list(w.findings),
    }


def _signal_json(s: SignalFact, lang: str) -> dict[str, Any]:
    return {"id": s.id, "date": s.date.isoformat() if s.date else None, "source": s.source,
            "severity": s.severity, "confidential": s.confidential, "summary": signal_summary(s, lang), "ref": s.ref}


def render_json(result: WarnResult, lang: str = "zh") -> str:
    """SPEC.md's shape exactly. With --show-confidential (and only then) a top-level
    `signals` list adds every warning's signals with their summaries and refs."""
    doc: dict[str, Any] = {
        "as_of": result.as_of.isoformat(),
        "warnings": [warning_json(w) for w in result.warnings],
        "findings": [{"code": f.code, "target": _target_json(f.target), "disposal": f.disposal,
                      "message": finding_message(f, lang)} for f in result.findings],
    }
    if result.show_confidential:
        seen = {s.id: s for w in result.warnings for s in w.signals}
        doc["signals"] = [_signal_json(seen[i], lang) for i in sorted(seen)]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- markdown -------------------------------------------------------------------------------


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(result: WarnResult, lang: str = "zh") -> str:
    """The monthly report to the leadership group: the summary, the warnings by level,
    what to follow up, the disposals of the period."""
    p = result.policy
    out = [f"## {_l('md_title', lang, as_of=result.as_of)}", "",
           _l("md_basis", lang, window=p.window_days, respond=p.respond_days), "", md_text(summary(result, lang))]
    head = [_l(k, lang) for k in ("target", "name", "score", "sources", "latest", "action", "disposal")]
    for action, group in _by_level(result):
        title = f"{action_label(action, lang)}（{len(group)}）" if lang == "zh" else f"{action_label(action, lang)} ({len(group)})"
        out += ["", f"### {title}", "", _md_row(head), "|" + "---|" * len(head)]
        for w in group:
            out.append(_md_row([
                md_code(f"{w.target[0]}: {w.target[1]}"), md_text(w.name), str(w.score), md_text(sources_text(w, lang)),
                md_text(signal_text(w.latest, lang)), md_text(action_label(w.level, lang)),
                md_text(disposal_text(result, w, lang)),
            ]))
    secrets = {s.id: s for w in result.warnings for s in _revealed(result, w)}
    if secrets:
        head = [_l(k, lang) for k in ("signal", "date", "source", "target", "summary_col", "ref_col")]
        out += ["", f"### {_l('secrets', lang)}", "", _md_row(head), "|" + "---|" * len(head)]
        for s in sorted(secrets.values(), key=lambda s: (s.date, s.id)):
            out.append(_md_row([
                md_code(s.id), str(s.date), md_text(label("signal_source", s.source, lang)),
                md_text(SEP[lang].join(f"{t.kind}: {t.id}" for t in s.about)), md_text(signal_summary(s, lang)), md_text(s.ref),
            ]))
    if result.findings:
        out += ["", f"### {_l('todo', lang)}", ""]
        for f in result.findings:
            sev = label("severity", RULES[f.code].severity, lang)
            out.append(f"- **{f.code}**（{sev}）{md_text(finding_message(f, lang))}" if lang == "zh"
                       else f"- **{f.code}** ({sev}) {md_text(finding_message(f, lang))}")
    if result.disposals:
        head = [_l(k, lang) for k in ("disposal", "target", "measure", "date", "due", "status")]
        out += ["", f"### {_l('disposals', lang, n=len(result.disposals))}", "", _md_row(head),
                "|" + "---|" * len(head)]
        for d in result.disposals:
            out.append(_md_row([
                md_code(d.id), md_code(f"{d.about.kind}: {d.about.id}" if d.about else "—"),
                md_text(action_label(d.action, lang)), str(d.date or "—"), str(d.due or "—"),
                md_text(label("disposal_status", d.status, lang)),
            ]))
    out += ["", "<!-- lz warn -->"]
    return "\n".join(out) + "\n"


class WarnText(Reporter):
    def render(self, result: WarnResult) -> str:
        return render_text(result, self.lang)


class WarnJson(Reporter):
    def render(self, result: WarnResult) -> str:
        return render_json(result, self.lang)


class WarnMarkdown(Reporter):
    def render(self, result: WarnResult) -> str:
        return render_markdown(result, self.lang)

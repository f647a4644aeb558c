"""How `lz diff` shows its report: text (terminal), markdown (the pull-request comment),
json (English ids for enumerated values).

Text and markdown say the same things: each change becomes a headline and detail lines
(`Line`), and only the last step knows about markup."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import BaseModel

from lianzheng.grading.model import Assessment
from lianzheng.i18n import Text as T
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_text, no_mentions
from lianzheng.report.text import one_line, visible
from lianzheng.review.diff import (
    KINDS,
    RECORD_KINDS,
    Approval,
    DiffReport,
    EntityChange,
    FieldChange,
    GradeChange,
    ItemChange,
    Parent,
)
from lianzheng.spec.terms import label
from lianzheng.spec.values import Duration, number_text, vocabulary_of

VALUE_LIMIT = 80  # characters of a changed value shown in text and markdown

L = {
    "title": T("lz diff：{base} → {head}", "lz diff: {base} → {head}"),
    "merge_base": T("{branch} 与 HEAD 的合并基础（{commit}）", "merge base of HEAD and {branch} ({commit})"),
    "rev": T("{name}（{commit}）", "{name} ({commit})"),
    "worktree": T("工作区", "working tree"),
    "nothing": T("职权、风险、裁量基准和法规均无变化", "No changes to powers, risks, benchmarks or laws"),
    "approval": T("需领导班子集体审定（第6条）", "Needs the leadership group's approval (art. 6)"),
    "grading": T("评定模型（settings.grading）已修改：未改动文件中风险的计算等级也可能变化，请运行 lz grade --check",
                 "The grading model (settings.grading) changed: risks in unchanged files may grade differently; "
                 "run lz grade --check"),
    "score": T("分值 {score}", "score {score}"),
    "computed": T("按评定因素计算为{grade}，与申报不一致", "computes as {grade}, not as declared"),
    "status": T("落实状态 {old} → {new}", "status {old} → {new}"),
    "unreadable": T("以下文件不是合法的 YAML，未比较（请运行 lz validate）：{files}",
                    "These files are not valid YAML and were not compared (run lz validate): {files}"),
}

KIND = {
    "power": T("职权", "Powers"), "risk": T("风险", "Risks"), "benchmark": T("裁量基准", "Discretion benchmarks"),
    "law": T("法规", "Laws"), "register": T("风险登记表", "Risk registers"), "unit": T("单位信息", "Unit"),
    "signal": T("预警信号", "Signals"), "disposal": T("预警处置", "Disposals"),
}
CHANGE = {
    "added": T("新增", "added"), "removed": T("删除", "removed"), "changed": T("修改", "changed"),
    "moved": T("移动", "moved"),
}
ITEM = {
    "step": T("环节", "step"), "measure": T("措施", "measure"), "leader": T("领导班子成员", "leader"),
    "department": T("科室", "department"), "post": T("岗位", "post"), "case": T("情形", "case"),
    "tier": T("裁量阶次", "tier"),
}
PARENT = {"power": T("职权 ", "power "), "register": T("登记表 ", "register ")}
REASON = {
    "high_added": T("新增高风险", "new high risk"),
    "high_removed": T("删除高风险", "high risk removed"),
    "raised_to_high": T("风险等级上调为高", "grade raised to high"),
    "lowered_from_high": T("高风险等级下调", "high grade lowered"),
    "high_measures_removed": T("高风险删除防控措施 {measures}", "measures removed from a high risk: {measures}"),
}

# The one-line summary, in this order; each: key of DiffReport.counts(), Chinese, English
# (singular, plural).
SUMMARY: tuple[tuple[str, str, tuple[str, str]], ...] = (
    ("power.added", "新增职权 {n} 项", ("{n} power added", "{n} powers added")),
    ("power.removed", "删除职权 {n} 项", ("{n} power removed", "{n} powers removed")),
    ("power.changed", "修改职权 {n} 项", ("{n} power changed", "{n} powers changed")),
    ("power.moved", "移动职权 {n} 项", ("{n} power moved", "{n} powers moved")),
    ("step.added", "新增流程环节 {n} 个", ("{n} step added", "{n} steps added")),
    ("step.removed", "删除流程环节 {n} 个", ("{n} step removed", "{n} steps removed")),
    ("step.changed", "修改流程环节 {n} 个", ("{n} step changed", "{n} steps changed")),
    ("risk.added", "新增风险 {n} 项", ("{n} risk added", "{n} risks added")),
    ("risk.removed", "删除风险 {n} 项", ("{n} risk removed", "{n} risks removed")),
    ("risk.raised", "风险等级上调 {n} 项", ("{n} risk grade raised", "{n} risk grades raised")),
    ("risk.lowered", "风险等级下调 {n} 项", ("{n} risk grade lowered", "{n} risk grades lowered")),
    ("risk.changed", "修改风险 {n} 项", ("{n} risk changed", "{n} risks changed")),
    ("risk.moved", "移动风险 {n} 项", ("{n} risk moved", "{n} risks moved")),
    ("measure.added", "新增措施 {n} 项", ("{n} measure added", "{n} measures added")),
    ("measure.removed", "删除措施 {n} 项", ("{n} measure removed", "{n} measures removed")),
    ("measure.status", "措施状态变更 {n} 项", ("{n} measure status changed", "{n} measure statuses changed")),
    ("measure.changed", "修改措施 {n} 项", ("{n} measure changed", "{n} measures changed")),
    ("benchmark.added", "新增裁量基准 {n} 项", ("{n} benchmark added", "{n} benchmarks added")),
    ("benchmark.removed", "删除裁量基准 {n} 项", ("{n} benchmark removed", "{n} benchmarks removed")),
    ("benchmark.changed", "修改裁量基准 {n} 项", ("{n} benchmark changed", "{n} benchmarks changed")),
    ("benchmark.moved", "移动裁量基准 {n} 项", ("{n} benchmark moved", "{n} benchmarks moved")),
    ("law.added", "新增法规 {n} 部", ("{n} law added", "{n} laws added")),
    ("law.removed", "删除法规 {n} 部", ("{n} law removed", "{n} laws removed")),
    ("law.changed", "修改法规 {n} 部", ("{n} law changed", "{n} laws changed")),
    ("law.moved", "移动法规 {n} 部", ("{n} law moved", "{n} laws moved")),
    ("register.added", "新增风险登记表 {n} 个", ("{n} risk register added", "{n} risk registers added")),
    ("register.removed", "删除风险登记表 {n} 个", ("{n} risk register removed", "{n} risk registers removed")),
    ("register.changed", "修改风险登记表 {n} 个", ("{n} risk register changed", "{n} risk registers changed")),
    ("register.moved", "移动风险登记表 {n} 个", ("{n} risk register moved", "{n} risk registers moved")),
    ("unit.added", "新建单位信息", ("unit added", "unit added")),
    ("unit.changed", "修改单位信息", ("unit changed", "unit changed")),
    ("unit.removed", "删除单位信息", ("unit removed", "unit removed")),
    ("signal.added", "新增预警信号 {n} 条", ("{n} signal added", "{n} signals added")),
    ("signal.removed", "删除预警信号 {n} 条", ("{n} signal removed", "{n} signals removed")),
    ("signal.changed", "修改预警信号 {n} 条", ("{n} signal changed", "{n} signals changed")),
    ("signal.moved", "移动预警信号 {n} 条", ("{n} signal moved", "{n} signals moved")),
    ("disposal.added", "新增预警处置 {n} 项", ("{n} disposal added", "{n} disposals added")),
    ("disposal.removed", "删除预警处置 {n} 项", ("{n} disposal removed", "{n} disposals removed")),
    ("disposal.changed", "修改预警处置 {n} 项", ("{n} disposal changed", "{n} disposals changed")),
    ("disposal.moved", "移动预警处置 {n} 项", ("{n} disposal moved", "{n} disposals moved")),
)


def summary(report: DiffReport, lang: str) -> str:
    counts = report.counts()
    parts = []
    for key, zh, en in SUMMARY:
        n = counts.get(key, 0)
        if n:
            parts.append((zh if lang == "zh" else en[n != 1]).format(n=n))
    if not parts:
        return L["nothing"](lang)
    return "，".join(parts) if lang == "zh" else "; ".join(parts)


# --- values -----------------------------------------------------------------------------


def show(value: Any, vocabulary: str | None, lang: str, limit: int | None = VALUE_LIMIT) -> str:
    """A value as people read it: Chinese terms for enumerated ids, 3个工作日, 50000–65000."""
    text = _show(value, vocabulary, lang)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _show(value: Any, vocabulary: str | None, lang: str) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, Duration):
        return value.label(lang)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, str):
        return label(vocabulary, value, lang) if vocabulary else value
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(_show(v, vocabulary, lang) for v in value)
    if isinstance(value, BaseModel):
        return _show_model(value, lang)
    if isinstance(value, dict):
        return ("，" if lang == "zh" else ", ").join(f"{k}: {_show(v, None, lang)}" for k, v in value.items())
    return str(value)


def _show_model(model: BaseModel, lang: str) -> str:
    fields = type(model).model_fields
    if "min" in fields and "max" in fields:  # a range: 50000–65000 元
        text = f"{_show(getattr(model, 'min'), None, lang)}–{_show(getattr(model, 'max'), None, lang)}"
        unit = getattr(model, "unit", None)
        return f"{text} {label('amount_unit', unit, lang)}" if unit else text
    parts = []
    for name, info in fields.items():
        value = getattr(model, name, None)
        if value is None or value is False or value == [] or name in ("kind", "api_version"):
            continue
        parts.append(_show(value, vocabulary_of(info.annotation, info.metadata), lang))
    return " ".join(parts)


def plain(value: Any) -> Any:
    """A value for JSON: enumerated values as their English ids, dates as text."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True, warnings=False)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Duration):
        return {"days": value.days, "calendar": True} if value.calendar else value.days
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


# --- what each change says ----------------------------------------------------------------


Part = str | tuple[str, bool]  # text, or (text, True) for an id or path


class Line(NamedTuple):
    """One thing to say: `code` parts are ids and paths (set in code in markdown),
    the rest is text."""

    parts: tuple[tuple[str, bool], ...]

    @staticmethod
    def of(*parts: Part) -> Line:
        return Line(tuple(p if isinstance(p, tuple) else (p, False) for p in parts if p))


def code(text: str) -> tuple[str, bool]:
    return (text, True)


def field_title(f: FieldChange, lang: str) -> str:
    return "·".join(f.titles) if lang == "zh" else f.key


def field_line(f: FieldChange, lang: str, inline: bool = False) -> str:
    """`名称：旧 → 新`; inline (after an item's name and a colon) `名称 旧 → 新`."""
    sep = " " if inline else _colon(lang)
    return f"{field_title(f, lang)}{sep}{show(f.old, f.vocabulary, lang)} → {show(f.new, f.vocabulary, lang)}"


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def grade_text(g: GradeChange, lang: str) -> str:
    """中→高（分值 9→16）, or 高（分值 16） for a risk on one side only."""
    def grade(x: str | None) -> str:
        return label("grade", x, lang) if x else "—"

    def score(a: Assessment | None) -> str:
        return number_text(a.score) if a else "—"

    sides = [x for x in (g.old, g.new) if x is not None]
    shown = "→".join(grade(x) for x in sides) if g.old != g.new else grade(g.new)
    a, b = g.old_assessment, g.new_assessment
    if g.old is None or g.new is None:
        scores = score(b if g.new is not None else a)
    else:
        scores = score(a) if a and b and a.score == b.score else f"{score(a)}→{score(b)}"
    text = f"{shown}（{L['score'](lang).format(score=scores)}）" if lang == "zh" \
        else f"{shown} ({L['score'](lang).format(score=scores)})"
    last_assessment = b if g.new is not None else a
    if g.mismatch and last_assessment is not None:
        note = L["computed"](lang).format(grade=grade(last_assessment.computed))
        text += f"；{note}" if lang == "zh" else f"; {note}"
    return text


def item_name(item: ItemChange, lang: str) -> list[Part]:
    model = item.new if item.new is not None else item.old
    kind = ITEM[item.kind](lang)
    if item.kind == "tier":
        return [f"{kind} {label('tier_level', item.key, lang)}"]
    if item.kind == "case":
        return [f"{kind}「{show(item.key, None, lang, 40)}」"]
    name = getattr(model, "name", None)
    return [f"{kind} ", code(item.key), f" {name}" if name else ""]


def item_lines(item: ItemChange, lang: str, depth: int = 0) -> list[tuple[int, Line]]:
    """An item's change: a measure added or removed with its type and text, a new
    status, the fields of a changed step, the tiers of a changed case."""
    head = item_name(item, lang)
    change = CHANGE[item.change](lang)
    if item.change in ("added", "removed"):
        model = item.new if item.new is not None else item.old
        detail = ""
        if item.kind == "measure":
            kind = label("measure_type", getattr(model, "type", None), lang)
            text = getattr(model, "text", None) or ""
            detail = (f"（{kind}）：{text}" if lang == "zh" else f" ({kind}): {text}") if kind else _colon(lang) + text
        return [(depth, Line.of(f"{change}" + ("" if lang == "zh" else " "), *head, detail))]
    out: list[tuple[int, Line]] = []
    fields = item.fields
    if item.kind == "measure" and any(f.key == "status" for f in fields):
        status = next(f for f in fields if f.key == "status")
        out.append((depth, Line.of(*head, _colon(lang), L["status"](lang).format(
            old=show(status.old, "measure_status", lang), new=show(status.new, "measure_status", lang)))))
        fields = [f for f in fields if f.key != "status"]
    if len(fields) == 1 and not item.items:
        out.append((depth, Line.of(*head, _colon(lang), field_line(fields[0], lang, inline=True))))
    elif fields or item.items:
        out.append((depth, Line.of(*head)))
        out += [(depth + 1, Line.of(field_line(f, lang))) for f in fields]
        for sub in item.items:
            out += item_lines(sub, lang, depth + 1)
    return out


def _risk_fields(c: EntityChange) -> tuple[list[FieldChange], list[FieldChange]]:
    factors = [f for f in c.fields if f.key.startswith("factors.")]
    return factors, [f for f in c.fields if not f.key.startswith("factors.")]


def record_lines(c: EntityChange, lang: str) -> tuple[Line, list[tuple[int, Line]]]:
    """A signal or disposal: its id and source (or action), where it is; never its text."""
    record = c.new if c.new is not None else c.old
    vocabulary = "signal_source" if c.kind == "signal" else "disposal_action"
    what = f"（{label(vocabulary, record.label, lang)}）" if lang == "zh" else f" ({label(vocabulary, record.label, lang)})"
    head: list[Part] = [CHANGE[c.change](lang) + " ", code(c.id), what if record.label else ""]
    where = c.path if c.path is not None else c.old_path
    details: list[tuple[int, Line]] = []
    if c.change == "moved" or (c.path and c.old_path and c.path != c.old_path):
        details.append((0, Line.of(*_move([code(c.old_path or "")], [code(c.path or "")], lang))))
    elif where:
        head += [" — ", code(where)]
    return Line.of(*head), details


def entity_lines(c: EntityChange, lang: str) -> tuple[Line, list[tuple[int, Line]]]:
    """The headline of one change and its detail lines (with their depth)."""
    if c.kind in RECORD_KINDS:
        return record_lines(c, lang)
    name = f" {c.name}" if c.name else ""
    head: list[Part] = [CHANGE[c.change](lang) + " ", code(c.id), name]
    where = c.path if c.path is not None else c.old_path
    if c.kind == "risk":
        parent = c.parent if c.parent is not None else c.old_parent
        if parent:
            head += ["（" if lang == "zh" else " (", *parent_text(parent, lang), "）" if lang == "zh" else ")"]
        if c.grade is not None:
            head += ["" if lang == "zh" and parent else " ", grade_text(c.grade, lang)]
    elif c.kind != "unit" and where and c.change != "moved":
        head += [" — ", code(where)]
    details: list[tuple[int, Line]] = []
    if c.moved:
        if c.parent != c.old_parent and c.parent is not None and c.old_parent is not None:
            details.append((0, Line.of(*_move(parent_text(c.old_parent, lang), parent_text(c.parent, lang), lang))))
        if c.path != c.old_path:
            details.append((0, Line.of(*_move([code(c.old_path or "")], [code(c.path or "")], lang))))
    fields = c.fields
    if c.kind == "risk":
        factors, fields = _risk_fields(c)
        if factors:  # on one line: 评定因素：发生概率 3→4，危害程度 4→5
            zh = lang == "zh"
            each = [f"{f.titles[-1] if zh else f.key.split('.')[-1]} {show(f.old, None, lang)}→{show(f.new, None, lang)}"
                    for f in factors]
            title = factors[0].titles[0] if zh else "factors"
            details.append((0, Line.of(title + _colon(lang) + ("，" if zh else ", ").join(each))))
    details += [(0, Line.of(field_line(f, lang))) for f in fields]
    for item in c.items:
        details += item_lines(item, lang)
    if c.change in ("added", "removed") and c.kind == "risk":  # its measures, each with its id and text
        added = c.change == "added"
        for m in getattr(c.new if added else c.old, "measures", None) or ():
            if m is not None and m.id is not None:
                details += item_lines(ItemChange("measure", str(m.id), c.change, None if added else m,
                                                 m if added else None), lang)
    return Line.of(*head), details


def parent_text(parent: Parent, lang: str) -> list[Part]:
    return [PARENT[parent.kind](lang), code(parent.id)]


def _move(old: list[Part], new: list[Part], lang: str) -> list[Part]:
    return ["由 ", *old, " 移至 ", *new] if lang == "zh" else ["moved from ", *old, " to ", *new]


def approval_line(a: Approval, lang: str) -> Line:
    c = a.change
    measures = "、".join(m.key for m in c.measures("removed")) if lang == "zh" \
        else ", ".join(m.key for m in c.measures("removed"))
    reason = REASON[a.reason](lang).format(measures=measures)
    grade = (_colon(lang) + grade_text(c.grade, lang)) if c.grade else ""
    return Line.of(code(a.risk), f" {c.name}" if c.name else "", " — ", reason, grade)


def revision_text(report: DiffReport, lang: str) -> tuple[str, str]:
    b = report.base
    short = (b.commit or "")[:7]
    if b.merge_base_of:
        base = L["merge_base"](lang).format(branch=b.merge_base_of, commit=short)
    else:
        base = L["rev"](lang).format(name=b.name, commit=short)
    h = report.head
    head = L["worktree"](lang) if h.commit is None else L["rev"](lang).format(name=h.name, commit=h.commit[:7])
    return base, head


# --- text ----------------------------------------------------------------------------------


def _plain_line(line: Line) -> str:
    return "".join(text for text, _ in line.parts)


def render_text(report: DiffReport, lang: str) -> str:
    base, head = revision_text(report, lang)
    out = [L["title"](lang).format(base=base, head=head), summary(report, lang)]
    approvals = report.approvals()
    if approvals:
        out += ["", L["approval"](lang) + _colon(lang).rstrip()]
        out += ["  ! " + _plain_line(approval_line(a, lang)) for a in approvals]
    if report.grading_changed:
        out += ["", L["grading"](lang)]
    if report.unreadable:
        out += ["", L["unreadable"](lang).format(files=", ".join(report.unreadable))]
    for kind, changes in _by_kind(report):
        out += ["", f"{KIND[kind](lang)}（{len(changes)}）" if lang == "zh" else f"{KIND[kind](lang)} ({len(changes)})"]
        for c in changes:
            headline, details = entity_lines(c, lang)
            out.append("  " + _plain_line(headline))
            out += ["      " + "  " * depth + _plain_line(line) for depth, line in details]
    # Every line holds values (ids, names, texts, paths) the data gave: none may forge a line.
    return "\n".join(visible(line) for line in out) + "\n"


def _by_kind(report: DiffReport) -> Iterable[tuple[str, list[EntityChange]]]:
    for kind in KINDS:
        changes = report.of(kind)
        if changes:
            yield kind, changes


# --- markdown --------------------------------------------------------------------------------

def _md(line: Line) -> str:
    out = []
    for text, is_code in line.parts:
        if is_code:
            fence = "``" if "`" in text else "`"
            out.append(f"{fence}{one_line(text)}{fence}")  # (a line break would end the list item)
        else:
            out.append(md_text(text))
    return "".join(out)


def render_markdown(report: DiffReport, lang: str) -> str:
    """The pull-request comment: opens with the one-line summary."""
    base, head = revision_text(report, lang)
    out = [summary(report, lang), "", f"<sub>{no_mentions(L['title'](lang).format(base=base, head=head))}</sub>"]
    approvals = report.approvals()
    if approvals:
        out += ["", f"> **⚠️ {L['approval'](lang)}**", ">"]
        out += [f"> - {_md(approval_line(a, lang))}" for a in approvals]
    if report.grading_changed:
        out += ["", f"> {L['grading'](lang)}"]
    if report.unreadable:
        files = ", ".join(f"`{one_line(p)}`" for p in report.unreadable)
        out += ["", f"> {L['unreadable'](lang).format(files=files)}"]
    for kind, changes in _by_kind(report):
        title = f"{KIND[kind](lang)}（{len(changes)}）" if lang == "zh" else f"{KIND[kind](lang)} ({len(changes)})"
        out += ["", f"### {title}", ""]
        for c in changes:
            headline, details = entity_lines(c, lang)
            out.append(f"- {_md(headline)}")
            out += [f"{'  ' * (depth + 1)}- {_md(line)}" for depth, line in details]
    out += ["", "<!-- lz diff -->"]
    return "\n".join(out) + "\n"


# --- json ------------------------------------------------------------------------------------


def _field_json(f: FieldChange) -> dict[str, Any]:
    return {"field": f.key, "old": plain(f.old), "new": plain(f.new)}


def _item_json(item: ItemChange) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": item.kind, "id": item.key, "change": item.change}
    if item.change == "added":
        out["new"] = plain(item.new)
    elif item.change == "removed":
        out["old"] = plain(item.old)
    else:
        out["fields"] = [_field_json(f) for f in item.fields]
        if item.items:
            out["items"] = [_item_json(i) for i in item.items]
    return out


def _assessment_json(a: Assessment | None) -> dict[str, Any] | None:
    return None if a is None else {"likelihood": a.likelihood, "impact": a.impact, "score": a.score,
                                   "computed": a.computed}


def change_json(c: EntityChange) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind, "id": c.id, "change": c.change, "name": c.name or None,
                           "path": c.path, "old_path": c.old_path}
    if c.kind in RECORD_KINDS:  # by id and source (or action) only
        record = c.new if c.new is not None else c.old
        out["source" if c.kind == "signal" else "action"] = record.label
        return out
    if c.kind == "risk":
        out["parent"] = c.parent._asdict() if c.parent else None
        out["old_parent"] = c.old_parent._asdict() if c.old_parent else None
        g = c.grade
        out["grade"] = None if g is None else {
            "old": g.old, "new": g.new, "direction": g.direction,
            "old_assessment": _assessment_json(g.old_assessment),
            "new_assessment": _assessment_json(g.new_assessment)}
        factors, _ = _risk_fields(c)
        out["factors"] = [{"factor": f.key.split(".")[-1], "old": f.old, "new": f.new} for f in factors]
    out["fields"] = [_field_json(f) for f in c.fields]
    out["items"] = [_item_json(i) for i in c.items]
    if c.change == "added":
        out["new"] = plain(c.new)
    elif c.change == "removed":
        out["old"] = plain(c.old)
    return out


def render_json(report: DiffReport) -> str:
    def revision(r: Any) -> dict[str, Any]:
        return {"name": r.name or None, "commit": r.commit, "merge_base_of": r.merge_base_of}

    doc = {
        "base": revision(report.base),
        "head": revision(report.head),
        "root": report.root,
        "summary": dict(sorted(report.counts().items())),
        "approval_needed": [
            {"risk": a.risk, "reason": a.reason,
             "old_grade": a.change.grades[0], "new_grade": a.change.grades[1]}
            for a in report.approvals()
        ],
        "grading_changed": report.grading_changed,
        "unreadable": report.unreadable,
        "changes": [change_json(c) for c in report.changes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class DiffText(Reporter):
    def render(self, report: DiffReport) -> str:
        return render_text(report, self.lang)


class DiffMarkdown(Reporter):
    def render(self, report: DiffReport) -> str:
        return render_markdown(report, self.lang)


class DiffJson(Reporter):
    def render(self, report: DiffReport) -> str:
        return render_json(report)

"""What `lz import` and `lz export` print: text (Chinese or English) and json.

Every value that came from a spreadsheet is shown on one line without control characters
(`terminal_text`), so a cell cannot forge lines or terminal escapes in the output.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from lianzheng.exchange.cells import terminal_text
from lianzheng.exchange.export import ExportResult
from lianzheng.exchange.importer import ImportResult
from lianzheng.i18n import Text as T
from lianzheng.report.base import Reporter

L = {
    "read": T("读取：{file} 工作表“{sheet}”（表头第 {header} 行，{rows} 行数据）",
              "read: {file}, sheet \"{sheet}\" (header row {header}, {rows} data row(s))"),
    "imported": T("导入 {n} 个风险：", "imported {n} risk(s):"),
    "would": T("将导入 {n} 个风险：", "would import {n} risk(s):"),
    "none": T("没有可导入的风险。", "no risk to import."),
    "file": T("  {path}  {department}  {n} 个", "  {path}  {department}  {n}"),
    "leaders": T("新增领导班子成员：{items}（请在 lianzheng.yaml 中核对职务、班子角色和代码平台账号）",
                 "new members of the leadership: {items} (check their title, role and account in lianzheng.yaml)"),
    "departments": T("新增科室：{items}", "new departments: {items}"),
    "posts": T("新增岗位：{items}", "new posts: {items}"),
    "unit": T("lianzheng.yaml：已在列表末尾追加新的领导班子成员、科室、岗位，原有内容未改动",
              "lianzheng.yaml: the new leaders, departments and posts were appended; nothing else changed"),
    "unit_would": T("lianzheng.yaml：将在列表末尾追加新的领导班子成员、科室、岗位，原有内容不变",
                    "lianzheng.yaml: the new leaders, departments and posts would be appended; nothing else changes"),
    "columns": T("列：{items}", "columns: {items}"),
    "unknown": T("未识别的列（未导入）：{items}", "columns not recognised (not imported): {items}"),
    "skipped": T("跳过 {n} 行：", "{n} row(s) skipped:"),
    "warnings": T("警告 {n} 条：", "{n} warning(s):"),
    "notes": T("说明：{text}", "note: {text}"),
    "dry_run": T("（试运行：未写入任何文件）", "(dry run: nothing was written)"),
    "no_department": T("（未分科室）", "(no department)"),
    "exported": T("已导出 {files} 个文件（{audience}）：", "exported {files} file(s) ({audience}):"),
    "audience_internal": T("内部版", "internal edition"),
    "audience_public": T("公开版", "public edition"),
    "rows": T("  {name}：{n} 行", "  {name}: {n} row(s)"),
}


# What each column is read as, for the line that shows how the sheet was understood.
FIELDS = {
    "department": T("科室", "department"), "post": T("岗位", "post"), "power_id": T("职权编号", "power id"),
    "power_name": T("职权名称", "power name"), "risk_id": T("风险编号", "risk id"), "title": T("风险点", "title"),
    "step": T("风险点", "title"), "description": T("风险描述", "description"), "category": T("风险类别", "category"),
    "importance": T("权力重要程度", "importance"), "discretion": T("自由裁量权大小", "discretion"),
    "probability": T("发生概率", "probability"), "harm": T("危害程度", "harm"), "grade": T("风险等级", "grade"),
    "measures": T("防控措施", "measures"), "measure_type": T("措施类型", "measure type"), "owner": T("责任人", "owner"),
    "head": T("责任人（无责任人列时）", "owner (when no 责任人 column)"), "leader": T("责任领导", "leader"),
    "reviewed": T("复核日期", "review date"), "approval": T("集体审定", "approval"),
    "identified_by": T("查找方式", "identified by"), "ignored": T("不导入", "not imported"),
}


def render_import(result: ImportResult, lang: str = "zh") -> str:
    """The import result as the command prints it."""
    sep = "、" if lang == "zh" else ", "
    first, last = result.header_rows
    header = str(first) if first == last else f"{first}–{last}"
    out = [L["read"](lang).format(file=terminal_text(result.source.name), sheet=terminal_text(result.sheet),
                                  header=header, rows=result.rows_read)]
    per_file = Counter(r.file for r in result.risks)
    if result.risks:
        out.append(L["would" if result.dry_run else "imported"](lang).format(n=len(result.risks)))
        for path in result.files:
            dept, name = result.file_departments.get(path, (None, None))
            shown = terminal_text(name or dept or "") if dept else L["no_department"](lang)
            out.append(L["file"](lang).format(path=path, department=shown, n=per_file[path]))
    else:
        out.append(L["none"](lang))
    if result.leaders_added:
        out.append(L["leaders"](lang).format(items=sep.join(
            f"{i} {terminal_text(n)}" for i, n in result.leaders_added)))
    if result.departments_added:
        out.append(L["departments"](lang).format(items=sep.join(
            f"{i} {terminal_text(n)}" for i, n in result.departments_added)))
    if result.posts_added:
        out.append(L["posts"](lang).format(items=sep.join(
            f"{i} {terminal_text(n)}" + (f"（{d}）" if d and lang == "zh" else f" ({d})" if d else "")
            for i, n, d in result.posts_added)))
    if result.unit_changed:
        out.append(L["unit_would" if result.dry_run else "unit"](lang))
    if result.columns:
        read_as: list[str] = []
        for letter, header, field in result.columns:
            name = FIELDS[field](lang) if field in FIELDS else field
            text = terminal_text(header)
            read_as.append(f"{letter} {text}" if name == text else
                           f"{letter} {text}（{name}）" if lang == "zh" else f"{letter} {text} ({name})")
        out.append(L["columns"](lang).format(items=sep.join(read_as)))
    if result.unknown_columns:
        quote = ("“", "”") if lang == "zh" else ('"', '"')
        out.append(L["unknown"](lang).format(items=sep.join(
            f"{ref}{quote[0]}{terminal_text(text)}{quote[1]}" for ref, text in result.unknown_columns)))
    if result.skipped:
        out.append(L["skipped"](lang).format(n=len(result.skipped)))
        out += [f"  {p.message(lang)}" for p in result.skipped]
    if result.warnings:
        out.append(L["warnings"](lang).format(n=len(result.warnings)))
        out += [f"  {p.message(lang)}" for p in result.warnings]
    out += [L["notes"](lang).format(text=text) for text in result.note_texts(lang)]
    if result.dry_run:
        out.append(L["dry_run"](lang))
    return "\n".join(out) + "\n"


def render_export(result: ExportResult, lang: str = "zh", base: Path | None = None) -> str:
    """The files `export` wrote and the rows of each table."""
    audience = L[f"audience_{result.audience}"](lang)
    out = [L["exported"](lang).format(files=len(result.files), audience=audience)]
    for path in result.files:
        shown = path
        if base is not None:
            try:
                shown = path.resolve().relative_to(base.resolve())
            except ValueError:
                pass
        out.append(f"  {shown}")
    for name, n in result.rows.items():
        out.append(L["rows"](lang).format(name=name, n=n))
    return "\n".join(out) + "\n"


def import_json(result: ImportResult, lang: str = "zh") -> str:
    """The import result for a script: ids and paths as they are, messages in `lang`."""
    def problems(items: list[Any]) -> list[dict[str, Any]]:
        return [{"cell": p.place(lang), "message": p.message(lang)} for p in items]

    doc = {
        "source": str(result.source), "sheet": result.sheet, "dry_run": result.dry_run,
        "header_rows": list(result.header_rows), "rows_read": result.rows_read,
        "columns": [{"column": c, "header": h, "field": f} for c, h, f in result.columns],
        "unknown_columns": [{"cell": c, "header": h} for c, h in result.unknown_columns],
        "risks": [{"id": r.id, "title": r.title, "department": r.department, "file": r.file, "row": r.row}
                  for r in result.risks],
        "files": result.files, "unit_changed": result.unit_changed,
        "leaders_added": [{"id": i, "name": n} for i, n in result.leaders_added],
        "departments_added": [{"id": i, "name": n} for i, n in result.departments_added],
        "posts_added": [{"id": i, "name": n, "department": d} for i, n, d in result.posts_added],
        "skipped": problems(result.skipped), "warnings": problems(result.warnings),
        "notes": result.note_texts(lang), "exit_code": result.exit_code,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class ImportText(Reporter):
    def render(self, data: ImportResult) -> str:
        return render_import(data, self.lang)


class ImportJson(Reporter):
    def render(self, data: ImportResult) -> str:
        return import_json(data, self.lang)


class ExportText(Reporter):
    def render(self, data: ExportResult) -> str:
        return render_export(data, self.lang, self.base)

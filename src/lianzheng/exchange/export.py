"""`lz export`: the register as offices keep it (台账), as a workbook, CSV files or Parquet.

**xlsx** (default `build/lianzheng.xlsx` under the repository root): sheets 职权目录,
流程环节, 风险登记表, 防控措施 and 裁量基准. Header frozen, filters on, print titles, column
widths set, every enumerated column a drop-down list (so the file can be edited and
imported back), grades coloured 红/橙/黄, Chinese terms in the cells. The same input gives
the same bytes: the document properties are fixed (creation date included) and the zip
entries carry xlsxwriter's fixed 1980-01-01 timestamp.

**csv**: one UTF-8 file with a byte order mark per sheet (Excel opens it as Chinese):
`powers.csv`, `steps.csv`, `risks.csv`, `measures.csv`, `benchmarks.csv`, the same
columns as the sheets.

In both, a text that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, a
tab or a carriage return) is written with a leading `'`, as Excel itself keeps such text;
`lz import` takes it off again.

**parquet**: the tables `lz rollup` reads, typed, one row per entity, `unit_code` on every
row; enumerated values as their English ids, dates as dates, factors as integers, ids as
strings, lists as lists of strings. Columns:

- `unit.parquet` (one row): unit_code, name, type, region, supervision_phone, website,
  review_cycle_days, high_risk_min_measures, departments, posts, leaders (counts); from
  `lz export`, in the internal edition, also the figures `lz rollup` shows, as of the
  export's `--as-of` (`rollup.figures.FIGURE_COLUMNS`: as_of, powers, risks_high,
  risks_medium, risks_low, high_short_of_measures, reviews_due, measures_overdue,
  warnings_undisposed, disposals_overdue, score, red_cases, on_time_rate).
- `powers.parquet`: unit_code, power_id, name, category, scope, public, subject (department
  id), subject_name, content, basis (list: 《law》article), areas (list), major_matter
  (list), authority, statutory_days, statutory_calendar, promised_days, promised_calendar,
  fee, steps (count), risks (count of the power's own risks; 0 in the public edition), path.
- `steps.parquet`: unit_code, power_id, position (1-based), step_id, name, actor,
  actor_name, conditions, procedure, time_limit_days, time_limit_calendar, supervision,
  is_start, is_clock_start, collective, is_end, pauses_clock, next (list of step ids),
  risks (list of risk ids at the step; empty in the public edition).
- `risks.parquet`: unit_code, risk_id, title, description, category, department_id,
  department, post_id, post, power_id, power_name, register_id (null for a power's own
  risk), importance, discretion, probability, harm, likelihood, impact, score,
  declared_grade, computed_grade, grade (the risk's grade: override, else computed, else
  declared), override_reason, owner, leader_id, leader, measures (count), reviewed,
  approval_date, approval_by, approval_ref, identified_by (list), steps (list), areas (list,
  of its power: the one holding it, or the one a register's risk names), power_category, major_matter (list), path.
- `measures.parquet`: unit_code, risk_id, position (1-based), measure_id, type, text, owner,
  due, status.
- `benchmarks.parquet` (one row per tier): unit_code, benchmark_id, power_id, violation,
  basis (list), case (1-based), when, legal_min, legal_max, unit, base, tier (1-based),
  level, conditions (list), range_min, range_max, outcome, other.

`audience="public"` keeps what the public edition shows: the catalogue of public powers,
their steps and their benchmarks; no risks, measures, owners or grades (the risk and
measure tables are not written at all).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lianzheng.i18n import Text, listing
from lianzheng.grading.report import grade_report
from lianzheng.repo.repository import Repository
from lianzheng.spec.terms import VOCABULARIES, label
from lianzheng.spec.values import Duration, number_text
from lianzheng.exchange.cells import numbered_lines, safe_text
from lianzheng.exchange.columns import (
    OVERRIDE_NOTE,
    RISK_HEADERS,
    SHEET_BENCHMARKS,
    SHEET_MEASURES,
    SHEET_POWERS,
    SHEET_RISKS,
    SHEET_STEPS,
)
from lianzheng.exchange.errors import ExchangeError
from lianzheng.exchange.tables import (
    AUDIENCES,
    INTERNAL,
    PUBLIC,
    RiskRow,
    StepRow,
    Tables,
    build_tables,
)

FORMATS = ("xlsx", "csv", "parquet")
DEFAULT_OUT = {"xlsx": "build/lianzheng.xlsx", "csv": "build/lianzheng-csv", "parquet": "build/lianzheng-parquet"}
# The workbook's creation date when none is given: fixed, so that the same input gives
# the same bytes (the zip entries carry the same date).
CREATED = dt.datetime(1980, 1, 1)
CSV_FILES = {SHEET_POWERS: "powers.csv", SHEET_STEPS: "steps.csv", SHEET_RISKS: "risks.csv",
             SHEET_MEASURES: "measures.csv", SHEET_BENCHMARKS: "benchmarks.csv"}
INTERNAL_ONLY = (SHEET_RISKS, SHEET_MEASURES)
GRADE_FILL = {"high": ("#FF0000", "#FFFFFF"), "medium": ("#FFA500", "#000000"), "low": ("#FFFF00", "#000000")}
YES, NO = "是", "否"

MESSAGES = {
    "format": Text("不支持的导出格式：{value}（可用 xlsx、csv、parquet）", "unknown export format: {value} (xlsx, csv, parquet)"),
    "audience": Text("未知的读者范围：{value}（可用 internal、public）", "unknown audience: {value} (internal, public)"),
    "is_dir": Text("{path} 是一个目录；xlsx 格式的 --out 应为文件", "{path} is a folder; --out of the xlsx format is a file"),
    "not_dir": Text("{path} 不是目录；{format} 格式的 --out 应为目录", "{path} is not a folder; --out of the {format} format is a folder"),
    "mixed": Text("{path} 中已有内部数据文件 {files}，公开版不能与之放在一起；请换一个目录，或先删除这些文件",
                  "{path} already holds internal data ({files}); the public edition is not written next to it: "
                  "choose another folder or remove those files"),
    "write": Text("无法写入 {path}：{error}", "cannot write {path}: {error}"),
}


@dataclass
class ExportResult:
    """What `export` wrote: the files (in the order written), and rows per table."""

    format: str
    audience: str
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


# --- the sheets: one definition for the workbook and the CSV files ---------------------------


@dataclass(frozen=True)
class Col:
    """A column of a sheet: its header, width (Excel characters), the value of a row
    (text, number, date or None), and the terms of its drop-down list."""

    header: str
    width: float
    value: Callable[[Any], Any]
    choices: tuple[str, ...] = ()
    grade: bool = False
    note: Callable[[Any], str | None] | None = None  # a cell note (comment), xlsx only


def _terms(vocabulary: str) -> tuple[str, ...]:
    return tuple(t.zh for t in VOCABULARIES[vocabulary].terms)


def _term(vocabulary: str, value: str | None) -> str | None:
    return label(vocabulary, value) if value else None


def _yes(value: bool) -> str:
    return YES if value else NO


def _lines(values: Sequence[str]) -> str | None:
    return "\n".join(values) if values else None


def _duration(value: Duration | None) -> str | None:
    return value.label("zh") if value is not None else None


def _approval(r: RiskRow) -> str | None:
    """集体审定 as people write it: `2026-04-24 局党组会议（纪要〔2026〕7号）`; import reads it back."""
    if r.approval_date is None:
        return None
    text = r.approval_date.isoformat()
    if r.approval_by:
        text += f" {r.approval_by}"
    if r.approval_ref:
        text += f"（{r.approval_ref}）"
    return text


def _next(s: StepRow) -> str | None:
    return _lines([f"{to}（{when}）" if when else to for to, when in s.next])


FACTOR_CHOICES = ("1", "2", "3", "4", "5")


def override_note(r: RiskRow) -> str | None:
    return OVERRIDE_NOTE + r.override_reason if r.override_reason else None


def power_columns(audience: str) -> list[Col]:
    cols = [
        Col("序号", 6, lambda p: p.seq),
        Col("职权编号", 12, lambda p: p.id),
        Col("职权名称", 28, lambda p: p.name),
        Col("职权类别", 14, lambda p: _term("power_category", p.category), _terms("power_category")),
        Col("对外/内部", 9, lambda p: _term("scope", p.scope), _terms("scope")),
        Col("行使主体", 16, lambda p: p.subject_name or p.subject),
        Col("职权内容", 40, lambda p: p.content),
        Col("法律依据", 36, lambda p: _lines(p.basis)),
        Col("重点领域", 14, lambda p: _lines([label("area", a) for a in p.areas])),
        Col("三重一大", 12, lambda p: _lines([label("major_matter", m) for m in p.major_matter])),
        Col("权限", 24, lambda p: p.authority),
        Col("法定期限", 12, lambda p: _duration(p.statutory)),
        Col("承诺期限", 12, lambda p: _duration(p.promised)),
        Col("收费依据和标准", 16, lambda p: p.fee),
        Col("向社会公开", 8, lambda p: _yes(p.public), (YES, NO)),
    ]
    if audience == INTERNAL:
        cols.append(Col("风险数", 8, lambda p: p.risks))
    return cols


def step_columns(audience: str) -> list[Col]:
    cols = [
        Col("序号", 6, lambda s: s.seq),
        Col("职权编号", 12, lambda s: s.power_id),
        Col("职权名称", 24, lambda s: s.power_name),
        Col("环节编号", 9, lambda s: s.id),
        Col("环节名称", 16, lambda s: s.name),
        Col("办理主体", 16, lambda s: s.actor_name or s.actor),
        Col("条件", 30, lambda s: s.conditions),
        Col("程序", 40, lambda s: s.procedure),
        Col("期限", 12, lambda s: _duration(s.time_limit)),
        Col("监督方式", 30, lambda s: s.supervision),
        Col("开始环节", 8, lambda s: _yes(s.start), (YES, NO)),
        Col("起算环节", 8, lambda s: _yes(s.clock_start), (YES, NO)),
        Col("集体决策", 8, lambda s: _yes(s.collective), (YES, NO)),
        Col("暂停计时", 8, lambda s: _yes(s.pauses_clock), (YES, NO)),
        Col("结束环节", 8, lambda s: _yes(s.end), (YES, NO)),
        Col("后续环节", 16, _next),
    ]
    if audience == INTERNAL:
        cols.append(Col("风险点", 16, lambda s: _lines(s.risks)))
    return cols


def _factor(name: str) -> Callable[[RiskRow], int | None]:
    return lambda r: r.factors[name] if r.factors else None


def risk_columns() -> list[Col]:
    cols = [
        Col("序号", 6, lambda r: r.seq),
        Col("科室", 16, lambda r: r.department or r.department_id),
        Col("岗位", 16, lambda r: r.post or r.post_id),
        Col("职权编号", 12, lambda r: r.power_id),
        Col("职权名称", 24, lambda r: r.power_name),
        Col("风险编号", 16, lambda r: r.id),
        Col("风险点", 24, lambda r: r.title),
        Col("风险描述", 40, lambda r: r.description),
        Col("风险类别", 10, lambda r: _term("risk_category", r.category), _terms("risk_category")),
        *(Col(label("factor", f), 8, _factor(f), FACTOR_CHOICES) for f in ("importance", "discretion", "probability", "harm")),
        Col("分值", 6, lambda r: r.score),
        Col("风险等级", 8, lambda r: _term("grade", r.grade), _terms("grade"), grade=True, note=override_note),
        Col("防控措施", 48, lambda r: numbered_lines([m.text or "" for m in r.measures]) or None),
        Col("责任人", 10, lambda r: r.owner),
        Col("责任领导", 10, lambda r: r.leader or r.leader_id),
        Col("复核日期", 12, lambda r: r.reviewed),
        Col("集体审定", 30, _approval),
    ]
    assert tuple(c.header for c in cols) == RISK_HEADERS  # SPEC's columns, in its order
    return cols


def measure_columns() -> list[Col]:
    return [
        Col("序号", 6, lambda m: m.seq),
        Col("科室", 16, lambda m: m.department),
        Col("风险编号", 16, lambda m: m.risk_id),
        Col("风险点", 24, lambda m: m.risk_title),
        Col("措施编号", 9, lambda m: m.id),
        Col("措施内容", 48, lambda m: m.text),
        Col("类型", 10, lambda m: _term("measure_type", m.type), _terms("measure_type")),
        Col("责任人", 10, lambda m: m.owner),
        Col("完成时限", 12, lambda m: m.due),
        Col("状态", 8, lambda m: _term("measure_status", m.status or "planned"), _terms("measure_status")),
    ]


def tier_columns() -> list[Col]:
    return [
        Col("序号", 6, lambda t: t.seq),
        Col("基准编号", 12, lambda t: t.benchmark_id),
        Col("职权编号", 12, lambda t: t.power_id),
        Col("职权名称", 24, lambda t: t.power_name),
        Col("违法行为", 28, lambda t: t.violation),
        Col("法律依据", 30, lambda t: _lines(t.basis)),
        Col("情形", 30, lambda t: t.when),
        Col("法定下限", 10, lambda t: t.legal_min),
        Col("法定上限", 10, lambda t: t.legal_max),
        Col("单位", 6, lambda t: _term("amount_unit", t.unit), _terms("amount_unit")),
        Col("计算基数", 12, lambda t: t.base),
        Col("裁量阶次", 10, lambda t: _term("tier_level", t.level), _terms("tier_level")),
        Col("适用条件", 40, lambda t: _lines(t.conditions)),
        Col("裁量下限", 10, lambda t: t.range_min),
        Col("裁量上限", 10, lambda t: t.range_max),
        Col("处理结果", 24, lambda t: t.outcome),
        Col("其他处罚", 24, lambda t: t.other),
    ]


def sheets(tables: Tables) -> list[tuple[str, list[Col], Sequence[Any]]]:
    """(sheet name, columns, rows) of the workbook, in order; the public edition has no
    risk or measure sheet."""
    out: list[tuple[str, list[Col], Sequence[Any]]] = [
        (SHEET_POWERS, power_columns(tables.audience), tables.powers),
        (SHEET_STEPS, step_columns(tables.audience), tables.steps),
    ]
    if tables.audience == INTERNAL:
        out += [(SHEET_RISKS, risk_columns(), tables.risks), (SHEET_MEASURES, measure_columns(), tables.measures)]
    out.append((SHEET_BENCHMARKS, tier_columns(), tables.tiers))
    return out


# --- export -------------------------------------------------------------------------------


def export(
    repo: Repository,
    *,
    format: str = "xlsx",
    audience: str = INTERNAL,
    out: str | os.PathLike[str] | None = None,
    created: dt.datetime | None = None,
    unit_columns: Sequence[tuple[str, Any, Any]] = (),
) -> ExportResult:
    """Export the register of the repository (opened with its models).

    `out`: the workbook file (xlsx) or the folder (csv, parquet); by default
    `DEFAULT_OUT[format]` under the repository root. `created`: the workbook's creation
    date (default: fixed, `CREATED`). `unit_columns`: (column, Arrow type, value) that
    parquet adds to `unit.parquet` (internal edition: `lz rollup`'s figures). Raises `ExchangeError` for an unknown format or
    audience, or an output that cannot be written."""
    if format not in FORMATS:
        raise ExchangeError(MESSAGES["format"], value=format)
    if audience not in AUDIENCES:
        raise ExchangeError(MESSAGES["audience"], value=audience)
    tables = build_tables(repo, grade_report(repo), audience)
    target = Path(out) if out is not None else repo.root / DEFAULT_OUT[format]
    done = ExportResult(format, audience)
    layout = sheets(tables)
    done.rows = {name: len(rows) for name, _, rows in layout}
    if format == "xlsx":
        if target.is_dir():
            raise ExchangeError(MESSAGES["is_dir"], path=target)
        _write(target, workbook_bytes(tables, created or CREATED))
        done.files.append(target)
    elif format == "csv":
        _check_folder(target, format, audience, [CSV_FILES[s] for s in INTERNAL_ONLY])
        for name, cols, rows in layout:
            file = target / CSV_FILES[name]
            _write(file, csv_bytes(cols, rows))
            done.files.append(file)
    else:
        from lianzheng.exchange.parquet import PARQUET_FILES, parquet_tables

        _check_folder(target, format, audience, ["risks.parquet", "measures.parquet"])
        for name, data in parquet_tables(tables, unit_columns):
            file = target / PARQUET_FILES[name]
            _write(file, data)
            done.files.append(file)
        done.rows["unit"] = 1
    return done


def _check_folder(target: Path, format: str, audience: str, internal_files: list[str]) -> None:
    if target.exists() and not target.is_dir():
        raise ExchangeError(MESSAGES["not_dir"], path=target, format=format)
    if audience == PUBLIC:
        present = [f for f in internal_files if (target / f).exists()]
        if present:
            raise ExchangeError(MESSAGES["mixed"], path=target, files=listing(present))


def _write(target: Path, data: bytes) -> None:
    """Write atomically: a reader never sees half a file, a failed export keeps the old one."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".lz-tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExchangeError(MESSAGES["write"], path=target, error=exc.strerror or exc) from exc


# --- CSV ------------------------------------------------------------------------------------


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(str(value))


def csv_bytes(cols: list[Col], rows: Sequence[Any]) -> bytes:
    """UTF-8 with a byte order mark and CRLF line ends: what Excel reads as Chinese."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.header for c in cols])
    getters = [c.value for c in cols]
    writer.writerows([csv_value(get(row)) for get in getters] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --- xlsx -----------------------------------------------------------------------------------


def workbook_bytes(tables: Tables, created: dt.datetime) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    # Text stays text: no guessing numbers, formulas or links from strings.
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})
    unit_name = tables.unit.name or ""
    wb.set_properties({
        "title": f"{unit_name}廉政风险防控台账", "subject": "廉政风险防控台账", "author": "lianzheng",
        "company": unit_name, "comments": "lz export", "created": created,
    })
    fmt = _formats(wb)
    for name, cols, rows in sheets(tables):
        _sheet(wb, fmt, name, cols, rows, unit_name)
    wb.close()
    return buf.getvalue()


def _formats(wb: Any) -> dict[str, Any]:
    base = {"valign": "top", "border": 1, "border_color": "#A6A6A6", "text_wrap": True}
    out = {
        "header": wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center",
                                 "valign": "vcenter"}),
        "text": wb.add_format(base),
        "number": wb.add_format({**base, "align": "center"}),
        "date": wb.add_format({**base, "align": "center", "num_format": "yyyy-mm-dd"}),
    }
    for grade, (fill, font) in GRADE_FILL.items():
        out[grade] = wb.add_format({**base, "align": "center", "bold": True, "bg_color": fill, "font_color": font})
        out[f"cf-{grade}"] = wb.add_format({"bg_color": fill, "font_color": font, "bold": True})
    return out


def _header_text(text: str) -> str:
    """A page header or footer of Excel: `&` starts a code there."""
    return safe_text(text).replace("&", "&&").replace("\n", " ")


def _sheet(wb: Any, fmt: dict[str, Any], name: str, cols: list[Col], rows: Sequence[Any], unit_name: str) -> None:
    ws = wb.add_worksheet(name)
    last_row = max(len(rows), 1)  # the filter needs one row below the header
    for c, col in enumerate(cols):
        ws.set_column(c, c, col.width)
        ws.write_string(0, c, col.header, fmt["header"])
    grade_ids = {t.zh: t.id for t in VOCABULARIES["grade"].terms}
    getters = [(c, col.value, col.grade) for c, col in enumerate(cols)]
    notes = [(c, col.note) for c, col in enumerate(cols) if col.note is not None]
    text_f, num_f, date_f = fmt["text"], fmt["number"], fmt["date"]
    for r, row in enumerate(rows, 1):
        for c, get, is_grade in getters:
            value = get(row)
            if value is None or value == "":
                ws.write_blank(r, c, None, text_f)
            elif isinstance(value, bool):
                ws.write_string(r, c, _yes(value), num_f)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, num_f)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_f)
            elif is_grade:
                ws.write_string(r, c, value, fmt.get(grade_ids.get(value, ""), num_f))
            else:
                ws.write_string(r, c, safe_text(str(value)), text_f)
        for c, note in notes:
            text = note(row)
            if text:
                ws.write_comment(r, c, safe_text(text), {"x_scale": 3, "y_scale": 2})
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last_row, len(cols) - 1)
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_header(f"&C&14&B{_header_text(unit_name + name)}")
    ws.set_footer("&C第 &P 页，共 &N 页")
    for c, col in enumerate(cols):
        if col.choices:
            # to the last row Excel has, so that rows added by hand get the list too
            ws.data_validation(1, c, 1048575, c, {
                "validate": "list", "source": list(col.choices), "ignore_blank": True,
                "error_type": "stop", "error_title": col.header,
                "error_message": "请从下拉列表中选择：" + "、".join(col.choices),
            })
        if col.grade:
            for grade, term in ((t.id, t.zh) for t in VOCABULARIES["grade"].terms):
                ws.conditional_format(1, c, 1048575, c, {"type": "cell", "criteria": "==",
                                                         "value": f'"{term}"', "format": fmt[f"cf-{grade}"]})

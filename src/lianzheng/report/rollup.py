"""How `lz rollup` shows many units: text (terminal), markdown (a report to the commission),
json (SPEC's shape: `units`, `totals`, `areas`, `risk_categories`; null for a figure a unit
has nothing to measure, or for every figure of a unit that could not be read).

Everything a unit wrote (its name, code, the path given) is shown on one line without
control characters, and as plain text in Markdown.
"""

from __future__ import annotations

import json
from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_spans, md_table, md_text
from lianzheng.report.text import one_line, table
from lianzheng.rollup import GRADES, TOTAL_COUNTS, RollupResult, UnitResult
from lianzheng.rollup.figures import UnitFigures
from lianzheng.spec.terms import label

L = {
    "title": T("廉政风险防控汇总（截至 {as_of}，{n} 个单位）", "Integrity-risk roll-up (as of {as_of}, {n} unit(s))"),
    "unit": T("单位", "Unit"), "code": T("代码", "Code"), "type": T("类型", "Type"), "powers": T("职权", "Powers"),
    "high": T("高", "High"), "medium": T("中", "Medium"), "low": T("低", "Low"),
    "short": T("高风险措施不足", "High, too few measures"), "reviews": T("待复核", "Reviews due"),
    "score": T("考核得分", "Score"), "red": T("红牌", "Red cases"), "on_time": T("按时办结率", "On time"),
    "warnings": T("预警未处置", "Warnings undisposed"), "source": T("来源", "Source"),
    "total": T("合计", "Total"), "areas": T("按重点领域（第15条）", "By key area (art. 15)"),
    "area": T("重点领域", "Key area"), "categories": T("按风险类别", "By risk category"),
    "category": T("风险类别", "Category"), "risks": T("风险数", "Risks"),
    "most_overdue": T("逾期事项最多的单位（待复核、措施逾期、预警未处置、处置逾期）",
                      "Units with the most overdue items (reviews due, measures overdue, warnings undisposed, "
                      "disposals overdue)"),
    "overdue": T("逾期事项", "Overdue items"), "none_overdue": T("没有逾期事项。", "No overdue items."),
    "problems": T("无法汇总的单位（{n} 个）：", "Units that could not be rolled up ({n}):"),
    "dated": T("注：{unit} 的数据截至其导出日期 {as_of}", "note: the figures of {unit} are as of its export, {as_of}"),
    "no_risks": T("没有风险。", "No risks."),
    "none": T("未标注", "none"),
}
NULL = "—"


def _n(value: int | None) -> str:
    return NULL if value is None else str(value)


def _score(value: float | None) -> str:
    return NULL if value is None else f"{value:.1f}"


def _rate(value: float | None) -> str:
    return NULL if value is None else f"{value * 100:.1f}%"


def area_label(area: str, lang: str) -> str:
    return L["none"](lang) if area == "none" else label("area", area, lang)


def category_label(category: str, lang: str) -> str:
    return L["none"](lang) if category == "none" else label("risk_category", category, lang)


def unit_type_label(f: UnitFigures | None, lang: str) -> str:
    return label("unit_type", f.type, lang) if f is not None and f.type else NULL


HEADER = ("unit", "code", "type", "powers", "high", "medium", "low", "short", "reviews", "score", "red", "on_time",
          "warnings", "source")
RIGHT = tuple(range(3, 13))


def unit_cells(u: UnitResult, lang: str) -> list[str]:
    f = u.figures
    if f is None:
        return [one_line(u.source, 40), NULL, NULL, *([NULL] * 10), one_line(u.source)]
    return [one_line(f.name or NULL, 40), one_line(f.code or NULL), unit_type_label(f, lang), str(f.powers),
            str(f.risks_high), str(f.risks_medium), str(f.risks_low), _n(f.high_short_of_measures),
            _n(f.reviews_due), _score(f.score), _n(f.red_cases), _rate(f.on_time_rate), _n(f.warnings_undisposed),
            one_line(u.source)]


def total_cells(result: RollupResult, lang: str) -> list[str]:
    t = result.totals
    return [L["total"](lang), "", "", _n(t["powers"]), _n(t["risks_high"]), _n(t["risks_medium"]),
            _n(t["risks_low"]), _n(t["high_short_of_measures"]), _n(t["reviews_due"]), "", _n(t["red_cases"]), "",
            _n(t["warnings_undisposed"]), ""]


def area_rows(result: RollupResult, lang: str) -> list[list[str]]:
    return [[area_label(a.area, lang), str(a.high), str(a.medium), str(a.low)] for a in result.areas]


def category_rows(result: RollupResult, lang: str) -> list[list[str]]:
    return [[category_label(c, lang), str(n)] for c, n in result.categories]


def overdue_rows(result: RollupResult) -> list[list[str]]:
    return [[one_line(u.label, 40), one_line(u.figures.code if u.figures else "") or NULL, str(n)]
            for u, n in result.most_overdue]


def dated_notes(result: RollupResult, lang: str) -> list[str]:
    """Exports whose figures were taken on another day than the roll-up's."""
    return [L["dated"](lang).format(unit=one_line(u.label, 40), as_of=u.figures.as_of)
            for u in result.read if u.figures is not None and u.figures.as_of != result.as_of]


def problem_lines(result: RollupResult, lang: str) -> list[str]:
    return [f"  {one_line(u.source)}：{one_line(u.problem.message(lang))}" if lang == "zh" else
            f"  {one_line(u.source)}: {one_line(u.problem.message(lang))}" for u in result.problems if u.problem]


def render_text(result: RollupResult, lang: str) -> str:
    out = [L["title"](lang).format(as_of=result.as_of, n=len(result.units)), ""]
    rows = [unit_cells(u, lang) for u in result.units] + [total_cells(result, lang)]
    out += table([L[k](lang) for k in HEADER], rows, right=RIGHT)
    out += ["", L["areas"](lang)]
    out += table([L[k](lang) for k in ("area", "high", "medium", "low")], area_rows(result, lang), right=(1, 2, 3)) \
        if result.areas else [L["no_risks"](lang)]
    out += ["", L["categories"](lang)]
    out += table([L["category"](lang), L["risks"](lang)], category_rows(result, lang), right=(1,)) \
        if result.categories else [L["no_risks"](lang)]
    out += ["", L["most_overdue"](lang)]
    out += table([L["unit"](lang), L["code"](lang), L["overdue"](lang)], overdue_rows(result), right=(2,)) \
        if result.most_overdue else [L["none_overdue"](lang)]
    notes = dated_notes(result, lang)
    if notes:
        out += ["", *notes]
    if result.problems:
        out += ["", L["problems"](lang).format(n=len(result.problems)), *problem_lines(result, lang)]
    return "\n".join(out) + "\n"


def render_markdown(result: RollupResult, lang: str) -> str:
    out = [f"## {L['title'](lang).format(as_of=result.as_of, n=len(result.units))}", ""]
    # md_table makes every cell plain text (what a unit wrote cannot become markup)
    rows = [unit_cells(u, lang) for u in result.units]
    out += md_table([L[k](lang) for k in HEADER], [*rows, total_cells(result, lang)])
    out += ["", f"### {L['areas'](lang)}", ""]
    out += md_table([L[k](lang) for k in ("area", "high", "medium", "low")], area_rows(result, lang)) \
        if result.areas else [L["no_risks"](lang)]
    out += ["", f"### {L['categories'](lang)}", ""]
    out += md_table([L["category"](lang), L["risks"](lang)], category_rows(result, lang)) \
        if result.categories else [L["no_risks"](lang)]
    out += ["", f"### {L['most_overdue'](lang)}", ""]
    out += md_table([L["unit"](lang), L["code"](lang), L["overdue"](lang)], overdue_rows(result)) \
        if result.most_overdue else [L["none_overdue"](lang)]
    notes = dated_notes(result, lang)
    if notes:
        out += ["", *(f"- {md_text(n)}" for n in notes)]
    if result.problems:
        out += ["", f"### {L['problems'](lang).format(n=len(result.problems)).rstrip('：:')}", ""]
        out += [f"- {md_text(u.source)}: {md_spans(u.problem.message(lang))}" for u in result.problems if u.problem]
    return "\n".join(out) + "\n"


def unit_json(u: UnitResult, lang: str = "en") -> dict[str, Any]:
    """A unit as SPEC's json shows it (and `rollup.parquet` stores it)."""
    f = u.figures
    return {
        "code": f.code if f else None, "name": f.name if f else None, "type": f.type if f else None,
        "source": u.source, "powers": f.powers if f else None,
        "risks": {"high": f.risks_high if f else None, "medium": f.risks_medium if f else None,
                  "low": f.risks_low if f else None},
        "high_short_of_measures": f.high_short_of_measures if f else None,
        "reviews_due": f.reviews_due if f else None, "score": f.score if f else None,
        "red_cases": f.red_cases if f else None, "on_time_rate": f.on_time_rate if f else None,
        "warnings_undisposed": f.warnings_undisposed if f else None,
        "problem": u.problem.message(lang) if u.problem else None,
    }


def totals_json(result: RollupResult) -> dict[str, Any]:
    t = result.totals
    out: dict[str, Any] = {"powers": t["powers"], "risks": {g: t[f"risks_{g}"] for g in GRADES}}
    out |= {k: t[k] for k in TOTAL_COUNTS if k != "powers"}
    return out


def to_json(result: RollupResult, lang: str) -> dict[str, Any]:
    return {
        "units": [unit_json(u, lang) for u in result.units],
        "totals": totals_json(result),
        "areas": {a.area: {"high": a.high, "medium": a.medium, "low": a.low} for a in result.areas},
        "risk_categories": dict(result.categories),
    }


def units_parquet(result: RollupResult, lang: str) -> bytes:
    """`rollup.parquet`: one row per unit, the columns of json's `units` (`risks` a struct
    of high, medium, low), typed; the same input gives the same bytes."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    s, i32, f64 = pa.string(), pa.int32(), pa.float64()
    schema = pa.schema([
        ("code", s), ("name", s), ("type", s), ("source", s), ("powers", i32),
        ("risks", pa.struct([("high", i32), ("medium", i32), ("low", i32)])),
        ("high_short_of_measures", i32), ("reviews_due", i32), ("score", f64), ("red_cases", i32),
        ("on_time_rate", f64), ("warnings_undisposed", i32), ("problem", s),
    ])
    table = pa.Table.from_pylist([unit_json(u, lang) for u in result.units], schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def render_json(result: RollupResult, lang: str) -> str:
    return json.dumps(to_json(result, lang), ensure_ascii=False, indent=2) + "\n"


class RollupText(Reporter):
    def render(self, result: RollupResult) -> str:
        return render_text(result, self.lang)


class RollupJson(Reporter):
    def render(self, result: RollupResult) -> str:
        return render_json(result, self.lang)


class RollupMarkdown(Reporter):
    def render(self, result: RollupResult) -> str:
        return render_markdown(result, self.lang)

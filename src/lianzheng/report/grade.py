"""How `lz grade` shows its report: text (terminal), json, csv (Excel), markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lianzheng.grading.model import FLOOR_RULE, floor_text, thresholds
from lianzheng.grading.report import GradedRisk, GradeReport
from lianzheng.i18n import Text as T
from lianzheng.report.base import Reporter
from lianzheng.report.markdown import md_table
from lianzheng.report.tabular import csv_text
from lianzheng.report.text import pad, table, width
from lianzheng.spec.terms import GRADE_COLOUR_ZH, GRADE_IDS, label
from lianzheng.spec.values import number_text

GROUPINGS = ("department", "category", "area", "leader")
ANSI = {"high": "\x1b[97;41m", "medium": "\x1b[30;48;5;208m", "low": "\x1b[30;43m"}

L = {
    "title": T("廉政风险等级评定", "Risk grading"),
    "id": T("编号", "Id"), "risk": T("风险点", "Risk"), "where": T("科室/岗位", "Department/post"),
    "category": T("类别", "Category"), "factors": T("重要/裁量/概率/危害", "Imp/Disc/Prob/Harm"),
    "likelihood": T("可能性", "Likelihood"), "impact": T("影响", "Impact"), "score": T("分值", "Score"),
    "declared": T("申报", "Declared"), "computed": T("计算", "Computed"), "note": T("说明", "Note"),
    "total": T("合计", "Total"), "ungraded": T("未评定", "ungraded"),
    "by_department": T("按科室分布", "By department"), "by_category": T("按风险类别分布", "By risk category"),
    "by_area": T("按重点领域分布", "By key area"), "by_leader": T("按责任领导分布", "By responsible leader"),
    "heatmap": T("风险热力图（可能性 × 影响）", "Heat map (likelihood × impact)"),
    "none": T("（无）", "(none)"),
    "mismatch": T("不一致：申报{declared}，应为{computed}", "mismatch: declared {declared}, computes as {computed}"),
    "override": T("调整为{grade}：{reason}", "overridden to {grade}: {reason}"),
    "floor": T("下限提高（{rule}）", "raised by floor ({rule})"),
    "no_factors": T("缺少评定因素", "factors missing"),
    "all_match": T("所有申报等级都与计算等级一致（或有 grade_override 说明理由）。",
                   "Every declared grade matches the computed one (or has a grade_override with a reason)."),
    "summary": T("共 {n} 个风险：高 {high}，中 {medium}，低 {low}；申报与计算不一致 {mismatch} 个",
                 "{n} risks: {high} high, {medium} medium, {low} low; {mismatch} declared grade(s) differ"),
    "matrix": T("矩阵法：可能性 = {likelihood}，影响 = {impact}，分值 = 可能性 × 影响；高 ≥ {high}，中 ≥ {medium}",
                "matrix: likelihood = {likelihood}, impact = {impact}, score = likelihood × impact; high ≥ {high}, medium ≥ {medium}"),
    "weighted": T("加权法：分值 = Σ 权重 × 因素（{weights}）；高 ≥ {high}，中 ≥ {medium}",
                  "weighted: score = Σ weight × factor ({weights}); high ≥ {high}, medium ≥ {medium}"),
    "floors": T("下限：{floors}", "floors: {floors}"),
}


def grade_label(grade: str | None, lang: str) -> str:
    return label("grade", grade, lang) if grade else "—"


def note(r: GradedRisk, lang: str) -> str:
    if r.assessment is None:
        return L["no_factors"](lang)
    if r.mismatch:
        return L["mismatch"](lang).format(declared=grade_label(r.declared, lang), computed=grade_label(r.computed, lang))
    if r.override is not None:
        return L["override"](lang).format(grade=grade_label(r.override, lang), reason=r.override_reason or "")
    if r.floor:
        return L["floor"](lang).format(rule=floor_text(r.floor, lang))
    return ""


def model_text(report: GradeReport, lang: str) -> str:
    s = report.settings
    high, medium = (number_text(t) for t in thresholds(s))
    if s.model == "weighted":
        weights = ", ".join(f"{label('factor', f, lang)}×{number_text(s.weights.get(f, 1.0))}"  # type: ignore[call-overload]
                            for f in ("importance", "discretion", "probability", "harm"))
        text = L["weighted"](lang).format(weights=weights, high=high, medium=medium)
    else:
        text = L["matrix"](lang).format(likelihood=_mean(s.likelihood, lang), impact=_mean(s.impact, lang),
                                        high=high, medium=medium)
    floors = s.floors
    if floors is not None:
        parts = []
        if floors.major_matter:
            parts.append(f"{FLOOR_RULE['major_matter'](lang)} ≥ {grade_label(floors.major_matter, lang)}")
        for area, g in floors.areas.items():
            parts.append(f"{label('area', area, lang)} ≥ {grade_label(g, lang)}")
        for cat, g in floors.category.items():
            parts.append(f"{label('power_category', cat, lang)} ≥ {grade_label(g, lang)}")
        if parts:
            text += "\n" + L["floors"](lang).format(floors="；".join(parts) if lang == "zh" else "; ".join(parts))
    return text


def _mean(factors: Sequence[str], lang: str) -> str:
    """⌈(a + b) ÷ 2⌉ for the factors of a matrix axis."""
    names = [label("factor", f, lang) for f in factors]
    return names[0] if len(names) == 1 else f"⌈({' + '.join(names)}) ÷ {len(names)}⌉"


def where(report: GradeReport, r: GradedRisk) -> str:
    dept = report.name("department", r.department)
    post = report.name("post", r.risk.post)
    return "/".join(x for x in (dept, post) if x)


def factors_text(r: GradedRisk) -> str:
    f = r.risk.factors
    if not f:
        return "—"
    return "/".join(str(f[k]) for k in ("importance", "discretion", "probability", "harm"))


def summary(report: GradeReport, lang: str) -> str:
    totals = report.totals()
    return L["summary"](lang).format(n=len(report.risks), high=totals["high"], medium=totals["medium"],
                                     low=totals["low"], mismatch=len(report.mismatches))


def risk_rows(report: GradeReport, risks: Sequence[GradedRisk], lang: str) -> list[list[str]]:
    # A register repeats few departments, posts, categories and scores: each is formatted once.
    grades = {g: grade_label(g, lang) for g in (*GRADE_IDS, None)}
    categories: dict[str | None, str] = {}
    places: dict[tuple[str | None, str | None], str] = {}
    scores: dict[float, str] = {}
    rows = []
    for r in risks:
        a = r.assessment
        cat = r.risk.category
        if cat not in categories:
            categories[cat] = label("risk_category", cat, lang)
        place = (r.department, r.risk.post)
        if place not in places:
            places[place] = where(report, r)
        score = "—"
        if a is not None:
            score = scores.get(a.score) or scores.setdefault(a.score, number_text(a.score))
        rows.append([
            r.risk.id, r.risk.title or "", places[place], categories[cat],
            factors_text(r), str(a.likelihood) if a else "—", str(a.impact) if a else "—",
            score, grades.get(r.declared, "—"), grades.get(r.computed, "—"),
            note(r, lang) if r.status != "ok" else "",
        ])
    return rows


HEADER_KEYS = ("id", "risk", "where", "category", "factors", "likelihood", "impact", "score", "declared",
               "computed", "note")


def render_text(report: GradeReport, lang: str, by: Sequence[str], color: bool,
                risks: Sequence[GradedRisk] | None = None) -> str:
    shown = report.risks if risks is None else risks
    out = [L["title"](lang), model_text(report, lang), ""]
    rows = risk_rows(report, shown, lang)
    style = None
    if color:
        style = {9: [ANSI.get(r.computed or "", "") for r in shown],
                 8: [("\x1b[1;31m" if r.mismatch else "") for r in shown]}
    if shown:
        out += table([L[k](lang) for k in HEADER_KEYS], rows, right=(5, 6, 7), style=style)
    else:  # --check found nothing to show
        out.append(L["all_match"](lang))
    out += ["", summary(report, lang)]
    if risks is None:
        for dim in by:
            out += ["", L[f"by_{dim}"](lang)]
            dist = report.distribution(dim)
            body = [[report.group_label(dim, g, lang), *(str(c[x]) for x in GRADE_IDS), str(sum(c.values()))]
                    for g, c in dist]
            out += table(["", *(grade_label(g, lang) for g in GRADE_IDS), L["total"](lang)], body, right=(1, 2, 3, 4))
        out += ["", L["heatmap"](lang), *heatmap_lines(report, lang, color)]
    return "\n".join(out) + "\n"


def heatmap_lines(report: GradeReport, lang: str, color: bool) -> list[str]:
    cells = report.heatmap()
    name = L["likelihood"](lang)
    label_cols = max(width(name), 2) + 4
    lines = [" " * label_cols + " ".join(f"{i:^7}" for i in range(1, 6)) + f"  ← {L['impact'](lang)}"]
    for lik in range(5, 0, -1):
        row = []
        for imp in range(1, 6):
            g = report.cell_grade(lik, imp)
            count = cells.get((lik, imp), 0)
            text = f"{GRADE_COLOUR_ZH[g]}{count:>5}" if lang == "zh" else f"{g[0].upper()}{count:>6}"
            row.append(f"{ANSI[g]}{text}\x1b[0m" if color else text)
        lines.append(pad(name if lik == 5 else "", label_cols - 3) + f"{lik:>2} " + " ".join(row))
    return lines


def risk_json(report: GradeReport, r: GradedRisk) -> dict[str, Any]:
    a = r.assessment
    risk = r.risk
    return {
        "id": risk.id, "title": risk.title, "path": risk.path, "line": risk.line,
        "power": risk.power, "register": risk.register, "department": r.department, "post": risk.post,
        "leader": risk.leader, "category": risk.category, "areas": list(risk.power_areas),
        "factors": risk.factors,
        "likelihood": a.likelihood if a else None, "impact": a.impact if a else None,
        "score": a.score if a else None,
        "declared": r.declared, "computed": r.computed, "final": r.final,
        "override": {"grade": r.override, "reason": r.override_reason} if r.override else None,
        "floor": r.floor, "status": r.status,
    }


def render_json(report: GradeReport, risks: Sequence[GradedRisk] | None = None) -> str:
    items = [risk_json(report, r) for r in (report.risks if risks is None else risks)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: GradeReport, lang: str, risks: Sequence[GradedRisk] | None = None) -> str:
    """UTF-8 with a byte order mark, so Excel opens the Chinese text correctly; numbers as
    numbers, text that would be a formula neutralised (`report.tabular`)."""
    factor_cols = [label("factor", f, lang) for f in ("importance", "discretion", "probability", "harm")]
    header = [L["id"](lang), L["risk"](lang), L["where"](lang), L["category"](lang), *factor_cols,
              L["likelihood"](lang), L["impact"](lang), L["score"](lang), L["declared"](lang),
              L["computed"](lang), L["note"](lang), "path"]
    rows = []
    for r in report.risks if risks is None else risks:
        a, f = r.assessment, r.risk.factors or {}
        rows.append([
            r.risk.id, r.risk.title or "", where(report, r), label("risk_category", r.risk.category, lang),
            *(f.get(k) for k in ("importance", "discretion", "probability", "harm")),
            a.likelihood if a else None, a.impact if a else None, a.score if a else None,
            grade_label(r.declared, lang), grade_label(r.computed, lang), note(r, lang), r.risk.path,
        ])
    return csv_text(header, rows)


def render_markdown(report: GradeReport, lang: str, by: Sequence[str],
                    risks: Sequence[GradedRisk] | None = None) -> str:
    shown = report.risks if risks is None else risks
    out = [f"## {L['title'](lang)}", "", model_text(report, lang).replace("\n", "  \n"), "",
           summary(report, lang), ""]
    out += md_table([L[k](lang) for k in HEADER_KEYS], risk_rows(report, shown, lang))
    if risks is None:
        for dim in by:
            out += ["", f"### {L[f'by_{dim}'](lang)}", ""]
            body = [[report.group_label(dim, g, lang), *(str(c[x]) for x in GRADE_IDS), str(sum(c.values()))]
                    for g, c in report.distribution(dim)]
            out += md_table(["", *(grade_label(g, lang) for g in GRADE_IDS), L["total"](lang)], body)
        out += ["", f"### {L['heatmap'](lang)}", ""]
        cells = report.heatmap()
        body = [[f"{L['likelihood'](lang)} {lik}",
                 *(f"{cells.get((lik, imp), 0)}（{grade_label(report.cell_grade(lik, imp), lang)}）"
                   if lang == "zh" else f"{cells.get((lik, imp), 0)} ({report.cell_grade(lik, imp)})"
                   for imp in range(1, 6))] for lik in range(5, 0, -1)]
        out += md_table(["", *(f"{L['impact'](lang)} {i}" for i in range(1, 6))], body)
    return "\n".join(out) + "\n"


class GradeReporter(Reporter):
    """Options: `by` (the distributions to show, default all four), `shown` (only these
    risks, for `--check`: the mismatches)."""

    @property
    def by(self) -> list[str]:
        return list(self.options.get("by") or GROUPINGS)

    @property
    def shown(self) -> list[GradedRisk] | None:
        return self.options.get("shown")


class GradeText(GradeReporter):
    def render(self, report: GradeReport) -> str:
        return render_text(report, self.lang, self.by, self.color, self.shown)


class GradeJson(GradeReporter):
    def render(self, report: GradeReport) -> str:
        return render_json(report, self.shown)


class GradeCsv(GradeReporter):
    def render(self, report: GradeReport) -> str:
        return render_csv(report, self.lang, self.shown)


class GradeMarkdown(GradeReporter):
    def render(self, report: GradeReport) -> str:
        return render_markdown(report, self.lang, self.by, self.shown)

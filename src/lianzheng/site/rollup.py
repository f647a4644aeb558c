"""`lz rollup --out DIR`: the supervising body's internal overview site and `rollup.parquet`.

`index.html` is the overview: every unit in one table (sortable by any column with a small
inline script; without it the table reads as it is, in the order the units were given),
the totals, the key-area chart (inline SVG: stacked bars of high, medium and low risks per
area, drawn from numbers only) and the units with most overdue items. Each unit has its
own page, `units/<slug>.html`. No CDN, no external file: a folder that opens from `file://`.

Templates `templates/rollup/` through the site's one Jinja environment (autoescape on), so
whatever a unit wrote reaches the page as text. Written through an `OutputFolder`: only
files lz wrote there are replaced or removed, and the same result gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lianzheng import __version__
from lianzheng.grading.charts import FILL, FONT, INK
from lianzheng.i18n import Text as T
from lianzheng.report.rollup import (
    L,
    area_label,
    category_label,
    unit_type_label,
    units_parquet,
)
from lianzheng.repo.storage import OutputFolder
from lianzheng.rollup import GRADES, RollupResult, UnitResult
from lianzheng.site.pages import digest, slug
from lianzheng.site.templating import environment
from lianzheng.spec.terms import label

PARQUET = "rollup.parquet"
NULL = "—"

S = {
    "site": T("廉政风险防控汇总", "Integrity-risk roll-up"),
    "internal": T("内部资料 · 汇总各单位廉政风险防控数据，仅供纪检监察机关内部使用",
                  "Internal · integrity-risk figures of the units supervised, for the commission's own use"),
    "overview": T("总览", "Overview"), "as_of": T("截至 {as_of}", "As of {as_of}"),
    "units_n": T("{n} 个单位", "{n} unit(s)"),
    "sort": T("点击表头按该列排序", "Select a column heading to sort by it"),
    "chart": T("各重点领域的风险等级分布", "Risks by key area and grade"),
    "chart_desc": T("每个重点领域一行，红、橙、黄三段分别为高、中、低风险的数量。",
                    "One bar per key area: red, orange and yellow for the number of high, medium and low risks."),
    "back": T("返回总览", "Back to the overview"),
    "problem": T("无法汇总", "Not rolled up"),
    "figures_as_of": T("数据日期", "Figures as of"), "kind": T("数据来源类型", "Read from"),
    "repository": T("数据仓库", "repository"), "export": T("导出文件（Parquet）", "export (Parquet)"),
    "measures_overdue": T("措施逾期", "Measures overdue"), "disposals_overdue": T("处置逾期", "Disposals overdue"),
    "medium_risks": T("中风险", "Medium risks"), "low_risks": T("低风险", "Low risks"),
    "high_risks": T("高风险", "High risks"),
}


@dataclass(frozen=True)
class Cell:
    text: str
    sort: str  # the value the script sorts by: a number, or the text
    number: bool = False


@dataclass(frozen=True)
class UnitRow:
    href: str
    cells: list[Cell]


@dataclass(frozen=True)
class Bar:
    """One segment of the key-area chart, in SVG user units."""

    x: int
    width: int
    fill: str
    ink: str
    count: int
    tip: str


@dataclass(frozen=True)
class AreaBar:
    label: str
    y: int
    segments: list[Bar]
    total: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    font: str
    title: str
    desc: str
    bars: list[AreaBar]


@dataclass
class OverviewView:
    """index.html: lang, labels, the unit table, totals, chart, categories, overdue ranking."""

    lang: str
    title: str
    banner: str
    as_of: str
    version: str
    units_n: str
    headers: list[str]
    numeric: list[bool]
    rows: list[UnitRow]
    totals: list[str]
    chart: Chart | None
    labels: dict[str, str]
    areas: list[list[str]]
    categories: list[list[str]]
    overdue: list[tuple[str, str, str, str]]  # href, name, code, items
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # href, source, problem


@dataclass
class UnitView:
    """units/<slug>.html: one unit's figures (or its problem)."""

    lang: str
    title: str
    banner: str
    as_of: str
    version: str
    labels: dict[str, str]
    name: str
    facts: list[tuple[str, str]]
    problem: str | None


def _text(lang: str) -> dict[str, str]:
    out = {k: v(lang) for k, v in L.items()}
    out |= {k: v(lang) for k, v in S.items()}
    return out


def _n(value: int | None) -> str:
    return NULL if value is None else str(value)


def _score(value: float | None) -> str:
    return NULL if value is None else f"{value:.1f}"


def _rate(value: float | None) -> str:
    return NULL if value is None else f"{value * 100:.1f}%"


def _num(value: float | int | None) -> Cell:
    return Cell(NULL if value is None else str(value), "" if value is None else repr(value), True)


def page_names(units: list[UnitResult]) -> dict[int, str]:
    """Unit position -> its page, `units/<slug of its code>.html` (of its folder's name when
    it has no code); a second unit with the same code gets `~~2` (which no slug holds)."""
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for u in units:
        base = slug((u.figures.code if u.figures else None) or Path(u.source).name or "unit")
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}~~{seen[base]}"
        out[u.position] = f"units/{name}.html"
    return out


def _row(u: UnitResult, href: str, lang: str) -> UnitRow:
    f = u.figures
    if f is None:
        cells = [Cell(u.source, u.source), Cell(NULL, ""), Cell(NULL, ""), *(Cell(NULL, "", True) for _ in range(10))]
    else:
        cells = [Cell(f.name or NULL, f.name or ""), Cell(f.code or NULL, f.code or ""),
                 Cell(unit_type_label(f, lang), f.type or ""), _num(f.powers), _num(f.risks_high),
                 _num(f.risks_medium), _num(f.risks_low), _num(f.high_short_of_measures), _num(f.reviews_due),
                 Cell(_score(f.score), "" if f.score is None else repr(f.score), True), _num(f.red_cases),
                 Cell(_rate(f.on_time_rate), "" if f.on_time_rate is None else repr(f.on_time_rate), True),
                 _num(f.warnings_undisposed)]
    return UnitRow(href, cells)


def area_chart(result: RollupResult, lang: str) -> Chart | None:
    """Stacked bars, one per area, scaled to the largest area (whole user units)."""
    if not result.areas:
        return None
    label_width, plot, row, top = 150, 420, 28, 8
    largest = max(a.high + a.medium + a.low for a in result.areas) or 1
    bars = []
    for i, a in enumerate(result.areas):
        x, segments = label_width, []
        name = area_label(a.area, lang)
        for grade, count in zip(GRADES, (a.high, a.medium, a.low)):
            if not count:
                continue
            width = max(1, round(plot * count / largest))
            tip = f"{name} · {label('grade', grade, lang)}: {count}"
            segments.append(Bar(x, width, FILL[grade], INK[grade], count, tip))
            x += width
        bars.append(AreaBar(name, top + i * row, segments, a.high + a.medium + a.low))
    return Chart(label_width + plot + 60, top * 2 + row * len(result.areas), label_width, FONT,
                 S["chart"](lang), S["chart_desc"](lang), bars)


HEADERS = ("unit", "code", "type", "powers", "high", "medium", "low", "short", "reviews", "score", "red", "on_time",
           "warnings")


def overview_view(result: RollupResult, pages: dict[int, str], lang: str) -> OverviewView:
    labels = _text(lang)
    t = result.totals
    return OverviewView(
        lang=lang, title=labels["site"], banner=labels["internal"],
        as_of=labels["as_of"].format(as_of=result.as_of), version=__version__,
        units_n=labels["units_n"].format(n=len(result.units)),
        headers=[labels[h] for h in HEADERS], numeric=[i >= 3 for i in range(len(HEADERS))],
        rows=[_row(u, pages[u.position], lang) for u in result.units],
        totals=[labels["total"], "", "", _n(t["powers"]), _n(t["risks_high"]), _n(t["risks_medium"]),
                _n(t["risks_low"]), _n(t["high_short_of_measures"]), _n(t["reviews_due"]), "", _n(t["red_cases"]),
                "", _n(t["warnings_undisposed"])],
        chart=area_chart(result, lang), labels=labels,
        areas=[[area_label(a.area, lang), str(a.high), str(a.medium), str(a.low)] for a in result.areas],
        categories=[[category_label(c, lang), str(n)] for c, n in result.categories],
        overdue=[(pages[u.position], u.label, (u.figures.code if u.figures else None) or NULL, str(n))
                 for u, n in result.most_overdue],
        problems=[(pages[u.position], u.source, u.problem.message(lang)) for u in result.problems if u.problem],
    )


def unit_view(result: RollupResult, u: UnitResult, lang: str) -> UnitView:
    labels = _text(lang)
    f = u.figures
    facts = [(labels["source"], u.source), (labels["kind"], labels[u.kind])]
    if f is not None:
        facts += [
            (labels["code"], f.code or NULL), (labels["type"], unit_type_label(f, lang)),
            (labels["figures_as_of"], f.as_of.isoformat()), (labels["powers"], str(f.powers)),
            (labels["high_risks"], str(f.risks_high)), (labels["medium_risks"], str(f.risks_medium)),
            (labels["low_risks"], str(f.risks_low)), (labels["short"], _n(f.high_short_of_measures)),
            (labels["reviews"], _n(f.reviews_due)), (labels["measures_overdue"], _n(f.measures_overdue)),
            (labels["warnings"], _n(f.warnings_undisposed)), (labels["disposals_overdue"], _n(f.disposals_overdue)),
            (labels["score"], _score(f.score)), (labels["red"], _n(f.red_cases)),
            (labels["on_time"], _rate(f.on_time_rate)),
        ]
    return UnitView(lang=lang, title=labels["site"], banner=labels["internal"],
                    as_of=labels["as_of"].format(as_of=result.as_of), version=__version__, labels=labels,
                    name=u.label, facts=facts, problem=u.problem.message(lang) if u.problem else None)


def write_overview(result: RollupResult, out: Path, lang: str = "zh") -> list[str]:
    """Write `rollup.parquet`, `index.html` and `units/*.html` into `out` (made when
    missing); the files written. Raises storage.ForeignFile where a file lz did not write
    lies in the way (nothing is written then)."""
    env = environment()
    pages = page_names(result.units)
    files: dict[str, bytes] = {PARQUET: units_parquet(result, lang)}
    files["index.html"] = env.get_template("rollup/index.html").render(
        view=overview_view(result, pages, lang), root="").encode("utf-8")
    unit_template = env.get_template("rollup/unit.html")
    for u in result.units:
        files[pages[u.position]] = unit_template.render(view=unit_view(result, u, lang), root="../").encode("utf-8")
    folder = OutputFolder(out)
    try:
        for rel, data in files.items():
            folder.write(rel, data, digest(data))
        return folder.commit()
    except BaseException:
        folder.abort()
        raise

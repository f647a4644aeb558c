"""Standalone SVG charts of a graded register, for the internal site to embed.

No JavaScript, no external fonts: a font stack that covers Chinese, and a <title> and
<desc> on every chart for screen readers. Same report, same bytes."""

from __future__ import annotations

from html import escape

from lianzheng.grading.report import GradeReport
from lianzheng.i18n import Text as T
from lianzheng.spec.terms import GRADE_COLOUR_ZH, GRADE_IDS, label

FONT = ("-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', "
        "'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif")
FILL = {"high": "#d7301f", "medium": "#f28e2b", "low": "#f7d54a"}
INK = {"high": "#ffffff", "medium": "#1a1a1a", "low": "#1a1a1a"}

TXT = {
    "heatmap": T("风险热力图（可能性 × 影响）", "Risk heat map (likelihood × impact)"),
    "heatmap_desc": T("按可能性（纵轴）和影响（横轴）统计的风险数量，颜色表示等级：红为高，橙为中，黄为低。",
                      "Number of risks by likelihood (rows) and impact (columns); red is high, orange medium, yellow low."),
    "likelihood": T("可能性", "Likelihood"), "impact": T("影响", "Impact"),
    "distribution": T("风险等级分布", "Grade distribution"),
    "dist_desc": T("各组高、中、低风险的数量。", "Number of high, medium and low risks per group."),
}


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" font-family="{escape(FONT)}" font-size="13">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
        *body,
        "</svg>",
    ]) + "\n"


def heatmap_svg(report: GradeReport, lang: str = "zh") -> str:
    cells = report.heatmap()
    size, left, top = 64, 84, 40
    body = []
    for row, lik in enumerate(range(5, 0, -1)):
        y = top + row * size
        body.append(f'<text x="{left - 10}" y="{y + size // 2 + 5}" text-anchor="end">{lik}</text>')
        for col, imp in enumerate(range(1, 6)):
            x = left + col * size
            grade = report.cell_grade(lik, imp)
            count = cells.get((lik, imp), 0)
            mark = GRADE_COLOUR_ZH[grade] if lang == "zh" else label("grade", grade, "en")
            tip = f"{TXT['likelihood'](lang)} {lik} × {TXT['impact'](lang)} {imp}: {count} ({mark})"
            body.append(
                f'<rect x="{x}" y="{y}" width="{size - 2}" height="{size - 2}" fill="{FILL[grade]}" rx="3">'
                f"<title>{escape(tip)}</title></rect>"
            )
            weight = ' font-weight="bold"' if count else ""
            body.append(f'<text x="{x + size // 2 - 1}" y="{y + size // 2 + 6}" text-anchor="middle" '
                        f'font-size="18" fill="{INK[grade]}"{weight}>{count}</text>')
    for col, imp in enumerate(range(1, 6)):
        body.append(f'<text x="{left + col * size + size // 2 - 1}" y="{top + 5 * size + 20}" '
                    f'text-anchor="middle">{imp}</text>')
    body.append(f'<text x="{left + 5 * size // 2}" y="{top + 5 * size + 42}" text-anchor="middle" '
                f'font-weight="bold">{escape(TXT["impact"](lang))} →</text>')
    body.append(f'<text x="20" y="{top + 5 * size // 2}" text-anchor="middle" font-weight="bold" '
                f'transform="rotate(-90 20 {top + 5 * size // 2})">{escape(TXT["likelihood"](lang))} →</text>')
    body.append(f'<text x="{left}" y="22" font-weight="bold" font-size="15">{escape(TXT["heatmap"](lang))}</text>')
    return _svg(left + 5 * size + 16, top + 5 * size + 56, TXT["heatmap"](lang), TXT["heatmap_desc"](lang), body)


def distribution_svg(report: GradeReport, by: str = "department", lang: str = "zh") -> str:
    dist = report.distribution(by)
    width, label_w, bar_w, row_h, top = 640, 180, 360, 26, 48
    most = max((sum(c[g] for g in GRADE_IDS) for _, c in dist), default=1) or 1
    body = [f'<text x="0" y="20" font-weight="bold" font-size="15">{escape(TXT["distribution"](lang))}</text>']
    x_legend = 0
    for g in GRADE_IDS:
        name = label("grade", g, lang)
        body.append(f'<rect x="{x_legend}" y="28" width="12" height="12" fill="{FILL[g]}"/>'
                    f'<text x="{x_legend + 16}" y="39">{escape(name)}</text>')
        x_legend += 64
    for i, (group, counts) in enumerate(dist):
        y = top + i * row_h
        name = report.group_label(by, group, lang)
        body.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(name)}</text>')
        x = label_w
        for g in GRADE_IDS:
            n = counts[g]
            if not n:
                continue
            w = max(1, round(bar_w * n / most))
            tip = f"{name} {label('grade', g, lang)}: {n}"
            body.append(f'<rect x="{x}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{FILL[g]}">'
                        f"<title>{escape(tip)}</title></rect>")
            x += w
        total = sum(counts[g] for g in GRADE_IDS)
        body.append(f'<text x="{x + 6}" y="{y + 17}">{total}</text>')
    height = top + max(1, len(dist)) * row_h + 8
    return _svg(width, height, TXT["distribution"](lang), TXT["dist_desc"](lang), body)

"""The score trend as a standalone SVG line chart, for the internal 检查考核 page: drawn as
the heat map is (`grading.charts`): no JavaScript, no external font, a <title> and <desc>
for screen readers, and a <title> on every point. Same points, same bytes."""

from __future__ import annotations

from html import escape

from lianzheng.assess import TrendPoint
from lianzheng.grading.charts import _svg  # the one frame of lz's charts
from lianzheng.i18n import Text as T

TXT = {
    "title": T("考核得分趋势", "Assessment score trend"),
    "desc": T("各时点（每月最后一次提交或每个标签）按当时数据计算的考核得分，满分 100。",
              "The score of each point (the last commit of a month, or a tag), judged on the data of its day; "
              "out of 100."),
    "none": T("这段时间内没有可考核的提交", "No commit to score in this period"),
    "score": T("得分", "Score"),
}
LINE = "#1f4e79"
GRID = "#d0d7de"


def point_label(p: TrendPoint, every: str | None) -> str:
    """What the x axis says under a point: the month, or the tag."""
    if every == "tag" and p.tags:
        return p.tags[0]
    return p.date.isoformat()[:7]


def trend_svg(points: list[TrendPoint] | tuple[TrendPoint, ...], every: str | None = "month", lang: str = "zh") -> str:
    left, top, plot_h, bottom = 48, 52, 200, 40
    # at least the width of the page's other charts, and room for a label under each point
    step = max(64, 480 // max(1, len(points) - 1))
    scored = [(i, p) for i, p in enumerate(points) if p.score is not None]
    plot_w = max(1, len(points) - 1) * step
    width, height = left + plot_w + 48, top + plot_h + bottom
    body = [f'<text x="0" y="20" font-weight="bold" font-size="15">{escape(TXT["title"](lang))}</text>']
    for tick in range(0, 101, 20):
        y = top + plot_h - tick * plot_h // 100
        body.append(f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        body.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{tick}</text>')

    def x_of(i: int) -> int:
        return left + i * step if len(points) > 1 else left + plot_w // 2

    def y_of(score: float) -> str:
        return f"{top + plot_h - score * plot_h / 100:.1f}"

    if len(scored) > 1:
        path = " ".join(f"{x_of(i)},{y_of(p.score or 0)}" for i, p in scored)
        body.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for i, p in enumerate(points):
        x = x_of(i)
        name = point_label(p, every)
        body.append(f'<text x="{x}" y="{top + plot_h + 20}" text-anchor="middle" font-size="12">{escape(name)}</text>')
        if p.score is None:
            continue
        tip = f"{p.date.isoformat()} {p.commit[:12]}{' ' + ' '.join(p.tags) if p.tags else ''}: " \
              f"{TXT['score'](lang)} {p.score:.1f}"
        body.append(f'<circle cx="{x}" cy="{y_of(p.score)}" r="4" fill="{LINE}"><title>{escape(tip)}</title></circle>')
        body.append(f'<text x="{x}" y="{float(y_of(p.score)) - 9:.1f}" text-anchor="middle" font-size="12">'
                    f"{p.score:.1f}</text>")
    if not points:
        body.append(f'<text x="{left + plot_w // 2}" y="{top + plot_h // 2}" text-anchor="middle">'
                    f'{escape(TXT["none"](lang))}</text>')
    return _svg(width, height, TXT["title"](lang), TXT["desc"](lang), body)

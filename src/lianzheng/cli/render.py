"""`lz render`: one flowchart per power."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    MESSAGES,
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    choice,
    fail,
    open_repository,
    output_errors,
    progress_bar,
    repository_errors,
    say,
    split_codes,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("为每项职权绘制权力运行流程图（SVG/PNG/PDF/DOT）。\n\n示例：lz render . --format png",
         "Draw each power's flowchart (SVG/PNG/PDF/DOT).\n\nExample: lz render . --format png")
UNKNOWN_POWERS = T("没有这些职权：{ids}", "no such power: {ids}")
NO_FLOW = T("职权 {id} 没有流程图，未绘制", "power {id} has no flow; not drawn")
CHART_FAILED = T("职权 {id} 的流程图绘制失败：{error}", "the flowchart of {id} failed: {error}")
RENDERED = T("已输出 {n} 张流程图到 {out}（新绘制 {drawn} 张，来自缓存 {cached} 张）",
             "wrote {n} flowchart(s) to {out} ({drawn} drawn, {cached} from the cache)")
# DOT is written, not drawn: nothing is drawn or taken from the cache.
RENDERED_DOT = T("已输出 {n} 个流程图 DOT 文件到 {out}", "wrote {n} flowchart DOT file(s) to {out}")
FORMATS = ("svg", "png", "pdf", "dot")


def command(
    path: PathArg = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出目录（默认仓库根目录下 build/flows）/ output folder")] = None,
    format: Annotated[choice(FORMATS), typer.Option("--format", "-f", help="图片格式 / format")] = "svg",
    audience: Annotated[choice(("public", "internal")), typer.Option("--audience", help="public 只含公开职权且无风险信息；internal 标注风险点 / public or internal view")] = "internal",
    power: Annotated[list[str] | None, typer.Option("--power", help="只绘制这些职权（可重复）/ only these powers")] = None,
    lanes: Annotated[bool, typer.Option("--lanes", help="按科室分泳道 / one lane per department")] = False,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.flowchart.draw import GraphvizMissing, render

    lang = resolve_lang(lang)
    # models read file by file as the charts are drawn, not all held (render streams)
    repo = open_repository(path, lang, cache=not no_cache, quiet=True, models=True)
    try:
        with repository_errors(lang, path), output_errors(lang, out), progress_bar(quiet, lang) as (tick, total):
            result = render(repo, out=out, fmt=format, audience=audience, powers=split_codes(power),
                            lanes=lanes, lang=lang, cache=not no_cache, progress=tick, on_total=total)
    except GraphvizMissing as exc:
        fail(lang, MESSAGES["no_dot"], hint=str(exc))
    if result.unknown:
        fail(lang, UNKNOWN_POWERS, ids=", ".join(result.unknown))
    for pid in result.without_flow:
        typer.echo(say(lang, NO_FLOW, id=pid), err=True)
    for chart in result.failed:
        typer.echo(say(lang, CHART_FAILED, id=chart.power, error=chart.error), err=True)
    where = result.written[0].parent if result.written else (out or "build/flows")
    if not quiet:
        if format == "dot":
            typer.echo(say(lang, RENDERED_DOT, n=len(result.written), out=where))
        else:
            typer.echo(say(lang, RENDERED, n=len(result.written), out=where, drawn=result.drawn,
                           cached=result.from_cache))
    raise typer.Exit(1 if result.failed else 0)

"""`lz publish`: the public disclosure site and the internal edition."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from lianzheng.cli.common import (
    MESSAGES,
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    SignalsOpt,
    choice,
    fail,
    open_repository,
    output_errors,
    parse_date,
    progress_bar,
    repository_errors,
    say,
    working_base,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("生成对外公开网站和内部网站。\n\n示例：lz publish . --out site",
         "Build the public and internal sites.\n\nExample: lz publish . --out site")
REFUSED = T("数据中有 {n} 个错误，未发布；请先修正（lz validate 可查看全部问题）",
            "the data has {n} error(s); nothing was published (lz validate lists them)")
FAILED = T("流程图绘制失败，未发布；原网站保持不变", "flowcharts failed; nothing was published, the previous site is intact")
PUBLISHED = T("{edition}: {path}（{pages} 页：新生成 {rendered}，沿用 {reused}）",
              "{edition}: {path} ({pages} pages: {rendered} rendered, {reused} reused)")
CHART_FAILED = T("职权 {id} 的流程图绘制失败：{error}", "the flowchart of {id} failed: {error}")
TEMPLATE_REFUSED = T("警告：未使用 {path}：{reason}；改用网站自带的同名模板",
                     "warning: {path} not used: {reason}; the site's own of that name is used instead")


def refusal_reason(path: str, refused: Any, lang: str) -> str:
    """Why a file was not read, in the words of its rule (Y013, Y014, Y003)."""
    from lianzheng.rules import RULES
    from lianzheng.rules.stage import STAGE

    finding = STAGE.unreadable(path, refused).findings[0]
    return RULES[finding.code].message(finding, lang)


def command(
    path: PathArg = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出目录（默认仓库根目录下 site/）/ output folder")] = None,
    audience: Annotated[choice(("public", "internal", "all")), typer.Option("--audience", help="public 对外公开版；internal 内部版；all 两者 / which edition")] = "all",
    as_of: Annotated[str | None, typer.Option("--as-of", help="判断到期、逾期的日期（默认 HEAD 提交日期）/ reference date")] = None,
    signals: SignalsOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.flowchart.draw import GraphvizMissing
    from lianzheng.report import render
    from lianzheng.rules.validate import Report
    from lianzheng.site.pipeline import ChartsFailed, PublishRefused, publish

    lang = resolve_lang(lang)
    day = parse_date(lang, as_of)
    # models read file by file as the pages are rendered, not all held (publish streams)
    repo = open_repository(path, lang, cache=not no_cache, quiet=True, models=True, signals=signals)
    try:
        with repository_errors(lang, path), output_errors(lang, out), progress_bar(quiet, lang) as (tick, total):
            result = publish(repo, out=out, audience=audience, as_of=day, cache=not no_cache,
                             progress=tick, on_total=total)
    except GraphvizMissing as exc:
        fail(lang, MESSAGES["no_dot"], hint=str(exc))
    except PublishRefused as exc:
        sys.stderr.write(render("validate", "text", Report(repo.root, exc.errors), lang=lang, base=working_base()))
        fail(lang, REFUSED, exit_code=1, n=len(exc.errors))
    except ChartsFailed as exc:
        for chart in exc.charts:
            typer.echo(say(lang, CHART_FAILED, id=chart.power, error=chart.error), err=True)
        fail(lang, FAILED, exit_code=1)
    for rel, refused in result.refused_templates.items():  # said even with --quiet: the site is not as the unit meant
        typer.echo(say(lang, TEMPLATE_REFUSED, path=rel, reason=refusal_reason(rel, refused, lang)), err=True)
    if not quiet:
        for edition, e in result.editions.items():
            typer.echo(say(lang, PUBLISHED, edition=edition, path=e.path, pages=e.pages, rendered=e.rendered,
                           reused=e.reused))

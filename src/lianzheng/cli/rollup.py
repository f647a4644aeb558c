"""`lz rollup`: a supervising body's view of many units."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    QuietOpt,
    choice,
    emit,
    error,
    format_option,
    parse_date,
    repository_errors,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("汇总多个单位的廉政风险防控情况（供纪委监委、集团纪检部门使用）：每个 UNIT 是一个单位数据仓库，"
         "或 lz export --format parquet 导出的文件夹。按单位列出职权、各等级风险、高风险措施不足、待复核、"
         "考核得分、红牌和按时办结率、预警未处置，并按重点领域和风险类别汇总，列出逾期事项最多的单位；"
         "--out 另生成内部总览网站和 rollup.parquet。有单位无法读取时退出码为 1（其余单位照常汇总）。\n\n"
         "示例：lz rollup units/* exports/* --as-of 2026-12-31 --format markdown --out build/rollup",
         "Roll up many units (for a supervising commission or a group's discipline department): each UNIT is a "
         "unit repository or a folder written by lz export --format parquet. Per unit: powers, risks by grade, "
         "high risks short of measures, reviews due, score, red cases and on-time rate, warnings undisposed; "
         "across units: risks by key area and category, and the units with most overdue items; --out also "
         "writes an internal overview site and rollup.parquet. Exit 1 when a unit could not be read (the "
         "others are still rolled up).\n\n"
         "Example: lz rollup units/* exports/* --as-of 2026-12-31 --format markdown --out build/rollup")
FormatOpt = format_option("rollup")
ENGINES = ("duckdb", "spark")
WROTE = T("已写入 {n} 个文件：{path}", "wrote {n} file(s): {path}")


def command(
    units: Annotated[list[Path], typer.Argument(
        help="单位数据仓库或 Parquet 导出文件夹 / unit repositories or Parquet export folders", show_default=False,
        metavar="UNIT...")],
    as_of: AsOfOpt = None,
    format: FormatOpt = "text",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="另写出内部总览网站和 rollup.parquet 的目录 / also write the overview site and "
        "rollup.parquet there", show_default=False)] = None,
    engine: Annotated[choice(ENGINES), typer.Option(
        "--engine", help="汇总所用的 SQL 引擎：duckdb（默认，本机）或 spark（pip install 'lianzheng[spark]'）"
        " / the SQL engine")] = "duckdb",
    spark_master: Annotated[str | None, typer.Option(
        "--spark-master", help="Spark 集群地址（默认 local[2]；sc://主机:15002 为 Spark Connect；也可设 SPARK_REMOTE）"
        " / the Spark master or Spark Connect URL", show_default=False)] = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.cli.common import progress_bar
    from lianzheng.engine import EngineUnavailable
    from lianzheng.rollup import NotAUnit, rollup

    lang = resolve_lang(lang)
    today = parse_date(lang, as_of) or dt.date.today()
    try:
        with progress_bar(quiet or format != "text", lang) as (tick, total):
            if total is not None:
                total(len(units))
            result = rollup([str(u) for u in units], today, engine, master=spark_master, cache=not no_cache,
                            progress=tick)
    except NotAUnit as exc:
        for message in exc.messages(lang):
            error(lang, message)
        raise typer.Exit(2) from None
    except EngineUnavailable as exc:
        error(lang, exc.message(lang))
        raise typer.Exit(exc.exit_code) from None
    if out is not None:
        from lianzheng.site.rollup import write_overview

        with repository_errors(lang, out):
            written = write_overview(result, out, lang)
        if not quiet and format == "text":
            typer.echo(WROTE(lang).format(n=len(written), path=out), err=True)
    emit("rollup", format, result, lang)
    raise typer.Exit(result.exit_code())

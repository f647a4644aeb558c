"""`lz monitor`: e-supervision (电子监察, art. 11) of real cases against the flowcharts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    choice,
    emit,
    error,
    fail,
    format_option,
    open_repository,
    working_base,
)
from lianzheng.engine import DEFAULT_ENGINE, ENGINES
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("电子监察（第11条）：把电子政务系统导出的办件日志逐案与职权的权力运行流程图、环节期限和法定期限比对，"
         "亮红牌、黄牌、绿牌，统计流程符合率和按时办结率，指出问题发生在哪些廉政风险点。\n\n"
         "--engine spark 在 Apache Spark 上运行同样的 SQL（本机或 --spark-master 指定的集群），"
         "日志可以放在集群可读的对象存储上（--log ID=s3a://…）。\n\n"
         "示例：lz monitor . --as-of 2026-11-28 --format markdown",
         "E-supervision (art. 11): check every case of the e-government systems' logs against its power's "
         "flowchart, step limits and statutory limit; red, yellow and green cards, conformance and on-time "
         "rates, and the risk points where things went wrong. --engine spark runs the same SQL on Apache Spark "
         "(locally, or on the cluster --spark-master names), reading logs the cluster can reach "
         "(--log ID=s3a://…).\n\n"
         "Example: lz monitor . --as-of 2026-11-28 --format markdown")
BAD_AS_OF = T("--as-of 应为日期（YYYY-MM-DD）或日期时间（YYYY-MM-DDTHH:MM）：{value}",
              "--as-of is a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM): {value}")
BROKEN = T("办件数据文件有 {n} 个错误（lz validate 可查看全部问题）",
           "the CaseLog files have {n} error(s) (lz validate lists them)")
NO_LOGS = T("{path} 中没有办件数据（kind: CaseLog）", "no CaseLog in {path}")
WRITTEN = T("已写入 {files}", "wrote {files}")
FormatOpt = format_option("monitor")


def command(
    path: PathArg = Path("."),
    log: Annotated[list[str] | None, typer.Option(
        "--log", help="只检查该办件数据（ID），或读取另一个文件（ID=FILE）；可重复 / check only this log (ID), or read "
        "another file for it (ID=FILE); repeatable", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="判断未办结案件的时点：日期或日期时间（默认现在）/ the moment open cases are judged at",
        show_default=False)] = None,
    format: FormatOpt = "text",
    limit: Annotated[int, typer.Option("--limit", min=0, help="每类牌最多列出的案件数 / cases listed per card")] = 20,
    all_cases: Annotated[bool, typer.Option("--all", help="json 列出全部案件（默认只列红牌、黄牌）/ every case in json")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="另写 cases.parquet 和 findings.parquet 到此文件夹 / also write the cases as Parquet here",
        show_default=False)] = None,
    engine: Annotated[choice(ENGINES), typer.Option(
        "--engine", help="读取和检查日志的 SQL 引擎：duckdb（默认，本机）或 spark（pip install 'lianzheng[spark]'）"
        " / the SQL engine")] = DEFAULT_ENGINE,
    spark_master: Annotated[str | None, typer.Option(
        "--spark-master", help="Spark 集群地址（默认 local[2]；sc://主机:15002 为 Spark Connect；也可设 SPARK_REMOTE）"
        " / the Spark master or Spark Connect URL", show_default=False)] = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.engine import EngineUnavailable
    from lianzheng.monitor import AsOf, LogError, exit_code, monitor_repository
    from lianzheng.report import render
    from lianzheng.rules.validate import Report, all_findings, errors_of

    lang = resolve_lang(lang)
    try:
        moment = AsOf.parse(as_of)
    except ValueError:
        fail(lang, BAD_AS_OF, value=as_of)
    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet or format != "text", models=True)
    held = {p for p, r in repo.results.items() if r.facts.caselogs or {"CaseLog", "?"} & set(r.lost)}
    broken = [f for f in errors_of(all_findings(repo, moment.day(dt.UTC))) if f.path in held]
    if broken:  # a CaseLog that did not load cannot be checked: say so, as validate would
        sys.stderr.write(render("validate", "text", Report(repo.root, broken), lang=lang, base=working_base()))
        fail(lang, BROKEN, n=len(broken))
    if not any(True for _ in repo.caselogs()):
        fail(lang, NO_LOGS, exit_code=2, path=repo.root)
    try:
        result = monitor_repository(repo, as_of=moment, logs=log or (), engine=engine, master=spark_master)
    except LogError as exc:
        error(lang, exc.message(lang))
        raise typer.Exit(2) from None
    except EngineUnavailable as exc:
        error(lang, exc.message(lang))
        raise typer.Exit(exc.exit_code) from None
    emit("monitor", format, result, lang, limit=limit, all=all_cases)
    if out is not None:
        from lianzheng.monitor.parquet import write_parquet

        try:
            files = write_parquet(result, out, lang)
        except OSError as exc:
            from lianzheng.cli.common import os_reason

            error(lang, f"{out}：{os_reason(lang, exc, writing=True, shown=out)}")
            raise typer.Exit(2) from None
        if not quiet:
            typer.echo(WRITTEN(lang).format(files="、".join(str(f) for f in files) if lang == "zh"
                                            else ", ".join(str(f) for f in files)), err=True)
    raise typer.Exit(exit_code(result))

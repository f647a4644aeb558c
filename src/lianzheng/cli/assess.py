"""`lz assess`: inspection and assessment (检查考核, art. 16), per department, with its trend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    SignalsOpt,
    choice,
    fail,
    finish,
    format_option,
    log_files,
    git_errors,
    open_repository,
    parse_date,
    remembered,
    rendered,
    repository_errors,
    supervised,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("检查考核（第16条）：按职权清理、流程图、风险查找、等级评定、防控措施、动态管理、公开透明等指标，"
         "从数据计算百分制得分，列出每项指标的分子、分母和未达标事项；可按科室评分，并按 git 历史给出得分趋势。\n\n"
         "示例：lz assess . --by department --trend --format markdown",
         "Inspection and assessment (art. 16): a score out of 100 computed from the data (power catalogue, "
         "flowcharts, risks, grading, measures, review, disclosure...), each indicator with its numerator, "
         "denominator and what failed it; per department, and its trend over git history.\n\n"
         "Example: lz assess . --by department --trend --format markdown")
TREND_ONLY = T("--every 和 --since 只用于 --trend", "--every and --since go with --trend")
FormatOpt = format_option("assess")


def command(
    path: PathArg = Path("."),
    as_of: AsOfOpt = None,
    signals: SignalsOpt = None,
    by: Annotated[choice(("department",)) | None, typer.Option("--by", help="按科室评分 / score each department")] = None,
    trend: Annotated[bool, typer.Option("--trend", help="按 git 历史给出得分趋势 / the score over git history")] = False,
    every: Annotated[choice(("month", "tag")) | None, typer.Option("--every", help="趋势取每月最后一次提交（month，默认）或每个标签（tag）/ trend points: month (default) or tag", show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--since", help="趋势的起始日期（默认 --as-of 前一年）/ first day of the trend (default: a year before --as-of)", show_default=False)] = None,
    format: FormatOpt = "text",
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    lang = resolve_lang(lang)
    today = parse_date(lang, as_of) or dt.date.today()
    first = parse_date(lang, since)
    if not trend and (every is not None or first is not None):
        fail(lang, TREND_ONLY)
    # The trend depends on git history as well as the files: only a plain score is replayed.
    run = None if trend else remembered(path, lang, "assess", (format, today, by), enabled=not no_cache,
                                         signals=signals)
    from lianzheng.assess import assess  # past the replay: a replay needs none of it
    from lianzheng.assess.inputs import monitor_cases, register_warnings

    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet or format != "text", signals=signals)
    watched = supervised(repo, today, lang)
    result = assess(repo, today, by_department=by == "department", e_supervision=monitor_cases(watched.result),
                    warnings=register_warnings(repo, today, watched.red_cases))
    if trend:
        from lianzheng.assess.trend import trend as score_trend

        with repository_errors(lang, path), git_errors(lang, path):
            points = score_trend(repo.root, today, every=every or "month", since=first, seed=repo)
        result = result.with_trend(points, every or "month")
    output = rendered("assess", format, result, lang)
    if run is None:
        typer.echo(output, nl=False)
        raise typer.Exit(0)
    finish(run, 0, output, log_files(repo))

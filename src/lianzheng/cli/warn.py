"""`lz warn`: early warning and disposal (预警处置, art. 12)."""

from __future__ import annotations

import datetime as dt
import sys
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
    emit,
    format_option,
    open_repository,
    parse_date,
    supervised,
    working_base,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("预警处置（第12条）：按对象累计统计窗口内的预警信号分值，判断应采取的处置措施（风险提示、诫勉谈话、"
         "责令纠错），检查处置是否及时、整改是否逾期，并对预警达到诫勉谈话的风险建议重新评定。\n\n"
         "示例：lz warn . --as-of 2026-11-28 --format markdown",
         "Early warning and disposal (art. 12): score each target's signals in the window, say which disposal "
         "is due (reminder, admonition, correction), check that disposals came in time and follow-ups are not "
         "overdue, and suggest regrading risks warned at admonition.\n\n"
         "Example: lz warn . --as-of 2026-11-28 --format markdown")
BROKEN = T("预警信号或处置文件有 {n} 个错误，相关记录可能未计入（lz validate 可查看全部问题）",
           "the signal and disposal files have {n} error(s); their records may be missing (lz validate lists them)")
FormatOpt = format_option("warn")


def command(
    path: PathArg = Path("."),
    as_of: AsOfOpt = None,
    signals: SignalsOpt = None,
    show_confidential: Annotated[bool, typer.Option(
        "--show-confidential", help="显示保密信号（信访举报等）的摘要和出处，仅限纪检监察机构使用 / show the text of "
        "confidential signals")] = False,
    format: FormatOpt = "text",
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.report import render
    from lianzheng.rules.validate import Report, all_findings, errors_of
    from lianzheng.warn import warn

    lang = resolve_lang(lang)
    today = parse_date(lang, as_of) or dt.date.today()
    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet or format != "text", signals=signals)
    # the files that hold signals or disposals, or that could not be read at all (they may)
    held = {p for p, r in repo.results.items()
            if r.facts.signals or r.facts.disposals or any(f.code.startswith("Y") for f in r.findings)}
    broken = [f for f in errors_of(all_findings(repo, today)) if f.path in held]
    if broken:  # a record that did not load is missing from what follows: say so first
        sys.stderr.write(render("validate", "text", Report(repo.root, broken), lang=lang, base=working_base()))
        typer.echo(BROKEN(lang).format(n=len(broken)), err=True)
    red = supervised(repo, today, lang).red_cases
    result = warn(repo, today, red_cases=red, show_confidential=show_confidential)
    emit("warn", format, result, lang)
    raise typer.Exit(1 if broken else result.exit_code())

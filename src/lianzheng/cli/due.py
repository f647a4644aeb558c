"""`lz due`: what needs review now (dynamic management, art. 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lianzheng.cli.common import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    SignalsOpt,
    finish,
    log_files,
    format_option,
    open_repository,
    parse_date,
    remembered,
    rendered,
    supervised,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("列出现在需要处理的事项（动态管理，第13条）：超过复核周期的风险、所引用法规在复核后修订的风险、"
         "逾期未完成的措施、未经集体审定的高风险。\n\n示例：lz due . --as-of 2026-12-31 --format markdown",
         "List what needs attention now (dynamic management, art. 13): risks past the review cycle, risks "
         "whose cited laws were revised since their review, overdue measures, high risks not approved.\n\n"
         "Example: lz due . --as-of 2026-12-31 --format markdown")
FormatOpt = format_option("due")


def command(
    path: PathArg = Path("."),
    as_of: AsOfOpt = None,
    signals: SignalsOpt = None,
    format: FormatOpt = "text",
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    lang = resolve_lang(lang)
    today = parse_date(lang, as_of) or dt.date.today()
    run = remembered(path, lang, "due", (format, today), enabled=not no_cache, signals=signals)
    from lianzheng.dynamic.due import due_report  # past the replay: a replay needs none of it

    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet or format != "text", signals=signals)
    red = supervised(repo, today, lang).red_cases
    finish(run, 0, rendered("due", format, due_report(repo, today, red), lang), log_files(repo))

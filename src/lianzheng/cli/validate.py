"""`lz validate`: every problem of the repository, at once."""

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
    fail,
    finish,
    format_option,
    open_repository,
    parse_date,
    remembered,
    rendered,
    rule_hint,
    split_codes,
    working_base,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("检查 YAML 语法、文档结构、引用、流程图、完整性、风险和裁量基准，一次报告全部问题。\n\n"
         "示例：lz validate . --format json",
         "Check syntax, schema, references, flowcharts, completeness, risks and benchmarks; report every problem "
         "at once.\n\nExample: lz validate . --format json")
UNKNOWN_RULES = T("未知的规则代码：{codes}", "unknown rule codes: {codes}")
FormatOpt = format_option("validate")


def command(
    path: PathArg = Path("."),
    format: FormatOpt = "text",
    strict: Annotated[bool, typer.Option("--strict", help="有警告也以 1 退出 / warnings fail too")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", help="只检查这些规则（代码、前缀或名称，可用逗号分隔）/ only these rule codes, prefixes or names")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不检查这些规则 / skip these rule codes, prefixes or names")] = None,
    as_of: AsOfOpt = None,
    signals: SignalsOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    lang = resolve_lang(lang)
    today = parse_date(lang, as_of) or dt.date.today()
    # A pre-commit hook on an unchanged repository: the last output, at the cost of hashing the files.
    run = remembered(path, lang, "validate", (format, strict, select, ignore, today), enabled=not no_cache,
                     signals=signals)
    from lianzheng.rules import Selection
    from lianzheng.rules.validate import validate

    selection = Selection(split_codes(select), split_codes(ignore))
    if selection.unknown:
        sep = "、" if lang == "zh" else ", "
        fail(lang, UNKNOWN_RULES, codes=sep.join(code + rule_hint(lang, code) for code in selection.unknown))
    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet or format != "text", signals=signals)
    report = validate(repo, today, selection)
    finish(run, report.exit_code(strict), rendered("validate", format, report, lang, base=working_base()))

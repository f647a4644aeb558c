"""`lz export`: the register as the offices keep it (台账), as xlsx, csv or Parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    MESSAGES,
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    choice,
    emit,
    error,
    fail,
    open_repository,
    os_reason,
    parse_date,
    working_base,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("导出台账：职权目录、流程环节、风险登记表、防控措施、裁量基准。xlsx（默认，可编辑后用 lz import 导回）、"
         "csv（每张表一个 UTF-8 文件）或 parquet（供 lz rollup 汇总，含截至 --as-of（默认今天）的单位汇总数据）；"
         "--audience public 只导出公开内容。\n\n"
         "示例：lz export . --out build/台账.xlsx",
         "Export the register as offices keep it: catalogue, steps, risk register, measures, benchmarks. "
         "xlsx (default; edit it and bring it back with lz import), csv (one UTF-8 file per table) or parquet "
         "(for lz rollup, with the unit's figures as of --as-of, default today); --audience public exports only "
         "what the public edition shows.\n\n"
         "Example: lz export . --out build/register.xlsx")
FORMATS = ("xlsx", "csv", "parquet")
AUDIENCES = ("internal", "public")


def command(
    path: PathArg = Path("."),
    format: Annotated[choice(FORMATS), typer.Option("--format", "-f", help="文件格式 / file format")] = "xlsx",
    audience: Annotated[choice(AUDIENCES), typer.Option(
        "--audience", help="internal（全部）或 public（只含公开的职权、流程和裁量基准）/ what to export")] = "internal",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="xlsx 文件，或 csv、parquet 的文件夹（默认仓库根目录下 build/lianzheng.xlsx、"
        "build/lianzheng-csv、build/lianzheng-parquet）/ the file (xlsx) or folder (csv, parquet)",
        show_default=False)] = None,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.exchange import ExchangeError, export

    lang = resolve_lang(lang)
    today = parse_date(lang, as_of) or dt.date.today()
    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet, models=True)
    unit_columns = []
    if format == "parquet" and audience == "internal":
        from lianzheng.rollup.figures import figure_columns, unit_figures

        # what `lz rollup` shows of the unit, as of `--as-of`: the same code as for a repository
        unit_columns = figure_columns(unit_figures(repo, today))
    try:
        result = export(repo, format=format, audience=audience, out=out, unit_columns=unit_columns)
    except ExchangeError as exc:
        cause, target = exc.__cause__, exc.args_.get("path")
        if isinstance(cause, OSError) and target is not None:  # why, in the user's language
            fail(lang, MESSAGES["write"], path=target, reason=os_reason(lang, cause, writing=True))
        error(lang, exc.message(lang))
        raise typer.Exit(exc.exit_code) from None
    emit("export", "text", result, lang, base=working_base())

"""`lz import`: an existing spreadsheet register (xlsx, xls, ods, csv) into the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import LangOpt, QuietOpt, emit, error, format_option, open_repository
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("导入已有的风险登记表（xlsx、xls、ods、csv）：按列名识别表头，新科室、岗位追加到 lianzheng.yaml"
         "（原有内容不变），风险写入新的 risks/<科室编号>.yaml；无法使用的行按单元格报告并跳过。\n\n"
         "示例：lz import 廉政风险点登记表.xlsx --into . --dry-run",
         "Bring an existing spreadsheet register (xlsx, xls, ods, csv) into the repository: the header is found "
         "by its names, new departments and posts are appended to lianzheng.yaml (nothing else changes), risks "
         "go to new risks/<department-id>.yaml files; rows that cannot be used are reported at their cell and "
         "skipped.\n\nExample: lz import register.xlsx --into . --dry-run")
FormatOpt = format_option("import")


def command(
    file: Annotated[Path, typer.Argument(help="要导入的表格文件 / the spreadsheet", show_default=False)],
    into: Annotated[Path, typer.Option("--into", help="导入到的数据仓库（默认当前目录）/ the repository")] = Path("."),
    sheet: Annotated[str | None, typer.Option(
        "--sheet", help="工作表名（默认“风险登记表”，否则第一张有表头的工作表）/ the sheet to read",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将导入的内容，不写入任何文件 / write nothing")] = False,
    format: FormatOpt = "text",
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.exchange import ExchangeError, import_register

    lang = resolve_lang(lang)
    # read afresh: the ids taken and the files there decide the new ids and file names
    repo = open_repository(into, lang, cache=False, quiet=quiet or format != "text")
    try:
        result = import_register(file, into=repo, sheet=sheet, dry_run=dry_run)
    except ExchangeError as exc:
        error(lang, exc.message(lang))
        raise typer.Exit(exc.exit_code) from None
    emit("import", format, result, lang)
    raise typer.Exit(result.exit_code)

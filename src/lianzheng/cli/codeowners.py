"""`lz codeowners`: the CODEOWNERS file that has the forge enforce the approval of art. 6."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    error,
    open_repository,
    output_errors,
    repository_errors,
    say,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("根据数据生成 CODEOWNERS 文件（GitHub、GitLab 通用）：每个数据文件由纪检负责人审核，"
         "含高风险的文件还须主要负责人和该风险的责任领导审核（第6条集体审定由代码平台强制执行）。\n\n"
         "示例：lz codeowners . --write .github/CODEOWNERS",
         "Generate a CODEOWNERS file (GitHub and GitLab) from the data: the discipline office owns every "
         "data file, and the principal and the risk's leader also own each file holding a high risk, so "
         "the forge enforces the approval of art. 6.\n\nExample: lz codeowners . --write .github/CODEOWNERS")
STALE = T("{path} 与数据不一致：请运行 lz codeowners --write {path} 并提交",
          "{path} is out of date: run lz codeowners --write {path} and commit it")
WRITTEN = T("已写入 {path}（{n} 个含高风险的文件）", "wrote {path} ({n} file(s) holding a high risk)")


def command(
    path: PathArg = Path("."),
    write: Annotated[Path | None, typer.Option("--write", "-w", help="写入此文件（省略则打印）/ write this file instead of printing")] = None,
    check: Annotated[Path | None, typer.Option("--check", help="此文件与数据不一致时以 1 退出（不写入）/ exit 1 when this file is out of date")] = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from lianzheng.repo.storage import write_atomic
    from lianzheng.report import render
    from lianzheng.review.codeowners import CodeownersError, codeowners

    lang = resolve_lang(lang)
    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet)
    try:
        owners = codeowners(repo)
    except CodeownersError as exc:
        for problem in exc.problems:
            error(lang, problem.message(lang))
        raise typer.Exit(2) from None
    text = render("codeowners", "text", owners, lang=lang)
    if check is not None:
        current = None  # a file that does not exist is out of date too
        if check.exists():
            with repository_errors(lang, check):
                current = check.read_bytes().decode("utf-8", errors="replace")
        if current != text:
            typer.echo(say(lang, STALE, path=check), err=True)
            raise typer.Exit(1)
        return
    if write is None:
        sys.stdout.write(text)
        return
    with output_errors(lang, write, folder=False):
        write.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(write, text.encode("utf-8"))
    typer.echo(say(lang, WRITTEN, path=write, n=len(owners.files)), err=True)

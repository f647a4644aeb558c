"""`lz codeowners`: the CODEOWNERS file that has the forge enforce the approval of art. 6."""

from __future__ import annotations

import os
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
    working_base,
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
SHADOWED = T("注意：{forges} 读取的是 {reads}，不是 {path}：{path} 中的审核规则在 {forges} 上不起作用；"
             "请改为写入 {reads}（{command}），或删除 {reads}",
             "note: {forges} will read {reads}, not {path}: the review rules in {path} do not apply on {forges}; "
             "write them to {reads} instead ({command}), or remove {reads}")
NOWHERE = T("注意：GitHub 和 GitLab 都不读取 {path}：它们只读取 git 仓库顶层的 CODEOWNERS，或 .github/、docs/"
            "（GitLab 为 docs/、.gitlab/）中的 CODEOWNERS，{path} 中的审核规则不起作用；"
            "请改为写入 {instead}（{command}）",
            "note: neither GitHub nor GitLab reads {path}: they read CODEOWNERS at the top of the git repository "
            "or in .github/ or docs/ (GitLab: docs/ or .gitlab/), so the review rules in {path} do not apply; "
            "write them to {instead} instead ({command})")
WRITE_HELP = ("写入此文件（省略则打印）；GitHub 依次查找 .github/CODEOWNERS、CODEOWNERS、docs/CODEOWNERS，GitLab 依次查找 "
              "CODEOWNERS、docs/CODEOWNERS、.gitlab/CODEOWNERS，各自只读取找到的第一个 / write this file instead of "
              "printing; GitHub reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS that exists, GitLab "
              "the first of CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS")
# A bare `--write` (it needs the file): which file to give (see `clicktext.usage_errors`).
VALUE_HINTS = {"--write": T("：要写入的 CODEOWNERS 文件，即代码平台读取的那一个（如 lz codeowners --write CODEOWNERS；"
                            "已有 .github/CODEOWNERS 时 GitHub 只读取它）",
                            ": the CODEOWNERS file to write, the one the forge reads (e.g. lz codeowners --write "
                            "CODEOWNERS; where .github/CODEOWNERS exists, GitHub reads only that one)")}


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when under it."""
    base = working_base()
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)


def forge_notes(lang: str, file: Path, root: Path) -> list[str]:
    """The notes saying why the rules in the CODEOWNERS `file` of the unit at `root` would
    not apply on the forge (see `review.codeowners.unread_by_forges`)."""
    from lianzheng.review.codeowners import unread_by_forges

    notes = []
    unit = Path(os.path.abspath(root))
    for u in unread_by_forges(file, root):
        path, instead = _shown(u.path), _shown(u.instead)
        # the command that writes the right file, from where the user is
        command = " ".join(["lz codeowners", *([] if unit == working_base() else [_shown(unit)]), "--write", instead])
        if u.reads is None:
            notes.append(say(lang, NOWHERE, path=path, instead=instead, command=command))
        else:
            forges = ("、" if lang == "zh" else " and ").join(u.forges)
            notes.append(say(lang, SHADOWED, forges=forges, reads=instead, path=path, command=command))
    return notes


def command(
    path: PathArg = Path("."),
    write: Annotated[Path | None, typer.Option("--write", "-w", help=WRITE_HELP)] = None,
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
        for note in forge_notes(lang, check, repo.root):  # up to date or not, it may not be the one read
            typer.echo(note, err=True)
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
    for note in forge_notes(lang, write, repo.root):
        typer.echo(note, err=True)

"""`lz diff`: what changed between two git revisions, for the pull-request review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import LangOpt, emit, format_option, git_errors, repository_errors
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("比较两个 git 版本之间的变化（职权、流程环节、风险及其等级、措施、裁量基准），供合并请求审核；"
         "标出需领导班子集体审定的变化。不检出文件，直接读取 git 对象。\n\n"
         "示例：lz diff main HEAD --format markdown",
         "What changed between two git revisions (powers, steps, risks and grades, measures, benchmarks), for "
         "pull-request review, with the changes the leadership must approve; read from git objects, no checkout.\n\n"
         "Example: lz diff main HEAD --format markdown")
FormatOpt = format_option("diff")


def command(
    base: Annotated[str | None, typer.Argument(help="比较的起点版本（默认：HEAD 与默认分支的合并基础）/ base revision", show_default=False)] = None,
    head: Annotated[str | None, typer.Argument(help="比较的终点版本（默认：工作区）/ head revision (default: the working tree)", show_default=False)] = None,
    repo: Annotated[Path, typer.Option("--repo", help="git 仓库路径（默认当前目录）/ the repository (default: here)")] = Path("."),
    format: FormatOpt = "text",
    lang: LangOpt = None,
) -> None:
    from lianzheng.review.diff import diff

    lang = resolve_lang(lang)
    with repository_errors(lang, repo), git_errors(lang, repo):
        report = diff(repo, base, head)
    emit("diff", format, report, lang)

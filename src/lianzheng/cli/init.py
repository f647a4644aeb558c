"""`lz init`: a new unit repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import LangOpt, fail, output_errors, say
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("创建新的单位数据仓库：lianzheng.yaml、示例职权、CI 模板（GitHub Actions、GitLab CI）、"
         "pre-commit 配置和 CODEOWNERS。\n\n示例：lz init my-unit",
         "Create a new unit repository: lianzheng.yaml, a sample power, CI templates (GitHub Actions, GitLab CI), "
         "the pre-commit config and CODEOWNERS.\n\nExample: lz init my-unit")
EXISTS = T("{path} 已存在 lianzheng.yaml，未做任何改动", "{path} already holds lianzheng.yaml; nothing was changed")
DONE = T("已在 {path} 创建单位数据仓库：", "created a unit repository in {path}:")
SKIPPED = T("已存在，未改动：", "already there, left as they were:")
IGNORED = T("已在现有的 .gitignore 末尾补充：{lines}", "appended to the existing .gitignore: {lines}")
OWNERS_KEPT = T("CODEOWNERS 已存在，未重新生成：运行 lz codeowners --check CODEOWNERS 可查看它是否与数据一致",
                "CODEOWNERS was there already and was not generated again: lz codeowners --check CODEOWNERS says "
                "whether it matches the data")
CI_CHECKS = T("（CI 模板 .github/workflows/lianzheng.yml 和 .gitlab-ci.yml 检查的是 CODEOWNERS："
              "改用其他文件时请一并修改其中的 lz codeowners --check CODEOWNERS）",
              "(the CI templates .github/workflows/lianzheng.yml and .gitlab-ci.yml check CODEOWNERS: when you use "
              "another file, change their `lz codeowners --check CODEOWNERS` too)")
NEXT = T("下一步：编辑 lianzheng.yaml，然后运行 lz validate {path}", "next: edit lianzheng.yaml, then run lz validate {path}")


def command(
    path: Annotated[Path, typer.Argument(help="新仓库的目录（默认当前目录）/ folder of the new repository")] = Path("."),
    lang: LangOpt = None,
) -> None:
    from lianzheng.cli.codeowners import forge_notes
    from lianzheng.scaffold import CODEOWNERS_FILE, init_repository

    lang = resolve_lang(lang)
    if (path / "lianzheng.yaml").exists():
        fail(lang, EXISTS, path=path)
    with output_errors(lang, path):
        result = init_repository(path)
    item = T("  {path}", "  {path}")
    typer.echo(say(lang, DONE, path=path))
    for p in result.written:
        typer.echo(say(lang, item, path=p))
    if result.skipped:
        typer.echo(say(lang, SKIPPED))
        for p in result.skipped:
            typer.echo(say(lang, item, path=p))
    if result.ignored:
        typer.echo(say(lang, IGNORED, lines=("、" if lang == "zh" else ", ").join(result.ignored)))
    if "CODEOWNERS" in result.skipped:
        typer.echo(say(lang, OWNERS_KEPT))
    # GitHub reads .github/CODEOWNERS ahead of the root one lz init writes: say so
    notes = forge_notes(lang, path / CODEOWNERS_FILE, path)
    for note in notes:
        typer.echo(note)
    if notes:
        typer.echo(say(lang, CI_CHECKS))
    typer.echo(say(lang, NEXT, path=path))

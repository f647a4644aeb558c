"""`lz grade`: every risk graded, declared vs computed, distribution and heat map."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import (
    LangOpt,
    NoCacheOpt,
    PathArg,
    QuietOpt,
    finish,
    format_option,
    open_repository,
    output_errors,
    remembered,
    rendered,
    say,
)
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("计算每个风险的等级，对比申报等级，显示分布和热力图。\n\n示例：lz grade . --check",
         "Grade every risk, compare with the declared grades, show distribution and heat map.\n\n"
         "Example: lz grade . --check")
WRITTEN = T("{path}:{line}: 风险 {id} 的等级由 {old} 改为 {new}", "{path}:{line}: risk {id}: {old} -> {new}")
SKIPPED = T("{path}: 风险 {id} 的等级未改动：{why}", "{path}: the grade of risk {id} was not changed: {why}")
WHY = {
    "unreadable": T("无法按 UTF-8 读取该文件（{detail}）", "the file cannot be read as UTF-8 ({detail})"),
    "no_position": T("找不到等级在文件中的位置", "the grade's place in the file is not known"),
    "shared": T("该等级通过 YAML 锚点或合并键与其他风险共用，请手工修改",
                "the grade is shared with other risks through a YAML anchor or merge key; change it by hand"),
    "changed": T("等级是 YAML 别名（*名称），或文件在读取后已被修改；请手工修改或重新运行",
                 "the grade is a YAML alias (*name), or the file changed since it was read; change it by hand or run again"),
}
SUMMARY = T("已更新 {n} 个风险等级（{files} 个文件）", "updated {n} grade(s) in {files} file(s)")
REMAINING = T("仍有 {n} 个风险的申报等级与计算等级不一致", "{n} declared grade(s) still differ from the computed ones")
FormatOpt = format_option("grade")


class Grouping(str, Enum):
    department = "department"
    category = "category"
    area = "area"
    leader = "leader"


def command(
    path: PathArg = Path("."),
    format: FormatOpt = "text",
    by: Annotated[list[Grouping] | None, typer.Option("--by", help="分布的分组（可重复；默认全部）/ distribution by (repeatable)")] = None,
    check: Annotated[bool, typer.Option("--check", help="申报等级与计算等级不一致且无 grade_override 时以 1 退出 / exit 1 on any unjustified mismatch")] = False,
    write: Annotated[bool, typer.Option("--write", help="把不一致的申报等级改为计算等级（只改这些值）/ fix declared grades in place")] = False,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    lang = resolve_lang(lang)
    groups = [g.value for g in by or ()]
    run = None if write else remembered(path, lang, "grade", (format, groups, check), enabled=not no_cache)
    # imported past the replay: a replay (nothing changed) needs no grading code
    from lianzheng.grading.report import grade_report
    from lianzheng.grading.writeback import write_grades

    repo = open_repository(path, lang, cache=not no_cache, quiet=quiet or format != "text")
    report = grade_report(repo)
    if write:
        with output_errors(lang, None, folder=False):
            result = write_grades(report)
        for c in result.changes:
            typer.echo(say(lang, WRITTEN, path=c.path, line=c.line, id=c.risk, old=c.old, new=c.new))
        for skip in result.skipped:
            why = say(lang, WHY[skip.reason], detail=skip.detail)
            typer.echo(say(lang, SKIPPED, path=skip.path, id=skip.risk, why=why), err=True)
        typer.echo(say(lang, SUMMARY, n=len(result.changes), files=len(result.files)))
        if result.skipped:  # mismatches remain: as --check would, exit 1 (SPEC)
            typer.echo(say(lang, REMAINING, n=len(result.skipped)), err=True)
        raise typer.Exit(1 if result.skipped else 0)
    output = rendered("grade", format, report, lang, by=groups, shown=report.mismatches if check else None)
    finish(run, 1 if check and report.mismatches else 0, output)

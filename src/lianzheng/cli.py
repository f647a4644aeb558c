"""The `lz` command line: parses arguments, calls the library, prints, sets the exit code.

Nothing is computed here; every command wraps a library function.
Exit codes (SPEC.md): 0 fine, 1 problems found, 2 usage or I/O error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .findings import Text as T
from .findings import resolve_lang

PathArg = Annotated[Path, typer.Argument(help="数据仓库路径（默认当前目录）/ repository path", show_default=False)]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="输出语言 zh|en（或环境变量 LZ_LANG）/ output language", show_default=False)
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度 / no progress bar")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="不读写 .lz-cache/ 缓存 / neither read nor write the cache")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="以此日期判断逾期、到期（默认今天）/ reference date YYYY-MM-DD")]


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


class ListFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


MESSAGES = {
    "not_found": T("路径不存在：{path}", "path does not exist: {path}"),
    "no_root": T("在 {path} 及其上级目录中找不到 lianzheng.yaml；请先运行 lz init",
                 "no lianzheng.yaml at or above {path}; run `lz init` first"),
    "io": T("无法读取：{error}", "cannot read: {error}"),
    "unknown_rules": T("未知的规则代码：{codes}", "unknown rule codes: {codes}"),
    "bad_date": T("日期格式应为 YYYY-MM-DD：{value}", "dates are YYYY-MM-DD: {value}"),
    "exists": T("{path} 已存在 lianzheng.yaml，未做任何改动", "{path} already holds lianzheng.yaml; nothing was changed"),
    "init_done": T("已在 {path} 创建单位数据仓库：\n{files}\n下一步：编辑 lianzheng.yaml，然后运行 lz validate {path}",
                   "created a unit repository in {path}:\n{files}\nnext: edit lianzheng.yaml, then run lz validate {path}"),
    "schemas_written": T("已写入 {count} 个 JSON Schema 到 {path}", "wrote {count} JSON Schemas to {path}"),
    "unknown_rule": T("未知的规则：{code}", "unknown rule: {code}"),
    "grade_written": T("{path}:{line}: 风险 {id} 的等级由 {old} 改为 {new}", "{path}:{line}: risk {id}: {old} -> {new}"),
    "grade_skipped": T("{path}: 风险 {id} 未改动：{why}", "{path}: risk {id} not changed: {why}"),
    "no_dot": T("找不到 Graphviz 的 dot 程序。请先安装：{hint}（--format dot 不需要它）",
                "Graphviz `dot` is not installed. Install it: {hint} (--format dot works without it)"),
    "unknown_powers": T("没有这些职权：{ids}", "no such power: {ids}"),
    "no_flow": T("职权 {id} 没有流程图，未绘制", "power {id} has no flow; not drawn"),
    "chart_failed": T("职权 {id} 的流程图绘制失败：{error}", "the flowchart of {id} failed: {error}"),
    "rendered": T("已输出 {n} 张流程图到 {out}（新绘制 {drawn} 张，来自缓存 {cached} 张）",
                  "wrote {n} flowcharts to {out} ({drawn} drawn, {cached} from the cache)"),
    "publish_refused": T("数据中有 {n} 个错误，未发布；请先修正（lz validate 可查看全部问题）",
                         "the data has {n} error(s); nothing was published (lz validate lists them)"),
    "publish_failed": T("流程图绘制失败，未发布；原网站保持不变", "flowcharts failed; nothing was published, the previous site is intact"),
    "published": T("{edition}: {path}（{pages} 页：新生成 {rendered}，沿用 {reused}）",
                   "{edition}: {path} ({pages} pages: {rendered} rendered, {reused} reused)"),
    "grades_written": T("已更新 {n} 个风险等级（{files} 个文件）", "updated {n} grade(s) in {files} file(s)"),
    "no_git": T("找不到 git 命令；请先安装 git", "the git program was not found; install git first"),
    "not_repo": T("{path} 不在 git 仓库中（lz diff 比较 git 版本；用 --repo 指定仓库）",
                  "{path} is not inside a git repository (lz diff compares git revisions; use --repo)"),
    "bad_revision": T("无法识别的 git 版本：{rev}", "not a git revision: {rev}"),
    "no_default_branch": T("找不到默认分支（origin/HEAD、main 或 master），请指定要比较的 BASE 版本",
                           "no default branch (origin/HEAD, main or master): give the BASE revision"),
    "git_failed": T("git 出错：{detail}", "git failed: {detail}"),
    "codeowners_stale": T("{path} 与数据不一致：请运行 lz codeowners --write {path} 并提交",
                          "{path} is out of date: run lz codeowners --write {path} and commit it"),
    "codeowners_written": T("已写入 {path}（{n} 个含高风险的文件）", "wrote {path} ({n} file(s) holding a high risk)"),
}


def say(lang: str, key: str, **args: Any) -> str:
    return MESSAGES[key](lang).format(**args)


def error(lang: str, text: str) -> None:
    typer.echo(("错误：" if lang == "zh" else "error: ") + text, err=True)


def fail(lang: str, key: str, exit_code: int = 2, **args: Any) -> NoReturn:
    error(lang, say(lang, key, **args))
    raise typer.Exit(exit_code)


@contextmanager
def repository_errors(lang: str, path: Path) -> Iterator[None]:
    """Turn the library's I/O failures into a clear message and exit code 2."""
    from .layout import RepositoryNotFound

    try:
        yield
    except FileNotFoundError:
        fail(lang, "not_found", path=path)
    except RepositoryNotFound:
        fail(lang, "no_root", path=path)
    except (PermissionError, IsADirectoryError, OSError) as exc:
        fail(lang, "io", error=exc)


@contextmanager
def git_errors(lang: str, path: Path) -> Iterator[None]:
    """A git failure (no git, not a repository, a bad revision) is a usage error: exit 2."""
    from .gitrepo import GitError

    try:
        yield
    except GitError as exc:
        key = exc.kind if exc.kind in MESSAGES else "git_failed"
        fail(lang, key, path=path, rev=exc.rev, detail=exc.detail)


@contextmanager
def progress_bar(quiet: bool, lang: str) -> Iterator[tuple[Callable[[int], None] | None, Callable[[int], None] | None]]:
    """A progress bar on a terminal (stderr); nothing in CI, in pipes or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(TextColumn("检查文件" if lang == "zh" else "checking"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("", total=None)
        yield (lambda n: bar.advance(task, n)), (lambda total: bar.update(task, total=total))


def parse_date(lang: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(lang, "bad_date", value=value)


def split_codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return tuple(out)


# --- commands -------------------------------------------------------------------------


def init(
    path: Annotated[Path, typer.Argument(help="新仓库的目录（默认当前目录）/ folder of the new repository")] = Path("."),
    lang: LangOpt = None,
) -> None:
    from .scaffold import init_repository

    lang = resolve_lang(lang)
    if (path / "lianzheng.yaml").exists():
        fail(lang, "exists", path=path)
    written = init_repository(path)
    typer.echo(say(lang, "init_done", path=path, files="\n".join(f"  {p}" for p in written)))


def validate(
    path: PathArg = Path("."),
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="有警告也以 1 退出 / warnings fail too")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", help="只检查这些规则（代码或前缀，可用逗号分隔）/ only these rule codes or prefixes")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不检查这些规则 / skip these rule codes or prefixes")] = None,
    as_of: AsOfOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from .reporters import REPORTERS, working_base
    from .rules import Selection
    from .validate import validate as run

    lang = resolve_lang(lang)
    selection = Selection(split_codes(select), split_codes(ignore))
    if selection.unknown:
        fail(lang, "unknown_rules", codes=", ".join(selection.unknown))
    today = parse_date(lang, as_of)
    with repository_errors(lang, path), progress_bar(quiet or format != ValidateFormat.text, lang) as (tick, total):
        report = run(path, cache=not no_cache, today=today, selection=selection, progress=tick, on_total=total)
    color = format == ValidateFormat.text and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    reporter = REPORTERS[format.value](lang=lang, color=color, base=working_base())
    sys.stdout.write(reporter.render(report))
    raise typer.Exit(report.exit_code(strict))


def rules(
    code: Annotated[str | None, typer.Argument(help="只显示这一条规则的完整说明 / show one rule in full")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = ListFormat.text,
    lang: LangOpt = None,
) -> None:
    from .rules import RULES
    from .rulesdoc import render_rules

    lang = resolve_lang(lang)
    if code is not None and code not in RULES:
        matches = [c for c, r in RULES.items() if r.name == code]
        if not matches:
            fail(lang, "unknown_rule", code=code)
        code = matches[0]
    sys.stdout.write(render_rules(format.value, lang, code))


def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="写入此目录（省略则打印总 Schema）/ write into this folder")] = None,
    lang: LangOpt = None,
) -> None:
    from .schema import ANY_DOCUMENT, all_schemas, dumps, write_schemas

    lang = resolve_lang(lang)
    if out is None:
        sys.stdout.write(dumps(all_schemas()[ANY_DOCUMENT]))
        return
    try:
        written = write_schemas(out)
    except OSError as exc:
        fail(lang, "io", error=exc)
    typer.echo(say(lang, "schemas_written", count=len(written), path=out), err=True)


class GradeFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Grouping(str, Enum):
    department = "department"
    category = "category"
    area = "area"
    leader = "leader"


def grade(
    path: PathArg = Path("."),
    format: Annotated[GradeFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = GradeFormat.text,
    by: Annotated[list[Grouping] | None, typer.Option("--by", help="分布的分组（可重复；默认全部）/ distribution by (repeatable)")] = None,
    check: Annotated[bool, typer.Option("--check", help="申报等级与计算等级不一致且无 grade_override 时以 1 退出 / exit 1 on any unjustified mismatch")] = False,
    write: Annotated[bool, typer.Option("--write", help="把不一致的申报等级改为计算等级（只改这些值）/ fix declared grades in place")] = False,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from .grade import grade as run
    from .gradeout import render_csv, render_json, render_markdown, render_text
    from .writeback import write_grades

    lang = resolve_lang(lang)
    groups = [g.value for g in by] if by else ["department", "category", "area", "leader"]
    with repository_errors(lang, path), progress_bar(quiet or format != GradeFormat.text, lang) as (tick, total):
        report = run(path, cache=not no_cache, progress=tick, on_total=total)
    if write:
        with repository_errors(lang, path):
            result = write_grades(report)
        for c in result.changes:
            typer.echo(say(lang, "grade_written", path=c.path, line=c.line, id=c.risk, old=c.old, new=c.new))
        for p, rid, why in result.skipped:
            typer.echo(say(lang, "grade_skipped", path=p, id=rid, why=why), err=True)
        typer.echo(say(lang, "grades_written", n=len(result.changes), files=len(result.files)))
        raise typer.Exit(1 if result.skipped and check else 0)
    shown = report.mismatches if check else None
    if format == GradeFormat.json:
        out = render_json(report, shown)
    elif format == GradeFormat.csv:
        out = render_csv(report, lang, shown)
    elif format == GradeFormat.markdown:
        out = render_markdown(report, lang, groups, shown)
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        out = render_text(report, lang, groups, color, shown)
    sys.stdout.write(out)
    raise typer.Exit(1 if check and report.mismatches else 0)


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def diff(
    base: Annotated[str | None, typer.Argument(help="比较的起点版本（默认：HEAD 与默认分支的合并基础）/ base revision", show_default=False)] = None,
    head: Annotated[str | None, typer.Argument(help="比较的终点版本（默认：工作区）/ head revision (default: the working tree)", show_default=False)] = None,
    repo: Annotated[Path, typer.Option("--repo", help="git 仓库路径（默认当前目录）/ the repository (default: here)")] = Path("."),
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = DiffFormat.text,
    lang: LangOpt = None,
) -> None:
    from .diff import diff as run
    from .diffout import render_json, render_markdown, render_text

    lang = resolve_lang(lang)
    with repository_errors(lang, repo), git_errors(lang, repo):
        report = run(repo, base, head)
    if format == DiffFormat.json:
        sys.stdout.write(render_json(report))
    elif format == DiffFormat.markdown:
        sys.stdout.write(render_markdown(report, lang))
    else:
        sys.stdout.write(render_text(report, lang))


def due(
    path: PathArg = Path("."),
    as_of: AsOfOpt = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = ListFormat.text,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from .due import due as run
    from .dueout import render_json, render_markdown, render_text

    lang = resolve_lang(lang)
    today = parse_date(lang, as_of)
    with repository_errors(lang, path), progress_bar(quiet or format != ListFormat.text, lang) as (tick, total):
        report = run(path, as_of=today, cache=not no_cache, progress=tick, on_total=total)
    if format == ListFormat.json:
        sys.stdout.write(render_json(report, lang))
    elif format == ListFormat.markdown:
        sys.stdout.write(render_markdown(report, lang))
    else:
        sys.stdout.write(render_text(report, lang))


def codeowners(
    path: PathArg = Path("."),
    write: Annotated[Path | None, typer.Option("--write", "-w", help="写入此文件（省略则打印）/ write this file instead of printing")] = None,
    check: Annotated[Path | None, typer.Option("--check", help="此文件与数据不一致时以 1 退出（不写入）/ exit 1 when this file is out of date")] = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from .codeowners import CodeownersError
    from .codeowners import codeowners as run

    lang = resolve_lang(lang)
    try:
        with repository_errors(lang, path), progress_bar(quiet, lang) as (tick, total):
            owners = run(path, cache=not no_cache, progress=tick, on_total=total)
    except CodeownersError as exc:
        for problem in exc.problems:
            error(lang, problem.message(lang))
        raise typer.Exit(2) from None
    text = owners.render(lang)
    if check is not None:
        try:
            current = check.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            typer.echo(say(lang, "codeowners_stale", path=check), err=True)
            raise typer.Exit(1)
        return
    if write is None:
        sys.stdout.write(text)
        return
    try:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        fail(lang, "io", error=exc)
    typer.echo(say(lang, "codeowners_written", path=write, n=len(owners.files)), err=True)


class RenderFormat(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"


class Audience(str, Enum):
    public = "public"
    internal = "internal"


def render(
    path: PathArg = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出目录（默认仓库根目录下 build/flows）/ output folder")] = None,
    format: Annotated[RenderFormat, typer.Option("--format", "-f", help="图片格式 / format")] = RenderFormat.svg,
    audience: Annotated[Audience, typer.Option("--audience", help="public 只含公开职权且无风险信息；internal 标注风险点 / public or internal view")] = Audience.internal,
    power: Annotated[list[str] | None, typer.Option("--power", help="只绘制这些职权（可重复）/ only these powers")] = None,
    lanes: Annotated[bool, typer.Option("--lanes", help="按科室分泳道 / one lane per department")] = False,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from .render import GraphvizMissing
    from .render import render as run

    lang = resolve_lang(lang)
    try:
        with repository_errors(lang, path), progress_bar(quiet, lang) as (tick, total):
            result = run(path, out=out, fmt=format.value, audience=audience.value, powers=split_codes(power),
                         lanes=lanes, lang=lang, cache=not no_cache, progress=tick, on_total=total)
    except GraphvizMissing as exc:
        fail(lang, "no_dot", hint=str(exc))
    if result.unknown:
        fail(lang, "unknown_powers", ids=", ".join(result.unknown))
    for pid in result.without_flow:
        typer.echo(say(lang, "no_flow", id=pid), err=True)
    for chart in result.failed:
        typer.echo(say(lang, "chart_failed", id=chart.power, error=chart.error), err=True)
    where = result.written[0].parent if result.written else (out or "build/flows")
    if not quiet:
        typer.echo(say(lang, "rendered", n=len(result.written), out=where, drawn=result.drawn, cached=result.from_cache))
    raise typer.Exit(1 if result.failed else 0)


class PublishAudience(str, Enum):
    public = "public"
    internal = "internal"
    all = "all"


def publish(
    path: PathArg = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出目录（默认仓库根目录下 site/）/ output folder")] = None,
    audience: Annotated[PublishAudience, typer.Option("--audience", help="public 对外公开版；internal 内部版；all 两者 / which edition")] = PublishAudience.all,
    as_of: Annotated[str | None, typer.Option("--as-of", help="判断到期、逾期的日期（默认 HEAD 提交日期）/ reference date")] = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
) -> None:
    from .publish import ChartsFailed, PublishRefused
    from .publish import publish as run
    from .render import GraphvizMissing
    from .reporters import TextReporter, working_base
    from .validate import Report

    lang = resolve_lang(lang)
    day = parse_date(lang, as_of)
    try:
        with repository_errors(lang, path), progress_bar(quiet, lang) as (tick, total):
            result = run(path, out=out, audience=audience.value, as_of=day, cache=not no_cache,
                         progress=tick, on_total=total)
    except GraphvizMissing as exc:
        fail(lang, "no_dot", hint=str(exc))
    except PublishRefused as exc:
        from .layout import find_root

        report = Report(find_root(path), exc.errors)
        sys.stderr.write(TextReporter(lang=lang, base=working_base()).render(report))
        fail(lang, "publish_refused", exit_code=1, n=len(exc.errors))
    except ChartsFailed as exc:
        for chart in exc.charts:
            typer.echo(say(lang, "chart_failed", id=chart.power, error=chart.error), err=True)
        fail(lang, "publish_failed", exit_code=1)
    if not quiet:
        for edition, e in result.editions.items():
            typer.echo(say(lang, "published", edition=edition, path=e.path, pages=e.pages, rendered=e.rendered,
                           reused=e.reused))


# --- the app --------------------------------------------------------------------------

HELP = {
    "app": T("lianzheng（lz）：把廉政风险防控（职权目录、权力运行流程图、廉政风险、裁量基准）作为 YAML 放在 git 中管理。",
             "lianzheng (lz): integrity-risk prevention and control as YAML files in git."),
    "init": T("创建新的单位数据仓库：lianzheng.yaml、示例职权、CI 模板（GitHub Actions、GitLab CI）、"
              "pre-commit 配置和 CODEOWNERS。\n\n示例：lz init my-unit",
              "Create a new unit repository: lianzheng.yaml, a sample power, CI templates (GitHub Actions, GitLab CI), "
              "the pre-commit config and CODEOWNERS.\n\nExample: lz init my-unit"),
    "validate": T("检查 YAML 语法、文档结构、引用、流程图、完整性、风险和裁量基准，一次报告全部问题。\n\n"
                  "示例：lz validate . --format json",
                  "Check syntax, schema, references, flowcharts, completeness, risks and benchmarks; report every problem at once.\n\n"
                  "Example: lz validate . --format json"),
    "rules": T("列出全部检查规则：代码、名称、级别、检查什么以及为什么。\n\n示例：lz rules F003",
               "List every rule: code, name, severity, what it checks and why.\n\nExample: lz rules F003"),
    "schema": T("输出 JSON Schema（与仓库中 schemas/ 相同），供编辑器补全和检查。\n\n示例：lz schema --out schemas",
                "Write the JSON Schemas (the same as schemas/) for editor completion.\n\nExample: lz schema --out schemas"),
    "grade": T("计算每个风险的等级，对比申报等级，显示分布和热力图。\n\n示例：lz grade . --check",
               "Grade every risk, compare with the declared grades, show distribution and heat map.\n\nExample: lz grade . --check"),
    "render": T("为每项职权绘制权力运行流程图（SVG/PNG/PDF/DOT）。\n\n示例：lz render . --format png",
                "Draw each power's flowchart (SVG/PNG/PDF/DOT).\n\nExample: lz render . --format png"),
    "publish": T("生成对外公开网站和内部网站。\n\n示例：lz publish . --out site",
                 "Build the public and internal sites.\n\nExample: lz publish . --out site"),
    "diff": T("比较两个 git 版本之间的变化（职权、流程环节、风险及其等级、措施、裁量基准），供合并请求审核；"
              "标出需领导班子集体审定的变化。不检出文件，直接读取 git 对象。\n\n"
              "示例：lz diff main HEAD --format markdown",
              "What changed between two git revisions (powers, steps, risks and grades, measures, benchmarks), for "
              "pull-request review, with the changes the leadership must approve; read from git objects, no checkout.\n\n"
              "Example: lz diff main HEAD --format markdown"),
    "due": T("列出现在需要处理的事项（动态管理，第13条）：超过复核周期的风险、所引用法规在复核后修订的风险、"
             "逾期未完成的措施、未经集体审定的高风险。\n\n示例：lz due . --as-of 2026-12-31 --format markdown",
             "List what needs attention now (dynamic management, art. 13): risks past the review cycle, risks "
             "whose cited laws were revised since their review, overdue measures, high risks not approved.\n\n"
             "Example: lz due . --as-of 2026-12-31 --format markdown"),
    "codeowners": T("根据数据生成 CODEOWNERS 文件（GitHub、GitLab 通用）：每个数据文件由纪检负责人审核，"
                    "含高风险的文件还须主要负责人和该风险的责任领导审核（第6条集体审定由代码平台强制执行）。\n\n"
                    "示例：lz codeowners . --write .github/CODEOWNERS",
                    "Generate a CODEOWNERS file (GitHub and GitLab) from the data: the discipline office owns every "
                    "data file, and the principal and the risk's leader also own each file holding a high risk, so "
                    "the forge enforces the approval of art. 6.\n\nExample: lz codeowners . --write .github/CODEOWNERS"),
}

COMMANDS: dict[str, Callable[..., None]] = {
    "init": init,
    "validate": validate,
    "rules": rules,
    "schema": schema,
    "grade": grade,
    "render": render,
    "publish": publish,
    "diff": diff,
    "due": due,
    "codeowners": codeowners,
}


def build_app(lang: str) -> typer.Typer:
    app = typer.Typer(help=HELP["app"](lang), add_completion=False, no_args_is_help=True,
                      context_settings={"help_option_names": ["-h", "--help"]}, rich_markup_mode=None,
                      pretty_exceptions_enable=False)
    for name, fn in COMMANDS.items():
        app.command(name, help=HELP[name](lang))(fn)
    return app


def _lang_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    lang = resolve_lang(_lang_from_argv(sys.argv[1:]))
    try:
        build_app(lang)(prog_name="lz", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of lz: a clear message, the traceback only on request
        if os.environ.get("LZ_DEBUG"):
            raise
        prefix = "lz 内部错误" if lang == "zh" else "lz internal error"
        hint = ("请把这条信息和重现步骤报告给维护者；设置 LZ_DEBUG=1 可显示详细调用栈"
                if lang == "zh" else "please report it with the steps to reproduce; LZ_DEBUG=1 shows the traceback")
        print(f"{prefix}：{type(exc).__name__}: {exc}\n{hint}", file=sys.stderr)
        sys.exit(2)

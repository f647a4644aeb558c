"""What every command shares: its options, its messages about paths, dates and git, how
it opens the repository (with a progress bar on a terminal), how it prints a report, and
how a failure becomes a message and an exit code (SPEC.md: 0 fine, 1 problems found,
2 usage or I/O error)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from lianzheng.i18n import Text as T

if TYPE_CHECKING:
    from lianzheng.repo.repository import Repository

PathArg = Annotated[Path, typer.Argument(help="数据仓库路径（默认当前目录）/ repository path", show_default=False)]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="输出语言 zh|en（或环境变量 LZ_LANG）/ output language", show_default=False)
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度 / no progress bar")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="不读写 .lz-cache/ 缓存 / neither read nor write the cache")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="以此日期判断逾期、到期（默认今天）/ reference date YYYY-MM-DD")]
SignalsOpt = Annotated[Path | None, typer.Option(
    "--signals", help="纪检监察机构另行保管的预警信号和处置文件夹（与数据仓库一并读取）/ the discipline office's "
    "folder of signals and disposals, read as well")]

MESSAGES = {
    "not_found": T("路径不存在：{path}", "path does not exist: {path}"),
    "no_root": T("在 {path} 及其上级目录中找不到 lianzheng.yaml；请先运行 lz init",
                 "no lianzheng.yaml at or above {path}; run `lz init` first"),
    "io": T("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "write": T("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "bad_date": T("日期格式应为 YYYY-MM-DD：{value}", "dates are YYYY-MM-DD: {value}"),
    "no_dot": T("找不到 Graphviz 的 dot 程序。请先安装：{hint}（--format dot 不需要它）",
                "Graphviz `dot` is not installed. Install it: {hint} (--format dot works without it)"),
    "no_git": T("找不到 git 命令；请先安装 git", "the git program was not found; install git first"),
    "not_repo": T("{path} 不在 git 仓库中（lz diff 比较 git 版本；用 --repo 指定仓库）",
                  "{path} is not inside a git repository (lz diff compares git revisions; use --repo)"),
    "bad_revision": T("无法识别的 git 版本：{rev}", "not a git revision: {rev}"),
    "no_default_branch": T("找不到默认分支（origin/HEAD、main 或 master），请指定要比较的 BASE 版本",
                           "no default branch (origin/HEAD, main or master): give the BASE revision"),
    "git_failed": T("git 出错：{detail}", "git failed: {detail}"),
    "not_folder": T("{path} 不是文件夹", "{path} is not a folder"),
    "foreign": T("{path} 不是 lz 生成的文件，未覆盖；请换一个输出目录（--out），或先移走它",
                 "{path} was not written by lz and is left alone; choose another output folder (--out) or move it away"),
}


def say(lang: str, text: T, **args: Any) -> str:
    """A message in the user's language. Its values (paths, ids, what the user typed, an
    error's text) are made `visible`: a value never adds a line to a message."""
    from lianzheng.report.text import visible

    return text(lang).format(**{k: v if isinstance(v, (int, float)) else visible(str(v)) for k, v in args.items()})


def error(lang: str, text: str) -> None:
    """An error on stderr, on one line (the values in it are `visible`)."""
    from lianzheng.report.text import visible

    typer.echo(("错误：" if lang == "zh" else "error: ") + visible(text), err=True)


def fail(lang: str, text: T, exit_code: int = 2, **args: Any) -> NoReturn:
    error(lang, say(lang, text, **args))
    raise typer.Exit(exit_code)


def choice(values: tuple[str, ...]) -> Any:
    """A type accepting one of `values` (typer lists them in `--help`)."""
    return Literal[values]


def format_option(report: str, help: str = "输出格式 / output format") -> Any:
    """`--format` of a command: the formats of its report in the one report registry."""
    from lianzheng.report import formats

    return Annotated[choice(formats(report)), typer.Option("--format", "-f", help=help)]


def color_for(stream: Any = None) -> bool:
    """ANSI colours: only on a terminal, and never with NO_COLOR."""
    return (stream or sys.stdout).isatty() and "NO_COLOR" not in os.environ


def rendered(report: str, fmt: str, data: Any, lang: str, **options: Any) -> str:
    """A report in one of its formats, coloured when it goes to a terminal as text."""
    from lianzheng.report import render

    return render(report, fmt, data, lang=lang, color=fmt == "text" and color_for(), **options)


def emit(report: str, fmt: str, data: Any, lang: str, **options: Any) -> None:
    """Print a report on stdout in one of its formats."""
    sys.stdout.write(rendered(report, fmt, data, lang, **options))


def remembered(path: Path, lang: str, command: str, options: tuple[Any, ...], enabled: bool,
               signals: Path | None = None) -> Any:
    """The `RunRecord` of a command whose whole output depends on the repository's files
    (and those of the `--signals` folder) and `options` only: a replay prints it and exits
    with its code."""
    from lianzheng.repo.runs import RunRecord

    check_signals(lang, signals)
    with repository_errors(lang, path):
        run = RunRecord(path, command, (*options, lang, color_for(), str(working_base())), enabled, annex=signals)
    hit = run.replay()
    if hit is not None:
        sys.stdout.write(hit[1].decode("utf-8"))
        raise typer.Exit(hit[0])
    return run


def finish(run: Any, exit_code: int, output: str, read: Sequence[Path] = ()) -> NoReturn:
    """Print a command's output, remember it for a replay (with the files besides the
    data files it read: `read`), and exit."""
    run.record(exit_code, output.encode("utf-8"), read)
    sys.stdout.write(output)
    raise typer.Exit(exit_code)


# Why an OS call failed, in the user's language (errno -> text); others: the OS's words.
REASONS = {
    errno.EACCES: T("没有权限", "permission denied"),
    errno.EPERM: T("不允许此操作", "operation not permitted"),
    errno.EROFS: T("文件系统是只读的", "the file system is read-only"),
    errno.ENOSPC: T("磁盘空间不足", "no space left on the device"),
    errno.EDQUOT: T("超出磁盘配额", "disk quota exceeded"),
    errno.EISDIR: T("它是目录，不是文件", "it is a folder, not a file"),
    errno.ENOTDIR: T("路径中有一段不是目录", "a part of the path is not a folder"),
    errno.ELOOP: T("符号链接形成循环", "symbolic links loop"),
    errno.ENAMETOOLONG: T("名称太长", "the name is too long"),
    errno.EIO: T("读写设备出错", "input/output error"),
}
NOT_FOUND = T("不存在", "it does not exist")
CANNOT_CREATE = T("无法在 {parent} 中创建 {name}", "{name} cannot be created in {parent}")
FILE_IN_THE_WAY = T("{blocker} 是文件，不是目录", "{blocker} is a file, not a folder")
IT_IS_A_FILE = T("它是文件，不是目录", "it is a file, not a folder")


def _file_in_the_way(path: Path) -> Path | None:
    """The part of `path` that exists as a file where a folder is needed, if any (the
    deepest part that exists; `exists` is false below a file)."""
    for part in (path, *path.parents):
        try:
            if part.exists():
                return None if part.is_dir() else part
        except OSError:
            return None
    return None


def os_reason(lang: str, exc: OSError, writing: bool = False, shown: Path | None = None) -> str:
    """Why `exc` happened, for a person; `shown`: the path the message names."""
    failed = Path(exc.filename) if exc.filename else shown
    if writing and failed is not None and exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.ENOENT):
        blocker = _file_in_the_way(failed)
        if blocker is not None:
            return IT_IS_A_FILE(lang) if blocker == shown else say(lang, FILE_IN_THE_WAY, blocker=blocker)
        if exc.errno == errno.ENOENT:
            return say(lang, CANNOT_CREATE, parent=failed.parent, name=failed.name)
    if exc.errno == errno.ENOENT:
        return NOT_FOUND(lang)
    text = REASONS.get(exc.errno or 0)
    return text(lang) if text is not None else (exc.strerror or str(exc))


@contextmanager
def repository_errors(lang: str, path: Path) -> Iterator[None]:
    """Turn the library's failures to read into a clear message naming what could not be
    read and why, and exit code 2."""
    from lianzheng.repo.layout import RepositoryNotFound
    from lianzheng.repo.storage import ForeignFile

    try:
        yield
    except ForeignFile as exc:
        fail(lang, MESSAGES["foreign"], path=exc.folder / exc.path)
    except FileNotFoundError as exc:
        fail(lang, MESSAGES["not_found"], path=exc.filename or path)
    except RepositoryNotFound:
        fail(lang, MESSAGES["no_root"], path=path)
    except OSError as exc:
        fail(lang, MESSAGES["io"], path=exc.filename or path, reason=os_reason(lang, exc))


@contextmanager
def output_errors(lang: str, target: Path | None, folder: bool = True) -> Iterator[None]:
    """Turn a failure to write `target` (an output folder, or with `folder=False` a file;
    None: whatever file failed) into "无法写入 <path>：<why>" and exit code 2. The path
    named is the one the user gave when the failure lies inside it."""
    try:
        yield
    except OSError as exc:
        failed = Path(exc.filename) if exc.filename else target
        shown = failed
        if target is not None and failed is not None:
            full, wanted = Path(os.path.abspath(failed)), Path(os.path.abspath(target))
            if full == wanted or wanted in full.parents or full in wanted.parents:
                shown = target
        fail(lang, MESSAGES["write"], path=shown if shown is not None else "",
             reason=os_reason(lang, exc, writing=True, shown=shown if folder else None))


@contextmanager
def git_errors(lang: str, path: Path) -> Iterator[None]:
    """A git failure (no git, not a repository, a bad revision) is a usage error: exit 2."""
    from lianzheng.repo.gitread import GitError

    try:
        yield
    except GitError as exc:
        text = MESSAGES.get(exc.kind, MESSAGES["git_failed"])
        fail(lang, text, path=path, rev=exc.rev, detail=exc.detail)


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


def check_signals(lang: str, signals: Path | None) -> None:
    """A `--signals` folder that is not one exits 2 with a clear message."""
    if signals is not None and not signals.is_dir():
        fail(lang, MESSAGES["not_folder" if signals.exists() else "not_found"], path=signals)


def open_repository(path: Path, lang: str, *, cache: bool = True, quiet: bool = False,
                    models: bool = False, signals: Path | None = None) -> Repository:
    """The repository holding `path` (and the `--signals` folder), scanned once for the
    whole command; a path that is not a repository exits 2 with a clear message."""
    from lianzheng import open_repository as open_

    check_signals(lang, signals)
    with repository_errors(lang, path), progress_bar(quiet, lang) as (tick, total):
        return open_(path, cache=cache, models=models, progress=tick, on_total=total, signals=signals)


def parse_date(lang: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(lang, MESSAGES["bad_date"], value=value)


def rule_hint(lang: str, name: str) -> str:
    """"did you mean" for a rule code or name that is not one: `c04` → C004,
    `missing-benchmrk` → missing-benchmark."""
    from lianzheng.cli.clicktext import did_you_mean
    from lianzheng.rules import RULES

    return did_you_mean(lang, name.strip().upper(), RULES) or did_you_mean(
        lang, name.strip().lower(), (r.name for r in RULES.values()))


def split_codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return tuple(out)


def working_base() -> Path:
    """The folder paths in reports are shown relative to: where the user runs lz."""
    return Path(os.getcwd()).resolve()


UNUSABLE_LOG = T("办件数据 {log} 无法使用，其红牌未计入：{error}", "case log {log} cannot be used; its red cards are left out: {error}")


def supervised(repo: Repository, day: dt.date, lang: str) -> Any:
    """`lz monitor` on the repository's case logs at the end of `day`, for the commands whose
    figures its red cards and cases feed (warn, due, assess). A log that cannot be used is
    named on stderr and left out; the command goes on with the others."""
    from lianzheng.monitor.signals import supervision

    result = supervision(repo, day)
    for log_id, exc in result.unusable:
        error(lang, say(lang, UNUSABLE_LOG, log=log_id, error=exc.message(lang)))
    return result


def log_files(repo: Repository) -> list[Path]:
    """The case log files a command read (for its remembered output: a changed log is a miss)."""
    return sorted(repo.root / c.source for c in repo.caselogs() if c.source)

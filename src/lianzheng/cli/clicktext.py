"""click's own words — usage errors, the usage line, help headings — in the user's language.

`lz` runs on typer, and typer on its copy of click, which writes "No such option",
"Invalid value for '--format': Value error, …", "Usage:", "Show this message and exit."
in English, most of them as plain strings. So:

- a usage error is caught where click raises it (`usage_errors`) and raised again as a
  `LzUsageError` that says the same thing in the user's language (`describe`), with a
  "did you mean" where one fits; click prints it and exits 2 as before;
- the usage line and the help option get their words from `TEXT`;
- the few words typer looks up through gettext (`Options`, `Commands`, `default: …`) are
  given in `GETTEXT_ZH` for the length of a run (`speaking`).
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import typer

from lianzheng.i18n import Text as T
from lianzheng.i18n import visible

TEXT = {
    "usage": T("用法：", "Usage: "),
    "try": T("运行 '{command} -h' 查看帮助。", "Try '{command} -h' for help."),
    "error": T("错误：", "error: "),
    "help": T("显示此帮助并退出", "Show this message and exit."),
    "no_option": T("没有选项 {name}", "no such option: {name}"),
    "no_command": T("没有命令 {name}", "no such command: {name}"),
    "needs_value": T("选项 {name} 需要一个值", "option {name} needs a value"),
    "bad_choice": T("{param} 的值 `{value}` 无效，可选：{choices}", "{param}: `{value}` is not allowed; choose one of: {choices}"),
    "bad_value": T("{param} 的值无效：{message}", "invalid value for {param}: {message}"),
    "missing": T("缺少{what} {param}", "missing {what} {param}"),
    "argument": T("参数", "argument"),
    "option": T("选项", "option"),
    "extra": T("多余的参数：{args}", "unexpected extra argument(s): {args}"),
    "bad_path": T("{param} 的值无效：{path} {why}", "invalid value for {param}: {path} {why}"),
    "did_you_mean": T("（是否应为 {name}？）", " (did you mean {name}?)"),
}
SEPARATOR = T("、", ", ")
PATH_WHY = {
    "does not exist": T("不存在", "does not exist"), "is not readable": T("不可读取", "is not readable"),
    "is not writable": T("不可写入", "is not writable"), "is a file": T("是文件，不是目录", "is a file, not a folder"),
    "is a directory": T("是目录，不是文件", "is a folder, not a file"),
}

# The words typer itself looks up with gettext, in Chinese.
GETTEXT_ZH = {
    "Options": "选项", "Arguments": "参数", "Commands": "命令", "default: {default}": "默认：{default}",
    "required": "必填", "env var: {var}": "环境变量：{var}", "(dynamic)": "（动态）", "Aborted!": "已中止！",
    "Missing command.": "缺少命令。",
}
GETTEXT_MODULES = ("typer.core",)

_CHOICE = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*?)\.?$", re.S)
_PATH = re.compile(r"(?:path|file|directory) '(?P<path>.*)' (?P<why>does not exist|is not readable|is not writable"
                   r"|is a file|is a directory)\.?$", re.S)
_EXTRA = re.compile(r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)$", re.S)
_NO_COMMAND = re.compile(r"No such command '(?P<name>[^']*)'")


def click_exceptions() -> ModuleType:
    """The exceptions of the click typer runs on: its own copy in recent typer, else click."""
    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:
        return importlib.import_module("click.exceptions")


def did_you_mean(lang: str, value: str, candidates: Iterable[str]) -> str:
    """`（是否应为 X？）` for the closest candidate to a near miss, else ""."""
    pool = sorted(set(candidates))
    match = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not match:
        folded = {c.lower().replace("_", "-"): c for c in pool}
        found = folded.get(value.lower().replace("_", "-"))
        match = [found] if found else []
    return TEXT["did_you_mean"](lang).format(name=match[0]) if match else ""


class LzUsageError(click_exceptions().ClickException):  # type: ignore[misc,name-defined]
    """A usage error said in the user's language; click shows it and exits 2."""

    exit_code = 2

    def __init__(self, text: str, ctx: Any, lang: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.lang = lang

    def show(self, file: Any = None) -> None:
        lines = []
        if self.ctx is not None:
            lines += [self.ctx.get_usage(), TEXT["try"](self.lang).format(command=self.ctx.command_path), ""]
        lines.append(TEXT["error"](self.lang) + visible(self.message))
        typer.echo("\n".join(lines), err=True)


def _param_name(param: Any) -> str:
    """`--format` (its long name) for an option, its name for an argument."""
    opts = list(getattr(param, "opts", None) or ())
    if opts and opts[0].startswith("-"):
        return opts[0]
    return str(getattr(param, "human_readable_name", "") or getattr(param, "name", "") or "").upper()


def describe(exc: Any, lang: str, commands: Iterable[str] = (), hints: Mapping[str, T] | None = None) -> str:
    """What a click usage error means, in `lang`; `hints`: what an option that needs a
    value wants (the command's `VALUE_HINTS`), said after "needs a value"."""
    errors = click_exceptions()
    message = str(getattr(exc, "message", "") or "")
    sep = SEPARATOR(lang)
    if isinstance(exc, errors.NoSuchOption):
        hint = did_you_mean(lang, exc.option_name, exc.possibilities or ()) if exc.possibilities else ""
        return TEXT["no_option"](lang).format(name=exc.option_name) + hint
    if isinstance(exc, errors.BadOptionUsage) and "requires" in message:
        hint = (hints or {}).get(exc.option_name)
        return TEXT["needs_value"](lang).format(name=exc.option_name) + (hint(lang) if hint else "")
    if isinstance(exc, errors.MissingParameter):
        what = TEXT["option" if getattr(exc.param, "param_type_name", "") == "option" else "argument"](lang)
        return TEXT["missing"](lang).format(what=what, param=_param_name(exc.param))
    if isinstance(exc, errors.BadParameter):
        param = exc.param_hint or _param_name(exc.param)
        choice = _CHOICE.search(message)
        if choice:
            choices = [c.strip().strip("'") for c in choice.group("choices").split(",")]
            value = choice.group("value")
            return TEXT["bad_choice"](lang).format(param=param, value=value, choices=sep.join(choices)) \
                + did_you_mean(lang, value, choices)
        path = _PATH.search(message)
        if path:
            return TEXT["bad_path"](lang).format(param=param, path=path.group("path"), why=PATH_WHY[path.group("why")](lang))
        return TEXT["bad_value"](lang).format(param=param, message=message.removeprefix("Value error, "))
    extra = _EXTRA.match(message)
    if extra:
        return TEXT["extra"](lang).format(args=extra.group("args"))
    command = _NO_COMMAND.match(message)  # (typer's own "Did you mean" is English: said again here)
    if command:
        name = command.group("name")
        return TEXT["no_command"](lang).format(name=name) + did_you_mean(lang, name, commands)
    return message


@contextmanager
def usage_errors(lang: str, commands: Iterable[str] = (), hints: Mapping[str, T] | None = None) -> Iterator[None]:
    """Click's usage errors raised inside, said again in `lang` (see the module)."""
    errors = click_exceptions()
    try:
        yield
    except LzUsageError:
        raise
    except getattr(errors, "NoArgsIsHelpError", LzUsageError):  # `lz` alone: click shows the help itself
        raise
    except errors.UsageError as exc:
        raise LzUsageError(describe(exc, lang, commands, hints), exc.ctx, lang) from None


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """typer's gettext words in `lang` inside this block (as before after it)."""
    if lang != "zh":
        yield
        return
    saved: list[tuple[ModuleType, Any]] = []
    for name in GETTEXT_MODULES:
        module = importlib.import_module(name)
        original = getattr(module, "_", None)
        if original is None:
            continue
        saved.append((module, original))

        def gettext(message: str, fallback: Any = original) -> str:
            return GETTEXT_ZH.get(message) or fallback(message)

        module._ = gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, original in saved:
            module._ = original  # type: ignore[attr-defined]

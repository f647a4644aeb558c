"""The `lz` command line: one module per command (its arguments, its help, its messages),
each calling the library and printing one of its report's formats.

Nothing is computed here; every command wraps a library function. Exit codes (SPEC.md):
0 fine, 1 problems found, 2 usage or I/O error."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer

from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("lianzheng（lz）：把廉政风险防控（职权目录、权力运行流程图、廉政风险、裁量基准）作为 YAML 放在 git 中管理。",
         "lianzheng (lz): integrity-risk prevention and control as YAML files in git.")

# Command name -> its module in this package, in the order `lz --help` lists them.
COMMANDS: dict[str, str] = {
    "init": "init",
    "validate": "validate",
    "rules": "rules",
    "schema": "schema",
    "grade": "grade",
    "render": "render",
    "publish": "publish",
    "diff": "diff",
    "due": "due",
    "codeowners": "codeowners",
    "warn": "warn",
    "monitor": "monitor",
    "export": "export",
    "import": "import_",
    "assess": "assess",
    "rollup": "rollup",
}


VERSION_HELP = T("显示版本并退出", "show the version and exit")
# `lz --lang en --help`: the language is read from argv before the app is built (see
# `main`); the top level accepts the option so that click does not refuse it.
LANG_HELP = T("输出语言 zh|en（或环境变量 LZ_LANG）", "output language zh|en (or LZ_LANG)")


def command_module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"lianzheng.cli.{COMMANDS[name]}")


def first_sentence(text: str) -> str:
    """A command's summary in `lz --help`: the first sentence of its help, whole (click
    would cut it at 45 columns, and a Chinese character counts as two)."""
    head = text.strip().split("\n\n", 1)[0]
    for end in ("。", ". "):
        if end in head:
            return head.split(end, 1)[0] + end.strip()
    return head


def _show_version(value: bool) -> None:
    if value:
        from lianzheng import __version__

        typer.echo(f"lz {__version__}")
        raise typer.Exit(0)


def build_app(lang: str, only: str | None = None) -> typer.Typer:
    """The `lz` app in `lang`; `only`: register that command alone (what `main` does when
    the command line names one: typer reads every command's parameters when it builds the
    app, a cost each pre-commit `lz validate` would pay for the fifteen others)."""
    from typer.core import TyperCommand, TyperGroup

    from lianzheng.cli.clicktext import TEXT, speaking, usage_errors

    class Words:
        """What `lz` and each command say of themselves in `lang`: the usage line, the
        help option, and click's usage errors (see `cli.clicktext`)."""

        def format_usage(self, ctx: Any, formatter: Any) -> None:
            formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),  # type: ignore[attr-defined]
                                  prefix=TEXT["usage"](lang))

        def get_help_option(self, ctx: Any) -> Any:
            option = super().get_help_option(ctx)  # type: ignore[misc]
            if option is not None:
                option.help = TEXT["help"](lang)
            return option

        def make_context(self, *args: Any, **kwargs: Any) -> Any:
            name = getattr(self, "name", None)
            hints = getattr(command_module(name), "VALUE_HINTS", None) if name in COMMANDS else None
            with usage_errors(lang, COMMANDS, hints):
                return super().make_context(*args, **kwargs)  # type: ignore[misc]

    class Command(Words, TyperCommand):
        pass

    class Group(Words, TyperGroup):
        def main(self, *args: Any, **kwargs: Any) -> Any:
            with speaking(lang):
                return super().main(*args, **kwargs)

        def invoke(self, ctx: Any) -> Any:
            with usage_errors(lang, COMMANDS):
                return super().invoke(ctx)

    app = typer.Typer(help=HELP(lang), add_completion=False, no_args_is_help=True, cls=Group,
                      context_settings={"help_option_names": ["-h", "--help"]}, rich_markup_mode=None,
                      pretty_exceptions_enable=False)

    # (a default, not an annotation: typer reads annotations in the module's namespace)
    @app.callback(invoke_without_command=True)
    def root(ctx: typer.Context,
             version: bool = typer.Option(False, "--version", help=VERSION_HELP(lang), is_eager=True,
                                          callback=_show_version),
             language: str | None = typer.Option(None, "--lang", help=LANG_HELP(lang), show_default=False)) -> None:
        if language is not None:  # `lz --lang en validate .`: the command's own --lang, unless it has one
            ctx.default_map = {**(ctx.default_map or {}), **{name: {"lang": language} for name in COMMANDS}}
        if ctx.invoked_subcommand is None:  # `lz --lang en` alone: the help, as `lz` alone shows it
            from lianzheng.cli.clicktext import click_exceptions

            raise click_exceptions().NoArgsIsHelpError(ctx)

    for name in [only] if only in COMMANDS else COMMANDS:
        module = command_module(name)
        text = module.HELP(lang)
        app.command(name, help=text, short_help=first_sentence(text), cls=Command)(module.command)
    return app


def _lang_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _command_from_argv(argv: list[str]) -> str | None:
    """The command the command line names (after the top level's own options), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            return arg
        elif arg in ("-h", "--help", "--version"):
            return None
    return None


def main() -> None:
    argv = sys.argv[1:]
    lang = resolve_lang(_lang_from_argv(argv))
    try:
        build_app(lang, only=_command_from_argv(argv))(prog_name="lz", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of lz: a clear message, the traceback only on request
        if os.environ.get("LZ_DEBUG"):
            raise
        prefix = "lz 内部错误" if lang == "zh" else "lz internal error"
        hint = ("请把这条信息和重现步骤报告给维护者；设置 LZ_DEBUG=1 可显示详细调用栈"
                if lang == "zh" else "please report it with the steps to reproduce; LZ_DEBUG=1 shows the traceback")
        from lianzheng.report.text import visible

        print(f"{prefix}{'：' if lang == 'zh' else ': '}{type(exc).__name__}: {visible(str(exc))}\n{hint}", file=sys.stderr)
        sys.exit(2)

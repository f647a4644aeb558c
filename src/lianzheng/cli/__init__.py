"""The `lz` command line: one module per command (its arguments, its help, its messages),
each calling the library and printing one of its report's formats.

Nothing is computed here; every command wraps a library function. Exit codes (SPEC.md):
0 fine, 1 problems found, 2 usage or I/O error."""

from __future__ import annotations

import importlib
import os
import sys

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
    "export": "export",
    "import": "import_",
    "rollup": "rollup",
}


def command_module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"lianzheng.cli.{COMMANDS[name]}")


def build_app(lang: str) -> typer.Typer:
    app = typer.Typer(help=HELP(lang), add_completion=False, no_args_is_help=True,
                      context_settings={"help_option_names": ["-h", "--help"]}, rich_markup_mode=None,
                      pretty_exceptions_enable=False)
    for name in COMMANDS:
        module = command_module(name)
        app.command(name, help=module.HELP(lang))(module.command)
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

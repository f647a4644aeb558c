"""`--lang` at the top level (issue 10, leftovers): `lz --help --lang en` and `lz --lang en
--help` give the English help, `lz --lang en COMMAND` speaks English, and `lz` alone shows
the help as it is (never as a one-line error with the help escaped inside)."""

from __future__ import annotations

import re

import pytest

from lianzheng.cli import HELP
from tests.clirunner import lz
from tests.conftest import BASE_REPO

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("args", [["--help", "--lang", "en"], ["--lang", "en", "--help"], ["--lang=en", "--help"],
                                  ["-h", "--lang", "en"]])
def test_top_level_help_in_english(args: list[str]) -> None:
    result = lz(args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Usage: lz [OPTIONS] COMMAND [ARGS]...")
    assert HELP("en") in result.stdout and "Show this message and exit." in result.stdout
    assert "--lang" in result.stdout and not CJK.search(result.stdout)


def test_top_level_help_in_chinese_lists_the_option() -> None:
    result = lz(["--help"])
    assert result.exit_code == 0 and result.stdout.startswith("用法：lz")
    assert re.search(r"--lang\s.*输出语言", result.stdout)


def test_top_level_lang_reaches_the_command() -> None:
    result = lz(["--lang", "en", "validate", str(BASE_REPO), "--no-cache"])
    assert (result.exit_code, result.stdout) == (0, "No problems found.\n")
    # the command's own --lang wins
    result = lz(["--lang", "en", "validate", str(BASE_REPO), "--no-cache", "--lang", "zh"])
    assert result.stdout == "未发现问题。\n"


@pytest.mark.parametrize("args, usage", [([], "用法：lz"), (["--lang", "en"], "Usage: lz")])
def test_no_command_shows_the_help_itself(args: list[str], usage: str) -> None:
    result = lz(args)
    assert result.exit_code == 2
    out = result.stdout + result.stderr
    assert out.startswith(usage) and "\\n" not in out and "错误" not in out and "error:" not in out
    assert "validate" in out and ("Commands:" if usage == "Usage: lz" else "命令:") in out

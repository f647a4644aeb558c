"""`lz rules`: every rule, from the one registry."""

from __future__ import annotations

from typing import Annotated

import typer

from lianzheng.cli.common import LangOpt, emit, fail, format_option, rule_hint
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("列出全部检查规则：代码、名称、级别、检查什么以及为什么。\n\n示例：lz rules F003",
         "List every rule: code, name, severity, what it checks and why.\n\nExample: lz rules F003")
UNKNOWN_RULE = T("未知的规则：{code}", "unknown rule: {code}")
FormatOpt = format_option("rules")


def command(
    code: Annotated[str | None, typer.Argument(help="只显示这一条规则的完整说明（代码或名称）/ show one rule in full")] = None,
    format: FormatOpt = "text",
    lang: LangOpt = None,
) -> None:
    from lianzheng.rules import find_rule

    lang = resolve_lang(lang)
    rule = None
    if code is not None:
        rule = find_rule(code)
        if rule is None:
            fail(lang, UNKNOWN_RULE, code=code + rule_hint(lang, code))
    emit("rules", format, rule, lang)

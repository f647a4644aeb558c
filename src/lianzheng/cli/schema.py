"""`lz schema`: the JSON Schemas of every kind, from the models."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lianzheng.cli.common import LangOpt, output_errors, say
from lianzheng.i18n import Text as T
from lianzheng.i18n import resolve_lang

HELP = T("输出 JSON Schema（与仓库中 schemas/ 相同），供编辑器补全和检查。\n\n示例：lz schema --out schemas",
         "Write the JSON Schemas (the same as schemas/) for editor completion.\n\nExample: lz schema --out schemas")
WRITTEN = T("已写入 {count} 个 JSON Schema 到 {path}", "wrote {count} JSON Schemas to {path}")


def command(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="写入此目录（省略则打印总 Schema）/ write into this folder")] = None,
    lang: LangOpt = None,
) -> None:
    from lianzheng.spec.jsonschema import ANY_DOCUMENT, all_schemas, dumps, write_schemas

    lang = resolve_lang(lang)
    if out is None:
        sys.stdout.write(dumps(all_schemas()[ANY_DOCUMENT]))
        return
    with output_errors(lang, out):
        written = write_schemas(out)
    typer.echo(say(lang, WRITTEN, count=len(written), path=out), err=True)

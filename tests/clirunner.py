"""Running `lz` in-process for tests, exactly as `main()` would."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from typer.testing import CliRunner

from lianzheng.cli import _lang_from_argv, build_app
from lianzheng.i18n import resolve_lang


def lz(args: Sequence[str], env: dict[str, str] | None = None, **kw: Any) -> Any:
    """Invoke `lz ARGS`; the result has exit_code, stdout and stderr."""
    env = {"LZ_LANG": "", **(env or {})}
    old = os.environ.get("LZ_LANG")
    os.environ["LZ_LANG"] = env["LZ_LANG"]
    try:
        app = build_app(resolve_lang(_lang_from_argv(list(args))))
        return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False, prog_name="lz", **kw)
    finally:
        if old is None:
            os.environ.pop("LZ_LANG", None)
        else:
            os.environ["LZ_LANG"] = old

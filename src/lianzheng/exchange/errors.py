"""The one error export and import raise: a file that cannot be read or written.

It carries its message in both languages (`.message(lang)`); the command prints it and
exits 2. Problems with single rows or cells are not errors: they are reported in the
import result and the row is skipped.
"""

from __future__ import annotations

from typing import Any

from lianzheng.i18n import Text, in_lang


class ExchangeError(Exception):
    """A spreadsheet that cannot be read, a sheet or header that is not there, an output
    that cannot be written. `exit_code` is 2 (SPEC: the file cannot be read)."""

    exit_code = 2

    def __init__(self, text: Text, **args: Any) -> None:
        self.text = text
        self.args_ = args
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return self.text(lang).format(**{k: in_lang(v, lang) for k, v in self.args_.items()})

"""How a message shows a value the user wrote: a short, harmless excerpt.

Messages reach terminals, CI logs (often public), pull-request annotations and reports.
What they quote of the user's data is never more than a short excerpt, with the
characters that could forge a line or hide text shown escaped, and a value that is not a
mapping where a document should be is named by its type, never quoted."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lianzheng.i18n import visible

# The characters that must not reach a terminal, a log or an annotation as they are (a
# forged line, an escape sequence, text that reads differently from what it is) are
# `lianzheng.i18n.CONTROLS`; `visible` shows them escaped (`\n`, `\x1b`, `\u202e`).


def shown_value(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, for a message: YAML-like, a short excerpt (at most
    `limit` characters), and harmless: control characters are shown escaped (`\\n`,
    `\\x1b`, `\\u202e`). Every value a message quotes goes through here."""
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, (dict, list)):
        text = json.dumps(value[:limit] if isinstance(value, list) else value, ensure_ascii=False, default=str)
    elif value is None:
        text = "null"
    else:
        text = str(value)
    text = visible(text[: limit * 4])  # cut first: a value may be megabytes long
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TYPE_NAMES = {str: ("文本", "text"), bool: ("true 或 false", "true or false"), int: ("整数", "an integer"),
               float: ("数字", "a number"), list: ("列表", "a list"), dict: ("映射", "a mapping"),
               dt.date: ("日期", "a date"), dt.datetime: ("日期时间", "a date and time")}


def type_name(value: Any) -> tuple[str, str]:
    """What kind of value a message names instead of quoting it: (Chinese, English)."""
    if value is None:
        return ("空值", "null")
    return _TYPE_NAMES.get(type(value), ("其他值", "another value"))


ARGUMENT_LIMIT = 200


def harmless(text: str, limit: int = ARGUMENT_LIMIT) -> str:
    """Any text a message names (an id, a list of names): control characters escaped, at
    most `limit` characters. Idempotent, so a value already shown with `shown_value` is
    unchanged; every message argument passes through here (`Rule.message`)."""
    text = visible(text[: limit * 4])
    return text if len(text) <= limit else text[: limit - 1] + "…"

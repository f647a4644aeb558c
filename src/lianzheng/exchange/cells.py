"""Cells: what goes into a spreadsheet cell safely, and what comes out of one.

Both directions live here because they must agree: a text that export protects against
formula injection (`'=…`) must import back as the text that was exported, and the
numbered lines export writes into the 防控措施 cell are the ones import splits.

Parsing follows how offices actually fill their registers (see `importer.py` for the
column names): grades written 高/中/低, 一级/二级/三级, ★★★/★★/★ or 红/橙/黄; factors as
numbers, Chinese numerals or full-width digits; dates as real date cells, Excel serial
numbers or text in the usual Chinese forms; measures as numbered items inside one cell.
A value that could mean two things is refused with a message rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from typing import Any

from lianzheng.i18n import no_formula, one_line
from lianzheng.spec.terms import VOCABULARIES
from lianzheng.spec.values import number_text

# --- writing --------------------------------------------------------------------------

# (A cell starting with `=`, `+`, `-`, `@`, tab or CR is a formula to Excel, WPS and
# LibreOffice; defined once, in `lianzheng.i18n`, with the rule `no_formula`.)
# C0 controls (but tab and line feed), DEL and the C1 block: invisible, and several of them
# make an .xlsx file unreadable.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
EXCEL_CELL_LIMIT = 32767


def safe_text(value: str) -> str:
    """A text for a spreadsheet cell or CSV field that cannot run as a formula.

    A leading `'` is what Excel itself uses to keep `=…` as text; `import` takes it off
    again (see `cell_text`)."""
    value = no_formula(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def terminal_text(value: str, limit: int = 60) -> str:
    """A value quoted in a message: one line, no control characters, not too long."""
    return one_line(value, limit)


# --- reading --------------------------------------------------------------------------


def column_letter(col: int) -> str:
    """0-based column index to its spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str, row: int, col: int) -> str:
    """`风险登记表!F12` for a 0-based (row, col)."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


def cell_text(value: Any) -> str:
    """A cell's value as the text a person sees, trimmed; "" for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return "" if math.isnan(value) else number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    # The guard `safe_text` adds (and that Excel users type) is not part of the value.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\n"):
        text = text[1:].strip()
    return text


def squeeze(text: str) -> str:
    """A name compared with names: compatibility forms folded (full-width letters,
    parentheses), every kind of white space removed — 财务会\\n计室 is 财务会计室."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def spaced(text: str) -> str:
    """Names and people: white space runs (line breaks too) become one space."""
    return re.sub(r"\s+", " ", text).strip()


_AT_WIDE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def joined(text: str) -> str:
    """A text broken over lines (a header `风险\n等级`, a title wrapped by hand) as one
    line: each break a space, except beside a Chinese character, as Chinese is written."""
    return _AT_WIDE.sub("", spaced(text))


class CellError(ValueError):
    """A value that cannot be used; the message names what is wrong (no cell)."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


# Grades. 一级 is the highest in every published register found (一级风险 = 高风险): the
# numbering counts down from the most serious, as in 一级响应. Roman numerals and Arabic
# `1级` are the same scale. Colours are how lz itself shows grades (SPEC: 红/橙/黄).
_GRADE_WORDS = {
    "高": "high", "中": "medium", "低": "low",
    "高风险": "high", "中风险": "medium", "低风险": "low",
    "高级": "high", "中级": "medium", "低级": "low",
    "高等级": "high", "中等级": "medium", "低等级": "low",
    "一级": "high", "二级": "medium", "三级": "low",
    "1级": "high", "2级": "medium", "3级": "low",
    "Ⅰ级": "high", "Ⅱ级": "medium", "Ⅲ级": "low",
    "I级": "high", "II级": "medium", "III级": "low",
    "红": "high", "橙": "medium", "黄": "low",
    "红色": "high", "橙色": "medium", "黄色": "low",
    "high": "high", "medium": "medium", "low": "low",
}


def parse_grade(text: str) -> str:
    """高/中/低 and the other notations to a grade id; CellError when unknown or ambiguous."""
    key = squeeze(text)
    key = key.removesuffix("风险点") if key.endswith("风险点") and len(key) > 3 else key
    if key.endswith("风险") and key[:-2] in ("一级", "二级", "三级", "1级", "2级", "3级", "Ⅰ级", "Ⅱ级", "Ⅲ级"):
        key = key[:-2]
    found = _GRADE_WORDS.get(key) or _GRADE_WORDS.get(key.lower())
    if found:
        return found
    stars = key.count("★")
    # ★★★ = high, ★★ = medium, ★ = low; a scale of more than three stars is not ours to map.
    if stars and set(key) <= {"★", "☆"} and len(key) <= 3:
        return ("low", "medium", "high")[stars - 1]
    raise CellError("grade", value=text)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def parse_factor(value: Any) -> int:
    """A factor 1–5: a number cell, `3`, `３`, `三`, `3分`."""
    if isinstance(value, bool):
        raise CellError("factor", value=cell_text(value))
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1 <= value <= 5:
            return int(value)
        raise CellError("factor", value=cell_text(value))
    text = squeeze(cell_text(value)).removesuffix("分")
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    try:
        number = float(text)
    except ValueError:
        raise CellError("factor", value=cell_text(value)) from None
    if number.is_integer() and 1 <= number <= 5:
        return int(number)
    raise CellError("factor", value=cell_text(value))


# Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included); the range keeps out
# numbers that are not dates at all.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (20000, 80000)  # 1954 .. 2119
_DATE_TEXT = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date:
    """A date cell, an Excel serial number, or 2026-03-01 / 2026/3/1 / 2026.3.1 / 2026年3月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("date", value=cell_text(value))
    text = squeeze(cell_text(value))
    if " " in cell_text(value).strip() or "T" in text:  # a date-time as text: its date
        text = squeeze(re.split(r"[ T]", cell_text(value).strip())[0])
    for pattern in _DATE_TEXT:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise CellError("date", value=cell_text(value))


# Risk categories. The three of art. 5, plus the five-way split many registers use
# (思想道德、岗位职责、业务流程、制度机制、外部环境风险), mapped as art. 5 itself sorts them:
# a post's duties and a business procedure are the exercise of power (运行程序不规范),
# and 外部环境对正确行使权力的影响 is named under 思想道德.
_CATEGORY_SHORT = {"权力": "power", "权力运行": "power", "制度": "system", "道德": "ethics", "思想": "ethics"}
_CATEGORY_MAPPED = {"岗位职责": "power", "业务流程": "power", "外部环境": "ethics"}


def parse_category(text: str) -> tuple[str, bool]:
    """(category id, whether it was mapped from a term outside art. 5's three)."""
    vocab = VOCABULARIES["risk_category"]
    key = squeeze(text)
    direct = vocab.canonical(key) or vocab.canonical(key.lower())
    if direct:
        return direct, False
    for suffix in ("风险点", "风险", "方面", "类"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    direct = vocab.canonical(key)
    if direct:
        return direct, False
    if key in _CATEGORY_SHORT:
        return _CATEGORY_SHORT[key], False
    if key in _CATEGORY_MAPPED:
        return _CATEGORY_MAPPED[key], True
    raise CellError("category", value=text)


def parse_term(vocabulary: str, text: str) -> str:
    """An enumerated value given by its id or Chinese term."""
    vocab = VOCABULARIES[vocabulary]
    found = vocab.canonical(squeeze(text)) or vocab.canonical(text.strip().lower())
    if found is None:
        raise CellError(vocabulary, value=text)
    return found


# --- measures: numbered items inside one cell ---------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUMERALS = "一二三四五六七八九十"
_BULLET = re.compile(r"^[•·●▪■◆◇○\-—–*]+\s*")


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_NUMERALS[n - 1]
    return ("" if n < 20 else _CN_NUMERALS[n // 10 - 1]) + "十" + (_CN_NUMERALS[n % 10 - 1] if n % 10 else "")


@functools.lru_cache(maxsize=64)
def _markers(n: int) -> tuple[re.Pattern[str] | None, ...]:
    """The ways item `n` is numbered, by style: `①`; `n.` `n、` `n．` `n)`; `（n）` `(n)`;
    `（一）`; `一、`. A decimal point or a thousands comma is not a number's end
    (`2.5万元`, `1,000元` are not items)."""
    cn = _cn(n)
    return (
        re.compile(re.escape(_CIRCLED[n - 1])) if n <= len(_CIRCLED) else None,
        re.compile(rf"(?<!\d){n}\s*(?:[.．](?![\d.])|[,，](?!\d{{3}})|[、)）])"),
        re.compile(rf"[（(]\s*{n}\s*[)）]"),
        re.compile(rf"[（(]\s*{cn}\s*[)）]"),
        re.compile(rf"(?<![{_CN_NUMERALS}]){cn}\s*[、.．]"),
    )


# `①` and `（1）` cannot be mistaken for text; `2.` and `二、` can, so they must start an item.
STANDALONE_STYLES = (0, 2, 3)


def _style_at(text: str, pos: int, n: int) -> int | None:
    """Which style of `_markers(n)` numbers the item starting exactly at `pos`, if any."""
    for i, pattern in enumerate(_markers(n)):
        if pattern is not None and pattern.match(text, pos):
            return i
    return None


_LINE_MARKERS = (
    re.compile(f"^[{_CIRCLED}]"),
    re.compile(r"^\d{1,2}\s*(?:[.．](?![\d.])|[,，](?!\d{3})|[、)）])"),
    re.compile(r"^[（(]\s*\d{1,2}\s*[)）]"),
    re.compile(f"^[（(]\\s*[{_CN_NUMERALS}]+\\s*[)）]"),
    re.compile(f"^[{_CN_NUMERALS}]+\\s*[、.．]"),
)


def _line_marker(line: str) -> tuple[int, int] | None:
    """(style, end) of the item number a line starts with, whatever the number."""
    for style, pattern in enumerate(_LINE_MARKERS):
        m = pattern.match(line)
        if m:
            return style, m.end()
    return None


def split_measures(text: str) -> list[str]:
    """One measure per numbered item, numbers removed; else one per line.

    Items are numbered 1, 2, 3 … in one style, each number where an item can start: the
    start of the cell or of a line, or after punctuation or a space (`…监督。2.严格…`).
    Counting in sequence is what keeps `第2.3条` or `1.5小时` inside their item. When the
    numbers are not in sequence (an item was deleted: `1.… / 3.…`), each line that starts
    with a number starts a measure, and a line without one continues it."""
    text = text.strip()
    if not text:
        return []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    first = _line_marker(lines[0])
    if first is not None:
        style = first[0]
        starters = sum(1 for line in lines if (_line_marker(line) or (-1,))[0] == style)
        if _style_at(text, 0, 1) == style:
            items = _numbered(text, style)
            if len(items) >= starters:
                return items
        by_line: list[str] = []
        for line in lines:
            marker = _line_marker(line)
            if marker is not None and marker[0] == style:
                by_line.append(line[marker[1]:].strip())
            elif by_line:
                by_line[-1] += line
        return [item.rstrip("；;，,").strip() for item in by_line if item.strip()]
    hierarchical = _hierarchical(lines)
    if hierarchical is not None:
        return hierarchical
    return [item for item in (_BULLET.sub("", line).strip() for line in lines) if item]


# Where an item may start: after a line break, a space or punctuation.
_ITEM_START = re.compile(r"(?<=[\s。；;，,：:！!？?）)》」”])")


def _numbered(text: str, style: int) -> list[str]:
    starts: list[tuple[int, int]] = []  # (where the marker starts, where the item text starts)
    n, pos = 1, 0
    while True:
        pattern = _markers(n)[style]
        if pattern is None:
            break
        found = None
        for m in pattern.finditer(text, pos):
            if m.start() == 0 or style in STANDALONE_STYLES or _ITEM_START.match(text, m.start()):
                found = m
                break
        if found is None:
            break
        starts.append((found.start(), found.end()))
        pos = found.end()
        n += 1
    items = []
    for i, (_, body) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        item = text[body:end].strip().rstrip("；;，,").strip()
        if item:
            items.append(item)
    return items


_SUB = re.compile(r"^(\d+)\.(\d+)(?!\d)\s*")


def _hierarchical(lines: list[str]) -> list[str] | None:
    """`1.1 … / 1.2 …` on consecutive lines (the row's number, then the item's)."""
    if len(lines) < 2:
        return None
    head: str | None = None
    items = []
    for i, line in enumerate(lines, 1):
        m = _SUB.match(line)
        if m is None or int(m[2]) != i or (head is not None and m[1] != head):
            return None
        head = m[1]
        items.append(line[m.end():].strip())
    return [item for item in items if item]


def numbered_lines(items: list[str]) -> str:
    """What export writes in the 防控措施 cell: `1.措施` on its own line for each measure
    (a line break inside one measure would read as a new measure: it becomes a space)."""
    lines = []
    for i, text in enumerate(items, 1):
        text = spaced(text)
        # `1.1.5小时内` would read as 1.1 and 5小时内: a space keeps the number apart.
        lines.append(f"{i}. {text}" if text[:1].isdigit() or text[:1] in ".．" else f"{i}.{text}")
    return "\n".join(lines)

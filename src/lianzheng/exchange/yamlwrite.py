"""Writing YAML for `lz import`: new RiskRegister files, and new departments and posts
spliced into `lianzheng.yaml` without touching one of its existing bytes.

Every string from a spreadsheet is written so that it reads back as exactly that string:
plain when nothing in it could mean something else (`办公室`, `R-XK-001-01`), a literal
block for text over several lines, else double-quoted with escapes — so `yes`, `1.0`,
`2026-01-01`, `@x`, `a: b`, `#1` and control characters all stay strings. `import` then
reads the files back with the loader every command uses and compares.

`lianzheng.yaml` is never re-dumped (comments, order, quoting and blank lines would not
survive it): the new items are inserted after the last item of `departments:` and
`posts:`, in the style of the items already there, so that the old text is the new text
with the inserted pieces taken out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from lianzheng.i18n import Text
from lianzheng.exchange.errors import ExchangeError

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# YAML's printable characters (the spec's c-printable), less those a reader may take for a
# line break or a byte order mark.
_NEEDS_ESCAPE = re.compile("[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")
_PLAIN_FIRST = set("-?:,[]{}#&*!|>'\"%@`~+.=<") | set("0123456789")
_FLOW_CHARS = set(",[]{}")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}

MESSAGES = {
    "unit_shape": Text("无法在 lianzheng.yaml 中追加{what}：{why}；请手工添加后再导入",
                       "cannot add {what_en} to lianzheng.yaml: {why_en}; add them by hand and import again"),
}


def _plain(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or "\n" in value or "\t" in value:
        return False
    if value[0] in _PLAIN_FIRST or _NEEDS_ESCAPE.search(value):
        return False
    if ": " in value or " #" in value or value.endswith(":") or value.lower() in _YAML11_WORDS:
        return False
    if flow and _FLOW_CHARS & set(value):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


def _escape(ch: str) -> str:
    code = ord(ch)
    simple = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}
    if ch in simple:
        return simple[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_QUOTE_ESCAPE = re.compile('[\\\\"\n\t]|' + _NEEDS_ESCAPE.pattern)


def quoted(value: str) -> str:
    """A double-quoted scalar: every character that is not plainly printable escaped."""
    return '"' + _QUOTE_ESCAPE.sub(lambda m: _escape(m[0]), value) + '"'


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML that reads back as `value` (str, int, float, bool, date)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if _plain(text, flow) else quoted(text)


def _literal_ok(text: str) -> bool:
    """A text over several lines that a `|-` block keeps exactly."""
    return ("\n" in text and not _NEEDS_ESCAPE.search(text) and "\t" not in text
            and not text.startswith((" ", "\n")) and not text.endswith(("\n", " "))
            and all(line == line.rstrip() for line in text.split("\n")))


def _is_flow_value(value: Any) -> bool:
    """Small mappings of numbers (factors) and lists of ids read best on one line."""
    if isinstance(value, dict):
        return bool(value) and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values())
    if isinstance(value, list):
        return all(isinstance(v, str) and _plain(v, True) for v in value)
    return False


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {scalar(v, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v, True) for v in value) + "]"
    return scalar(value, True)


def emit(value: dict[str, Any], indent: int = 0) -> list[str]:
    """A mapping as block YAML lines (None values left out)."""
    pad = " " * indent
    lines: list[str] = []
    for key, v in value.items():
        if v is None:
            continue
        k = scalar(key)
        if isinstance(v, dict) and not _is_flow_value(v):
            lines.append(f"{pad}{k}:")
            lines.extend(emit(v, indent + 2))
        elif isinstance(v, list) and v and not _is_flow_value(v):
            lines.append(f"{pad}{k}:")
            for item in v:
                if isinstance(item, dict):
                    body = emit(item, indent + 4)
                    lines.append(f"{pad}  - {body[0].lstrip()}")
                    lines.extend(body[1:])
                else:
                    lines.append(f"{pad}  - {scalar(item)}")
        elif isinstance(v, (dict, list)):
            lines.append(f"{pad}{k}: {_flow(v)}")
        elif isinstance(v, str) and _literal_ok(v):
            lines.append(f"{pad}{k}: |-")
            lines.extend(f"{pad}  {line}" if line else "" for line in v.split("\n"))
        else:
            lines.append(f"{pad}{k}: {scalar(v)}")
    return lines


def document(comment: str, body: dict[str, Any]) -> str:
    """A YAML file: a comment line, then the mapping."""
    comment = re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]", " ", comment)
    return f"# {comment}\n" + "\n".join(emit(body)) + "\n"


# --- appending to lianzheng.yaml ----------------------------------------------------------


@dataclass
class Insertion:
    offset: int  # character offset in the text
    text: str


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _offset(starts: list[int], mark: Any) -> int:
    return starts[mark.line] + mark.column


def _subtree_end(node: Any) -> Any:
    """The end mark of the last thing written in a node (a block mapping's own end mark
    may lie past the comments that follow it)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark
    children: list[Any] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            children += [k, v]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    ends = [_subtree_end(c) for c in children]
    return max(ends, key=lambda m: (m.line, m.column)) if ends else node.end_mark


def _after_line(text: str, starts: list[int], mark: Any) -> int:
    """The offset just after the line holding `mark` (or `mark` itself at a line start)."""
    at = _offset(starts, mark)
    if mark.column == 0:
        return at
    nl = text.find("\n", at)
    return len(text) if nl < 0 else nl + 1


def _item_block(item: dict[str, str], dash: int, content: int, flow: bool, nl: str) -> str:
    if flow:
        body = ", ".join(f"{k}: {scalar(v, True)}" for k, v in item.items() if v is not None)
        return " " * dash + "- {" + body + "}" + nl
    pairs = [(k, v) for k, v in item.items() if v is not None]
    first = " " * dash + "-" + " " * max(1, content - dash - 1) + f"{pairs[0][0]}: {scalar(pairs[0][1])}"
    rest = [" " * content + f"{k}: {scalar(v)}" for k, v in pairs[1:]]
    return nl.join([first, *rest]) + nl


def _unit_mapping(text: str) -> Any:
    try:
        nodes = list(yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError as exc:
        raise ExchangeError(MESSAGES["unit_shape"], what="科室和岗位", what_en="departments and posts",
                            why=f"不是合法的 YAML（{exc}）", why_en=f"it is not valid YAML ({exc})") from exc
    units = [n for n in nodes if isinstance(n, yaml.MappingNode)
             and any(k.value == "kind" and getattr(v, "value", None) == "Unit" for k, v in n.value)]
    if len(units) != 1:
        raise ExchangeError(MESSAGES["unit_shape"], what="科室和岗位", what_en="departments and posts",
                            why="其中没有唯一的 kind: Unit 文档", why_en="it holds no single `kind: Unit` document")
    return units[0]


def _refusal(what: str, what_en: str) -> Any:
    def refuse(why: str, why_en: str) -> ExchangeError:
        return ExchangeError(MESSAGES["unit_shape"], what=what, what_en=what_en, why=why, why_en=why_en)
    return refuse


def append_items(text: str, additions: dict[str, list[dict[str, str]]]) -> tuple[str, list[Insertion]]:
    """`text` with the items of each sequence (`departments`, `posts`) added at its end.

    Returns the new text and the insertions made (offsets in the old text)."""
    nl = "\r\n" if "\r\n" in text else "\n"
    root = _unit_mapping(text)
    starts = _line_starts(text)
    insertions: list[Insertion] = []
    keys = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    labels = {"leadership": ("领导班子", "leadership"), "departments": ("科室", "departments"), "posts": ("岗位", "posts")}
    for name, items in additions.items():
        if not items:
            continue
        what, what_en = labels.get(name, (name, name))
        refuse = _refusal(what, what_en)

        if name not in keys:
            # a new top-level key after the unit's last line
            end = _after_line(text, starts, _subtree_end(root))
            key_col = root.start_mark.column
            ends_line = end == 0 or text[end - 1] == "\n" or any(i.offset == end for i in insertions)
            block = ("" if ends_line else nl) + " " * key_col + f"{name}:" + nl
            block += "".join(_item_block(i, key_col + 2, key_col + 4, False, nl) for i in items)
            insertions.append(Insertion(end, block))
            continue
        key, value = keys[name]
        if isinstance(value, yaml.ScalarNode):
            if value.value != "" or value.style not in (None, ""):
                raise refuse(f"`{name}:` 的值不是列表", f"`{name}:` does not hold a list")
            end = _after_line(text, starts, key.end_mark)
            prefix = "" if text[end - 1:end] == "\n" else nl
            col = key.start_mark.column
            insertions.append(Insertion(end, prefix + "".join(_item_block(i, col + 2, col + 4, False, nl) for i in items)))
            continue
        if not isinstance(value, yaml.SequenceNode):
            raise refuse(f"`{name}:` 的值不是列表", f"`{name}:` does not hold a list")
        if value.flow_style:
            close = _offset(starts, value.end_mark) - 1
            if text[close:close + 1] != "]":
                raise refuse("无法定位列表的结尾", "the end of the list was not found")
            body = ", ".join("{" + ", ".join(f"{k}: {scalar(v, True)}" for k, v in i.items() if v is not None) + "}"
                             for i in items)
            sep = ", " if value.value else ""
            insertions.append(Insertion(close, sep + body))
            continue
        last = value.value[-1]
        if not isinstance(last, yaml.MappingNode):
            raise refuse(f"`{name}:` 的条目不是映射", f"the items of `{name}:` are not mappings")
        content = last.start_mark.column
        line_text = text[starts[last.start_mark.line]:_offset(starts, last.start_mark)]
        dash = line_text.rfind("-")
        if dash < 0 or line_text[dash + 1:].strip():
            dash = max(0, content - 2)
        end = _after_line(text, starts, _subtree_end(last))
        prefix = "" if end == 0 or text[end - 1] == "\n" else nl
        block = prefix + "".join(_item_block(i, dash, content, bool(last.flow_style), nl) for i in items)
        insertions.append(Insertion(end, block))
    # From the end, so that offsets stay valid; at one offset (both keys new, at the end of
    # the file), the later insertion first, so that they read in the order they were made.
    order = sorted(enumerate(insertions), key=lambda t: (t[1].offset, t[0]))
    new = text
    for _, ins in reversed(order):
        new = new[:ins.offset] + ins.text + new[ins.offset:]
    return new, [ins for _, ins in order]


def without(text: str, insertions: list[Insertion]) -> str:
    """The new text with the insertions taken out again: the old text, if all went well."""
    out = text
    for ins in insertions:  # in order: once the earlier ones are out, an offset is the old one
        out = out[:ins.offset] + out[ins.offset + len(ins.text):]
    return out

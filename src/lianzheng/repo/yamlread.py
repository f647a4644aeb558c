"""Reading YAML safely and fast, keeping the position of every value.

libyaml (PyYAML's C parser) produces the events; this module builds plain Python values
from them with an explicit stack, resolving plain scalars exactly as PyYAML's SafeLoader
does, and records a `Loc` for every value so any rule can point at the line of the value
at fault. It never constructs arbitrary objects: only the standard YAML tags are accepted.

Problems are returned, never raised: a file with a duplicate key or a bad alias still
yields its documents so that the other checks can run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from lianzheng.repo.excerpt import shown_value
from lianzheng.repo.layout import MAX_FILE_BYTES

# Values that aliases may add on top of what is written, in a whole file (a limit per
# document would let a file of many small documents multiply it); an "alias bomb" reaches
# this after a few hundred events and is refused at once.
MAX_ALIAS_EXPANSION = 100_000
# The text of a file's values once aliases are expanded, in characters: no more than a
# file may hold (MAX_FILE_BYTES). Without aliases it never comes near it; with them, a
# 500 KB file aliasing one 100 KB text a thousand times would be 100 MB of pages.
MAX_EXPANDED_CHARS = MAX_FILE_BYTES
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP}

_IMPLICIT = Resolver.yaml_implicit_resolvers
_WILDCARD = _IMPLICIT.get(None, [])
_constructor = SafeConstructor()


class Loc:
    """Where a value was written: 1-based line and column, character offsets of the
    value, the `Loc` of its key (for mapping entries) and the children's locs."""

    __slots__ = ("line", "col", "start", "end", "key", "children")

    def __init__(self, line: int, col: int, start: int, end: int) -> None:
        self.line = line
        self.col = col
        self.start = start
        self.end = end
        self.key: Loc | None = None
        self.children: dict[Any, Loc] | list[Loc] | None = None

    def child(self, key: Any) -> Loc | None:
        children = self.children
        if isinstance(children, dict):
            return children.get(key)
        if isinstance(children, list) and isinstance(key, int) and 0 <= key < len(children):
            return children[key]
        return None

    def find(self, path: tuple[Any, ...]) -> tuple[Loc, bool]:
        """The loc of the value at `path`, or of the nearest existing ancestor.

        The flag says whether the whole path was found."""
        loc = self
        for key in path:
            nxt = loc.child(key)
            if nxt is None:
                return loc, False
            loc = nxt
        return loc, True


@dataclass(slots=True)
class Problem:
    """What the reader found wrong with a file, named as its rule is named
    (`duplicate-key`; the rules registry gives the code), at a 1-based position, with the
    arguments of its message and the variant of the message it picks."""

    rule: str
    line: int
    col: int
    args: dict[str, Any] = field(default_factory=dict)
    variant: str = ""


@dataclass(slots=True)
class RawDocument:
    data: Any
    loc: Loc
    index: int  # position of the document in its file, 0-based


@dataclass(slots=True)
class ReadResult:
    documents: list[RawDocument]
    problems: list[Problem]
    text: str | None  # the decoded text (None when the file could not be read at all)
    # the kinds of the documents that could not be read ("?" when their kind is unknown),
    # so that what they would have declared is not reported missing (one cause, one finding)
    lost: tuple[str, ...] = ()


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def decode(raw: bytes, problems: list[Problem]) -> str | None:
    """Bytes to text, reporting what is wrong with the encoding."""
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem("file-too-large", 1, 1, {"size": len(raw), "limit": MAX_FILE_BYTES}))
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem("invalid-utf8", 1, 1, {"detail": "UTF-16"}))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem("byte-order-mark", 1, 1))
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Other encodings (GBK) can look like valid UTF-8 for a character or two: point at
        # the start of the run of non-ASCII bytes, where the foreign text begins.
        start = exc.start
        while start > 0 and raw[start - 1] >= 0x80:
            start -= 1
        good = raw[:start].decode("utf-8", errors="replace")
        line, col = _position(good, len(good))
        problems.append(Problem("invalid-utf8", line, col, {"detail": f"0x{raw[exc.start]:02x}"}))
        return raw.decode("utf-8", errors="replace")


def read_bytes(raw: bytes) -> ReadResult:
    problems: list[Problem] = []
    text = decode(raw, problems)
    if text is None:
        return ReadResult([], problems, None, UNKNOWN_KIND)
    lost: list[str] = []
    # an empty document (a trailing `---`) holds nothing to check
    documents = [d for d in read_text(text, problems, lost) if d.data is not None]
    if not documents and all(p.rule == "byte-order-mark" for p in problems):
        problems.append(Problem("empty-file", 1, 1))
    return ReadResult(documents, problems, text, tuple(lost))


UNKNOWN_KIND = ("?",)
_KIND_LINE = re.compile(r"^kind[ \t]*:[ \t]*[\"']?([A-Za-z]+)", re.MULTILINE)


def lost_kinds(text: str) -> tuple[str, ...]:
    """The kinds the documents of `text` (what a failed read left unread) declare, as far
    as a line `kind: X` says; unknown when none does."""
    return tuple(sorted(set(_KIND_LINE.findall(text)))) or UNKNOWN_KIND


# CJK characters and punctuation: a line fold between two of them is not a space.
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_FOLD = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def _unfold_cjk(ev: yaml.ScalarEvent) -> str:
    """YAML folds a line break inside any scalar but a `|` block into a space, which suits
    languages written with spaces. Chinese is not: as CSS does for segment breaks between
    East Asian characters, such a fold joins the two lines without a space."""
    value: str = ev.value
    if ev.style != "|" and " " in value and ev.start_mark.line != ev.end_mark.line:
        return _CJK_FOLD.sub("", value)
    return value


def _scalar_value(ev: yaml.ScalarEvent, problems: list[Problem]) -> Any:
    value = _unfold_cjk(ev)
    tag = ev.tag
    if tag is None or tag == "!":
        if not ev.implicit[0]:
            return value
        resolvers = _IMPLICIT.get(value[0], ()) if value else _IMPLICIT.get("", ())
        tag = _STR
        for candidate, regexp in resolvers:
            if regexp.match(value):
                tag = candidate
                break
        else:
            for candidate, regexp in _WILDCARD:
                if regexp.match(value):
                    tag = candidate
                    break
        if tag == _STR:
            return value
    elif tag not in _SCALAR_TAGS:
        m = ev.start_mark
        problems.append(Problem("unsafe-tag", m.line + 1, m.column + 1, {"tag": shown_value(tag, 40)}))
        return value
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() in ("yes", "true", "on")
    if tag == _INT:
        if value.isdigit():
            return int(value)
        return _construct(_constructor.construct_yaml_int, tag, value)
    if tag == _FLOAT:
        return _construct(_constructor.construct_yaml_float, tag, value)
    if tag == _TIMESTAMP:
        return _construct(_constructor.construct_yaml_timestamp, tag, value)
    if tag == _MERGE:
        return _MergeKey
    return value  # tag:yaml.org,2002:value ('=') is a plain string here


def _construct(fn: Any, tag: str, value: str) -> Any:
    try:
        return fn(ScalarNode(tag, value))
    except Exception:  # PyYAML's constructors fail in many ways on odd text (`!!int ''`)
        return value  # e.g. 2026-02-30: kept as text, the schema reports the bad value


class _MergeKeyType:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<<"


_MergeKey = _MergeKeyType()
_ComplexKey = object()  # stands for a list or mapping used as a key


class _Frame:
    __slots__ = ("container", "loc", "key", "key_loc", "anchor", "size", "chars", "merges", "explicit")

    def __init__(self, container: Any, loc: Loc, anchor: str | None) -> None:
        self.container = container
        self.loc = loc
        self.key: Any = _NOKEY
        self.key_loc: Loc | None = None
        self.anchor = anchor
        self.size = 1
        self.chars = 0
        self.merges: list[tuple[Any, Loc]] | None = None
        self.explicit: set[Any] | None = None


_NOKEY = object()


def _loc(ev: Any) -> Loc:
    s, e = ev.start_mark, ev.end_mark
    return Loc(s.line + 1, s.column + 1, s.index, e.index)


def read_text(text: str, problems: list[Problem], lost: list[str] | None = None) -> list[RawDocument]:
    """Every document of `text` as plain values with locs; problems appended, and to
    `lost` the kinds of the documents a problem kept from being read."""
    documents: list[RawDocument] = []
    parser = CParser(text)
    read_up_to = [0]  # where the last complete document ends
    try:
        _build(parser, documents, problems, read_up_to)
        return documents
    except yaml.MarkedYAMLError as exc:
        problems.append(syntax_problem(text, exc))
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        # libyaml counts this position in UTF-8 bytes, not characters
        position = getattr(exc, "position", 0) or 0
        offset = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
        line, col = _position(text, offset)
        character = getattr(exc, "character", None)
        if isinstance(character, int):
            problems.append(Problem("yaml-syntax-error", line, col, {"char": f"U+{character:04X}"},
                                    variant="control-character"))
        else:
            problems.append(Problem("yaml-syntax-error", line, col, {"problem": str(getattr(exc, "reason", exc))}))
    except _Abort:
        pass
    finally:
        parser.dispose()
    if lost is not None:
        lost.extend(lost_kinds(text[read_up_to[0]:]))
    return documents


# --- syntax errors as users can act on them ---------------------------------------------

# libyaml's words for the problems users meet most, as the variants of the syntax-error
# rule's message (said in Chinese or English there); any other problem is shown in
# libyaml's own words.
_LIBYAML_VARIANTS = {
    "could not find expected ':'": "expected-colon",
    "mapping values are not allowed in this context": "mapping-values",
    "did not find expected '-' indicator": "expected-dash",
    "did not find expected key": "expected-key",
    "did not find expected node content": "expected-node",
    "found unknown escape character": "bad-escape",
    "did not find expected ',' or ']'": "unclosed-bracket",
    "did not find expected ',' or '}'": "unclosed-bracket",
}
# Slips of a Chinese input method: a full-width colon after a key (`content：对…`), a
# full-width space in the indentation. ASCII keys only: the format's keys are English.
FULLWIDTH_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)*([A-Za-z_][A-Za-z0-9_]*)[ \t\u3000]*(：)")
_FULLWIDTH_INDENT = re.compile(r"^[ \t]*(\u3000)[\u3000 \t]*(?:-[ \t]|[A-Za-z_][A-Za-z0-9_]*[ \t]*[:：])")
_CHINESE_COMMAS = "，、"


def syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A libyaml error as a problem the user can act on: at the line to fix (the slip
    that caused it, else where libyaml's context says it is), named by a message variant
    of the rule (Y001, or Y006 for a tab)."""
    problem_mark = exc.problem_mark or exc.context_mark
    line, col = (problem_mark.line + 1, problem_mark.column + 1) if problem_mark else (1, 1)
    context = exc.context_mark
    problem = str(exc.problem or exc.context or "")
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in problem or current[col - 1: col] == "\t":
        return Problem("tab-indentation", line, col)

    # a slip on the lines that led to the error (libyaml notices it a line or two later)
    first = min(line, context.line + 1 if context is not None else line)
    for number in range(line, max(1, first - 2) - 1, -1):
        candidate = lines[number - 1] if number <= len(lines) else ""
        m = FULLWIDTH_COLON.match(candidate)
        if m:
            return Problem("yaml-syntax-error", number, m.start(2) + 1, {"key": m.group(1)},
                           variant="fullwidth-colon")
        m = _FULLWIDTH_INDENT.match(candidate)
        if m:
            return Problem("yaml-syntax-error", number, m.start(1) + 1, variant="fullwidth-space")

    variant = _LIBYAML_VARIANTS.get(problem, "")
    if variant == "unclosed-bracket" and context is not None and problem_mark is not None:
        # a Chinese comma between the items, or the bracket never closed: point at either
        between = text[context.index: problem_mark.index]
        comma = next((i for i, ch in enumerate(between) if ch in _CHINESE_COMMAS), None)
        if comma is not None:
            line, col = _position(text, context.index + comma)
            return Problem("yaml-syntax-error", line, col, {"comma": between[comma]}, variant="chinese-comma")
        opening = text[context.index: context.index + 1]
        return Problem("yaml-syntax-error", context.line + 1, context.column + 1,
                       {"open": opening, "close": "]" if opening == "[" else "}"}, variant=variant)
    if problem == "found unexpected end of stream" and exc.context == "while scanning a quoted scalar" and context:
        quote = text[context.index: context.index + 1]
        return Problem("yaml-syntax-error", context.line + 1, context.column + 1, {"quote": quote},
                       variant="unclosed-quote")
    if variant == "expected-colon" and context is not None:
        return Problem("yaml-syntax-error", context.line + 1, context.column + 1, variant=variant)
    if problem == "found character that cannot start any token":
        char = current[col - 1: col]
        if char:
            return Problem("yaml-syntax-error", line, col, {"char": char}, variant="reserved-character")
    if variant:
        return Problem("yaml-syntax-error", line, col, variant=variant)
    return Problem("yaml-syntax-error", line, col, {"problem": shown_value(problem, 120)})


class _Abort(Exception):
    pass


def _build(parser: Any, documents: list[RawDocument], problems: list[Problem], read_up_to: list[int]) -> None:
    get_event = parser.get_event
    anchors: dict[str, tuple[Any, Loc, int, int]] = {}  # name -> (value, loc, values, characters)
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    root: list[Any] = []
    expansion = 0  # values added by aliases, in the whole file
    chars = 0  # characters of the file's values, aliases expanded
    doc_index = 0
    while True:
        ev = get_event()
        cls = type(ev)
        if cls is yaml.ScalarEvent:
            value = _scalar_value(ev, problems)
            loc = _loc(ev)
            size = 1
            length = len(ev.value)
            chars += length
            if ev.anchor is not None:
                anchors[ev.anchor] = (value, loc, 1, length)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            loc = _loc(ev)
            if ev.tag not in (None, "!", _MAP, _SEQ):
                problems.append(Problem("unsafe-tag", loc.line, loc.col, {"tag": shown_value(ev.tag, 40)}))
            if len(stack) >= MAX_DEPTH:
                problems.append(Problem("nesting-too-deep", loc.line, loc.col, {"depth": MAX_DEPTH}))
                raise _Abort
            if cls is yaml.MappingStartEvent:
                frame = _Frame({}, loc, ev.anchor)
                loc.children = {}
            else:
                frame = _Frame([], loc, ev.anchor)
                loc.children = []
            if ev.anchor is not None:
                open_anchors.add(ev.anchor)
            stack.append(frame)
            continue
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            frame = stack.pop()
            if frame.merges:
                _apply_merges(frame, problems)
            value, loc, size, length = frame.container, frame.loc, frame.size, frame.chars
            loc.end = ev.end_mark.index
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (value, loc, size, length)
        elif cls is yaml.AliasEvent:
            loc = _loc(ev)
            if ev.anchor in open_anchors:
                problems.append(Problem("alias-expansion", loc.line, loc.col, {"alias": shown_value(ev.anchor, 40)}))
                raise _Abort
            target = anchors.get(ev.anchor)
            if target is None:  # libyaml reports undefined aliases itself; be safe
                problems.append(Problem("yaml-syntax-error", loc.line, loc.col, {"alias": shown_value(ev.anchor, 40)},
                                        variant="undefined-alias"))
                raise _Abort
            value, target_loc, size, length = target
            expansion += size
            chars += length
            if expansion > MAX_ALIAS_EXPANSION:
                problems.append(Problem("alias-expansion", loc.line, loc.col, {"alias": shown_value(ev.anchor, 40)}))
                raise _Abort
            if chars > MAX_EXPANDED_CHARS:
                problems.append(Problem("alias-expansion", loc.line, loc.col,
                                        {"alias": shown_value(ev.anchor, 40), "limit": MAX_EXPANDED_CHARS},
                                        variant="size"))
                raise _Abort
            alias_loc = Loc(loc.line, loc.col, loc.start, loc.end)
            alias_loc.children = target_loc.children
            loc = alias_loc
        elif cls is yaml.DocumentStartEvent:
            anchors.clear()
            root.clear()
            continue
        elif cls is yaml.DocumentEndEvent:
            if root:
                data, loc = root[0]
                documents.append(RawDocument(data, loc, doc_index))
            doc_index += 1
            read_up_to[0] = ev.end_mark.index
            continue
        elif cls is yaml.StreamEndEvent:
            return
        else:  # StreamStartEvent
            continue

        # attach (value, loc, size, length) to the parent
        if not stack:
            root.append((value, loc))
            continue
        parent = stack[-1]
        parent.size += size
        parent.chars += length
        container = parent.container
        if value is _MergeKey and (type(container) is list or parent.key is not _NOKEY):
            value = "<<"  # only a key merges; elsewhere it is the text "<<"
        if type(container) is list:
            container.append(value)
            parent.loc.children.append(loc)  # type: ignore[union-attr]
        elif parent.key is _NOKEY:
            if isinstance(value, (dict, list)):
                problems.append(Problem("complex-key", loc.line, loc.col))
                value = _ComplexKey
            parent.key = value
            parent.key_loc = loc
        else:
            key, key_loc = parent.key, parent.key_loc
            parent.key = _NOKEY
            if key is _ComplexKey:
                continue  # reported as Y011; the entry is left out
            if key is _MergeKey:
                if parent.merges is None:
                    parent.merges = []
                parent.merges.append((value, loc))
                continue
            if parent.explicit is None:
                parent.explicit = set()
            try:
                if key in parent.explicit:
                    first = parent.loc.children[key].key  # type: ignore[index,union-attr]
                    problems.append(
                        Problem("duplicate-key", key_loc.line, key_loc.col,  # type: ignore[union-attr]
                                {"key": shown_value(key, 40), "first": first.line if first else 0})
                    )
                parent.explicit.add(key)
            except TypeError:  # unhashable: only reachable through odd keys
                continue
            container[key] = value
            loc.key = key_loc
            parent.loc.children[key] = loc  # type: ignore[index]


def _apply_merges(frame: _Frame, problems: list[Problem]) -> None:
    """YAML merge keys (`<<: *base`) as SafeLoader applies them: explicit keys win,
    and among several merged mappings the earlier wins."""
    container: dict[Any, Any] = frame.container
    children: dict[Any, Loc] = frame.loc.children  # type: ignore[assignment]
    sources: list[tuple[dict[Any, Any], Loc]] = []
    for value, loc in frame.merges or ():
        if isinstance(value, dict):
            sources.append((value, loc))
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            sources.extend(zip(value, loc.children or []))  # type: ignore[arg-type]
        else:
            problems.append(Problem("invalid-merge", loc.line, loc.col))
    for source, loc in sources:
        for key, value in source.items():
            if key not in container:
                container[key] = value
                child = loc.child(key)
                if child is not None:
                    children[key] = child

"""One document of a file: its data with the position of every value, its model, and
the valid parts of a model that failed ("salvaged") so that one run shows every problem.

The reading layer knows nothing of the rules: `lianzheng.rules.stage` puts a file
through the reader, this module and the checks."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from lianzheng.repo.excerpt import shown_value
from lianzheng.repo.findings import Finding
from lianzheng.repo.yamlread import Loc, RawDocument
from lianzheng.spec.models import KINDS, Document


class DocContext:
    """One document being checked: its raw data, the positions of its values, and the
    findings of its file. Checks report at a data path; the position is looked up here."""

    def __init__(self, path: str, raw: RawDocument, findings: list[Finding]) -> None:
        self.path = path
        self.data = raw.data
        self.loc = raw.loc
        self.index = raw.index
        self.findings = findings
        self.kind: str | None = None
        self.lost: list[str] = []  # see FileResult.lost

    def at(self, path: Iterable[Any] = (), key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path` (of its key with `key=True`);
        for a path that does not exist, of the nearest mapping that does."""
        loc, found = self.loc.find(tuple(path))
        if key and found and loc.key is not None:
            return loc.key.line, loc.key.col
        return loc.line, loc.col

    def span(self, path: Iterable[Any]) -> Loc | None:
        loc, found = self.loc.find(tuple(path))
        return loc if found else None

    def report(self, code: str, at: Iterable[Any] = (), /, *, key: bool = False, variant: str = "",
               **args: Any) -> None:
        line, col = self.at(at, key)
        self.findings.append(Finding(self.path, line, col, code, args, variant))


def dotted(path: Iterable[Any]) -> str:
    """A data path as a message shows it (`flow.steps[2].next`); keys the user wrote are
    shown as `shown_value` shows values."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = shown_value(part, 40)
            out += f".{text}" if out else text
    return out


def suggest(value: Any, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a near-miss, or None."""
    if not isinstance(value, str) or len(value) > 200:  # no id is that long; difflib would take its time
        return None
    pool = sorted(set(candidates))
    match = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not match:
        folded = {c.lower().replace("_", "-"): c for c in pool}
        key = value.lower().replace("_", "-")
        return folded.get(key)
    return match[0]


_CHINESE_COMMA = re.compile("[，、]")


def joined_by_chinese_comma(value: Any, valid: Iterable[str]) -> bool:
    """Whether `value` is several valid values joined by a Chinese comma (`行政处罚，食品药品
    安全` in a flow list): what an input method makes of `[行政处罚, 食品药品安全]`."""
    if not isinstance(value, str) or not _CHINESE_COMMA.search(value):
        return False
    parts = [p.strip() for p in _CHINESE_COMMA.split(value)]
    allowed = set(valid)
    return len(parts) > 1 and all(p in allowed for p in parts)


# --- models -------------------------------------------------------------------------

def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        for arg in reversed(typing.get_args(annotation)):
            found = _unwrap_model(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def model_at(cls: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = cls
    for key in path:
        if current is None:
            return None
        if isinstance(key, int):
            continue
        fields = fields_by_key(current)
        if key not in fields:
            return None
        current = _unwrap_model(fields[key].annotation)
    return current


@functools.cache
def fields_by_key(cls: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f for name, f in cls.model_fields.items()}


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@functools.cache
def _adapter(cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    f = cls.model_fields[name]
    return TypeAdapter(typing.Annotated[f.annotation, *f.metadata] if f.metadata else f.annotation)


def field_failed(cls: type[BaseModel], name: str, data: Any) -> bool:
    """Whether the mapping `data` writes the field `name` of `cls` with a value that fails
    its schema: the salvaged model then holds the field's default (or None) where the
    user wrote something, and the schema's finding says what. Checks ask this so as not
    to report the consequence too (a step whose `end: 是` failed has no "missing end")."""
    if not isinstance(data, dict) or data.get(name) is None:
        return False
    try:
        _adapter(cls, name).validate_python(data[name])
    except ValidationError:
        return True
    return False


def field_shape(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """("model", M) for M or Optional[M], ("list", M) for list[M], else ("other", None)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return field_shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            shape = field_shape(arg)
            if shape[0] != "other":
                return shape
        return ("other", None)
    if origin is list:
        inner = field_shape(typing.get_args(annotation)[0])
        return ("list", inner[1]) if inner[0] == "model" else ("other", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return ("other", None)


def salvage(cls: type[BaseModel], data: Any) -> BaseModel | None:
    """The valid parts of `data` as an instance of `cls`, built without validating the
    whole: a bad field becomes None (or its default), a bad list item None, so the
    checks of the rest can still run. Checks must expect None in required fields of a
    document that had schema errors."""
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for name, f in cls.model_fields.items():
        key = f.alias or name
        if key not in data:
            if f.is_required():
                values[name] = None
            continue
        raw = data[key]
        try:
            values[name] = _adapter(cls, name).validate_python(raw)
            continue
        except ValidationError:
            pass
        shape, model = field_shape(f.annotation)
        if shape == "model" and isinstance(raw, dict):
            values[name] = salvage(model, raw)  # type: ignore[arg-type]
        elif shape == "list" and isinstance(raw, list):
            values[name] = [salvage(model, item) for item in raw]  # type: ignore[arg-type]
        elif not f.is_required():
            continue  # the default applies
        else:
            values[name] = None
    return cls.model_construct(**values)


def model_class(data: Any) -> type[Document] | None:
    """The model of a document's `kind`, or None when it has none we know."""
    kind = data.get("kind") if isinstance(data, dict) else None
    return KINDS.get(kind) if isinstance(kind, str) else None


def validate_model(cls: type[Document], data: dict[str, Any]) -> tuple[Document | None, list[dict[str, Any]]]:
    """The document as a model of `cls` and pydantic's errors: when there are errors, the
    model is salvaged (its valid parts only)."""
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        return salvage(cls, data), errors  # type: ignore[return-value]

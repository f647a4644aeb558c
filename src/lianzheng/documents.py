"""Checking one file: read it, validate each document against its kind's model, run the
document checks, and distil the facts the repository-wide checks need.

This is what a worker process does for each file, and what the cache stores per file.
A document with schema errors is still checked: its valid parts are kept ("salvaged") so
that one run shows every problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .facts import FileFacts
from .findings import Finding
from .model import API_VERSION, KINDS, Document
from .yamlread import Loc, RawDocument, read_bytes


@dataclass
class FileResult:
    findings: list[Finding] = field(default_factory=list)
    facts: FileFacts = field(default_factory=FileFacts)
    models: list[Document] | None = None


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
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def suggest(value: Any, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a near-miss, or None."""
    if not isinstance(value, str):
        return None
    pool = sorted(set(candidates))
    match = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not match:
        folded = {c.lower().replace("_", "-"): c for c in pool}
        key = value.lower().replace("_", "-")
        return folded.get(key)
    return match[0]


# --- schema -------------------------------------------------------------------------

_WRONG_TYPE_EXPECTED = {
    "string_type": "text", "int_type": "integer", "int_parsing": "integer", "int_from_float": "integer",
    "float_type": "number", "float_parsing": "number", "bool_type": "boolean", "bool_parsing": "boolean",
    "list_type": "list", "dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping",
    "lz_duration": "duration", "lz_amount_type": "number", "literal_error": "literal",
}


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


def _model_at(cls: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = cls
    for key in path:
        if current is None:
            return None
        if isinstance(key, int):
            continue
        fields = _fields_by_key(current)
        if key not in fields:
            return None
        current = _unwrap_model(fields[key].annotation)
    return current


@functools.cache
def _fields_by_key(cls: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f for name, f in cls.model_fields.items()}


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def shown_value(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, for a message: YAML-like, short."""
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    elif value is None:
        text = "null"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _report_schema_error(ctx: DocContext, cls: type[Document], err: dict[str, Any]) -> None:
    loc = tuple(err["loc"])
    kind = err["type"]
    key = False
    if loc and loc[-1] == "[key]":
        loc, key = loc[:-1], True
    where = dotted(loc)
    ctx_args = err.get("ctx") or {}
    shown = shown_value(_value_at(ctx.data, loc))
    if kind == "missing":
        parent = dotted(loc[:-1])
        ctx.report("S004", loc, field=loc[-1] if loc else "", where=parent, variant="nested" if parent else "")
    elif kind == "lz_basis":
        ctx.report("S004", loc, variant="basis", where=where)
    elif kind == "extra_forbidden":
        model = _model_at(cls, loc[:-1])
        allowed = list(_fields_by_key(model)) if model else []
        ctx.report("S006", loc, key=True, field=loc[-1], where=dotted(loc[:-1]) or "",
                   suggest=suggest(loc[-1], allowed))
    elif kind == "lz_enum":
        allowed = ctx_args.get("allowed", [])
        ctx.report("S007", loc, key=key, value=ctx_args.get("value", shown), where=where,
                   allowed="、".join(allowed), suggest=suggest(ctx_args.get("value"), allowed))
    elif kind == "lz_date" or kind.startswith("date_"):
        ctx.report("S008", loc, value=shown, where=where)
    elif kind in _WRONG_TYPE_EXPECTED or kind.endswith("_type") or kind.endswith("_parsing"):
        ctx.report("S005", loc, key=key, where=where, value=shown,
                   expected=_WRONG_TYPE_EXPECTED.get(kind, "value"), variant=_WRONG_TYPE_EXPECTED.get(kind, ""))
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx_args.get("ge", ctx_args.get("le", ctx_args.get("gt", ctx_args.get("lt"))))
        ctx.report("S009", loc, where=where, value=shown, variant=kind, bound=bound)
    elif kind == "too_short":
        ctx.report("S009", loc, where=where, value=shown, variant="too_short")
    elif kind == "string_pattern_mismatch":
        ctx.report("S009", loc, where=where, value=shown, variant="pattern")
    else:
        ctx.report("S009", loc, where=where, value=shown, variant="other", detail=err.get("msg", ""))


@functools.cache
def _adapter(cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    f = cls.model_fields[name]
    return TypeAdapter(typing.Annotated[f.annotation, *f.metadata] if f.metadata else f.annotation)


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


def validate_document(ctx: DocContext) -> Document | None:
    """Schema stage: the document's model, or a salvaged one; findings reported on ctx."""
    data = ctx.data
    if not isinstance(data, dict):
        ctx.report("S005", (), variant="document", where="", value=shown_value(data, 40), expected="mapping")
        return None
    kind = data.get("kind")
    if kind is None:
        ctx.report("S001", ())
        return None
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        ctx.report("S002", ("kind",), value=str(kind), allowed="、".join(KINDS),
                   suggest=suggest(kind, KINDS))
        return None
    ctx.kind = kind
    if "apiVersion" in data and data["apiVersion"] != API_VERSION:
        ctx.report("S003", ("apiVersion",), value=str(data["apiVersion"]), expected=API_VERSION)
        data = {**data, "apiVersion": API_VERSION}
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False, include_input=False):
            _report_schema_error(ctx, cls, err)
        return salvage(cls, data)  # type: ignore[return-value]
    except RecursionError:  # pragma: no cover - the reader limits nesting depth
        ctx.report("Y010", (), depth="?")
        return None


# --- the pipeline of one file ---------------------------------------------------------


def check_bytes(path: str, raw: bytes, want_models: bool = False) -> FileResult:
    """Everything the document stage knows about one file."""
    from .rules import run_document_checks  # the rule modules register on import
    from .rules.extract import extract_facts

    result = FileResult(models=[] if want_models else None)
    read = read_bytes(raw)
    for p in read.problems:
        result.findings.append(Finding(path, p.line, p.col, p.code, p.args))
    for document in read.documents:
        ctx = DocContext(path, document, result.findings)
        model = validate_document(ctx)
        if model is None:
            continue
        run_document_checks(ctx, model)
        extract_facts(ctx, model, result.facts)
        if result.models is not None:
            result.models.append(model)
    return result

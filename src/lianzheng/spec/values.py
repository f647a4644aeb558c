"""Value types of the data model that YAML and pydantic do not give us as we need them.

- `Term`: an enumerated value, canonical English id, remembering how the user wrote it
  (`高` or `high`), so output can show the Chinese term and `--write` can keep the spelling.
- `IsoDate`: dates as YAML writes them (`2026-03-01`), never integers read as timestamps.
- `Duration`: a time limit, working days by default, `{days: N, calendar: true}` otherwise.
- `Amount`: a sum of money or a multiple, never a bool.
- `WebUrl`, `ForgeAccount`: a unit's website (http/https only) and a leader's forge login,
  which end up in links and CODEOWNERS lines.

Each validates with a plain function so that an error points at the value itself
(no union branches in the error location) and carries a clear message.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import urllib.parse
from collections.abc import Iterable
from fractions import Fraction
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from lianzheng.spec.terms import VOCABULARIES


class Term(str):
    """A value of an enumeration: equal to its canonical id; `.written` as the user wrote it."""

    written: str

    def __new__(cls, id_: str, written: str | None = None) -> Term:
        obj = super().__new__(cls, id_)
        obj.written = id_ if written is None else written
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Term, (str(self), self.written))

    def __repr__(self) -> str:
        return f"Term({str(self)!r})"


class Vocab:
    """`Annotated[Term, Vocab("grade")]`: accepts the id or the Chinese term of SPEC.md."""

    def __init__(self, name: str) -> None:
        self.vocabulary = VOCABULARIES[name]

    def validate(self, value: Any) -> Term:
        if isinstance(value, Term):
            return value
        if isinstance(value, str):
            canonical = self.vocabulary.canonical(value.strip())
            if canonical is not None:
                return Term(canonical, value)
        raise PydanticCustomError(
            "lz_enum",
            "value {value} is not one of {allowed}",
            {"value": value if isinstance(value, (str, int, float, bool)) else type(value).__name__,
             "allowed": self.vocabulary.spellings(), "vocabulary": self.vocabulary.name},
        )

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            self.validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        terms = self.vocabulary.terms
        return {
            "type": "string",
            "enum": self.vocabulary.spellings(),
            "markdownEnumDescriptions": [f"{t.zh}（{t.en}）" for t in terms]
            + [f"{t.id}：{t.en}" for t in terms],
        }


def vocab(name: str) -> Any:
    return Annotated[Term, Vocab(name)]


class _IsoDate:
    @staticmethod
    def validate(value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            if value.time() == dt.time(0) and value.tzinfo is None:
                return value.date()
        elif isinstance(value, dt.date):
            return value
        elif isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise PydanticCustomError("lz_date", "not a date (YYYY-MM-DD): {value}", {"value": str(value)})

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            self.validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


IsoDate = Annotated[dt.date, _IsoDate()]


class Duration:
    """A time limit: `days` working days, or calendar days when `calendar` is true."""

    __slots__ = ("days", "calendar")

    def __init__(self, days: int, calendar: bool = False) -> None:
        self.days = days
        self.calendar = calendar

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Duration) and (self.days, self.calendar) == (other.days, other.calendar)

    def __hash__(self) -> int:
        return hash((self.days, self.calendar))

    def __repr__(self) -> str:
        return f"Duration({self.days}, calendar={self.calendar})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Duration, (self.days, self.calendar))

    def working_days(self) -> int:
        """SPEC.md: N calendar days count as floor(N * 5 / 7) working days."""
        return self.days * 5 // 7 if self.calendar else self.days

    def label(self, lang: str = "zh") -> str:
        if lang == "zh":
            return f"{self.days}日" if self.calendar else f"{self.days}个工作日"
        unit = "calendar day" if self.calendar else "working day"
        return f"{self.days} {unit}{'' if self.days == 1 else 's'}"

    @staticmethod
    def validate(value: Any) -> Duration:
        if isinstance(value, Duration):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                raise PydanticCustomError("lz_duration", "days must not be negative: {value}", {"value": value})
            return Duration(value)
        if isinstance(value, dict):
            extra = sorted(str(k) for k in value if k not in ("days", "calendar"))
            if extra:
                raise PydanticCustomError("lz_duration", "unknown key {key}", {"value": extra[0], "key": extra[0]})
            days = value.get("days")
            calendar = value.get("calendar", False)
            if isinstance(days, int) and not isinstance(days, bool) and days >= 0 and isinstance(calendar, bool):
                return Duration(days, calendar)
        raise PydanticCustomError(
            "lz_duration", "expected a number of days or {{days: N, calendar: true}}: {value}",
            {"value": str(value)},
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            cls.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda d: {"days": d.days, "calendar": True} if d.calendar else d.days
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0, "title": "工作日数"},
                {
                    "type": "object",
                    "title": "自然日",
                    "properties": {
                        "days": {"type": "integer", "minimum": 0, "title": "天数"},
                        "calendar": {"type": "boolean", "title": "按自然日计算",
                                     "description": "true 表示自然日（日历日）"},
                    },
                    "required": ["days"],
                    "additionalProperties": False,
                },
            ]
        }


class _Amount:
    @staticmethod
    def validate(value: Any) -> int | float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value < 0:
                raise PydanticCustomError("lz_amount", "must not be negative: {value}", {"value": value})
            return value
        raise PydanticCustomError("lz_amount", "expected a number: {value}", {"value": str(value)})

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "number", "minimum": 0}


Amount = Annotated[float, _Amount()]


class _SignalSeverity:
    """1 一般 · 2 较重 · 3 严重: the number or the term."""

    TERMS = {"一般": 1, "较重": 2, "严重": 3}

    @classmethod
    def validate(cls, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3:
            return value
        if isinstance(value, str) and value.strip() in cls.TERMS:
            return cls.TERMS[value.strip()]
        if isinstance(value, str) and value.strip() in ("1", "2", "3"):
            return int(value.strip())
        raise PydanticCustomError(
            "lz_enum", "value {value} is not one of {allowed}",
            {"value": value if isinstance(value, (str, int, float, bool)) else type(value).__name__,
             "allowed": ["1", "2", "3", *cls.TERMS], "vocabulary": "signal_severity"},
        )

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"anyOf": [{"type": "integer", "enum": [1, 2, 3]}, {"type": "string", "enum": list(self.TERMS)}]}


SignalSeverity = Annotated[int, _SignalSeverity()]


class _WebUrl:
    """SPEC: a unit's `website` is an `http://` or `https://` URL. It becomes a link on
    every page of the public site, so anything else (`javascript:`, `data:`, a bare
    word) is refused here, before it can be published."""

    @staticmethod
    def validate(value: Any) -> str:
        if isinstance(value, str):
            text = value.strip()
            try:
                parts = urllib.parse.urlsplit(text)
            except ValueError:
                parts = None
            if parts is not None and parts.scheme.lower() in ("http", "https") and parts.hostname \
                    and not any(ch.isspace() or not ch.isprintable() for ch in text):
                return text
        raise PydanticCustomError("lz_url", "not an http:// or https:// URL: {value}", {"value": str(value)})

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+"}


WebUrl = Annotated[str, _WebUrl()]

# A forge login or `org/team` (SPEC): what GitHub and GitLab accept in CODEOWNERS, and
# nothing that could end an owner or a line there (a space, `@`, `#`, a newline).
ACCOUNT_PATTERN = r"^@?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?$"
_ACCOUNT = re.compile(ACCOUNT_PATTERN)


class _ForgeAccount:
    @staticmethod
    def validate(value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a numeric login, as the other text fields take numbers
        if isinstance(value, str) and _ACCOUNT.fullmatch(value.strip()):
            return value.strip()
        raise PydanticCustomError("lz_account", "not a forge login or org/team: {value}", {"value": str(value)})

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "pattern": ACCOUNT_PATTERN}


ForgeAccount = Annotated[str, _ForgeAccount()]


def is_forge_account(text: str) -> bool:
    """A login or `org/team` as SPEC allows it (with or without a leading `@`)."""
    return _ACCOUNT.fullmatch(text) is not None


def number_text(value: float | Fraction) -> str:
    """A number as people write it: 5000, not 5000.0; 1.5 stays 1.5; an exact score
    (a Fraction) as its decimal, 13/5 as 2.6."""
    number = float(value)
    return str(int(value)) if number.is_integer() else f"{number:g}"


def vocabulary_of(annotation: Any, metadata: Iterable[Any] = ()) -> str | None:
    """The enumeration a model field takes its values from (`Area`, `list[Area]`,
    `Grade | None`), or None for a field that is not enumerated. Pydantic keeps the
    `Vocab` of a plain enumerated field in the field's `metadata`."""
    for meta in metadata:
        if isinstance(meta, Vocab):
            return meta.vocabulary.name
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, Vocab):
                return meta.vocabulary.name
        return vocabulary_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = vocabulary_of(arg)
            if found is not None:
                return found
    return None

"""The registry of validation rules.

Every rule has a code (a family letter and three digits, never reused), a kebab-case name
that names the problem, a severity, and its documentation: what it checks, why it matters,
a failing and a passing example. `lz rules`, the rules reference and the messages of
`lz validate` all come from here.

Checks are registered separately from the rules they report, because one pass over a
flowchart finds several kinds of problem:

- document checks run once per document, in the worker that read the file, and see the
  document's model and the positions of its values (their results are cached per file);
- repository checks run on the facts every document contributed (ids, references, risk
  grades) and on the settings and today's date, so they are never cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lianzheng.i18n import Text
from lianzheng.repo.excerpt import harmless
from lianzheng.repo.findings import Finding

if TYPE_CHECKING:
    from lianzheng.repo.repository import Repository

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

FAMILIES: dict[str, Text] = {
    "Y": Text("YAML 与文件", "YAML and files"),
    "S": Text("文档结构", "Document schema"),
    "D": Text("编号唯一", "Identity"),
    "R": Text("引用", "References"),
    "F": Text("流程图", "Flowchart"),
    "C": Text("完整性", "Completeness"),
    "T": Text("期限", "Time limits"),
    "K": Text("廉政风险", "Risks"),
    "B": Text("裁量基准", "Discretion benchmarks"),
    "G": Text("评定设置", "Grading settings"),
    "W": Text("预警处置", "Warnings and disposals"),
    "M": Text("电子监察", "E-supervision"),
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: Text  # what it checks, one line
    why: Text  # why it matters, citing the regulation where it can
    messages: dict[str, Text]  # variant -> message template (str.format with the finding's args)
    bad: str  # a failing example (YAML)
    good: str  # the same example, fixed
    kinds: tuple[str, ...] = ()  # document kinds it looks at (for the docs)

    @property
    def family(self) -> str:
        return self.code[0]

    def message(self, finding: Finding, lang: str) -> str:
        """The finding's message. Every argument a template names must be given: a missing
        one is a bug of the check that reported it (KeyError), never a silent `{key}`."""
        template = self.messages.get(finding.variant) or self.messages[""]
        args = {k: harmless(v) if isinstance(v, str) else v for k, v in finding.args.items()}
        text = template(lang).format_map(args)
        suggestion = args.get("suggest")
        if suggestion:
            text += f"（是否应为 `{suggestion}`？）" if lang == "zh" else f" (did you mean `{suggestion}`?)"
        return text


RULES: dict[str, Rule] = {}


def find_rule(name: str) -> Rule | None:
    """A rule by its code or its name, in any case: `C004`, `c004`, `missing-benchmark`."""
    wanted = name.strip()
    rule = RULES.get(wanted.upper())
    if rule is not None:
        return rule
    return next((r for r in RULES.values() if r.name == wanted.lower()), None)


def rule_named(name: str) -> Rule:
    """The rule of a problem the reader names (`duplicate-key`)."""
    rule = find_rule(name)
    if rule is None:
        raise KeyError(name)
    return rule


def define(
    code: str,
    name: str,
    severity: Severity,
    summary: Text,
    why: Text,
    message: Text | dict[str, Text],
    bad: str,
    good: str,
    kinds: tuple[str, ...] = (),
) -> Rule:
    if code in RULES:
        raise ValueError(f"rule code {code} defined twice")
    messages = message if isinstance(message, dict) else {"": message}
    rule = Rule(code, name, severity, summary, why, messages, bad.strip("\n"), good.strip("\n"), kinds)
    RULES[code] = rule
    return rule


@dataclass(frozen=True)
class DocumentCheck:
    kinds: tuple[str, ...]
    codes: tuple[str, ...]
    fn: Callable[..., Iterable[Any]]


@dataclass(frozen=True)
class RepositoryCheck:
    codes: tuple[str, ...]
    fn: Callable[..., Iterable[Any]]


class CheckContext:
    """What a repository check sees: the repository, the reference date of the
    date-dependent rules, and where to report."""

    def __init__(self, repo: Repository, today: dt.date) -> None:
        self.repo = repo
        self.today = today
        self.findings: list[Finding] = []
        self._lost: set[str] | None = None

    def failed_to_load(self, *what: str) -> bool:
        """Whether a document of one of these kinds, or one of these `Kind.field` values,
        failed to load somewhere (or a document of unknown kind did): its Y or S finding
        is the cause to report, not the references it would have satisfied."""
        if self._lost is None:
            self._lost = {m for r in self.repo.results.values() for m in r.lost}
        return "?" in self._lost or any(w in self._lost for w in what)

    def report(self, code: str, path: str, line: int, col: int, /, variant: str = "", **args: Any) -> None:
        self.findings.append(Finding(path, line, col, code, args, variant))


DOCUMENT_CHECKS: list[DocumentCheck] = []
REPOSITORY_CHECKS: list[RepositoryCheck] = []


def document_check(kinds: tuple[str, ...], codes: tuple[str, ...]) -> Callable[[Any], Any]:
    """Register `fn(ctx, model)`: a check of one document of the given kinds."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        DOCUMENT_CHECKS.append(DocumentCheck(kinds, codes, fn))
        return fn

    return register


def repository_check(codes: tuple[str, ...]) -> Callable[[Any], Any]:
    """Register `fn(ctx)`: a check over the facts of the whole repository."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        REPOSITORY_CHECKS.append(RepositoryCheck(codes, fn))
        return fn

    return register


@dataclass
class Selection:
    """`--select` / `--ignore`: rule codes, code prefixes (`F`, `K00`) or rule names, in any
    case (`c004`, `missing-benchmark`)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unknown: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.select = tuple(self._canonical(s) for s in self.select)
        self.ignore = tuple(self._canonical(i) for i in self.ignore)

    def _canonical(self, item: str) -> str:
        rule = find_rule(item)
        if rule is not None:
            return rule.code
        prefix = item.strip().upper()
        if not any(code.startswith(prefix) for code in RULES):
            self.unknown.append(item)
        return prefix

    def wants(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)

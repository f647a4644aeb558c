"""Every output format of every command, in one registry.

`REPORTERS` maps (report, format) to the reporter class that writes it, as
"module:Class" inside this package: the command's formats live in `report/<report>.py`.
Classes are imported only when used, so a command loads only its own output code (and
only the text reporters load `rich`)."""

from __future__ import annotations

import importlib
from typing import Any

from lianzheng.report.base import Reporter

REPORTERS: dict[tuple[str, str], str] = {
    ("validate", "text"): "validate:TextReporter",
    ("validate", "json"): "validate:JsonReporter",
    ("validate", "github"): "validate:GithubReporter",
    ("validate", "gitlab"): "validate:GitlabReporter",
    ("validate", "sarif"): "validate:SarifReporter",
    ("rules", "text"): "rules:RulesText",
    ("rules", "json"): "rules:RulesJson",
    ("rules", "markdown"): "rules:RulesMarkdown",
    ("grade", "text"): "grade:GradeText",
    ("grade", "json"): "grade:GradeJson",
    ("grade", "csv"): "grade:GradeCsv",
    ("grade", "markdown"): "grade:GradeMarkdown",
    ("due", "text"): "due:DueText",
    ("due", "json"): "due:DueJson",
    ("due", "markdown"): "due:DueMarkdown",
    ("diff", "text"): "diff:DiffText",
    ("diff", "markdown"): "diff:DiffMarkdown",
    ("diff", "json"): "diff:DiffJson",
    ("codeowners", "text"): "codeowners:CodeownersFile",
    ("warn", "text"): "warn:WarnText",
    ("warn", "json"): "warn:WarnJson",
    ("warn", "markdown"): "warn:WarnMarkdown",
    ("monitor", "text"): "monitor:MonitorText",
    ("monitor", "json"): "monitor:MonitorJson",
    ("monitor", "csv"): "monitor:MonitorCsv",
    ("monitor", "markdown"): "monitor:MonitorMarkdown",
    ("import", "text"): "exchange:ImportText",
    ("import", "json"): "exchange:ImportJson",
    ("export", "text"): "exchange:ExportText",
    ("assess", "text"): "assess:AssessText",
    ("assess", "json"): "assess:AssessJson",
    ("assess", "markdown"): "assess:AssessMarkdown",
    ("assess", "csv"): "assess:AssessCsv",
    ("rollup", "text"): "rollup:RollupText",
    ("rollup", "json"): "rollup:RollupJson",
    ("rollup", "markdown"): "rollup:RollupMarkdown",
}


def formats(report: str) -> tuple[str, ...]:
    """The formats of a report, in the order `--help` lists them (the first is the default)."""
    return tuple(fmt for name, fmt in REPORTERS if name == report)


def reporter(report: str, fmt: str, **options: Any) -> Reporter:
    """The reporter writing `report` as `fmt`, with its options (lang, color, ...)."""
    module, _, cls = REPORTERS[(report, fmt)].partition(":")
    return getattr(importlib.import_module(f"lianzheng.report.{module}"), cls)(**options)


def render(report: str, fmt: str, data: Any, **options: Any) -> str:
    return reporter(report, fmt, **options).render(data)

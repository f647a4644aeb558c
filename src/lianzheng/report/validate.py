"""How `lz validate` prints its findings: text, json, github, gitlab, sarif.

Only the text reporter knows about colour, and only when it writes to a terminal."""

from __future__ import annotations

import io
import json
from typing import Any

from lianzheng import __version__
from lianzheng.repo.findings import Finding
from lianzheng.repo.storage import digest
from lianzheng.report.base import Reporter
from lianzheng.report.text import visible
from lianzheng.rules import RULES
from lianzheng.rules.validate import Report
from lianzheng.spec.terms import label


class FindingsReporter(Reporter):
    """The findings of a validate report, one way or another."""

    def message(self, f: Finding) -> str:
        return RULES[f.code].message(f, self.lang)

    def severity(self, f: Finding) -> str:
        return RULES[f.code].severity

    def shown_path(self, report: Report, f: Finding) -> str:
        """A path the reader's tools can open: relative to `base` (the working folder)
        when the repository lies under it, else relative to the repository root."""
        if self.base is None:
            return f.path
        full = report.root / f.path
        try:
            return full.relative_to(self.base).as_posix()
        except ValueError:
            return f.path



class TextReporter(FindingsReporter):
    def render(self, report: Report) -> str:
        from rich.console import Console
        from rich.text import Text

        buf = io.StringIO()
        console = Console(file=buf, force_terminal=self.color, no_color=not self.color, width=10_000,
                          soft_wrap=True, highlight=False)
        for f in report.findings:
            sev = self.severity(f)
            line = Text()
            line.append(f"{visible(self.shown_path(report, f))}:{f.line}:{f.column}: ", style="bold")
            line.append(f.code, style="bold red" if sev == "error" else "bold yellow")
            line.append(f" {label('severity', sev, self.lang)} ", style="red" if sev == "error" else "yellow")
            line.append(visible(self.message(f)))
            line.append(f" [{RULES[f.code].name}]", style="dim")
            console.print(line)
        console.print(self.summary(report), style="bold" if report.findings else "green")
        return buf.getvalue()

    def summary(self, report: Report) -> str:
        e, w = report.errors, report.warnings
        if self.lang == "en":
            if not e and not w:
                return "No problems found."
            return f"Found {e} error{'s' * (e != 1)} and {w} warning{'s' * (w != 1)}."
        if not e and not w:
            return "未发现问题。"
        return f"发现 {e} 个错误、{w} 个警告。"


class JsonReporter(FindingsReporter):
    def render(self, report: Report) -> str:
        items = [
            {"path": f.path, "line": f.line, "column": f.column, "code": f.code,
             "severity": self.severity(f), "message": self.message(f)}
            for f in report.findings
        ]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF encoded as GitHub decodes them, and
    every other control, separator or bidi character made `visible` (an ESC would colour
    or hide the log, U+2028 break the line in the annotation)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(FindingsReporter):
    """GitHub Actions workflow commands: each finding becomes an annotation on the line."""


    def render(self, report: Report) -> str:
        out = []
        for f in report.findings:
            rule = RULES[f.code]
            props = ",".join([
                f"file={_escape_property(self.shown_path(report, f))}",
                f"line={f.line}", f"col={f.column}",
                f"title={_escape_property(f'{f.code} {rule.name}')}",
            ])
            out.append(f"::{self.severity(f)} {props}::{_escape_data(self.message(f))}")
        return "".join(line + "\n" for line in out)


class GitlabReporter(FindingsReporter):
    """GitLab Code Quality (the subset of the CodeClimate format GitLab reads): a merge
    request shows each finding on its line, as GitHub does with annotations."""

    SEVERITY = {"error": "major", "warning": "minor"}

    def render(self, report: Report) -> str:
        items = []
        for f in report.findings:
            path, message = self.shown_path(report, f), self.message(f)
            items.append({
                "description": f"{f.code} {message}",
                "check_name": f"{f.code} {RULES[f.code].name}",
                # The same finding keeps its fingerprint from one pipeline to the next.
                "fingerprint": digest(f"{path}\0{f.line}\0{f.column}\0{f.code}\0{message}".encode()),
                "severity": self.SEVERITY[self.severity(f)],
                "location": {"path": path, "lines": {"begin": f.line}},
            })
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


class SarifReporter(FindingsReporter):
    """SARIF 2.1.0, for code-scanning views."""


    def render(self, report: Report) -> str:
        codes = sorted(RULES)
        index = {code: i for i, code in enumerate(codes)}
        rules: list[dict[str, Any]] = []
        for code in codes:
            rule = RULES[code]
            rules.append({
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary(self.lang)},
                "fullDescription": {"text": rule.why(self.lang)},
                "help": {"text": rule.why(self.lang),
                         "markdown": f"{rule.why(self.lang)}\n\n```yaml\n{rule.bad}\n```\n\n```yaml\n{rule.good}\n```"},
                "defaultConfiguration": {"level": rule.severity},
                "properties": {"tags": [rule.family]},
            })
        results = [
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": self.severity(f),
                "message": {"text": self.message(f)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": self.shown_path(report, f), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }],
            }
            for f in report.findings
        ]
        doc = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "lianzheng", "version": __version__,
                                    "informationUri": "https://github.com/lianzheng/lianzheng", "rules": rules}},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

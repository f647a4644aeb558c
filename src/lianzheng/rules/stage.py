"""The document stage: what a scan does with each file of a repository.

Read the file (YAML with positions), check each document against its kind's model,
run the document checks of every family, and distil the facts the repository-wide
checks need. This is what a worker process does per file and what the cache keeps: no
confidential signal's text ever is (facts leave it out, models are stripped of it,
findings are redacted by `w_warn`)."""

from __future__ import annotations

from lianzheng.repo.document import DocContext
from lianzheng.repo.facts import extract_facts
from lianzheng.repo.findings import Finding
from lianzheng.repo.layout import Refused
from lianzheng.repo.scan import FileResult
from lianzheng.repo.yamlread import UNKNOWN_KIND, read_bytes
from lianzheng.rules.registry import DOCUMENT_CHECKS, rule_named
from lianzheng.rules.s_schema import check_schema
from lianzheng.spec.models import Signals


class RuleStage:
    """The document stage of `lz`'s rules (see the module's docstring). Stateless, so a
    worker process receives it as a plain object."""

    def check(self, path: str, raw: bytes, want_models: bool = False) -> FileResult:
        result = FileResult(models=[] if want_models else None)
        read = read_bytes(raw)
        result.lost.extend(read.lost)
        for p in read.problems:
            result.findings.append(Finding(path, p.line, p.col, rule_named(p.rule).code, p.args, p.variant))
        for document in read.documents:
            ctx = DocContext(path, document, result.findings)
            model = check_schema(ctx)
            result.lost.extend(ctx.lost)
            if model is None:
                continue
            for check in DOCUMENT_CHECKS:
                if ctx.kind in check.kinds:
                    check.fn(ctx, model)
            extract_facts(ctx, model, result.facts)
            if result.models is not None:
                # what is kept is shared (the model store, workers): never a secret signal's text
                result.models.append(model.shareable(ctx.data) if isinstance(model, Signals) else model)
        return result

    def unreadable(self, path: str, refused: Refused) -> FileResult:
        return FileResult(findings=[Finding(path, 1, 1, rule_named(refused.rule).code, dict(refused.detail),
                                            refused.variant)], lost=list(UNKNOWN_KIND))


STAGE = RuleStage()

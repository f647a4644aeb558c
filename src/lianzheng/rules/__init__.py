"""Validation rules: one module per family, all registered in `registry`.

Importing this package registers every rule and check."""

from __future__ import annotations

from typing import Any

from . import (  # noqa: F401  (imported to register their rules)
    benchmarks,
    completeness,
    flow,
    grading_settings,
    repository,
    risks,
    schema,
    syntax,
    timelimits,
)
from .registry import DOCUMENT_CHECKS, REPOSITORY_CHECKS, RULES, Rule, Selection
from .repository import RepoContext

__all__ = ["RULES", "Rule", "Selection", "RepoContext", "run_document_checks", "run_repository_checks"]


def run_document_checks(ctx: Any, model: Any) -> None:
    for check in DOCUMENT_CHECKS:
        if ctx.kind in check.kinds:
            check.fn(ctx, model)


def run_repository_checks(ctx: RepoContext) -> None:
    for check in REPOSITORY_CHECKS:
        check.fn(ctx)

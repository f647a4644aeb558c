"""Validation rules: one module per family, all registered in `registry`.

Importing this package registers every rule and check. `stage.STAGE` is the document
stage a repository is opened with; `validate` runs the repository-wide checks."""

from __future__ import annotations

from lianzheng.rules import (  # noqa: F401  (imported to register their rules)
    b_benchmarks,
    c_completeness,
    d_identity,
    f_flow,
    g_grading,
    k_risks,
    m_monitor,
    r_references,
    s_schema,
    t_timelimits,
    w_warn,
    y_syntax,
)
from lianzheng.rules.registry import RULES, Rule, Selection, find_rule

__all__ = ["RULES", "Rule", "Selection", "find_rule"]

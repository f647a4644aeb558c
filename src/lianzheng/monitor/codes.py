"""The M rules as `lz monitor` uses them (defined with every rule in `rules/m_monitor.py`):
which findings make a card red or yellow, and a finding's message."""

from __future__ import annotations

from typing import Any

from lianzheng.repo.findings import Finding
from lianzheng.rules import RULES

MONITOR_RULES = {code: rule for code, rule in RULES.items() if code.startswith("M")}

# Red (红牌) and yellow (黄牌) findings.
RED = frozenset(c for c, r in MONITOR_RULES.items() if c[1] in "12" and r.severity == "error")
YELLOW = frozenset(c for c, r in MONITOR_RULES.items() if c[1] in "12" and r.severity == "warning")


def message(code: str, args: dict[str, Any], lang: str = "zh", variant: str = "") -> str:
    """The finding's message from its rule's template."""
    return MONITOR_RULES[code].message(Finding("", 0, 0, code, args, variant), lang)

"""Dynamic management (动态管理, art. 13): when a risk or a measure falls due.

The one place these dates are worked out, for the warnings of `lz validate` (K004, K005,
K009) and the work list of `lz due` alike. A risk is due for review when its review cycle
has run out, or when a law its power cites was revised after it was last reviewed; a
measure is overdue past its due date until it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from lianzheng.repo.facts import LawFact, MeasureFact, RiskFact


def review_due(risk: RiskFact, cycle_days: int, today: dt.date) -> dt.date | None:
    """The day the review cycle ran out, when that is before `today`; else None."""
    if risk.reviewed is None:
        return None
    since = risk.reviewed + dt.timedelta(days=cycle_days)
    return since if since < today else None


def laws_revised_since_review(risk: RiskFact, laws: Mapping[str, LawFact]) -> list[LawFact]:
    """The registered laws cited by the risk's power and revised after its last review,
    each once, in the order the power cites them."""
    if risk.reviewed is None:
        return []
    out = []
    for law_id in dict.fromkeys(risk.power_laws):
        law = laws.get(law_id)
        if law is not None and law.revised is not None and law.revised > risk.reviewed:
            out.append(law)
    return out


def overdue_measures(risk: RiskFact, today: dt.date) -> list[MeasureFact]:
    return [m for m in risk.measures if m.due is not None and m.due < today and m.status != "done"]

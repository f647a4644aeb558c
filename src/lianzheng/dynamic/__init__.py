"""Dynamic management (动态管理, art. 13): when a risk or a measure falls due.

The one place these dates are worked out, for the warnings of `lz validate` (K004, K005,
K009) and the work list of `lz due` alike. A risk is due for review when its review cycle
has run out (the cycle runs from its `reviewed` date, else from its approval; a risk with
neither is due at once), or when a law its power cites was revised after it was last
reviewed (and not after today); a measure is overdue past its due date until it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from lianzheng.repo.facts import LawFact, MeasureFact, RiskFact


class ReviewDue(NamedTuple):
    """A risk due for review: `since` the day its cycle ran out (None: it was never reviewed
    nor approved, so it is due at once); `last` the date the cycle ran from and `basis` which
    date that was (`reviewed`, `approval`, or "" for none)."""

    since: dt.date | None
    last: dt.date | None
    basis: str


def last_review(risk: RiskFact) -> tuple[dt.date | None, str]:
    """The date a risk's review cycle runs from (SPEC): its `reviewed`, else its approval."""
    if risk.reviewed is not None:
        return risk.reviewed, "reviewed"
    if risk.approval is not None:
        return risk.approval, "approval"
    return None, ""


def review_due(risk: RiskFact, cycle_days: int, today: dt.date) -> ReviewDue | None:
    """Whether the risk's review cycle has run out before `today`, and since when."""
    last, basis = last_review(risk)
    if last is None:
        return ReviewDue(None, None, "")
    since = last + dt.timedelta(days=cycle_days)
    return ReviewDue(since, last, basis) if since < today else None


def laws_revised_since_review(risk: RiskFact, laws: Mapping[str, LawFact], today: dt.date) -> list[LawFact]:
    """The registered laws cited by the risk's power and revised after its last review and
    not after `today` (a revision yet to come is not due), each once, in the order the
    power cites them."""
    last, _ = last_review(risk)
    if last is None:
        return []  # due at once anyway
    out = []
    for law_id in dict.fromkeys(risk.power_laws):
        law = laws.get(law_id)
        if law is not None and law.revised is not None and last < law.revised <= today:
            out.append(law)
    return out


def overdue_measures(risk: RiskFact, today: dt.date) -> list[MeasureFact]:
    return [m for m in risk.measures if m.due is not None and m.due < today and m.status != "done"]

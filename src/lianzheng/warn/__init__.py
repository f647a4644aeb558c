"""`lz warn` as a library: early warning and disposal (预警处置, art. 12).

    result = warn(repo, as_of)      # repo: a Repository (with the `--signals` folder, if any)
    result.exit_code()              # 1 on W001 or W002

The signals and disposals come from the repository's facts (the unit's files and the
discipline office's folder alike), the red cards of `lz monitor` are added as signals of
source `e_supervision` (`redcards`), and every target is scored and its disposal judged
(`engine`, whose docstring states the rules). A confidential signal's text is in no fact:
only `show_confidential=True` reads it again from its file (`reveal`), for that output only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lianzheng.repo.document import DocContext, validate_model
from lianzheng.repo.facts import FileFacts, SignalFact, signal_facts
from lianzheng.repo.repository import Repository
from lianzheng.repo.layout import Unreadable, read_data
from lianzheng.repo.yamlread import read_bytes
from lianzheng.spec.models import Signals
from lianzheng.warn.engine import (
    Directory,
    Ladder,
    Policy,
    TargetWarning,
    WarnFinding,
    WarnResult,
    evaluate,
)
from lianzheng.warn.redcards import CaseFinding, RedCase, red_card_signals

__all__ = ["CaseFinding", "Directory", "Ladder", "Policy", "RedCase", "TargetWarning", "WarnFinding", "WarnResult",
           "evaluate", "reveal", "warn"]


def reveal(repo: Repository, signals: list[SignalFact]) -> list[SignalFact]:
    """The signals with the text of the secret ones, read again from their files: for
    `--show-confidential` only, never stored anywhere."""
    wanted = sorted({s.path for s in signals if s.confidential and s.path})
    again: dict[tuple[str, int, int], SignalFact] = {}
    for path in wanted:
        full = repo.root / path  # an absolute path (the --signals folder) stays itself
        try:  # as the scan read it: a file swapped for a link or a pipe since is not read
            raw = read_data(full.parent, full.name)
        except Unreadable:
            continue
        findings: list = []
        for document in read_bytes(raw).documents:
            if not (isinstance(document.data, dict) and document.data.get("kind") == Signals.KIND):
                continue
            model, _ = validate_model(Signals, document.data)
            if isinstance(model, Signals):
                for s in signal_facts(DocContext(path, document, findings), model, FileFacts(), keep_text=True):
                    again[(s.path, s.line, s.col)] = s
    return [again.get((s.path, s.line, s.col), s) for s in signals]


def warn(repo: Repository, as_of: dt.date, *, red_cases: Iterable[RedCase] = (),
         show_confidential: bool = False) -> WarnResult:
    """The warnings of the repository on `as_of`. `red_cases`: the red cases of `lz monitor`."""
    signals = list(repo.signals())
    if show_confidential:
        signals = reveal(repo, signals)
    signals += red_card_signals(red_cases)
    return evaluate(signals, repo.disposals(), Directory.of(repo), as_of, show_confidential=show_confidential)


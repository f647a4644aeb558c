"""W: early warning and disposal (预警处置, art. 12) — the findings of `lz warn` (W001–W003),
and the confidentiality of signals in what `lz validate` reports.

W findings are judged on a date (`--as-of`): they belong to `lz warn` and `lz due`, never
to `lz validate`, and never stop `lz publish`. The engine that finds them is
`lianzheng.warn`; their texts are here, with every other rule's."""

from __future__ import annotations

from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext
from lianzheng.rules.registry import ERROR, WARNING, define, document_check
from lianzheng.spec.models import Signals

_KINDS = ("Signals", "Disposals")

define(
    "W001", "warning-undisposed", ERROR,
    T("预警达到处置等级后，超过 `settings.warning.respond_days`（默认 15 个自然日）仍未处置。",
      "A warning reached its level more than `settings.warning.respond_days` (default 15 calendar days) ago "
      "and has not been disposed of."),
    T("第12条：对苗头性、倾向性问题综合运用风险提示、诫勉谈话、责令纠错等处置措施，做到早发现、早提醒、早纠正；"
      "预警无人处置，就失去了预警的意义。只有同一对象、同等或更重措施、日期不早于达到等级之日的处置才算处置。",
      "Art. 12: warnings are met with a reminder, an admonition talk or an order to correct, so that problems are "
      "found, flagged and corrected early; a warning no one acts on warns no one. Only a disposal of the same "
      "target, of that action or a heavier one, dated on or after the day the level was reached, disposes of it."),
    T("{kind} `{id}`（{name}）预警分值 {score}，自 {reached} 起达到“{level}”等级，应于 {deadline} 前处置，"
      "已逾期 {days} 天未处置",
      "{kind_en} `{id}` ({name}) has scored {score} and stood at level {level_en} since {reached}; it was to be "
      "disposed of by {deadline} and is {days} day(s) overdue"),
    bad="# signals: 2026-03-02 audit severity 2, 2026-04-10 petition severity 1 about {risk: R-CG-001-01}\n"
        "# score 3 = admonition since 2026-04-10; disposals: none\n"
        "disposals: []",
    good="disposals:\n  - id: CZ-2026-003\n    about: {risk: R-CG-001-01}\n    action: admonition\n"
         "    with: [L-FJZ-ZH]\n    date: 2026-04-20\n    due: 2026-05-20\n    status: done\n"
         "    signals: [XH-2026-004, XH-2026-007]",
    kinds=_KINDS,
)

define(
    "W002", "disposal-overdue", ERROR,
    T("处置的整改期限（`due`）已过，状态仍为 `open`（未完成）。",
      "A disposal is past its `due` date and still `open`."),
    T("第12条：处置要见效，责令纠错要纠正到位；整改逾期未完成，风险就没有化解。",
      "Art. 12: a disposal must take effect and an order to correct must be carried out; an overdue follow-up "
      "leaves the risk where it was."),
    T("处置 `{disposal}`（{action}，{kind} `{id}`）应于 {due} 前完成整改，已逾期 {days} 天，状态仍为“未完成”",
      "disposal `{disposal}` ({action_en}, {kind_en} `{id}`) was due {due} and is {days} day(s) overdue, still open"),
    bad="- id: CZ-2026-002\n  about: {post: P-ZF-CW}\n  action: correction\n  date: 2026-06-10\n"
        "  due: 2026-08-31\n  status: open",
    good="- id: CZ-2026-002\n  about: {post: P-ZF-CW}\n  action: correction\n  date: 2026-06-10\n"
         "  due: 2026-08-31\n  status: done\n  result: 涉案财物台账已全面清点，建立出入库双人签字制度",
    kinds=_KINDS,
)

define(
    "W003", "regrade-suggested", WARNING,
    T("风险的预警达到“诫勉谈话”或更重等级，但其评定因素“发生概率”低于 4。",
      "A risk's warning is at admonition or above while its `probability` factor is below 4."),
    T("第13条：根据防控措施落实的效果及时调整廉政风险等级；反复出现的预警说明发生概率被低估了，应当重新评定。",
      "Art. 13: grades are adjusted as the effect of the measures shows; repeated warnings say the probability "
      "was underestimated and the risk should be graded again."),
    T("风险 `{id}`（{name}）预警已达“{level}”等级，但发生概率仅为 {probability}，建议重新评定等级（第13条）",
      "risk `{id}` ({name}) has a warning at level {level_en} but its probability factor is only {probability}; "
      "grade it again (art. 13)"),
    bad="# warning at admonition about {risk: R-CG-001-01}\n"
        "factors: {importance: 4, discretion: 4, probability: 3, harm: 4}",
    good="factors: {importance: 4, discretion: 4, probability: 4, harm: 4}\nreviewed: 2026-11-20",
    kinds=_KINDS,
)


# What a finding shows in place of a value kept secret.
REDACTED = "***"
# Arguments that name a place or a rule, never the value written there.
_SAFE_ARGS = frozenset({"where", "expected", "field", "bound", "first", "key", "allowed", "vocabulary"})


def _positions(ctx: DocContext, path: tuple[Any, ...]) -> set[tuple[int, int]]:
    """Every (line, column) of the value at `path`, of what it holds, and of its key."""
    loc = ctx.span(path)
    if loc is None:
        return set()
    out = {(loc.key.line, loc.key.col)} if loc.key is not None else set()
    stack = [loc]
    while stack:
        node = stack.pop()
        out.add((node.line, node.col))
        children = node.children
        if isinstance(children, dict):
            stack.extend(children.values())
        elif isinstance(children, list):
            stack.extend(children)
    return out


@document_check(("Signals",), ())
def redact_secret_signals(ctx: DocContext, model: Signals) -> None:
    """A schema error shows the value it rejects: in the findings of a Signals document,
    every value quoted from a confidential signal's `summary` or `ref` is replaced, so that
    no message (nor the cache of findings) carries a petition's text."""
    secret: set[tuple[int, int]] = set()
    raw = ctx.data.get("signals") if isinstance(ctx.data, dict) else None
    for i, signal in enumerate(model.signals or ()):
        written = raw[i] if isinstance(raw, list) and i < len(raw) else None
        if signal is None:  # not even a mapping: whatever it holds may be a petition's text
            secret |= _positions(ctx, ("signals", i))
        elif signal.kept_secret(written):
            for name in ("summary", "ref"):
                secret |= _positions(ctx, ("signals", i, name))
    if not secret:
        return
    for k, f in enumerate(ctx.findings):
        if f.path == ctx.path and (f.line, f.column) in secret:
            ctx.findings[k] = f._replace(args={key: (v if key in _SAFE_ARGS else REDACTED) for key, v in f.args.items()})

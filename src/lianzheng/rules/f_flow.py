"""F: the structure of each power's flowchart (权力运行流程图, art. 4, 11)."""

from __future__ import annotations

from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.repo.document import (
    DocContext,
    field_failed,
    joined_by_chinese_comma,
    shown_value,
    suggest,
    value_at,
)
from lianzheng.rules.registry import ERROR, define, document_check
from lianzheng.spec.flowgraph import reach, step_index
from lianzheng.spec.models import FlowStep, Power, indexed

define(
    "F001", "unknown-start-step", ERROR,
    T("`flow.start` 不是本流程图的环节。", "`flow.start` is not a step of the flowchart."),
    T("流程图必须从一个确定的环节开始，群众才能看懂办事从哪里起步。",
      "A flowchart starts at a definite step, or a citizen cannot tell where the procedure begins."),
    T("开始环节 `{value}` 不存在", "start step `{value}` does not exist"),
    bad="flow:\n  start: S0\n  steps:\n    - {id: S1, name: 受理, end: true}",
    good="flow:\n  start: S1\n  steps:\n    - {id: S1, name: 受理, end: true}",
    kinds=("Power",),
)

define(
    "F002", "unknown-next-step", ERROR,
    T("`next` 指向不存在的环节。", "`next` points at a step that does not exist."),
    T("断开的连线会让流程图缺失环节，办理过程无从监督。",
      "A dangling arrow leaves a gap in the flowchart, and that part of the procedure cannot be supervised."),
    {
        "": T("后续环节 `{value}` 不存在", "next step `{value}` does not exist"),
        "chinese-comma": T("后续环节 `{value}` 用了中文逗号，请改为英文逗号或分行",
                           "next steps `{value}` are separated by a Chinese comma; use an ASCII comma or one per line"),
    },
    bad="- {id: S1, name: 受理, next: [S3]}\n- {id: S2, name: 决定, end: true}",
    good="- {id: S1, name: 受理, next: [S2]}\n- {id: S2, name: 决定, end: true}",
    kinds=("Power",),
)

define(
    "F003", "unreachable-step", ERROR,
    T("从开始环节到达不了的环节。", "A step that cannot be reached from the start."),
    T("到达不了的环节要么是多余的，要么说明连线漏画了——权力可能在图外运行。",
      "An unreachable step is either superfluous or a missing arrow: power may be exercised outside the chart."),
    T("环节 `{id}` 从开始环节无法到达", "step `{id}` cannot be reached from the start step"),
    bad="start: S1\nsteps:\n  - {id: S1, name: 受理, end: true}\n  - {id: S2, name: 审查, end: true}",
    good="start: S1\nsteps:\n  - {id: S1, name: 受理, next: [S2]}\n  - {id: S2, name: 审查, end: true}",
    kinds=("Power",),
)

define(
    "F004", "dead-end-step", ERROR,
    T("到达不了任何结束环节的环节（死循环）。", "A step from which no end step can be reached (an endless loop)."),
    T("办理必须有结果；无法结束的流程意味着申请可能被无限期搁置。",
      "Every procedure must end; a flow that cannot end lets an application be shelved forever."),
    T("环节 `{id}` 无法到达任何结束环节", "no end step can be reached from step `{id}`"),
    bad="- {id: S1, name: 受理, next: [S2]}\n- {id: S2, name: 补正, next: [S1]}\n- {id: S3, name: 决定, end: true}",
    good="- {id: S1, name: 受理, next: [S2, S3]}\n- {id: S2, name: 补正, next: [S1]}\n- {id: S3, name: 决定, end: true}",
    kinds=("Power",),
)

define(
    "F005", "missing-next", ERROR,
    T("非结束环节没有 `next`。", "A step that is not an end step has no `next`."),
    T("流程在该环节中断；要么补上后续环节，要么标明 `end: true`。",
      "The flow stops there: add the next step, or mark it `end: true`."),
    T("环节 `{id}` 不是结束环节，但没有后续环节（next）", "step `{id}` is not an end step but has no `next`"),
    bad="- {id: S1, name: 受理}",
    good="- {id: S1, name: 受理, end: true}",
    kinds=("Power",),
)

define(
    "F006", "end-step-with-next", ERROR,
    T("结束环节仍有 `next`。", "An end step has a `next`."),
    T("结束环节之后不应再有办理环节；图上会出现自相矛盾的出口。",
      "Nothing follows an end step; the chart would contradict itself."),
    T("结束环节 `{id}` 不应有后续环节", "end step `{id}` must not have a `next`"),
    bad="- {id: S3, name: 送达, end: true, next: [S1]}",
    good="- {id: S3, name: 送达, end: true}",
    kinds=("Power",),
)

define(
    "F007", "missing-end-step", ERROR,
    T("流程图没有结束环节。", "The flowchart has no end step."),
    T("没有结束环节的流程无法办结。", "A flow with no end step never finishes."),
    T("流程图没有结束环节（end: true）", "the flowchart has no end step (end: true)"),
    bad="steps:\n  - {id: S1, name: 受理, next: [S2]}\n  - {id: S2, name: 决定, next: [S1]}",
    good="steps:\n  - {id: S1, name: 受理, next: [S2]}\n  - {id: S2, name: 决定, end: true}",
    kinds=("Power",),
)


@document_check(("Power",), ("F001", "F002", "F003", "F004", "F005", "F006", "F007"))
def check_flow(ctx: DocContext, power: Power) -> None:
    """The structure of a flowchart. One cause, one finding: an arrow that names a step
    that does not exist (F002), or a `next` or `end` whose value failed the schema (S…),
    leads nobody knows where, so it is taken to lead anywhere:

    - while a step reachable from the start has such an arrow, no step is reported as
      unreachable (F003): the missing arrow may be the one that reaches it;
    - a step with such an arrow may finish: the steps before it are not dead ends (F004);
    - a step whose `next` or `end` failed the schema is not reported as lacking a next
      (F005), nor a flow whose `end` failed as having no end step (F007);
    - an arrow to, or a `start` at, a step whose own id failed the schema is not reported
      (F002, F001): the id is."""
    flow = power.flow
    if flow is None or flow.steps is None:
        return  # no flow, or `steps` was not a list (the schema has said so)
    steps = indexed(flow.steps)
    ids = step_index(power)
    written = value_at(ctx.data, ("flow", "steps"))
    raw_steps: list[Any] = written if isinstance(written, list) else []

    def raw(i: int) -> Any:
        return raw_steps[i] if i < len(raw_steps) else None

    # ids written on steps whose id the schema could not keep (reported there)
    broken = set(written_step_ids(ctx)) - set(ids)
    edges: dict[str, list[str]] = {sid: [] for sid in ids}
    stops: list[str] = []  # ends, steps already reported for having no next, and steps that may lead anywhere
    anywhere: set[str] = set()  # steps with an arrow that may lead anywhere
    end_failed = False
    for i, step in steps:
        own = step.id is not None and ids[step.id] == i
        lost, end_unknown = _failed_next(step, raw(i)), _failed_end(step, raw(i))
        end_failed = end_failed or end_unknown
        for j, nxt in indexed(step.next):
            if nxt.to is None:
                continue
            if nxt.to in ids:
                if own:
                    edges[step.id].append(nxt.to)
                continue
            lost = True
            if nxt.to in broken:
                continue
            if joined_by_chinese_comma(nxt.to, ids):
                ctx.report("F002", ("flow", "steps", i, "next", j), value=shown_value(nxt.to),
                           variant="chinese-comma")
            else:
                ctx.report("F002", ("flow", "steps", i, "next", j), value=shown_value(nxt.to),
                           suggest=suggest(nxt.to, ids))
        if step.end and step.next:
            ctx.report("F006", ("flow", "steps", i, "next"), id=shown_value(step.id))
        if not step.end and not step.next and not lost and not end_unknown:
            ctx.report("F005", ("flow", "steps", i, "id"), id=shown_value(step.id))
        if own and (step.end or not step.next or lost or end_unknown):
            stops.append(step.id)
            if lost or end_unknown:
                anywhere.add(step.id)

    if flow.start is not None and flow.start not in ids:
        if flow.start not in broken:
            ctx.report("F001", ("flow", "start"), value=shown_value(flow.start), suggest=suggest(flow.start, ids))
    elif flow.start is not None:
        reachable = reach([flow.start], edges)
        if not reachable & anywhere:
            for sid, i in ids.items():
                if sid not in reachable:
                    ctx.report("F003", ("flow", "steps", i, "id"), id=shown_value(sid))

    if not any(step.end for _, step in steps):
        if not end_failed:
            ctx.report("F007", ("flow",), key=True)
        return
    reverse: dict[str, list[str]] = {sid: [] for sid in ids}
    for src, targets in edges.items():
        for dst in targets:
            reverse[dst].append(src)
    finishing = reach(stops, reverse)
    for sid, i in ids.items():
        if sid not in finishing:
            ctx.report("F004", ("flow", "steps", i, "id"), id=shown_value(sid))


def _failed_next(step: FlowStep, raw: Any) -> bool:
    """Whether the step's `next` was written but (in part) failed the schema. The model
    shows it (an item lost, or nothing kept); only an empty `next` needs the schema asked."""
    if not isinstance(raw, dict) or raw.get("next") is None:
        return False
    if step.next:
        return any(n is None or n.to is None for n in step.next)
    return field_failed(FlowStep, "next", raw)


def _failed_end(step: FlowStep, raw: Any) -> bool:
    """Whether `end` was written but failed the schema (`end: 是`: the model says false)."""
    return (not step.end and isinstance(raw, dict) and raw.get("end") not in (None, False)
            and field_failed(FlowStep, "end", raw))


def written_step_ids(ctx: DocContext) -> dict[str, int]:
    """The step ids of a power as written, valid or not (`id: [S3]` is S3), by the index
    of their step: what arrows and risks may name although the schema refused them."""
    written = value_at(ctx.data, ("flow", "steps"))
    out: dict[str, int] = {}
    for i, step in enumerate(written if isinstance(written, list) else ()):
        value = step.get("id") if isinstance(step, dict) else None
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if value is not None and not isinstance(value, (dict, list)):
            out.setdefault(str(value), i)
    return out

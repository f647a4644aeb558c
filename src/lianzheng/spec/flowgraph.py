"""A power's flowchart (权力运行流程图) as a graph: its steps by id, its arrows, and its
loops cut the one way every reader of the flow cuts them.

The structure checks (F), the time-limit checks (T), the chart (DOT) and e-supervision
(which move of a case skips steps) all ask these functions, so a flow means the same
thing to each of them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from lianzheng.spec.models import FlowStep, Power, indexed


def step_index(power: Power) -> dict[str, int]:
    """Step id -> index of its first definition in `flow.steps`."""
    ids: dict[str, int] = {}
    if power.flow is not None:
        for i, step in indexed(power.flow.steps):
            if step.id is not None and step.id not in ids:
                ids[step.id] = i
    return ids


def steps_by_id(power: Power) -> dict[str, FlowStep]:
    """Step id -> its first definition."""
    if power.flow is None:
        return {}
    return {sid: power.flow.steps[i] for sid, i in step_index(power).items()}


def reach(starts: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    """Every step reachable from `starts` (the starts included) along `edges`."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def forward_edges(power: Power) -> dict[str, list[tuple[str, Any]]]:
    """Step id -> [(next id, when)] for the steps and arrows that exist, in the order of
    each step's `next` list."""
    ids = step_index(power)
    edges: dict[str, list[tuple[str, Any]]] = {sid: [] for sid in ids}
    if power.flow is None:
        return edges
    for i, step in indexed(power.flow.steps):
        if step.id is None or ids.get(step.id) != i:
            continue
        for _, nxt in indexed(step.next):
            if nxt.to in ids:
                edges[step.id].append((nxt.to, nxt.when))
    return edges


def successors(power: Power) -> dict[str, list[str]]:
    """Step id -> the ids of its next steps, in order (a branch named twice once)."""
    return {sid: list(dict.fromkeys(n for n, _ in out)) for sid, out in forward_edges(power).items()}


def depth_first(power: Power) -> tuple[list[str], dict[str, list[str]], set[tuple[str, str]]]:
    """A depth-first walk of the flow from its start: the steps in post-order (successors
    first), the forward arrows, and the arrows back to a step still on the walk (the loops,
    such as 补正 back to 受理). Both the time-limit check and the chart need the loops cut
    the same way."""
    edges = forward_edges(power)
    start = power.flow.start if power.flow is not None else None
    order: list[str] = []
    forward: dict[str, list[str]] = {sid: [] for sid in edges}
    back: set[tuple[str, str]] = set()
    if start not in edges:
        return order, forward, back
    state = {start: 1}
    stack = [(start, 0)]
    while stack:
        sid, k = stack.pop()
        out = edges[sid]
        if k < len(out):
            stack.append((sid, k + 1))
            nxt = out[k][0]
            if state.get(nxt) == 1:
                back.add((sid, nxt))
                continue
            forward[sid].append(nxt)
            if nxt not in state:
                state[nxt] = 1
                stack.append((nxt, 0))
        else:
            state[sid] = 2
            order.append(sid)
    return order, forward, back


def longest_path(power: Power, calendar: bool = False) -> tuple[list[str], int] | None:
    """The loop-free path from the start to an end step that takes longest.

    Loops (补正: back to an earlier step) are cut where a depth-first walk from the start
    meets them. With `calendar`, time limits add up as calendar days (every limit on the
    flow is in calendar days); otherwise in working days, each calendar limit of N days
    counting floor(N × 5 / 7) (SPEC.md)."""
    flow = power.flow
    steps = steps_by_id(power)
    if flow is None or flow.start not in steps:
        return None

    def cost(sid: str) -> int:
        d = steps[sid].time_limit
        if d is None:
            return 0
        return d.days if calendar else d.working_days()

    order, dag, _ = depth_first(power)
    best: dict[str, tuple[int, list[str]] | None] = {}
    for sid in order:  # post-order: successors first
        options = [b for n in dag[sid] if (b := best.get(n)) is not None]
        if steps[sid].end:
            options.append((0, []))
        if not options:
            best[sid] = None
            continue
        total, path = max(options, key=lambda o: o[0])
        best[sid] = (total + cost(sid), [sid, *path])
    result = best.get(flow.start)
    return None if result is None else (result[1], result[0])


def calendar_flow(power: Power) -> bool:
    """Whether every time limit on the flow is in calendar days."""
    limits = [s.time_limit for _, s in indexed(power.flow.steps if power.flow else None) if s.time_limit]
    return bool(limits) and all(d.calendar for d in limits)

"""The flowchart as the monitor needs it: steps, allowed moves, reachability, shortest paths.

Built once per log from the Power model. The allowed moves and the reachability relation go
to SQL as small tables; the shortest path that names M102's skipped steps is the one
computation that stays in Python, and only for the pairs of steps a deviating move joins.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

from lianzheng.spec.models import Power
from lianzheng.spec.values import Duration


@dataclass(frozen=True)
class StepSpec:
    id: str
    name: str
    order: int  # position in the flow's `steps`
    actor: str | None
    limit: Duration | None
    pauses: bool
    collective: bool
    end: bool
    next: tuple[str, ...]


@dataclass(frozen=True)
class FlowSpec:
    power: str
    power_name: str
    start: str
    clock_start: str
    steps: tuple[StepSpec, ...]
    statutory: Duration | None
    promised: Duration | None
    major_matter: bool

    @classmethod
    def of(cls, power: Power) -> FlowSpec:
        flow = power.flow
        if flow is None:
            raise ValueError(f"power {power.id} has no flow")
        steps = tuple(
            StepSpec(
                id=s.id, name=s.name, order=i, actor=s.actor, limit=s.time_limit, pauses=s.pauses_clock,
                collective=s.collective, end=s.end, next=tuple(dict.fromkeys(n.to for n in s.next)),
            )
            for i, s in enumerate(flow.steps)
        )
        return cls(
            power=power.id, power_name=power.name, start=flow.start,
            clock_start=flow.clock_start or flow.start, steps=steps,
            statutory=power.statutory_days, promised=power.promised_days,
            major_matter=bool(power.major_matter),
        )

    @cached_property
    def by_id(self) -> dict[str, StepSpec]:
        return {s.id: s for s in self.steps}

    def name(self, step: str | None) -> str:
        s = self.by_id.get(step or "")
        return s.name if s else (step or "")

    @property
    def case_limit(self) -> Duration | None:
        """The limit M203 judges a case against: statutory, else promised."""
        return self.statutory if self.statutory is not None else self.promised

    def edges(self) -> list[tuple[str, str]]:
        """Allowed moves (a, b): b in `next` of a (to steps that exist)."""
        return sorted({(s.id, n) for s in self.steps for n in s.next if n in self.by_id})

    @cached_property
    def reach(self) -> dict[str, frozenset[str]]:
        """The steps reachable from each step along `next`; a step reaches itself only
        along a loop of the flow."""
        out: dict[str, frozenset[str]] = {}
        for s in self.steps:
            seen: set[str] = set()
            todo = [n for n in s.next if n in self.by_id]
            while todo:
                n = todo.pop()
                if n in seen:
                    continue
                seen.add(n)
                todo.extend(m for m in self.by_id[n].next if m in self.by_id)
            out[s.id] = frozenset(seen)
        return out

    def reachable(self) -> list[tuple[str, str]]:
        return sorted((a, b) for a, bs in self.reach.items() for b in bs)

    def skipped(self, a: str, b: str) -> tuple[str, ...]:
        """The steps strictly between a and b on the shortest path from a to b: fewest
        steps, ties broken by the order of the `next` lists (breadth-first search that
        tries successors in their written order finds exactly that path)."""
        parent: dict[str, str] = {}
        queue: deque[str] = deque()
        for n in self.by_id[a].next:
            if n in self.by_id and n not in parent:
                parent[n] = a
                queue.append(n)
        while queue:
            here = queue.popleft()
            if here == b:
                path, node = [b], parent[b]
                while node != a:
                    path.append(node)
                    node = parent[node]
                path.reverse()  # a's successor … b
                return tuple(path[:-1])
            for n in self.by_id[here].next:
                if n in self.by_id and n not in parent:
                    parent[n] = here
                    queue.append(n)
        return ()

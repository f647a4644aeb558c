"""Names of the unit's departments, posts and leaders, by id: the one map every report,
chart and page uses to show a name instead of an id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lianzheng.spec.models import Unit


@dataclass(frozen=True)
class Names:
    posts: Mapping[str, str] = field(default_factory=dict)
    departments: Mapping[str, str] = field(default_factory=dict)
    post_department: Mapping[str, str] = field(default_factory=dict)  # post -> its department
    leaders: Mapping[str, str] = field(default_factory=dict)  # leader -> name
    leader_titles: Mapping[str, str] = field(default_factory=dict)  # leader -> name（title）

    @classmethod
    def of(cls, unit: Unit | None) -> Names:
        if unit is None:
            return cls()
        posts = [p for p in unit.posts or () if p is not None and p.id]
        departments = [d for d in unit.departments or () if d is not None and d.id]
        leaders = [m for m in unit.leadership or () if m is not None and m.id]
        return cls(
            posts={str(p.id): str(p.name or p.id) for p in posts},
            departments={str(d.id): str(d.name or d.id) for d in departments},
            post_department={str(p.id): str(p.department) for p in posts if p.department},
            leaders={str(m.id): str(m.name or m.id) for m in leaders},
            leader_titles={str(m.id): f"{m.name}（{m.title}）" if m.title else str(m.name or m.id) for m in leaders},
        )

    def name(self, kind: str, id_: str | None) -> str:
        """The name of a department, post or leader; the id itself when it names nothing."""
        if not id_:
            return ""
        table = {"department": self.departments, "post": self.posts, "leader": self.leaders}[kind]
        return table.get(id_, id_)

    def actor(self, actor: str | None) -> str:
        """A step's actor or a power's subject: a post or a department."""
        if not actor:
            return ""
        return self.posts.get(actor) or self.departments.get(actor) or actor

    def lane(self, actor: str | None) -> str | None:
        """The department (lane) of an actor: a post's department, or the department itself."""
        if not actor:
            return None
        if actor in self.post_department:
            return self.post_department[actor]
        return actor if actor in self.departments else None

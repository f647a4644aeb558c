"""The repository-wide stage: the context its checks see, and the identity (D001),
unit (S010, S011) and reference (R) checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from ..documents import suggest
from ..facts import BenchmarkFact, Decl, FileFacts, LawFact, PowerFact, RiskFact, UnitFact
from ..findings import Finding
from ..findings import Text as T
from ..layout import UNIT_FILE
from ..model import Settings, Unit
from ..names import Names
from ..terms import BENCHMARK_CATEGORY_IDS, label
from .registry import ERROR, define, repository_check


class RepoContext:
    """All facts of a repository, the unit's settings and the reference date."""

    def __init__(self, files: dict[str, FileFacts], today: dt.date) -> None:
        self.files = dict(sorted(files.items()))
        self.today = today
        self.findings: list[Finding] = []
        units = [u for f in self.files.values() for u in f.units]
        home = [u for u in units if u.path == UNIT_FILE]
        self.unit_fact: UnitFact | None = home[0] if home else None

    @property
    def unit(self) -> Unit | None:
        return self.unit_fact.unit if self.unit_fact else None

    @cached_property
    def settings(self) -> Settings:
        if self.unit_fact is not None and self.unit_fact.settings is not None:
            return self.unit_fact.settings
        return Settings()

    def report(self, code: str, path: str, line: int, col: int, /, variant: str = "", **args: Any) -> None:
        self.findings.append(Finding(path, line, col, code, args, variant))

    def powers(self) -> Iterator[PowerFact]:
        for f in self.files.values():
            yield from f.powers

    def risks(self) -> Iterator[RiskFact]:
        for f in self.files.values():
            yield from f.risks

    def benchmarks(self) -> Iterator[BenchmarkFact]:
        for f in self.files.values():
            yield from f.benchmarks

    @cached_property
    def laws(self) -> dict[str, LawFact]:
        out: dict[str, LawFact] = {}
        for f in self.files.values():
            for law in f.laws:
                out.setdefault(law.id, law)
        return out

    @cached_property
    def declared(self) -> dict[str, dict[str, tuple[str, Decl]]]:
        """Namespace -> id -> (path, first declaration)."""
        out: dict[str, dict[str, tuple[str, Decl]]] = {}
        for path, f in self.files.items():
            for d in f.decls:
                out.setdefault(d.ns, {}).setdefault(d.id, (path, d))
        return out

    @cached_property
    def power_by_id(self) -> dict[str, PowerFact]:
        out: dict[str, PowerFact] = {}
        for p in self.powers():
            out.setdefault(p.id, p)
        return out

    @cached_property
    def names(self) -> Names:
        return Names.of(self.unit)

    def department_of(self, risk: RiskFact) -> str | None:
        """The department a risk belongs to: its post's, else its power's subject or register's."""
        return self.names.post_department.get(risk.post or "") or risk.department


NS_LABEL = {
    "power": T("职权", "power"), "risk": T("风险", "risk"), "benchmark": T("裁量基准", "benchmark"),
    "law": T("法规", "law"), "department": T("科室", "department"), "post": T("岗位", "post"),
    "leader": T("领导班子成员", "leadership member"), "register": T("风险登记表", "risk register"),
}

define(
    "D001", "duplicate-id", ERROR,
    T("编号在全库重复（职权、风险、裁量基准、法规、科室、岗位、领导、登记表各自唯一）。",
      "An id is used twice in the repository (powers, risks, benchmarks, laws, departments, posts, leaders and registers each have unique ids)."),
    T("编号是引用、公开网页地址和审核记录的依据；重复的编号会让引用指向错误的对象。",
      "Ids are what references, page addresses and review records rely on; a duplicate makes references point at the wrong thing."),
    T("{what}编号 `{id}` 重复（已在 {first} 定义）", "{what_en} id `{id}` is used twice (already defined at {first})"),
    bad="# powers/XK-001.yaml\nid: XK-001\n# powers/XK-002.yaml\nid: XK-001",
    good="# powers/XK-001.yaml\nid: XK-001\n# powers/XK-002.yaml\nid: XK-002",
)


@repository_check(("D001",))
def check_duplicate_ids(ctx: RepoContext) -> None:
    seen: dict[tuple[str, str], str] = {}
    for path, f in ctx.files.items():
        for d in f.decls:
            key = (d.ns, d.id)
            if key in seen:
                ns = NS_LABEL[d.ns]
                ctx.report("D001", path, d.line, d.col, id=d.id, what=ns.zh, what_en=ns.en, first=seen[key])
            else:
                seen[key] = f"{path}:{d.line}"


@repository_check(("S010", "S011"))
def check_units(ctx: RepoContext) -> None:
    first = ctx.unit_fact
    if first is None:
        ctx.report("S010", UNIT_FILE, 1, 1)
    for f in ctx.files.values():
        for u in f.units:
            if u is not first:
                where = f"{first.path}:{first.line}" if first is not None else UNIT_FILE
                ctx.report("S011", u.path, u.line, u.col, first=where)


_REF_RULES = {
    "R001": ("department", T("行使主体、岗位或登记表指向的科室不存在。", "A department that does not exist."),
             T("科室 `{value}` 不存在", "department `{value}` does not exist"),
             "subject: D-PERMT", "subject: D-PERMIT"),
    "R002": ("actor", T("流程环节的办理主体不是已登记的岗位或科室。", "A step's actor is not a registered post or department."),
             T("办理主体 `{value}` 不是已登记的岗位或科室", "actor `{value}` is not a registered post or department"),
             "actor: P-REVEIW", "actor: P-REVIEW"),
    "R003": ("post", T("风险或登记表指向的岗位不存在。", "A post that does not exist."),
             T("岗位 `{value}` 不存在", "post `{value}` does not exist"),
             "post: P-CASHER", "post: P-CASHIER"),
    "R004": ("leader", T("分管领导或责任领导不是领导班子成员。", "A leader who is not a member of the leadership."),
             T("`{value}` 不是领导班子成员", "`{value}` is not a member of the leadership"),
             "leader: L-DEPUTY3", "leader: L-DEPUTY1"),
    "R005": ("law", T("法律依据引用了法规登记表中没有的法规。", "A legal basis cites a law that is not in the LawRegistry."),
             T("法规 `{value}` 未在法规登记表（LawRegistry）中登记", "law `{value}` is not in the LawRegistry"),
             "basis:\n  - {law: food-safty-law, article: 第三十五条}", "basis:\n  - {law: food-safety-law, article: 第三十五条}"),
    "R006": ("power", T("裁量基准指向的职权不存在。", "A discretion benchmark names a power that does not exist."),
             T("职权 `{value}` 不存在", "power `{value}` does not exist"),
             "power: CF-0012", "power: CF-012"),
}
_REF_NAMES = {"R001": "unknown-department", "R002": "unknown-actor", "R003": "unknown-post",
              "R004": "unknown-leader", "R005": "unknown-law", "R006": "unknown-power"}
_REF_WHY = T("引用不存在的对象，责任就落不到实处：公开目录和风险登记会显示空白的主体或领导。",
             "A reference to nothing leaves responsibility with no one: the catalogue and the register show a blank.")
for _code, (_ns, _summary, _message, _bad, _good) in _REF_RULES.items():
    define(_code, _REF_NAMES[_code], ERROR, _summary, _REF_WHY, _message, bad=_bad, good=_good)

define(
    "R007", "benchmark-power-category", ERROR,
    T("裁量基准所属职权的类别不适用裁量基准。", "A discretion benchmark belongs to a power of a category that has none."),
    T("第9条：裁量基准用于行政处罚、行政许可、非行政许可审批、行政强制和行政征收。",
      "Art. 9: benchmarks are set for penalties, licensing, non-licensing approval, enforcement and levies."),
    T("职权 `{value}` 的类别为{category}，不适用裁量基准（适用于：{allowed}）",
      "power `{value}` is of category {category_en}, which takes no benchmark (allowed: {allowed_en})"),
    bad="# power XK-001 is category inspection\npower: XK-001",
    good="# power CF-001 is category penalty\npower: CF-001",
)


@repository_check(tuple(_REF_RULES) + ("R007",))
def check_references(ctx: RepoContext) -> None:
    declared = ctx.declared
    has_unit = ctx.unit is not None
    for path, f in ctx.files.items():
        for ref in f.refs:
            spaces = ref.ns.split("|")
            if not has_unit and ref.ns != "law" and ref.ns != "power":
                continue  # S010 already says why nothing resolves
            if any(ref.value in declared.get(ns, {}) for ns in spaces):
                continue
            candidates = [i for ns in spaces for i in declared.get(ns, {})]
            ctx.report(ref.code, path, ref.line, ref.col, value=ref.value, suggest=suggest(ref.value, candidates))
    allowed = "、".join(label("power_category", c) for c in BENCHMARK_CATEGORY_IDS)
    allowed_en = ", ".join(label("power_category", c, "en") for c in BENCHMARK_CATEGORY_IDS)
    for b in ctx.benchmarks():
        power = ctx.power_by_id.get(b.power or "")
        if power is not None and power.category is not None and power.category not in BENCHMARK_CATEGORY_IDS:
            ctx.report("R007", b.path, b.line, b.col, value=b.power,
                       category=label("power_category", power.category),
                       category_en=label("power_category", power.category, "en"),
                       allowed=allowed, allowed_en=allowed_en)

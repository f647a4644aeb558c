"""R: references — every id a document names exists, of the right kind: departments,
actors, posts, leaders, laws, powers (R001–R007), and a risk's steps in its own power's
flowchart (R008)."""

from __future__ import annotations

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext, suggest
from lianzheng.rules.registry import ERROR, CheckContext, define, document_check, repository_check
from lianzheng.spec.flowgraph import step_index
from lianzheng.spec.models import Power, RiskRegister, indexed
from lianzheng.spec.terms import BENCHMARK_CATEGORY_IDS, label

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
def check_references(ctx: CheckContext) -> None:
    declared = ctx.repo.declared
    has_unit = ctx.repo.unit is not None
    for path, f in ctx.repo.files.items():
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
    for b in ctx.repo.benchmarks():
        power = ctx.repo.power_by_id.get(b.power or "")
        if power is not None and power.category is not None and power.category not in BENCHMARK_CATEGORY_IDS:
            ctx.report("R007", b.path, b.line, b.col, value=b.power,
                       category=label("power_category", power.category),
                       category_en=label("power_category", power.category, "en"),
                       allowed=allowed, allowed_en=allowed_en)


define(
    "R008", "unknown-risk-step", ERROR,
    T("风险的 `steps` 不是所属职权流程图中的环节。", "A risk's `steps` are not steps of its own power's flowchart."),
    T("风险点要标在流程图的具体环节上；指向不存在的环节，流程图上就看不到这个风险。",
      "A risk point sits on a step of the chart; pointing at a missing step hides it from the chart."),
    {
        "": T("环节 `{value}` 不在本职权的流程图中", "step `{value}` is not in this power's flowchart"),
        "register": T("岗位风险登记表中的风险不属于某一流程图，不能写 `steps`",
                      "a risk in a RiskRegister belongs to no flowchart and cannot have `steps`"),
    },
    bad="flow:\n  steps: [{id: S1, ...}, {id: S2, ...}]\nrisks:\n  - id: R1\n    steps: [S5]",
    good="flow:\n  steps: [{id: S1, ...}, {id: S2, ...}]\nrisks:\n  - id: R1\n    steps: [S2]",
    kinds=("Power", "RiskRegister"),
)


@document_check(("Power", "RiskRegister"), ("R008",))
def check_risk_steps(ctx: DocContext, model: Power | RiskRegister) -> None:
    if isinstance(model, Power) and model.flow is not None and model.flow.steps is None:
        return  # malformed steps are reported already
    steps = step_index(model) if isinstance(model, Power) else {}
    for i, risk in indexed(model.risks):
        for j, sid in enumerate(risk.steps or ()):
            if isinstance(model, RiskRegister):
                ctx.report("R008", ("risks", i, "steps"), key=True, variant="register")
                break
            if sid not in steps:
                ctx.report("R008", ("risks", i, "steps", j), value=sid, suggest=suggest(sid, steps))

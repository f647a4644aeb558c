"""D: identity — every id unique where it must be: across the repository (D001), within
a flowchart (D002), within a risk's measures (D003); a power's page apart from the site's
own pages (D004)."""

from __future__ import annotations

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext, shown_value
from lianzheng.repo.layout import site_page_name
from lianzheng.rules.registry import ERROR, CheckContext, define, document_check, repository_check
from lianzheng.spec.flowgraph import step_index
from lianzheng.spec.models import Power, RiskRegister, indexed
from lianzheng.spec.terms import label

define(
    "D001", "duplicate-id", ERROR,
    T("编号在全库重复（职权、风险、裁量基准、法规、科室、岗位、领导、登记表、办件数据、预警信号、预警处置各自唯一）。",
      "An id is used twice in the repository (powers, risks, benchmarks, laws, departments, posts, leaders, "
      "registers, case logs, signals and disposals each have unique ids)."),
    T("编号是引用、公开网页地址和审核记录的依据；重复的编号会让引用指向错误的对象。",
      "Ids are what references, page addresses and review records rely on; a duplicate makes references point at the wrong thing."),
    T("{what}编号 `{id}` 重复（已在 {first} 定义）", "{what_en} id `{id}` is used twice (already defined at {first})"),
    bad="# powers/XK-001.yaml\nid: XK-001\n# powers/XK-002.yaml\nid: XK-001",
    good="# powers/XK-001.yaml\nid: XK-001\n# powers/XK-002.yaml\nid: XK-002",
)

define(
    "D002", "duplicate-step-id", ERROR,
    T("同一流程图中环节编号重复。", "Two steps of one flowchart share an id."),
    T("`next` 和风险的 `steps` 按编号指向环节；编号重复时无法确定指的是哪一个。",
      "`next` and a risk's `steps` point at steps by id; with a duplicate it is unclear which is meant."),
    T("环节编号 `{id}` 重复（第一次出现在第 {first} 行）", "step id `{id}` is used twice (first on line {first})"),
    bad="steps:\n  - {id: S1, name: 受理, next: [S2]}\n  - {id: S1, name: 审查, end: true}",
    good="steps:\n  - {id: S1, name: 受理, next: [S2]}\n  - {id: S2, name: 审查, end: true}",
    kinds=("Power",),
)

define(
    "D003", "duplicate-measure-id", ERROR,
    T("同一风险的防控措施编号重复。", "Two measures of one risk share an id."),
    T("措施按编号跟踪落实情况；重复的编号让进度记录张冠李戴。",
      "Measures are followed up by id; a duplicate mixes up their progress."),
    T("措施编号 `{id}` 重复（第一次出现在第 {first} 行）", "measure id `{id}` is used twice (first on line {first})"),
    bad="measures:\n  - {id: M1, type: procedure, text: 一次性告知}\n  - {id: M1, type: supervision, text: 季度抽查}",
    good="measures:\n  - {id: M1, type: procedure, text: 一次性告知}\n  - {id: M2, type: supervision, text: 季度抽查}",
    kinds=("Power", "RiskRegister"),
)

define(
    "D004", "power-id-is-a-site-page", ERROR,
    T("职权编码与公开网站自身的页面同名。", "A power id is the name of one of the site's own pages."),
    T("每项职权公开为 `<职权编码>.html`，与首页、职权目录等页面放在同一目录；同名时两者无法同时公开。",
      "Each power is published as `<power-id>.html` beside the home page, the catalogue and the other pages; "
      "one of the same name cannot be published with them."),
    T("职权编码 `{id}` 与网站页面 {id}.html 同名，请换一个编码", "power id `{id}` is the name of the site's page {id}.html: choose another id"),
    bad="id: catalogue",
    good="id: QT-001",
    kinds=("Power",),
)


@repository_check(("D004",))
def check_power_page_names(ctx: CheckContext) -> None:
    for p in ctx.repo.powers():
        if site_page_name(p.id):  # power ids are written as their page names are (POWER_ID_PATTERN)
            ctx.report("D004", p.path, p.line, p.col, id=shown_value(p.id))


@repository_check(("D001",))
def check_duplicate_ids(ctx: CheckContext) -> None:
    seen: dict[tuple[str, str], str] = {}
    for path, f in ctx.repo.files.items():
        for d in f.decls:
            key = (d.ns, d.id)
            if key in seen:
                ctx.report("D001", path, d.line, d.col, id=d.id, what=label("id_kind", d.ns),
                           what_en=label("id_kind", d.ns, "en"), first=seen[key])
            else:
                seen[key] = f"{path}:{d.line}"


@document_check(("Power",), ("D002",))
def check_duplicate_step_ids(ctx: DocContext, power: Power) -> None:
    if power.flow is None or power.flow.steps is None:
        return
    ids = step_index(power)
    for i, step in indexed(power.flow.steps):
        if step.id is not None and ids[step.id] != i:
            ctx.report("D002", ("flow", "steps", i, "id"), id=step.id,
                       first=ctx.at(("flow", "steps", ids[step.id], "id"))[0])


@document_check(("Power", "RiskRegister"), ("D003",))
def check_duplicate_measure_ids(ctx: DocContext, model: Power | RiskRegister) -> None:
    for i, risk in indexed(model.risks):
        seen: dict[str, int] = {}
        for j, m in indexed(risk.measures):
            if m.id is None:
                continue
            if m.id in seen:
                ctx.report("D003", ("risks", i, "measures", j, "id"), id=m.id,
                           first=ctx.at(("risks", i, "measures", seen[m.id], "id"))[0])
            else:
                seen[m.id] = j

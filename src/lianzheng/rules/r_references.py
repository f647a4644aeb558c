"""R: references — every id a document names exists, of the right kind: departments,
actors, posts, leaders, laws, powers (R001–R007), a risk's steps in its own power's
flowchart (R008), the targets and signals of warnings and disposals (R009–R012), a
CaseLog's steps and log file (R013, R014)."""

from __future__ import annotations

import re
from pathlib import Path

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext, joined_by_chinese_comma, shown_value, suggest
from lianzheng.repo.facts import RED_CARD_PREFIX
from lianzheng.repo.layout import Refused, data_source
from lianzheng.rules.f_flow import written_step_ids
from lianzheng.rules.registry import (
    ERROR,
    WARNING,
    CheckContext,
    define,
    document_check,
    repository_check,
)
from lianzheng.spec.flowgraph import step_index
from lianzheng.spec.models import Power, RiskRegister, indexed
from lianzheng.spec.terms import BENCHMARK_CATEGORY_IDS, label

# The ids the Unit declares: without one, references into them cannot be checked.
UNIT_NAMESPACES = frozenset({"department", "post", "leader"})

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
    "R006": ("power", T("裁量基准或登记表中风险的 `power` 指向的职权不存在。",
                        "A discretion benchmark, or a register's risk, names a power that does not exist."),
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


define(
    "R009", "unknown-target", ERROR,
    T("预警信号或处置的对象（`about`）指向不存在的风险、岗位、职权、科室或领导。",
      "A signal or a disposal is `about` a risk, post, power, department or leader that does not exist."),
    T("第12条：预警要落到具体的风险点、岗位和责任人；对象写错，预警分值就记到了无人认领的对象上。",
      "Art. 12: a warning concerns a specific risk, post or person; a wrong target scores a warning no one owns."),
    T("预警对象{what} `{value}` 不存在", "target {what_en} `{value}` does not exist"),
    bad="about:\n  - {risk: R-CG-001-1}",
    good="about:\n  - {risk: R-CG-001-01}",
    kinds=("Signals", "Disposals"),
)


define(
    "R010", "unknown-signal", ERROR,
    T("处置的 `signals` 列出了不存在的信号编号。", "A disposal's `signals` lists a signal id that does not exist."),
    T("处置要能追溯到它所回应的信号；编号写错，信号、处置和整改之间的联系就断了。",
      "A disposal must lead back to the signals it answers; a wrong id breaks the link between signal, "
      "disposal and follow-up."),
    T("信号 `{value}` 不存在", "signal `{value}` does not exist"),
    bad="signals: [XH-2026-07]",
    good="signals: [XH-2026-007]",
    kinds=("Disposals",),
)


define(
    "R011", "disposal-without-signal", WARNING,
    T("处置的对象没有任何预警信号。", "A disposal is about a target that no signal is about."),
    T("第12条：处置是对预警的回应；没有信号的处置，多半是对象写错了，或者信号没有登记。",
      "Art. 12: a disposal answers a warning; one whose target has no signal usually names the wrong target, "
      "or the signal was never recorded."),
    T("处置对象 `{value}` 没有预警信号", "no signal is about the disposal's target `{value}`"),
    bad="# no signal is about {post: P-CW-CG}\nabout: {post: P-CW-CG}",
    good="# signal XH-2026-004 is about {risk: R-CG-001-01}\nabout: {risk: R-CG-001-01}",
    kinds=("Disposals",),
)


define(
    "R012", "signal-of-other-target", WARNING,
    T("处置回应的信号并不涉及该处置的对象。", "A disposal answers a signal that is not about the disposal's target."),
    T("处置只对同一对象的预警有效；信号与对象对不上，处置就没有落在预警上。",
      "A disposal counts only for warnings of its own target; a signal about something else is not answered by it."),
    T("信号 `{value}` 不涉及处置对象 `{target}`", "signal `{value}` is not about the disposal's target `{target}`"),
    bad="# XH-2026-004 is about {risk: R-CG-001-01}\nabout: {post: P-CW-CG}\nsignals: [XH-2026-004]",
    good="# XH-2026-004 is about {risk: R-CG-001-01}\nabout: {risk: R-CG-001-01}\nsignals: [XH-2026-004]",
    kinds=("Disposals",),
)


# What declares the ids of each namespace: when one of these failed to load (a Y finding
# for the file, an S finding for the field), a reference into the namespace is not
# reported: one cause, one finding (a syntax error in laws.yaml is not 650 R005).
DECLARED_BY = {
    "law": ("LawRegistry", "LawRegistry.laws"),
    "department": ("Unit", "Unit.departments"),
    "post": ("Unit", "Unit.posts"),
    "leader": ("Unit", "Unit.leadership"),
    "power": ("Power", "Power.id"),
    "risk": ("Power", "RiskRegister", "Power.risks", "RiskRegister.risks"),
    "signal": ("Signals", "Signals.signals"),
}


@repository_check((*_REF_RULES, "R007", "R009", "R010"))
def check_references(ctx: CheckContext) -> None:
    declared = ctx.repo.declared
    has_unit = ctx.repo.unit is not None
    unknown = {ns: ctx.failed_to_load(*kinds) for ns, kinds in DECLARED_BY.items()}
    for path, f in ctx.repo.files.items():
        for ref in f.refs:
            spaces = ref.ns.split("|")
            if not has_unit and set(spaces) & UNIT_NAMESPACES:
                continue  # S010 already says why nothing resolves
            if any(ref.value in declared.get(ns, {}) for ns in spaces):
                continue
            if any(unknown.get(ns, False) for ns in spaces):
                continue  # it may be declared where the data failed to load
            candidates = [i for ns in spaces for i in declared.get(ns, {})]
            ctx.report(ref.code, path, ref.line, ref.col, value=shown_value(ref.value),
                       suggest=suggest(ref.value, candidates),
                       what=label("id_kind", spaces[0]), what_en=label("id_kind", spaces[0], "en"))
    allowed = "、".join(label("power_category", c) for c in BENCHMARK_CATEGORY_IDS)
    allowed_en = ", ".join(label("power_category", c, "en") for c in BENCHMARK_CATEGORY_IDS)
    for b in ctx.repo.benchmarks():
        power = ctx.repo.power_by_id.get(b.power or "")
        if power is not None and power.category is not None and power.category not in BENCHMARK_CATEGORY_IDS:
            ctx.report("R007", b.path, b.line, b.col, value=shown_value(b.power),
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
        "chinese-comma": T("环节 `{value}` 用了中文逗号，请改为英文逗号或分行",
                           "steps `{value}` are separated by a Chinese comma; use an ASCII comma or one per line"),
        "register": T("岗位风险登记表中的风险不属于某一流程图，不能写 `steps`",
                      "a risk in a RiskRegister belongs to no flowchart and cannot have `steps`"),
    },
    bad="flow:\n  steps: [{id: S1, ...}, {id: S2, ...}]\nrisks:\n  - id: R1\n    steps: [S5]",
    good="flow:\n  steps: [{id: S1, ...}, {id: S2, ...}]\nrisks:\n  - id: R1\n    steps: [S2]",
    kinds=("Power", "RiskRegister"),
)


@document_check(("Power", "RiskRegister"), ("R008",))
def check_risk_steps(ctx: DocContext, model: Power | RiskRegister) -> None:
    if isinstance(model, Power) and (model.flow is None and ctx.data.get("flow") is not None
                                     or model.flow is not None and model.flow.steps is None):
        return  # a malformed flow or steps is reported already; its steps are unknown
    steps = step_index(model) if isinstance(model, Power) else {}
    if isinstance(model, Power):  # steps whose id failed the schema (reported there) exist
        steps = {**written_step_ids(ctx), **steps}
    for i, risk in indexed(model.risks):
        for j, sid in enumerate(risk.steps or ()):
            if isinstance(model, RiskRegister):
                ctx.report("R008", ("risks", i, "steps"), key=True, variant="register")
                break
            if joined_by_chinese_comma(sid, steps):
                ctx.report("R008", ("risks", i, "steps", j), value=shown_value(sid), variant="chinese-comma")
            elif sid not in steps:
                ctx.report("R008", ("risks", i, "steps", j), value=shown_value(sid), suggest=suggest(sid, steps))


@repository_check(("R011", "R012"))
def check_disposal_targets(ctx: CheckContext) -> None:
    """A disposal answers the warnings of its own target: one whose target no signal is
    about (R011), or that cites a signal about another target (R012), is likely wrong."""
    signals = {}
    for s in ctx.repo.signals():
        signals.setdefault(s.id, s)  # D001: the first counts
    signalled = {t.key for s in signals.values() for t in s.about}
    for d in ctx.repo.disposals():
        if d.about is None:
            continue
        red = False
        for ref in d.signals:
            if ref.id.startswith(RED_CARD_PREFIX):
                red = True  # a red card of `lz monitor`: about what its case touched
                continue
            signal = signals.get(ref.id)
            if signal is not None and d.about.key not in {t.key for t in signal.about}:
                ctx.report("R012", d.path, ref.line, ref.col, value=shown_value(ref.id),
                           target=shown_value(f"{d.about.kind}: {d.about.id}"))
        if d.about.key not in signalled and not red:
            ctx.report("R011", d.path, d.about.line, d.about.col, value=shown_value(f"{d.about.kind}: {d.about.id}"))


define(
    "R013", "unknown-log-step", ERROR,
    T("办件数据的环节对照（`activities`）指向职权流程图中没有的环节，或者职权没有流程图。",
      "A CaseLog maps an activity to a step its power's flowchart does not have, or the power has no flow."),
    T("电子监察把每一条办理记录与权力运行流程图的环节比对（第11条）；对照到不存在的环节，这些记录就无法检查。",
      "E-supervision checks every event against a step of the flowchart (art. 11); an activity mapped to a "
      "step that does not exist leaves its events unchecked."),
    {
        "": T("环节 `{value}` 不在职权 `{power}` 的流程图中", "step `{value}` is not in the flowchart of power `{power}`"),
        "no-flow": T("职权 `{power}` 没有流程图（flow），其办件无法监察",
                     "power `{power}` has no flow: its cases cannot be checked"),
    },
    bad="# powers/XK-001.yaml: steps S1 受理, S2 审查, S3 决定\npower: XK-001\nactivities:\n  受理: S1\n  审查: S4",
    good="power: XK-001\nactivities:\n  受理: S1\n  审查: S2",
    kinds=("CaseLog",),
)

define(
    "R014", "missing-log-file", WARNING,
    T("办件数据的日志文件（`source`）不在仓库中。", "A CaseLog's log file (`source`) is not in the repository."),
    T("`lz monitor` 读取 `source` 指向的日志；文件不在仓库中时只能用 `--log ID=FILE` 指定。"
      "日志必须在仓库之内：指向仓库之外的路径不会被读取。",
      "`lz monitor` reads the log `source` names; when it is not in the repository, `--log ID=FILE` must give "
      "it. A log must be inside the repository: a path leading out of it is never read."),
    {
        "": T("日志文件 `{value}` 不存在", "log file `{value}` does not exist"),
        "outside": T("日志文件 `{value}` 在仓库之外，不会被读取", "log file `{value}` is outside the repository and is not read"),
    },
    bad="source: caselogs/data/permits-2025.csv   # 文件名写错",
    good="source: caselogs/data/permits-2026.csv",
    kinds=("CaseLog",),
)


@repository_check(("R013", "R014"))
def check_caselogs(ctx: CheckContext) -> None:
    for log in ctx.repo.caselogs():
        power = ctx.repo.power_by_id.get(log.power or "")
        if power is not None and not power.has_flow:
            ctx.report("R013", log.path, log.line, log.col, variant="no-flow", power=shown_value(log.power))
        elif power is not None:
            for _, step, line, col in log.steps:
                if step not in power.steps:
                    ctx.report("R013", log.path, line, col, value=shown_value(step), power=shown_value(log.power),
                               suggest=suggest(step, power.steps))
        if log.source:
            where = _log_file(ctx.repo.root, log.source)
            if where is not None:
                ctx.report("R014", log.path, *log.source_at, value=shown_value(log.source),
                           variant="" if where == "missing" else "outside")


def _log_file(root: Path, source: str) -> str | None:
    """None when the log file is a file inside the repository; else `missing` or `outside`."""
    parts = source.replace("\\", "/").split("/")
    if source.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", source) or ".." in parts:
        return "outside"
    found = data_source(root, source)
    if found is None:
        return "missing"
    return "outside" if isinstance(found, Refused) else None

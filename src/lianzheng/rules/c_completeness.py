"""C: what art. 4 and 8 require each power to state (gaps that do not break the register
are warnings; a 三重一大 power decided without a collective step is an error)."""

from __future__ import annotations

from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext, field_failed, shown_value, value_at
from lianzheng.rules.registry import (
    ERROR,
    WARNING,
    CheckContext,
    define,
    document_check,
    repository_check,
)
from lianzheng.spec.models import FlowStep, Power, indexed

define(
    "C001", "missing-legal-basis", WARNING,
    T("职权没有法律依据。", "A power has no legal basis."),
    T("第4条：职权目录须写明每项职权的法律依据；没有依据的职权应当清理。",
      "Art. 4: the catalogue states each power's legal basis; a power without one should be cleared away."),
    T("职权 `{id}` 没有法律依据（basis）", "power `{id}` has no legal basis (`basis`)"),
    bad="id: XK-001\nname: 食品经营许可\ncategory: licensing",
    good="id: XK-001\nname: 食品经营许可\ncategory: licensing\nbasis:\n  - {law: food-safety-law, article: 第三十五条}",
    kinds=("Power",),
)

define(
    "C002", "missing-flow", WARNING,
    T("对外职权没有流程图。", "An external power has no flowchart."),
    T("第4条、第10条：每项对外职权都要绘制权力运行流程图并向社会公开。",
      "Art. 4 and 10: every external power has an operation flowchart, published to the public."),
    T("对外职权 `{id}` 没有流程图（flow）", "external power `{id}` has no flowchart (`flow`)"),
    bad="id: XK-001\ncategory: licensing",
    good="id: XK-001\ncategory: licensing\nflow:\n  start: S1\n  steps: [...]",
    kinds=("Power",),
)

define(
    "C003", "incomplete-step", WARNING,
    T("流程环节缺少办理主体、条件、程序、期限或监督方式。",
      "A flow step lacks its actor, conditions, procedure, time limit or supervision."),
    T("第4条：流程图要明确每个环节的办理主体、条件、程序、期限和监督方式。",
      "Art. 4: the flowchart states for each step who handles it, the conditions, the procedure, the time limit and the supervision."),
    T("环节 `{id}` 缺少：{missing}", "step `{id}` lacks: {missing_en}"),
    bad="- id: S2\n  name: 审查\n  actor: P-REVIEW",
    good="- id: S2\n  name: 审查\n  actor: P-REVIEW\n  conditions: 已受理\n  procedure: 书面审查申请材料\n"
         "  time_limit: 5\n  supervision: 科室负责人复核",
    kinds=("Power",),
)

define(
    "C004", "missing-benchmark", WARNING,
    T("行政处罚职权没有裁量基准。", "A penalty power has no discretion benchmark."),
    T("第9条：行政处罚要逐项制定裁量基准，避免执法随意。",
      "Art. 9: every penalty power has a discretion benchmark, so that enforcement is not arbitrary."),
    T("行政处罚 `{id}` 没有裁量基准（DiscretionBenchmark）", "penalty power `{id}` has no discretion benchmark"),
    bad="# powers/CF-001.yaml: category: penalty, and no benchmark names CF-001",
    good="# benchmarks/CF-001.yaml\nkind: DiscretionBenchmark\npower: CF-001",
    kinds=("Power", "DiscretionBenchmark"),
)

define(
    "C005", "missing-collective-step", ERROR,
    T("涉及“三重一大”的职权，流程中没有集体决策环节。",
      "A power involving a 三重一大 matter has no collective-decision step."),
    T("第8条：重大决策、重要干部任免、重大项目安排和大额度资金使用必须由领导班子集体决定。",
      "Art. 8: major decisions, key appointments, major projects and large funds are decided collectively by the leadership."),
    T("职权 `{id}` 涉及三重一大，但流程中没有集体决策环节（collective: true）",
      "power `{id}` involves a 三重一大 matter but its flow has no collective step (`collective: true`)"),
    bad="major_matter: [funds]\nflow:\n  steps:\n    - {id: S3, name: 分管领导审批, end: true}",
    good="major_matter: [funds]\nflow:\n  steps:\n    - {id: S3, name: 局党组会议集体研究, collective: true, end: true}",
    kinds=("Power",),
)

STEP_FIELDS = (
    ("actor", "办理主体", "actor"),
    ("conditions", "条件", "conditions"),
    ("procedure", "程序", "procedure"),
    ("time_limit", "期限", "time limit"),
    ("supervision", "监督方式", "supervision"),
)


@document_check(("Power",), ("C001", "C002", "C003", "C005"))
def check_power_completeness(ctx: DocContext, power: Power) -> None:
    """What a power must state. A value that was written but failed the schema is not
    missing: its S finding is the one to fix (one cause, one finding)."""
    data = ctx.data
    # An id the schema refused is None in the salvaged model: name the power as written.
    pid = shown_value(power.id if power.id is not None else data.get("id"))
    if not power.basis and not data.get("basis"):  # (a malformed basis is a schema error)
        ctx.report("C001", ("basis",) if "basis" in data else ("id",), id=pid)
    flow_failed = power.flow is None and data.get("flow") is not None
    if power.flow is None and not flow_failed and power.category is not None and power.effective_scope == "external":
        ctx.report("C002", ("id",), id=pid)
    written = value_at(data, ("flow", "steps"))
    raw_steps: list[Any] = written if isinstance(written, list) else []
    if power.flow is not None:
        for i, step in indexed(power.flow.steps):
            raw = raw_steps[i] if i < len(raw_steps) and isinstance(raw_steps[i], dict) else {}
            missing = [f for f in STEP_FIELDS if getattr(step, f[0]) in (None, "") and raw.get(f[0]) in (None, "")]
            if missing:
                ctx.report("C003", ("flow", "steps", i, "id"), id=shown_value(step.id),
                           missing="、".join(f[1] for f in missing), missing_en=", ".join(f[2] for f in missing))
    if power.major_matter:
        steps = power.flow.steps if power.flow is not None else []
        unknown = flow_failed or (power.flow is not None and power.flow.steps is None) or any(
            isinstance(raw, dict) and raw.get("collective") not in (None, False, True)
            and field_failed(FlowStep, "collective", raw) for raw in raw_steps)
        if not unknown and not any(s is not None and s.collective for s in steps or ()):
            ctx.report("C005", ("major_matter",), key=True, id=pid)


@repository_check(("C004",))
def check_benchmarks_exist(ctx: CheckContext) -> None:
    if ctx.failed_to_load("DiscretionBenchmark", "DiscretionBenchmark.power", "DiscretionBenchmark.id"):
        return  # the benchmark may be the one that failed to load
    covered = {b.power for b in ctx.repo.benchmarks()}
    for power in ctx.repo.powers():
        if power.category == "penalty" and power.id not in covered:
            ctx.report("C004", power.path, power.line, power.col, id=shown_value(power.id))

"""K: the risk register (art. 5–7, 13)."""

from __future__ import annotations

from lianzheng.dynamic import laws_revised_since_review, overdue_measures, review_due
from lianzheng.grading.model import PowerContext, final_grade, floor_for, floor_text
from lianzheng.grading.report import grade_report
from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext
from lianzheng.repo.facts import RiskFact
from lianzheng.rules.registry import (
    ERROR,
    WARNING,
    CheckContext,
    define,
    document_check,
    repository_check,
)
from lianzheng.spec.models import Power, RiskRegister, indexed
from lianzheng.spec.terms import GRADE_ORDER, label
from lianzheng.spec.values import number_text

define(
    "K001", "missing-measures", ERROR,
    T("风险没有防控措施。", "A risk has no control measures."),
    T("第7条：针对每个廉政风险都要制定有针对性、可操作的防控措施；只查找不防控的风险登记没有意义。",
      "Art. 7: every risk gets specific, workable measures; a risk found but not controlled is only on paper."),
    T("风险 `{id}` 没有防控措施（measures）", "risk `{id}` has no control measures"),
    bad="- id: R-XK001-01\n  title: 违规受理\n  measures: []",
    good="- id: R-XK001-01\n  title: 违规受理\n  measures:\n    - {id: M1, type: procedure, text: 受理材料清单公开，一次性告知}",
    kinds=("Power", "RiskRegister"),
)

define(
    "K002", "too-few-high-risk-measures", ERROR,
    T("高等级风险的防控措施少于 `settings.high_risk_min_measures`（默认 2）。",
      "A high risk has fewer measures than `settings.high_risk_min_measures` (default 2)."),
    T("第7条：特别要突出对高等级风险的防控；一项措施失效，风险就失控。",
      "Art. 7: high risks above all must be controlled; if one measure fails, the risk runs free."),
    T("高风险 `{id}` 只有 {count} 项防控措施，至少需要 {minimum} 项",
      "high risk `{id}` has {count} measure(s); at least {minimum} are required"),
    bad="grade: high\nmeasures:\n  - {id: M1, type: procedure, text: 双人审核}",
    good="grade: high\nmeasures:\n  - {id: M1, type: procedure, text: 双人审核}\n  - {id: M2, type: supervision, text: 纪检组季度抽查}",
    kinds=("Power", "RiskRegister"),
)

define(
    "K003", "grade-mismatch", ERROR,
    T("申报等级与按评定模型计算的等级不同，且没有 `grade_override`。",
      "The declared grade differs from the computed one and there is no `grade_override`."),
    T("第6条：等级按权力重要程度、裁量大小、发生概率和危害程度评定；不一致又无理由，说明因素或等级填错了。",
      "Art. 6: grades follow from importance, discretion, probability and harm; a difference with no reason means a factor or the grade is wrong."),
    {
        "": T("风险 `{id}` 申报等级为{declared}，按评定因素计算为{computed}（分值 {score}）；请改正等级，或用 grade_override 说明理由",
              "risk `{id}` is declared {declared_en} but computes as {computed_en} (score {score}); fix the grade or give a grade_override with a reason"),
        # A floor raised the grade: say which, or "高（分值 1）" reads as a wrong sum.
        "floor": T("风险 `{id}` 申报等级为{declared}，按评定因素计算为{computed}（分值 {score} 对应{by_score}，"
                   "{rule}的等级下限为{computed}）；请改正等级，或用 grade_override 说明理由",
                   "risk `{id}` is declared {declared_en} but computes as {computed_en} (score {score} gives "
                   "{by_score_en}; the floor for {rule_en} is {computed_en}); fix the grade or give a grade_override with a reason"),
    },
    bad="factors: {importance: 5, discretion: 4, probability: 4, harm: 5}\ngrade: medium",
    good="factors: {importance: 5, discretion: 4, probability: 4, harm: 5}\ngrade: high",
    kinds=("Power", "RiskRegister"),
)

define(
    "K004", "measure-overdue", WARNING,
    T("防控措施已过完成时限仍未完成。", "A measure is past its due date and not done."),
    T("第7条、第16条：措施要落实并检查实效；逾期未完成的措施要督办。",
      "Art. 7 and 16: measures are carried out and checked; an overdue one needs following up."),
    T("措施 `{id}` 应于 {due} 完成，现状为“{status}”", "measure `{id}` was due {due} and is {status_en}"),
    bad="- {id: M1, type: institution, text: 修订财务报销制度, due: 2025-06-30, status: in_progress}",
    good="- {id: M1, type: institution, text: 修订财务报销制度, due: 2025-06-30, status: done}",
    kinds=("Power", "RiskRegister"),
)

define(
    "K005", "review-overdue", WARNING,
    T("风险超过复核周期未复核。", "A risk has not been reviewed within the review cycle."),
    T("第13条：以年度为周期动态调整风险内容、等级和措施。",
      "Art. 13: risks, grades and measures are reviewed every cycle (a year by default)."),
    {
        "": T("风险 `{id}` 上次复核于 {reviewed}，已超过 {days} 天的复核周期",
              "risk `{id}` was last reviewed on {reviewed}, more than the {days}-day review cycle ago"),
        "approval": T("风险 `{id}` 没有复核日期，自集体审定（{reviewed}）以来已超过 {days} 天的复核周期",
                      "risk `{id}` has no review date and was approved on {reviewed}, more than the {days}-day "
                      "review cycle ago"),
        "never": T("风险 `{id}` 既没有复核日期（reviewed）也没有集体审定日期（approval），应立即复核",
                   "risk `{id}` has neither a review date (`reviewed`) nor an approval: review it now"),
    },
    bad="reviewed: 2024-03-01",
    good="reviewed: 2026-03-01",
    kinds=("Power", "RiskRegister"),
)

define(
    "K006", "missing-approval", WARNING,
    T("风险等级没有领导班子集体审定记录。", "A risk's grade has no record of collective approval."),
    T("第6条：风险等级须经单位领导班子集体审定。", "Art. 6: grades are approved collectively by the leadership group."),
    T("风险 `{id}` 没有集体审定记录（approval）", "risk `{id}` has no record of collective approval (`approval`)"),
    bad="- id: R1\n  grade: medium",
    good="- id: R1\n  grade: medium\n  approval: {date: 2026-03-10, by: 局党组会议, ref: 2026年第3次党组会议纪要}",
    kinds=("Power", "RiskRegister"),
)

define(
    "K007", "ethics-without-education", WARNING,
    T("思想道德类风险没有教育类防控措施。", "An ethics risk has no education measure."),
    T("第7条：思想道德方面的风险要通过专题党课、示范教育、警示教育、岗位廉政教育等形式防控。",
      "Art. 7: ethics risks are met with Party lectures, exemplary, cautionary and post-specific integrity education."),
    T("思想道德类风险 `{id}` 没有教育类措施（type: education）",
      "ethics risk `{id}` has no education measure (`type: education`)"),
    bad="category: ethics\nmeasures:\n  - {id: M1, type: supervision, text: 季度谈话}",
    good="category: ethics\nmeasures:\n  - {id: M1, type: education, text: 每季度开展岗位廉政警示教育}",
    kinds=("Power", "RiskRegister"),
)

define(
    "K008", "override-contradicts-grade", ERROR,
    T("`grade_override.grade` 与申报的 `grade` 不一致。", "`grade_override.grade` differs from the declared `grade`."),
    T("调整后的等级就是申报等级；两者不同，登记表上到底是哪个等级就说不清了。",
      "The overriding grade is the declared grade; when they differ the register says two things."),
    T("申报等级为{declared}，但 grade_override 为{override}", "declared grade is {declared_en} but grade_override says {override_en}"),
    bad="grade: high\ngrade_override: {grade: medium, reason: 已实行网上办理}",
    good="grade: medium\ngrade_override: {grade: medium, reason: 已实行网上办理}",
    kinds=("Power", "RiskRegister"),
)

define(
    "K009", "law-revised-since-review", WARNING,
    T("职权引用的法规在风险复核之后修订过。", "A law the power cites was revised after the risk was last reviewed."),
    T("第13条：法律法规调整后，要及时调整廉政风险内容、等级和防控措施。",
      "Art. 13: when laws change, risks, grades and measures are reviewed."),
    T("风险 `{id}` 于 {reviewed} 复核，此后所引用的《{law}》于 {revised} 修订，须重新复核",
      "risk `{id}` was reviewed on {reviewed}; the cited law {law} was revised on {revised}; review it again"),
    bad="# laws.yaml: food-safety-law revised: 2026-04-29\nreviewed: 2026-01-10",
    good="# laws.yaml: food-safety-law revised: 2026-04-29\nreviewed: 2026-05-20",
    kinds=("Power", "LawRegistry"),
)


define(
    "K010", "override-below-floor", WARNING,
    T("`grade_override` 把风险等级降到了评定设置的下限以下。",
      "A `grade_override` puts a risk below the floor the grading settings set."),
    T("下限是单位对重点领域、三重一大等事项的统一要求；个别调整低于下限，应当重新审视。",
      "Floors are the unit's own rule for key areas and 三重一大 matters; an override below one deserves a second look."),
    T("风险 `{id}` 调整为{override}，低于{rule}的下限{floor}", "risk `{id}` is overridden to {override_en}, below the {rule_en} floor of {floor_en}"),
    bad="# settings.grading.floors: {major_matter: high}; the power has major_matter: [funds]\n"
        "grade: medium\ngrade_override: {grade: medium, reason: 金额较小}",
    good="grade: high",
    kinds=("Power",),
)


define(
    "K011", "risk-not-assessed", WARNING,
    T("风险没有评定因素（factors），等级未经评定模型计算。", "A risk has no factors: its grade was not computed by the model."),
    T("第6条：风险等级按权力重要程度、自由裁量权大小、发生概率和危害程度评定；从表格导入的风险常常只有等级，"
      "没有因素，其等级按申报等级计，应当补评。",
      "Art. 6: grades follow from importance, discretion, probability and harm. Risks brought in from a "
      "spreadsheet often carry a grade only; it counts as declared until the factors are assessed."),
    T("风险 `{id}` 没有评定因素（factors），等级按申报的{grade}计；请补充四项评定因素",
      "risk `{id}` has no factors; its declared grade ({grade_en}) stands until the four factors are assessed"),
    bad="- id: R-BGS-01\n  title: 公车私用\n  grade: low",
    good="- id: R-BGS-01\n  title: 公车私用\n  factors: {importance: 2, discretion: 2, probability: 2, harm: 2}\n  grade: low",
    kinds=("Power", "RiskRegister"),
)


def short_of_measures(grade: str | None, risk: RiskFact, minimum: int) -> bool:
    """K002: a high risk (its grade, `final_grade`) with fewer than `minimum` measures
    (`settings.high_risk_min_measures`). `lz rollup` counts these per unit."""
    return grade == "high" and len(risk.measures) < minimum


@document_check(("Power", "RiskRegister"), ("K001", "K006", "K007", "K008", "K011"))
def check_risks(ctx: DocContext, model: Power | RiskRegister) -> None:
    for i, risk in indexed(model.risks):
        at = ("risks", i)
        if not risk.measures:
            ctx.report("K001", (*at, "measures") if ctx.span((*at, "measures")) else (*at, "id"), id=risk.id)
        if risk.approval is None:
            ctx.report("K006", (*at, "id"), id=risk.id)
        if risk.factors is None:
            ctx.report("K011", (*at, "grade") if ctx.span((*at, "grade")) else (*at, "id"), id=risk.id,
                       grade=label("grade", risk.grade) if risk.grade else "—", grade_en=risk.grade or "none")
        if risk.category == "ethics" and risk.measures and not any(
                m is not None and m.type == "education" for m in risk.measures):
            ctx.report("K007", (*at, "category"), id=risk.id)
        override = risk.grade_override
        if override is not None and override.grade is not None and risk.grade is not None \
                and override.grade != risk.grade:
            ctx.report("K008", (*at, "grade_override", "grade"),
                       declared=label("grade", risk.grade), override=label("grade", override.grade),
                       declared_en=risk.grade, override_en=override.grade)


@repository_check(("K002", "K003", "K004", "K005", "K009", "K010"))
def check_register(ctx: CheckContext) -> None:
    settings = ctx.repo.settings
    grading = settings.grading
    # the grade report's assessments (made once per command; the one grade rule)
    assessed = {(g.risk.path, g.risk.line): g.assessment for g in grade_report(ctx.repo).risks}
    for risk in ctx.repo.risks():
        a = assessed[(risk.path, risk.line)]
        if a is not None and risk.grade is not None and risk.override is None:
            if a.computed != risk.grade:
                span = risk.grade_span
                ctx.report("K003", risk.path, span.line if span else risk.line, span.col if span else risk.col,
                           variant="floor" if a.floor else "",
                           id=risk.id, declared=label("grade", risk.grade), computed=label("grade", a.computed),
                           declared_en=risk.grade, computed_en=a.computed, score=number_text(a.score),
                           by_score=label("grade", a.by_score), by_score_en=a.by_score,
                           rule=floor_text(a.floor, "zh"), rule_en=floor_text(a.floor, "en"))
        if risk.override is not None and risk.factors is not None:
            floor, rule = floor_for(grading, PowerContext(risk.power_category, risk.power_areas, risk.power_major))
            if floor is not None and GRADE_ORDER[risk.override] < GRADE_ORDER[floor]:
                span = risk.grade_span
                ctx.report("K010", risk.path, span.line if span else risk.line, span.col if span else risk.col,
                           id=risk.id, override=label("grade", risk.override), override_en=risk.override,
                           floor=label("grade", floor), floor_en=floor,
                           rule=floor_text(rule, "zh"), rule_en=floor_text(rule, "en"))
        if short_of_measures(final_grade(risk.grade, risk.override, a), risk, settings.high_risk_min_measures):
            ctx.report("K002", risk.path, risk.line, risk.col, id=risk.id, count=len(risk.measures),
                       minimum=settings.high_risk_min_measures)
        for m in overdue_measures(risk, ctx.today):
            ctx.report("K004", risk.path, m.line, m.col, id=m.id, due=m.due.isoformat() if m.due else "",
                       status=label("measure_status", m.status or "planned"),
                       status_en=label("measure_status", m.status or "planned", "en"))
        review = review_due(risk, settings.review_cycle_days, ctx.today)
        if review is not None:
            line, col = risk.reviewed_at or (risk.line, risk.col)
            ctx.report("K005", risk.path, line, col, variant={"reviewed": "", "approval": "approval"}.get(review.basis, "never"),
                       id=risk.id, reviewed=review.last.isoformat() if review.last else "",
                       days=settings.review_cycle_days)
        for law in laws_revised_since_review(risk, ctx.repo.laws, ctx.today)[:1]:  # one warning per risk
            line, col = risk.reviewed_at or (risk.line, risk.col)
            ctx.report("K009", risk.path, line, col, id=risk.id, reviewed=str(risk.reviewed or risk.approval),
                       law=law.title or law.id, revised=str(law.revised))


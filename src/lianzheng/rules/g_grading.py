"""G: the grading settings of the Unit (`settings.grading`). Unknown factors and negative
weights are schema errors (S007, S009); what the schema cannot see is checked here."""

from __future__ import annotations

from lianzheng.grading.model import max_score, thresholds
from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext
from lianzheng.rules.registry import ERROR, WARNING, define, document_check
from lianzheng.spec.models import Unit
from lianzheng.spec.values import number_text

define(
    "G001", "thresholds-out-of-order", ERROR,
    T("评定阈值中“中”不低于“高”。", "The medium threshold is not below the high threshold."),
    T("阈值颠倒时没有风险能被评为“中”，分级管理（第6条）就失去意义。",
      "With inverted thresholds no risk can be medium, and graded management (art. 6) loses its point."),
    T("中风险阈值 {medium} 应低于高风险阈值 {high}", "the medium threshold {medium} should be below the high threshold {high}"),
    bad="settings:\n  grading:\n    thresholds: {high: 8, medium: 15}",
    good="settings:\n  grading:\n    thresholds: {high: 15, medium: 8}",
    kinds=("Unit",),
)

define(
    "G002", "ineffective-grading-setting", WARNING,
    T("评定设置不起作用：权重用于非加权模型，或阈值高于可能的最高分。",
      "A grading setting has no effect: weights under a model that is not weighted, or a threshold above the highest possible score."),
    T("不起作用的设置会让人误以为等级是按它评定的。", "A setting with no effect misleads readers about how grades are set."),
    {
        "weights": T("模型为{model}，`weights` 不起作用（只用于 weighted）", "the model is {model}; `weights` apply only to `weighted`"),
        "unreachable": T("阈值 {value} 高于可能的最高分 {maximum}，没有风险能达到", "threshold {value} is above the highest possible score {maximum}"),
    },
    bad="settings:\n  grading:\n    model: matrix\n    weights: {harm: 2}",
    good="settings:\n  grading:\n    model: weighted\n    weights: {harm: 2}",
    kinds=("Unit",),
)


@document_check(("Unit",), ("G001", "G002"))
def check_grading_settings(ctx: DocContext, unit: Unit) -> None:
    settings = unit.settings
    grading = getattr(settings, "grading", None)
    if grading is None or grading.model is None:
        return
    at = ("settings", "grading")
    t = grading.thresholds
    if t is not None and None not in (t.high, t.medium) and t.medium >= t.high:
        ctx.report("G001", (*at, "thresholds", "medium"), medium=number_text(t.medium), high=number_text(t.high))
    if grading.weights and grading.model != "weighted":
        ctx.report("G002", (*at, "weights"), key=True, variant="weights", model=grading.model)
    if t is None or None not in (t.high, t.medium):
        maximum = max_score(grading)
        high, _ = thresholds(grading)
        if high > maximum:
            ctx.report("G002", (*at, "thresholds", "high"), variant="unreachable", value=number_text(high), maximum=number_text(maximum))

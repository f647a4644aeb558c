"""B: discretion benchmarks (裁量基准, art. 9): tiers inside the law, in order, touching."""

from __future__ import annotations

from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.repo.document import DocContext
from lianzheng.rules.registry import ERROR, WARNING, define, document_check
from lianzheng.spec.models import DiscretionBenchmark, indexed
from lianzheng.spec.terms import TIER_ORDER, label
from lianzheng.spec.values import number_text

MONETARY = ("lighter", "general", "heavier")

define(
    "B001", "tier-outside-legal-range", ERROR,
    T("从轻、一般、从重阶次的幅度超出法定幅度。", "A lighter, general or heavier tier lies outside the legal range."),
    T("裁量只能在法定幅度内进行；超出幅度的处罚违法。", "Discretion is exercised within the legal range only; outside it a penalty is unlawful."),
    T("{level}阶次 {tier} 超出法定幅度 {legal}", "{level_en} tier {tier} lies outside the legal range {legal}"),
    bad="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: heavier, range: {min: 30000, max: 60000}}",
    good="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: heavier, range: {min: 30000, max: 50000}}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B002", "tiers-out-of-order", ERROR,
    T("裁量阶次没有按 不予处罚、减轻、从轻、一般、从重 的顺序排列，或幅度顺序颠倒。",
      "Tiers are not in the order exempt, mitigated, lighter, general, heavier, or their ranges run backwards."),
    T("阶次由轻到重排列、幅度逐级递增，执法人员和群众才能一眼看出裁量尺度。",
      "Tiers from light to heavy with rising ranges let officers and citizens see the scale at a glance."),
    {
        "": T("{level}阶次应排在{previous}阶次之前", "the {level_en} tier should come before the {previous_en} tier"),
        "range": T("{level}阶次的幅度 {tier} 低于{previous}阶次的幅度 {previous_tier}",
                   "the {level_en} tier's range {tier} lies below the {previous_en} tier's {previous_tier}"),
    },
    bad="tiers:\n  - {level: general, ...}\n  - {level: lighter, ...}",
    good="tiers:\n  - {level: lighter, ...}\n  - {level: general, ...}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B003", "tier-gap", ERROR,
    T("相邻阶次之间有空档，或阶次没有覆盖整个法定幅度。",
      "Adjacent tiers leave a gap, or the tiers do not cover the whole legal range."),
    T("空档中的罚款数额没有对应的阶次，裁量就没有标准。",
      "An amount in a gap belongs to no tier, so there is no standard for it."),
    {
        "": T("{previous}阶次止于 {end}，{level}阶次始于 {start}，中间有空档",
              "the {previous_en} tier ends at {end} and the {level_en} tier starts at {start}: a gap"),
        "start": T("阶次始于 {start}，未覆盖法定下限 {legal_min}", "the tiers start at {start}, not at the legal minimum {legal_min}"),
        "end": T("阶次止于 {end}，未覆盖法定上限 {legal_max}", "the tiers end at {end}, not at the legal maximum {legal_max}"),
    },
    bad="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: lighter, range: {min: 5000, max: 15000}}\n  - {level: general, range: {min: 20000, max: 50000}}",
    good="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: lighter, range: {min: 5000, max: 20000}}\n  - {level: general, range: {min: 20001, max: 50000}}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B004", "tier-overlap", ERROR,
    T("相邻阶次的幅度重叠（共用不止一个点）。", "Adjacent tiers overlap (share more than one point)."),
    T("重叠区间内同一情节可以按两个阶次处罚，裁量又回到了随意。",
      "In an overlap the same facts fit two tiers, and discretion is arbitrary again."),
    T("{previous}阶次止于 {end}，{level}阶次始于 {start}，两者重叠",
      "the {previous_en} tier ends at {end} and the {level_en} tier starts at {start}: they overlap"),
    bad="tiers:\n  - {level: lighter, range: {min: 5000, max: 20000}}\n  - {level: general, range: {min: 15000, max: 50000}}",
    good="tiers:\n  - {level: lighter, range: {min: 5000, max: 20000}}\n  - {level: general, range: {min: 20000, max: 50000}}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B005", "mitigated-not-below-minimum", ERROR,
    T("减轻处罚阶次的幅度没有低于法定下限。", "The mitigated tier does not lie below the legal minimum."),
    T("行政处罚法第三十二条：减轻处罚是在法定最低限以下处罚；否则就是从轻。",
      "Administrative Penalty Law art. 32: mitigation means below the legal minimum; otherwise it is merely lighter."),
    T("减轻阶次 {tier} 应低于法定下限 {legal_min}", "the mitigated tier {tier} should lie below the legal minimum {legal_min}"),
    bad="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: mitigated, range: {min: 2000, max: 6000}}",
    good="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: mitigated, range: {min: 2000, max: 4999}}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B006", "exempt-with-range", ERROR,
    T("不予处罚阶次写了罚款幅度。", "The exempt tier has a range."),
    T("不予处罚就没有罚款；写了幅度的“不予处罚”自相矛盾。", "Exempt means no fine; an exempt tier with a range contradicts itself."),
    T("不予处罚阶次不应有罚款幅度（range）", "the exempt tier must not have a range"),
    bad="- {level: exempt, range: {min: 0, max: 1000}}",
    good="- {level: exempt, conditions: [初次违法且危害后果轻微并及时改正], outcome: 不予行政处罚}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B007", "tier-without-conditions", WARNING,
    T("裁量阶次没有适用条件。", "A tier has no conditions."),
    T("第9条：逐项提出行使条件；没有条件的阶次无法判断何时适用。",
      "Art. 9: each tier states when it applies; without conditions nobody can tell."),
    T("{level}阶次没有适用条件（conditions）", "the {level_en} tier has no conditions"),
    bad="- {level: general, range: {min: 20000, max: 35000}}",
    good="- {level: general, conditions: [违法行为持续时间较长], range: {min: 20000, max: 35000}}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B008", "missing-tier-range", ERROR,
    T("有法定幅度的情形中，从轻、一般或从重阶次没有幅度。", "With a legal range, a lighter, general or heavier tier has no range."),
    T("幅度是裁量基准的核心；没有幅度的阶次等于没有基准。", "The range is the point of a benchmark; a tier without one sets no standard."),
    T("{level}阶次没有幅度（range）", "the {level_en} tier has no range"),
    bad="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: general, conditions: [一般情节]}",
    good="legal_range: {min: 5000, max: 50000, unit: yuan}\ntiers:\n  - {level: general, conditions: [一般情节], range: {min: 5000, max: 50000}}",
    kinds=("DiscretionBenchmark",),
)

define(
    "B009", "inverted-range", ERROR,
    T("幅度的下限大于上限。", "A range's minimum is above its maximum."),
    T("颠倒的幅度是笔误，无法比较和公开。", "An inverted range is a slip that cannot be compared or published."),
    T("幅度下限 {min} 大于上限 {max}", "range minimum {min} is above its maximum {max}"),
    bad="range: {min: 50000, max: 20000}",
    good="range: {min: 20000, max: 50000}",
    kinds=("DiscretionBenchmark",),
)


def _labels(level: str) -> dict[str, str]:
    return {"level": label("tier_level", level), "level_en": label("tier_level", level, "en")}


@document_check(("DiscretionBenchmark",), ("B001", "B002", "B003", "B004", "B005", "B006", "B007", "B008", "B009"))
def check_benchmark(ctx: DocContext, bm: DiscretionBenchmark) -> None:
    for c, case in indexed(bm.cases):
        at = ("cases", c)
        legal = case.legal_range
        if legal is not None and None not in (legal.min, legal.max) and legal.min > legal.max:
            ctx.report("B009", (*at, "legal_range"), min=number_text(legal.min), max=number_text(legal.max))
            legal = None
        if legal is not None and None in (legal.min, legal.max):
            legal = None
        tiers = [(t, tier) for t, tier in indexed(case.tiers) if tier.level is not None]
        previous: tuple[int, str] | None = None
        for t, tier in tiers:
            where = (*at, "tiers", t)
            level = str(tier.level)
            if not tier.conditions:
                ctx.report("B007", (*where, "level"), **_labels(level))
            rank = TIER_ORDER.index(level)
            if previous is not None and rank < previous[0]:
                ctx.report("B002", (*where, "level"), **_labels(level),
                           previous=label("tier_level", previous[1]), previous_en=label("tier_level", previous[1], "en"))
            previous = (rank, level) if previous is None or rank >= previous[0] else previous
            rng = tier.range
            if rng is not None and None in (rng.min, rng.max):
                rng = None  # the schema has reported it
            if rng is not None and rng.min > rng.max:
                ctx.report("B009", (*where, "range"), min=number_text(rng.min), max=number_text(rng.max))
                continue
            if level == "exempt":
                if rng is not None:
                    ctx.report("B006", (*where, "range"), key=True)
                continue
            if legal is None:
                continue
            if level == "mitigated":
                if rng is not None and rng.max is not None and rng.max >= legal.min:
                    ctx.report("B005", (*where, "range"), tier=f"{number_text(rng.min)}–{number_text(rng.max)}",
                               legal_min=number_text(legal.min))
                continue
            if rng is None:
                if not tier.outcome:
                    ctx.report("B008", (*where, "level"), **_labels(level))
                continue
            if rng.min < legal.min or rng.max > legal.max:
                ctx.report("B001", (*where, "range"), **_labels(level), tier=f"{number_text(rng.min)}–{number_text(rng.max)}",
                           legal=f"{number_text(legal.min)}–{number_text(legal.max)}")
        if legal is not None:
            _check_coverage(ctx, at, legal, tiers)


def _check_coverage(ctx: DocContext, at: tuple[Any, ...], legal: Any, tiers: list[tuple[int, Any]]) -> None:
    """Lighter, general and heavier tiers, sorted by level, touch and cover the legal range."""
    ranged = sorted(
        ((TIER_ORDER.index(str(tier.level)), t, tier) for t, tier in tiers
         if str(tier.level) in MONETARY and tier.range is not None
         and None not in (tier.range.min, tier.range.max) and tier.range.min <= tier.range.max),
        key=lambda x: (x[0], x[1]),
    )
    if not ranged:
        return
    whole_yuan = legal.unit == "yuan"
    first, last = ranged[0], ranged[-1]
    if first[2].range.min > legal.min:
        ctx.report("B003", (*at, "tiers", first[1], "range"), variant="start",
                   start=number_text(first[2].range.min), legal_min=number_text(legal.min))
    for (_, _, a), (_, t, b) in zip(ranged, ranged[1:]):
        gap = b.range.min - a.range.max
        names = {**_labels(str(b.level)), "previous": label("tier_level", a.level),
                 "previous_en": label("tier_level", a.level, "en"),
                 "end": number_text(a.range.max), "start": number_text(b.range.min)}
        if b.range.max < a.range.min:
            ctx.report("B002", (*at, "tiers", t, "range"), variant="range", **names,
                       tier=f"{number_text(b.range.min)}–{number_text(b.range.max)}",
                       previous_tier=f"{number_text(a.range.min)}–{number_text(a.range.max)}")
        elif gap < 0:
            ctx.report("B004", (*at, "tiers", t, "range"), **names)
        elif gap > 0 and not (gap == 1 and whole_yuan and float(a.range.max).is_integer()
                               and float(b.range.min).is_integer()):
            ctx.report("B003", (*at, "tiers", t, "range"), **names)
    if last[2].range.max < legal.max:
        ctx.report("B003", (*at, "tiers", last[1], "range"), variant="end",
                   end=number_text(last[2].range.max), legal_max=number_text(legal.max))

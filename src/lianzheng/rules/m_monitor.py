"""M: e-supervision (电子监察, art. 11) — what `lz monitor` finds in a case log.

M0xx are findings about the log (warnings: the log is read, but part of it could not be
checked); M1xx about how a case ran against the flowchart (red cards: 不按流程办理、越权办理);
M2xx about time (M203 red: over the statutory limit; the others yellow). A case finding's
severity is its card's colour: error = red, warning = yellow. They are findings of
`lz monitor` (`lianzheng.monitor`), never of `lz validate`.

The examples show a CaseLog's mapping and, in comments, the log rows that trigger the rule.
"""

from __future__ import annotations

from lianzheng.i18n import Text as T
from lianzheng.rules.registry import ERROR, WARNING, define

_FLOW = """# 流程图：S1 受理 → S2 审查 → S3 决定（结束）
"""

define(
    "M001", "unmapped-activity", WARNING,
    T("日志中的活动没有对应的流程环节。", "An activity of the log maps to no step of the flowchart."),
    T("电子监察依据“权力运行流程图”比对每一个办理环节（第11条）；没有对应环节的活动无法检查，"
      "可能是流程图漏画了实际存在的环节，也可能是系统里的无关记录（用 null 有意忽略）。",
      "E-supervision checks every step against the flowchart (art. 11); an activity with no step "
      "cannot be checked: the flowchart may miss a step the office really takes, or the record is "
      "noise (map it to null to ignore it on purpose)."),
    T("活动“{activity}”没有对应的流程环节（{rows} 行），未作为办理记录检查；有意忽略的请在 activities 中写 null",
      "activity `{activity}` maps to no step ({rows} rows) and was not checked; map it to null to ignore it"),
    bad=_FLOW + "activities:\n  受理: S1\n  审查: S2\n# 日志中还有“内部流转”，既未对照也未忽略",
    good=_FLOW + "activities:\n  受理: S1\n  审查: S2\n  内部流转: null",
    kinds=("CaseLog",),
)

define(
    "M002", "unknown-resource", WARNING,
    T("办理人不在 resources 对照中。", "A resource of the log is not in `resources`."),
    T("是否越权办理（第8条分权制衡）要看办理人所在岗位；不在对照表中的办理人无法检查。",
      "Whether a step was handled by the right post (separation of powers, art. 8) depends on the "
      "resource's post; a resource that is not mapped cannot be checked."),
    T("办理人“{resource}”不在 resources 对照中（{events} 条办理记录），未检查是否越权办理",
      "resource `{resource}` is not in `resources` ({events} events): not checked for the right post"),
    bad="resources:\n  zhangsan: P-SP-SL\n# 日志中 lisi 办理了审查环节",
    good="resources:\n  zhangsan: P-SP-SL\n  lisi: P-SP-SC",
    kinds=("CaseLog",),
)

define(
    "M003", "calendar-not-covered", WARNING,
    T("办理日期所在年份没有内置的节假日安排。", "A date falls in a year the built-in calendar does not cover."),
    T("工作日按国务院办公厅每年的节假日安排通知计算；没有通知的年份只能按周末休息推算，"
      "春节、国庆等假期会被算作工作日。可在 settings.calendar 中补充。",
      "Working days follow the State Council's yearly notice on holidays; for a year without one only "
      "weekends are rest days, so the Spring Festival or National Day count as working days. "
      "settings.calendar can add them."),
    T("{year} 年没有国务院办公厅节假日安排通知，按周末休息计算工作日（{events} 条办理记录）",
      "{year} has no State Council holiday notice in lz's calendar: only weekends are rest days ({events} events)"),
    bad="# 日志中有 2027 年的办理记录，而内置日历只到 2026 年",
    good="settings:\n  calendar:\n    holidays: [2027-01-01, 2027-02-16]\n# 或等 lz 更新内置日历",
    kinds=("CaseLog", "Unit"),
)

define(
    "M004", "bad-row", WARNING,
    T("日志中有无法使用的行。", "Rows of the log cannot be used."),
    T("案件编号或环节为空、时间无法识别的行不能归入任何案件，已跳过；数量多时应检查导出设置。",
      "A row without a case or an activity, or whose time cannot be read, belongs to no case and is "
      "skipped; many of them point at the export settings."),
    T("{count} 行无法使用（案件编号或环节为空，或时间无法识别），已跳过：{rows}",
      "{count} rows could not be used (no case or activity, or an unreadable time) and were skipped: {rows_en}"),
    bad="# 办件编号,办理环节,办结时间\n# XK2026-001,受理,2026-13-45 09:00",
    good="# 办件编号,办理环节,办结时间\n# XK2026-001,受理,2026-03-02 09:00",
    kinds=("CaseLog",),
)

define(
    "M101", "wrong-start", ERROR,
    T("案件的第一个办理环节不是流程图的开始环节。", "A case's first event is not at the flow's start."),
    T("案件应从受理（立案）开始；从中间环节开始的案件，可能是未经受理直接办理，"
      "或者受理环节没有在系统中留痕（第11条：程序化、标准化）。",
      "A case must begin where the flow begins (acceptance, case filing); one that begins in the middle "
      "was handled without acceptance or left no trace of it (art. 11)."),
    T("案件从“{step_name}”（{step}）开始，流程图的开始环节是“{start_name}”（{start}）",
      "the case starts at `{step}` {step_name}, not at the flow's start `{start}` {start_name}"),
    bad=_FLOW + "# A-001,审查,2026-03-02\n# A-001,决定,2026-03-03",
    good=_FLOW + "# A-001,受理,2026-03-02\n# A-001,审查,2026-03-03\n# A-001,决定,2026-03-04",
    kinds=("CaseLog",),
)

define(
    "M102", "skipped-step", ERROR,
    T("案件跳过了流程图上的环节。", "A case skipped steps of the flowchart."),
    T("跳过审查、核查等环节是“不按流程办理”，正是权力运行流程图要防控的风险（第4条、第11条）。",
      "Skipping a review or an inspection is handling a case outside the procedure, the very risk the "
      "flowchart is there to control (art. 4, 11)."),
    T("从“{from_name}”（{from}）直接到“{to_name}”（{to}），跳过了{skipped}",
      "from `{from}` {from_name} straight to `{to}` {to_name}, skipping {skipped_en}"),
    bad=_FLOW + "# A-001,受理,2026-03-02\n# A-001,决定,2026-03-03",
    good=_FLOW + "# A-001,受理,2026-03-02\n# A-001,审查,2026-03-03\n# A-001,决定,2026-03-04",
    kinds=("CaseLog",),
)

define(
    "M103", "unexpected-step", ERROR,
    T("案件出现流程图上不可能的环节顺序。", "A case moved between steps the flowchart does not connect."),
    T("流程图上无法到达的环节顺序（例如决定后又回到受理）说明案件没有按程序办理，或者流程图与实际不符。",
      "A move the flowchart cannot make (back from the decision to acceptance) means the case left "
      "the procedure, or the flowchart does not show how the office works."),
    T("从“{from_name}”（{from}）到“{to_name}”（{to}）不符合流程图：“{from_name}”之后不能到达“{to_name}”",
      "from `{from}` {from_name} to `{to}` {to_name}: the flowchart has no way from one to the other"),
    bad=_FLOW + "# A-001,受理,2026-03-02\n# A-001,审查,2026-03-03\n# A-001,受理,2026-03-04",
    good=_FLOW + "# A-001,受理,2026-03-02\n# A-001,审查,2026-03-03\n# A-001,决定,2026-03-04",
    kinds=("CaseLog",),
)

define(
    "M104", "wrong-actor", ERROR,
    T("环节不是由流程图规定的办理主体办理的。", "A step was handled by another post than its actor."),
    T("办理主体是分权制衡的基础（第4条、第8条）；审查岗办了核查、窗口人员作了决定，是“越权办理”。",
      "The actor of each step is what separates powers (art. 4, 8); a step handled by another post is "
      "acting beyond one's authority (越权办理)."),
    T("“{step_name}”（{step}）由 {resource}（{post_name}）办理，应由{actor_name}（{actor}）办理",
      "`{step}` {step_name} was handled by {resource} ({post_name}), not by its actor `{actor}` {actor_name}"),
    bad="resources:\n  zhangsan: P-SP-SL   # 窗口受理岗\n# A-001,决定,2026-03-04,zhangsan   （决定应由分管副局长作出）",
    good="resources:\n  chenhy: P-FGJZ\n# A-001,决定,2026-03-04,chenhy",
    kinds=("CaseLog",),
)

define(
    "M105", "collective-step-missing", ERROR,
    T("“三重一大”事项的案件没有经过集体决策环节即办结。",
      "A closed case of a major matter has no event at a collective-decision step."),
    T("“三重一大”事项必须由领导班子集体讨论决定（第8条）；没有集体决策记录就办结，是个人说了算。",
      "Major matters (三重一大) are decided by the leadership collectively (art. 8); a case closed "
      "without a collective decision was decided by one person."),
    T("涉及“三重一大”的案件未经集体决策环节（{collective}）即办结",
      "a major-matter case was closed without its collective decision ({collective_en})"),
    bad="# 流程：S1 申请 → S2 集体研究（collective）→ S3 执行（结束）\n# C-001,申请,2026-03-02\n# C-001,执行,2026-03-03",
    good="# C-001,申请,2026-03-02\n# C-001,集体研究,2026-03-05\n# C-001,执行,2026-03-06",
    kinds=("CaseLog",),
)

define(
    "M106", "event-after-end", ERROR,
    T("案件办结后仍有办理记录。", "A case has events after an end step."),
    T("办结后又出现审批、修改记录，可能是事后补办手续或者篡改结果，应当核实（第11条：实时动态监控）。",
      "Events after the case was closed may be paperwork done after the fact or a changed result, "
      "and need checking (art. 11)."),
    T("案件已于“{end_name}”（{end}）办结，之后仍有“{step_name}”（{step}）的办理记录",
      "the case ended at `{end}` {end_name}, yet `{step}` {step_name} follows"),
    bad=_FLOW + "# A-001,受理,2026-03-02\n# A-001,审查,2026-03-03\n# A-001,决定,2026-03-04\n# A-001,审查,2026-03-09",
    good=_FLOW + "# A-001,受理,2026-03-02\n# A-001,审查,2026-03-03\n# A-001,决定,2026-03-04",
    kinds=("CaseLog",),
)

define(
    "M201", "step-overdue", WARNING,
    T("环节用时超过该环节的期限。", "A step took longer than its time limit."),
    T("各环节的期限是承诺期限的分解（第4条）；环节超时是案件超期的前兆，应当预警纠错（第11条、第12条）。",
      "Step limits break the promised limit down (art. 4); a step over its limit is how a case "
      "becomes overdue, and is warned of (art. 11, 12)."),
    T("“{step_name}”（{step}）用时 {days}，超过环节期限 {limit}",
      "`{step}` {step_name} took {days_en}, more than its limit of {limit_en}"),
    bad="# S2 审查 time_limit: 1\n# A-001,受理,2026-03-02（周一）\n# A-001,审查,2026-03-05（周四：3 个工作日）",
    good="# A-001,受理,2026-03-02（周一）\n# A-001,审查,2026-03-03（周二：1 个工作日）",
    kinds=("CaseLog",),
)

define(
    "M202", "case-over-promised", WARNING,
    T("案件累计用时超过承诺期限（未超过法定期限）。",
      "A case took longer than the promised limit (not the statutory one)."),
    T("承诺期限是单位向社会作出的提速承诺（第10条公开）；超过承诺虽未违法，但失信于民，亮黄牌。",
      "The promised limit is the unit's public commitment (art. 10); missing it is not unlawful, but "
      "breaks a promise: a yellow card."),
    T("累计用时 {days}，超过承诺期限 {limit}（未超过法定期限）",
      "counted {days_en}, more than the promised {limit_en} (within the statutory limit)"),
    bad="promised_days: 7\nstatutory_days: 10\n# 受理后 8 个工作日办结",
    good="promised_days: 7\nstatutory_days: 10\n# 受理后 6 个工作日办结",
    kinds=("CaseLog",),
)

define(
    "M203", "case-overdue", ERROR,
    T("案件累计用时超过法定期限（没有法定期限时为承诺期限）。",
      "A case took longer than the statutory limit (the promised one when there is none)."),
    T("超过法定期限办理是违法行政（行政许可法第四十二条、行政处罚法第六十条），亮红牌；"
      "期限自受理（立案）次日起算，不含听证、检验检测鉴定等不计入期限的时间（行政许可法第四十五条），"
      "以日计的期限最后一日为休息日的顺延（民法典第二百零一条、第二百零三条）。",
      "Deciding after the statutory limit is unlawful (Administrative Licensing Law art. 42, "
      "Administrative Penalty Law art. 60): a red card. The period starts the day after acceptance, "
      "leaves out hearings, tests and expert reviews (Administrative Licensing Law art. 45), and a "
      "calendar-day period ending on a rest day runs to the next working day (Civil Code art. 201, 203)."),
    {
        "": T("累计用时 {days}，超过法定期限 {limit}", "counted {days_en}, more than the statutory {limit_en}"),
        "promised": T("累计用时 {days}，超过承诺期限 {limit}（本职权没有法定期限）",
                      "counted {days_en}, more than the promised {limit_en} (the power has no statutory limit)"),
    },
    bad="statutory_days: 10\n# 受理后第 12 个工作日才作出决定",
    good="statutory_days: 10\n# 受理后第 9 个工作日作出决定",
    kinds=("CaseLog",),
)

define(
    "M204", "case-near-limit", WARNING,
    T("未办结案件临近期限。", "An open case is close to its limit."),
    T("电子监察的要义是“预警纠错”（第11条、第12条）：在超期之前提醒，而不是超期之后问责。"
      "用时达到期限的 settings.monitor.near_limit（默认八成）即亮黄牌。",
      "E-supervision warns before a case is overdue, not after (art. 11, 12): an open case that has "
      "used settings.monitor.near_limit (80 % by default) of its limit gets a yellow card."),
    {
        "": T("尚未办结，累计用时 {days}，已达期限（{limit}）的 {share}，剩余 {left}，最迟应于 {deadline} 办结",
              "open, counted {days_en}: {share} of the {limit_en} limit; {left_en} left (until {deadline})"),
        "extended": T("尚未办结，累计用时 {days}，期限 {limit} 的最后一日为休息日，顺延至 {deadline}",
                      "open, counted {days_en}: the {limit_en} limit ends on a rest day and runs on to {deadline}"),
    },
    bad="statutory_days: 10\n# 受理后已过 9 个工作日，尚未作出决定",
    good="statutory_days: 10\n# 受理后第 5 个工作日，尚未作出决定",
    kinds=("CaseLog",),
)

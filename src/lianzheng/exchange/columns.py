"""The columns of a register as offices name them, and the one list of export headers.

Import recognises a column by its header text: SPEC.md's names and their common variants,
plus the ones found in registers units have published (county and city bureaus, SOEs):
`单位/科室`, `股室`, `责任股室（单位）`; `风险名称`, `重要环节`; `廉政风险主要内容及表现形式`,
`廉政风险点表现形式`; `风险级次`; `防控要点及防控措施`; `直接责任人`, `部门负责人`;
`风险防控责任领导`. Header cells are compared after folding full-width forms and removing
white space (published sheets break headers over lines: `风险\\n等级`, `序\\n号`), with a
trailing `（高/中/低）`-style hint, a `*` required mark, and a leading 廉政/廉洁/党风廉政/腐败
(an SOE writes 廉洁风险点 where a bureau writes 廉政风险点) taken off when the full text is
not known.
"""

from __future__ import annotations

import re

from lianzheng.exchange.cells import squeeze

# Import fields of the 风险登记表 sheet: what a column means for a risk.
DEPARTMENT, POST, POWER_ID, POWER_NAME = "department", "post", "power_id", "power_name"
RISK_ID, TITLE, STEP, DESCRIPTION, CATEGORY = "risk_id", "title", "step", "description", "category"
GRADE, MEASURES, MEASURE_TYPE, OWNER, HEAD, LEADER = "grade", "measures", "measure_type", "owner", "head", "leader"
REVIEWED, APPROVAL, IDENTIFIED_BY, IGNORED = "reviewed", "approval", "identified_by", "ignored"
FACTORS = ("importance", "discretion", "probability", "harm")

RISK_COLUMNS: dict[str, str] = {
    # counted or computed by the sheet itself: read, never used
    "序号": IGNORED, "序": IGNORED, "分值": IGNORED, "风险分值": IGNORED, "风险值": IGNORED, "得分": IGNORED,
    "科室": DEPARTMENT, "部门": DEPARTMENT, "处室": DEPARTMENT, "股室": DEPARTMENT, "内设机构": DEPARTMENT,
    "单位/科室": DEPARTMENT, "科室/单位": DEPARTMENT, "部门/科室": DEPARTMENT, "科室/部门": DEPARTMENT,
    "科室(单位)": DEPARTMENT, "单位(科室)": DEPARTMENT, "科室名称": DEPARTMENT, "部门名称": DEPARTMENT,
    "责任科室": DEPARTMENT, "责任部门": DEPARTMENT, "责任股室": DEPARTMENT, "责任处室": DEPARTMENT,
    "所在科室": DEPARTMENT, "所在部门": DEPARTMENT, "所属科室": DEPARTMENT, "所属部门": DEPARTMENT,
    "风险防控责任股室": DEPARTMENT, "风险防控责任科室": DEPARTMENT, "内设机构名称": DEPARTMENT,
    "岗位": POST, "岗位名称": POST, "风险岗位": POST, "涉及岗位": POST, "责任岗位": POST, "所在岗位": POST,
    "工作岗位": POST, "岗位类别": POST, "风险点涉及的岗位": POST, "风险点涉及岗位": POST,
    "职权编号": POWER_ID, "职权编码": POWER_ID, "权力编码": POWER_ID, "权力编号": POWER_ID,
    "权力事项编码": POWER_ID, "事项编码": POWER_ID,
    "职权名称": POWER_NAME, "权力事项": POWER_NAME, "职权事项": POWER_NAME, "权力名称": POWER_NAME,
    "权力事项名称": POWER_NAME, "事项名称": POWER_NAME, "职权": POWER_NAME, "主要职权": POWER_NAME,
    "业务事项": POWER_NAME,
    "风险编号": RISK_ID, "编号": RISK_ID, "风险点编号": RISK_ID, "风险代码": RISK_ID,
    "风险点": TITLE, "风险点名称": TITLE, "风险内容": TITLE, "风险名称": TITLE, "风险事项": TITLE,
    "主要风险点": TITLE, "风险点位": TITLE,
    # the step of the work where the risk sits: the risk's title when the sheet has none
    "重要环节": STEP, "关键环节": STEP, "风险环节": STEP, "业务环节": STEP, "工作环节": STEP, "环节": STEP,
    "风险描述": DESCRIPTION, "表现形式": DESCRIPTION, "主要表现形式": DESCRIPTION, "主要表现": DESCRIPTION,
    "风险表现": DESCRIPTION, "风险表现形式": DESCRIPTION, "风险点表现形式": DESCRIPTION,
    "风险点描述": DESCRIPTION, "风险主要内容及表现形式": DESCRIPTION, "主要内容及表现形式": DESCRIPTION,
    "具体表现": DESCRIPTION, "风险主要表现": DESCRIPTION, "风险点具体表现": DESCRIPTION,
    "风险类别": CATEGORY, "风险类型": CATEGORY, "风险种类": CATEGORY, "风险分类": CATEGORY, "类别": CATEGORY,
    "权力重要程度": "importance", "权力重要性": "importance",
    "自由裁量权大小": "discretion", "自由裁量空间": "discretion", "自由裁量权": "discretion",
    "发生概率": "probability", "发生几率": "probability", "发生可能性": "probability",
    "危害程度": "harm", "危害后果": "harm",
    "风险等级": GRADE, "等级": GRADE, "风险级别": GRADE, "风险级次": GRADE, "级别": GRADE,
    "风险定级": GRADE, "评定等级": GRADE, "风险等次": GRADE,
    "防控措施": MEASURES, "防范措施": MEASURES, "防控举措": MEASURES, "风险防控措施": MEASURES,
    "防控要点及防控措施": MEASURES, "主要防控措施": MEASURES, "预防措施": MEASURES, "防控对策": MEASURES,
    "防控办法": MEASURES, "防范措施及办法": MEASURES, "措施": MEASURES,
    "措施类型": MEASURE_TYPE, "措施类别": MEASURE_TYPE,
    "责任人": OWNER, "直接责任人": OWNER, "防控责任人": OWNER, "风险责任人": OWNER, "具体责任人": OWNER,
    # the head of the department answers for its risks when the sheet names no one else
    "部门负责人": HEAD, "科室负责人": HEAD, "部门责任人": HEAD, "科室责任人": HEAD, "股室负责人": HEAD,
    "责任领导": LEADER, "分管领导": LEADER, "风险防控责任领导": LEADER, "分管责任领导": LEADER,
    "领导责任人": LEADER, "分管领导责任人": LEADER,
    "复核日期": REVIEWED, "复核时间": REVIEWED, "最近复核日期": REVIEWED, "最近复核": REVIEWED,
    "集体审定": APPROVAL, "集体审定情况": APPROVAL, "审定情况": APPROVAL,
    "查找方式": IDENTIFIED_BY, "查找途径": IDENTIFIED_BY,
}

# The 防控措施 sheet export writes next to the register (one row per measure): import reads
# it back for what one cell cannot hold (a measure's id, type, owner, due date, status).
M_RISK, M_ID, M_TEXT, M_TYPE, M_OWNER, M_DUE, M_STATUS = (
    "risk_id", "measure_id", "text", "type", "owner", "due", "status")
MEASURE_COLUMNS: dict[str, str] = {
    "序号": IGNORED, "科室": IGNORED, "风险点": IGNORED,
    "风险编号": M_RISK, "措施编号": M_ID, "措施内容": M_TEXT, "防控措施": M_TEXT,
    "类型": M_TYPE, "措施类型": M_TYPE, "责任人": M_OWNER, "完成时限": M_DUE, "状态": M_STATUS,
    "落实状态": M_STATUS,
}

_MARKS = re.compile(r"^[*※]+|[*※:：]+$")
_HINT = re.compile(r"\([^()]*\)$")
_PREFIX = re.compile(r"^(?:党风廉政|廉政|廉洁|腐败)")


def header_key(text: str) -> str:
    """A header cell as compared: folded, without white space or required marks."""
    return _MARKS.sub("", squeeze(text))


def column_field(text: str, table: dict[str, str]) -> str | None:
    """The field a header names, or None for a column this importer does not know."""
    key = header_key(text)
    if not key:
        return None
    for candidate in (key, _HINT.sub("", key)):
        for variant in (candidate, _PREFIX.sub("", candidate)):
            if variant in table:
                return table[variant]
    return None


# Export: the sheets and their headers, in order. Import reads every one of them back
# (`RISK_COLUMNS` knows each header of 风险登记表, `MEASURE_COLUMNS` each one of 防控措施).
SHEET_POWERS, SHEET_STEPS, SHEET_RISKS, SHEET_MEASURES, SHEET_BENCHMARKS = (
    "职权目录", "流程环节", "风险登记表", "防控措施", "裁量基准")
RISK_HEADERS = (
    "序号", "科室", "岗位", "职权编号", "职权名称", "风险编号", "风险点", "风险描述", "风险类别",
    "权力重要程度", "自由裁量权大小", "发生概率", "危害程度", "分值", "风险等级", "防控措施",
    "责任人", "责任领导", "复核日期", "集体审定",
)
# The reason of a grade override travels in the grade cell's note (xlsx): the register's
# columns are fixed (SPEC), and an approved reason must not be lost on the way back.
OVERRIDE_NOTE = "等级调整理由："

"""The data model: one pydantic class per kind of document in SPEC.md.

These classes are the single source of the file format: they validate documents, produce
the JSON Schemas in `schemas/` (every field with a Chinese title and description), and are
what every command works with.

Fields whose absence is a completeness gap (a step without its time limit, a power without
legal basis) are optional here and reported as warnings by the rules; a field without
which the register makes no sense (an id, a risk's factors) is required.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from lianzheng.spec.terms import EXTERNAL_CATEGORY_IDS
from lianzheng.spec.values import Amount, Duration, ForgeAccount, IsoDate, SignalSeverity, Term, WebUrl, vocab

API_VERSION = "lianzheng/v1"

# Power ids name files and web pages (`<power-id>.html`).
POWER_ID_PATTERN = r"^[\w-][\w.-]*$"

UnitType = vocab("unit_type")
LeaderRole = vocab("leader_role")
PowerCategory = vocab("power_category")
Scope = vocab("scope")
Area = vocab("area")
MajorMatter = vocab("major_matter")
RiskCategory = vocab("risk_category")
IdentifiedBy = vocab("identified_by")
Grade = vocab("grade")
MeasureType = vocab("measure_type")
MeasureStatus = vocab("measure_status")
TierLevel = vocab("tier_level")
AmountUnit = vocab("amount_unit")
LawLevel = vocab("law_level")
GradingModel = vocab("grading_model")
Factor = vocab("factor")
SignalSource = vocab("signal_source")
DisposalAction = vocab("disposal_action")
DisposalStatus = vocab("disposal_status")
Indicator = vocab("indicator")

Text = Annotated[str, Field(min_length=1)]


def F(title: str, description: str, default: Any = ..., **kw: Any) -> Any:
    """A field with its Chinese title and description (shown by editors)."""
    return Field(default, title=title, description=description, **kw)


def indexed(values: list[Any] | None) -> list[tuple[int, Any]]:
    """(index, item) of a list, skipping the items a salvaged document could not keep
    (None): the checks of a document with schema errors still see its valid parts."""
    return [(i, v) for i, v in enumerate(values or ()) if v is not None]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, (str, dict)) else value


def _scalar_or_list(value: Any) -> Any:
    return [value] if isinstance(value, (str, int, float)) else value


class Model(BaseModel):
    # Numbers where text is expected (an article `35`, a phone `12388`) are taken as text.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True, defer_build=True)


class Document(Model):
    KIND: ClassVar[str]
    api_version: Literal["lianzheng/v1"] = F(
        "接口版本", "文档格式版本，固定为 lianzheng/v1。", alias="apiVersion"
    )


# --- Unit -----------------------------------------------------------------------------


class Leader(Model, title="领导班子成员"):
    id: Text = F("领导编号", "领导班子成员的编号，在全库唯一，供 leader 字段引用。")
    name: Text = F("姓名", "领导班子成员姓名。")
    title: str | None = F("职务", "职务，例如 局长、副局长、纪检组长。", None)
    role: LeaderRole = F(
        "班子角色", "principal 主要负责人 · member 班子成员 · discipline 纪检负责人。", "member"
    )
    # Validated (SPEC: a login or org/team): it is written into CODEOWNERS lines.
    account: ForgeAccount | None = F(
        "代码平台账号", "该成员在代码托管平台上的登录名或 组织/团队（只含字母、数字和 . _ -），用于生成 CODEOWNERS 审核规则。",
        None,
    )


class Department(Model, title="内设机构"):
    id: Text = F("科室编号", "内设机构（科室）编号，在全库唯一，供 subject、actor 等字段引用。")
    name: Text = F("科室名称", "内设机构全称。")
    leader: str | None = F("分管领导", "分管该科室的领导班子成员编号（leadership 中的 id）。", None)
    head: str | None = F("科室负责人", "科室负责人姓名。", None)


class Post(Model, title="岗位"):
    id: Text = F("岗位编号", "岗位编号，在全库唯一，供 actor、post 等字段引用。")
    name: Text = F("岗位名称", "岗位名称。")
    department: str | None = F("所属科室", "岗位所在科室的编号。", None)


class Thresholds(Model, title="等级阈值"):
    high: float = F("高风险阈值", "分值不低于此值评定为“高”。", ge=0)
    medium: float = F("中风险阈值", "分值不低于此值（且低于高风险阈值）评定为“中”。", ge=0)


class Floors(Model, title="等级下限"):
    major_matter: Grade | None = F(
        "三重一大下限", "涉及“三重一大”事项的职权，其风险等级不低于此等级。", None
    )
    areas: dict[Area, Grade] = F(
        "重点领域下限", "按重点领域设定的最低等级，例如 {procurement: medium}。", default_factory=dict
    )
    category: dict[PowerCategory, Grade] = F(
        "职权类别下限", "按职权类别设定的最低等级，例如 {penalty: medium}。", default_factory=dict
    )


class GradingSettings(Model, title="风险评定设置"):
    model: GradingModel = F(
        "评定模型", "matrix 矩阵法（默认）· weighted 加权法 · floors 矩阵法并适用下限。", "matrix"
    )
    thresholds: Thresholds | None = F(
        "等级阈值", "评定“高”“中”的分值阈值。矩阵法默认 高≥15、中≥8；加权法默认 高≥15、中≥10。", None
    )
    likelihood: list[Factor] = F(
        "可能性因素", "计算可能性的因素，取其平均值向上取整。默认 [probability, discretion]。",
        default_factory=lambda: [Term("probability"), Term("discretion")],
        min_length=1,
    )
    impact: list[Factor] = F(
        "影响因素", "计算影响程度的因素，取其平均值向上取整。默认 [importance, harm]。",
        default_factory=lambda: [Term("importance"), Term("harm")],
        min_length=1,
    )
    weights: dict[Factor, Annotated[float, Field(ge=0)]] = F(
        "因素权重", "加权法中各因素的权重（非负数），未列出的因素权重为 1。", default_factory=dict
    )
    floors: Floors | None = F("等级下限", "按规则设定的最低风险等级。", None)


class PublishSettings(Model, title="公开设置"):
    title: str | None = F("网站标题", "公开网站的标题，默认为单位名称加“权力运行公开”。", None)
    footer: str | None = F("页脚", "网站页脚文字。", None)


class CalendarSettings(Model, title="工作日历调整"):
    holidays: list[IsoDate] = F(
        "休息日", "内置全国工作日历之外放假的日期（例如地方性假日），YYYY-MM-DD。", default_factory=list
    )
    workdays: list[IsoDate] = F(
        "工作日", "内置日历之外上班的日期（例如调休的周六），YYYY-MM-DD。", default_factory=list
    )


class MonitorSettings(Model, title="电子监察设置"):
    near_limit: float = F(
        "临近期限比例", "未办结案件已用时间达到期限的这一比例时亮黄牌，默认 0.8（第11条）。", 0.8, gt=0, le=1
    )


def _default_levels() -> dict[Term, int]:
    return {Term("reminder"): 1, Term("admonition"): 3, Term("correction"): 5}


class WarningSettings(Model, title="预警设置"):
    window_days: int = F(
        "统计窗口（天）", "统计最近多少天内的预警信号，默认 365 天（第12条）。", 365, ge=1
    )
    levels: dict[DisposalAction, Annotated[int, Field(ge=1)]] = F(
        "处置等级", "各处置措施应启动的累计分值，默认 {reminder: 1, admonition: 3, correction: 5}；"
        "未列出的措施沿用默认值。",
        default_factory=_default_levels,
    )
    respond_days: int = F(
        "处置时限（天）", "预警达到等级后应在多少个自然日内处置，默认 15 天。", 15, ge=0
    )


class AssessmentSettings(Model, title="检查考核设置"):
    weights: dict[Indicator, Annotated[float, Field(ge=0)]] = F(
        "指标权重", "各考核指标的权重，未列出的指标用默认权重。", default_factory=dict
    )


class Settings(Model, title="设置"):
    grading: GradingSettings = F("风险评定", "风险等级评定模型及其参数（第6条）。", default_factory=GradingSettings)
    review_cycle_days: int = F("复核周期（天）", "廉政风险动态管理的复核周期，默认 365 天（第13条）。", 365, ge=1)
    high_risk_min_measures: int = F(
        "高风险最少措施数", "每个高等级风险至少应有的防控措施数，默认 2（第7条）。", 2, ge=0
    )
    publish: PublishSettings = F("公开设置", "公开网站的标题与页脚。", default_factory=PublishSettings)
    calendar: CalendarSettings = F(
        "工作日历", "对内置全国工作日历（周末、法定节假日、调休）的调整。", default_factory=CalendarSettings
    )
    monitor: MonitorSettings = F("电子监察", "电子监察（第11条）的参数。", default_factory=MonitorSettings)
    warning: WarningSettings = F("预警处置", "预警处置（第12条）的参数。", default_factory=WarningSettings)
    assessment: AssessmentSettings = F("检查考核", "检查考核（第16条）的参数。", default_factory=AssessmentSettings)


class Unit(Document, title="单位"):
    """单位：领导班子、内设机构、岗位与设置。每个库一份，位于 lianzheng.yaml。"""

    KIND: ClassVar[str] = "Unit"
    kind: Literal["Unit"] = F("文档类型", "Unit：单位。")
    code: str | None = F("单位代码", "单位代码，例如统一社会信用代码或机构编码。", None)
    name: Text = F("单位名称", "单位全称。")
    type: UnitType | None = F(
        "单位类型", "party 党的机关 · administrative 行政机关 · soe 国有企业 · institution 事业单位（第3条）。", None
    )
    region: str | None = F("所在地区", "行政区划，例如 浙江省某市某县。", None)
    supervision_phone: str | None = F("监督电话", "向社会公开的监督举报电话。", None)
    # Validated (SPEC: http:// or https://): it is a link on every page of the public site.
    website: WebUrl | None = F("网站", "单位门户网站地址，以 http:// 或 https:// 开头。", None)
    leadership: list[Leader] = F("领导班子", "领导班子成员（第6条：集体审定）。", default_factory=list)
    departments: list[Department] = F("内设机构", "科室等内设机构。", default_factory=list)
    posts: list[Post] = F("岗位", "岗位（以岗位风险防控为基础）。", default_factory=list)
    settings: Settings = F("设置", "评定模型、复核周期与公开设置。", default_factory=Settings)


# --- Power ----------------------------------------------------------------------------


class Basis(Model, title="法律依据"):
    law: str | None = F("法规编号", "法律依据在 laws.yaml（LawRegistry）中的编号。", None)
    title: str | None = F("法规名称", "未登记在 LawRegistry 中时，直接写法律法规名称。", None)
    article: str | None = F("条款", "条款，例如 第三十五条。", None)

    @model_validator(mode="after")
    def _law_or_title(self) -> Basis:
        if not self.law and not self.title:
            raise PydanticCustomError("lz_basis", "a legal basis needs `law` or `title`", {})
        return self


class NextStep(Model, title="后续环节"):
    to: Text = F("下一环节", "下一环节的编号。")
    when: str | None = F("条件", "走向该环节的条件（分支），例如 材料不齐全。", None)

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"to": value} if isinstance(value, (str, int)) and not isinstance(value, bool) else value


NextRef = Annotated[
    NextStep,
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "title": "环节编号"},
            {
                "type": "object",
                "title": "分支",
                "properties": {
                    "to": {"type": "string", "title": "下一环节", "description": "下一环节的编号。"},
                    "when": {"type": "string", "title": "条件", "description": "走向该环节的条件。"},
                },
                "required": ["to"],
                "additionalProperties": False,
            },
        ]
    }),
]



class FlowStep(Model, title="流程环节"):
    id: Text = F("环节编号", "环节编号，在本流程图内唯一。")
    name: Text = F("环节名称", "例如 受理、审查、决定、送达。")
    actor: str | None = F("办理主体", "办理该环节的岗位或科室编号（第4条）。", None)
    conditions: str | None = F("条件", "办理该环节应具备的条件（第4条）。", None)
    procedure: str | None = F("程序", "办理该环节的程序（第4条）。", None)
    time_limit: Duration | None = F(
        "期限", "办理时限：工作日数，或 {days: N, calendar: true} 表示自然日（第4条）。", None
    )
    supervision: str | None = F("监督方式", "对该环节的监督方式（第4条）。", None)
    pauses_clock: bool = F(
        "暂停计时", "true 表示该环节把案件交出（受理前的申请人补正；受理后的听证、检验检测鉴定、专家评审），"
        "到下一环节之前的时间不计入期限（行政许可法第四十五条）。", False
    )
    collective: bool = F("集体决策", "true 表示该环节由领导班子集体讨论决定（三重一大）。", False)
    end: bool = F("结束环节", "true 表示流程在此结束。", False)
    next: Annotated[list[NextRef], BeforeValidator(_one_or_many)] = F(
        "后续环节", "后续环节编号，或 {to: 环节, when: 条件} 表示分支；允许退回（补正）。", default_factory=list
    )


class Flow(Model, title="权力运行流程图"):
    start: Text = F("开始环节", "流程的第一个环节编号。")
    clock_start: str | None = F(
        "起算环节", "办结该环节后开始计算法定期限和承诺期限的环节（许可为受理，处罚为立案），默认为开始环节。", None
    )
    steps: list[FlowStep] = F("环节", "流程各环节（权力运行流程图，第4条、第11条）。", min_length=1)


class Factors(Model, title="评定因素"):
    importance: int = F("权力重要程度", "1–5，权力越重要分值越高（第6条）。", ge=1, le=5)
    discretion: int = F("自由裁量权大小", "1–5，裁量空间越大分值越高（第6条）。", ge=1, le=5)
    probability: int = F("发生概率", "1–5，腐败现象发生的可能性（第6条）。", ge=1, le=5)
    harm: int = F("危害程度", "1–5，一旦发生造成的危害（第6条）。", ge=1, le=5)


class GradeOverride(Model, title="等级调整"):
    grade: Grade = F("调整后等级", "经集体审定、与计算结果不同的等级。")
    reason: Text = F("调整理由", "为何不采用计算所得等级。")


class Measure(Model, title="防控措施"):
    id: Text = F("措施编号", "措施编号，在本风险内唯一。")
    type: MeasureType | None = F(
        "措施类型",
        "procedure 规范程序 · separation 分权制衡 · institution 健全制度 · education 教育 · "
        "supervision 监督检查 · technology 科技防控 · disclosure 公开（第7条）；可省略。",
        None,
    )
    text: Text = F("措施内容", "具体、可操作的防控措施。")
    owner: str | None = F("责任人", "措施落实责任人姓名（仅内部公开）。", None)
    due: IsoDate | None = F("完成时限", "措施应完成的日期 YYYY-MM-DD。", None)
    status: MeasureStatus = F("落实状态", "planned 计划 · in_progress 推进中 · done 已完成。", "planned")


class Approval(Model, title="集体审定"):
    date: IsoDate = F("审定日期", "领导班子集体审定的日期。")
    by: str | None = F("审定机构", "例如 局党组会议、局长办公会议。", None)
    ref: str | None = F("依据", "会议纪要编号或合并请求链接。", None)


class Risk(Model, title="廉政风险"):
    id: Text = F("风险编号", "风险点编号，在全库唯一。")
    title: Text = F("风险点", "风险点名称（仅内部公开）。")
    description: str | None = F("风险描述", "风险的表现形式。", None)
    category: RiskCategory = F("风险类别", "power 权力行使 · system 制度机制 · ethics 思想道德（第5条）。")
    steps: list[str] = F("所在环节", "风险点在本职权流程图上的环节编号。", default_factory=list)
    power: str | None = F(
        "所涉职权", "岗位风险登记表中的风险所涉及的职权编号（职权文件中的风险不写）。", None
    )
    post: str | None = F("岗位", "风险所在岗位编号。", None)
    identified_by: list[IdentifiedBy] = F(
        "查找方式", "self 自己查找 · public 群众评议 · expert 专家建议 · case 案例分析 · organization 组织审定（第5条）。",
        default_factory=list,
    )
    factors: Factors | None = F(
        "评定因素", "权力重要程度、自由裁量权大小、发生概率、危害程度，各 1–5（第6条）；"
        "未评定的风险以申报等级为准。", None
    )
    grade: Grade = F("风险等级", "high 高 · medium 中 · low 低（第6条）。")
    grade_override: GradeOverride | None = F("等级调整", "与计算等级不同时的等级及理由。", None)
    owner: str | None = F("责任人", "风险防控责任人姓名（仅内部公开）。", None)
    leader: str | None = F("责任领导", "负责该风险的领导班子成员编号（分级负责、责任到人）。", None)
    measures: list[Measure] = F("防控措施", "针对该风险的防控措施（第7条）。", default_factory=list)
    reviewed: IsoDate | None = F("复核日期", "最近一次复核的日期（第13条动态管理）。", None)
    approval: Approval | None = F("集体审定", "领导班子集体审定的日期、机构与依据（第6条）。", None)


class Power(Document, title="职权"):
    """职权：职权目录条目、权力运行流程图及其廉政风险（第4–7条）。"""

    KIND: ClassVar[str] = "Power"
    kind: Literal["Power"] = F("文档类型", "Power：一项职权。")
    id: str = F("职权编码", "在全库唯一，例如 XK-001；限字母、数字、-、_、.。", pattern=POWER_ID_PATTERN)
    name: Text = F("职权名称", "职权名称（第4条）。")
    content: str | None = F("职权内容", "职权的具体内容。", None)
    category: PowerCategory = F("职权类别", "对外职权（行政许可、行政处罚等）或内部人财物管理职权。")
    scope: Scope | None = F("对外/内部", "external 对外 · internal 内部；省略时由类别推定。", None)
    subject: str | None = F("行使主体", "行使该职权的科室编号（第4条）。", None)
    basis: list[Basis] = F("法律依据", "法律依据：law（法规编号）或 title（名称），以及 article（条款）。", default_factory=list)
    areas: list[Area] = F("重点领域", "涉及的重点领域（第8条、第15条）。", default_factory=list)
    major_matter: list[MajorMatter] = F(
        "三重一大", "涉及的“三重一大”事项：decision 重大决策 · appointment 重要干部任免 · "
        "project 重大项目安排 · funds 大额度资金使用（第8条）；流程须有集体决策环节。",
        default_factory=list,
    )
    authority: str | None = F("权限", "职权的权限范围，例如 单笔五万元以下由分管领导审批。", None)
    statutory_days: Duration | None = F("法定期限", "工作日数，或 {days: N, calendar: true}。", None)
    promised_days: Duration | None = F("承诺期限", "不得超过法定期限。", None)
    fee: str | None = F("收费依据和标准", "收费依据和标准；不收费写“不收费”。", None)
    public: bool | None = F("向社会公开", "是否列入公开的职权目录；对外职权默认公开，内部职权默认不公开。", None)
    flow: Flow | None = F("流程图", "权力运行流程图（第4条、第11条）。", None)
    risks: list[Risk] = F("廉政风险", "该职权的廉政风险点（第5–7条，仅内部公开）。", default_factory=list)

    @property
    def effective_scope(self) -> str:
        if self.scope is not None:
            return str(self.scope)
        return "external" if str(self.category) in EXTERNAL_CATEGORY_IDS else "internal"

    @property
    def is_public(self) -> bool:
        if self.public is not None:
            return self.public
        return self.effective_scope == "external"


# --- RiskRegister ---------------------------------------------------------------------


class RiskRegister(Document, title="岗位风险登记表"):
    """岗位风险登记表：不属于某一项职权的岗位风险（第5条）。"""

    KIND: ClassVar[str] = "RiskRegister"
    kind: Literal["RiskRegister"] = F("文档类型", "RiskRegister：岗位风险登记表。")
    id: Text = F("登记表编号", "在全库唯一。")
    name: str | None = F("名称", "登记表名称，例如 财务岗位廉政风险。", None)
    post: str | None = F("岗位", "登记表所属岗位编号。", None)
    department: str | None = F("科室", "登记表所属科室编号。", None)
    risks: list[Risk] = F("廉政风险", "岗位廉政风险点。", default_factory=list)


# --- DiscretionBenchmark --------------------------------------------------------------


class LegalRange(Model, title="法定幅度"):
    min: Amount = F("下限", "法定幅度的下限。")
    max: Amount = F("上限", "法定幅度的上限。")
    unit: AmountUnit = F("单位", "yuan 元 · multiple 倍。")


class TierRange(Model, title="裁量幅度"):
    min: Amount = F("下限", "本阶次幅度的下限（闭区间）。")
    max: Amount = F("上限", "本阶次幅度的上限（闭区间）。")


class Tier(Model, title="裁量阶次"):
    level: TierLevel = F("裁量阶次", "exempt 不予处罚 · mitigated 减轻 · lighter 从轻 · general 一般 · heavier 从重。")
    conditions: list[str] = F("适用条件", "适用该阶次的情节。", default_factory=list)
    range: TierRange | None = F("裁量幅度", "本阶次的罚款幅度 {min, max}，单位同法定幅度。", None)
    outcome: str | None = F("处理结果", "非罚款阶次的处理决定，例如 责令改正，不予处罚。", None)
    other: str | None = F("其他处罚", "例如 没收违法所得。", None)


class Case(Model, title="情形"):
    when: Text = F("情形", "法定情形（违法情节）。")
    legal_range: LegalRange | None = F("法定幅度", "法律规定的罚款幅度 {min, max, unit}。", None)
    base: str | None = F("计算基数", "倍数所乘的基数，例如 货值金额。", None)
    tiers: list[Tier] = F("裁量阶次", "各裁量阶次（第9条）。", min_length=1)


class DiscretionBenchmark(Document, title="裁量基准"):
    """行政裁量权基准（第9条）。"""

    KIND: ClassVar[str] = "DiscretionBenchmark"
    kind: Literal["DiscretionBenchmark"] = F("文档类型", "DiscretionBenchmark：裁量基准。")
    id: Text = F("基准编号", "在全库唯一。")
    power: Text = F("职权编码", "适用的职权（行政处罚、行政许可、非行政许可审批、行政强制或行政征收）。")
    violation: Text = F("违法行为或事项", "基准所针对的违法行为或事项。")
    basis: list[Basis] = F("法律依据", "与职权的 basis 同样的写法。", default_factory=list)
    cases: list[Case] = F("情形", "每种法定情形一项。", min_length=1)


# --- LawRegistry ----------------------------------------------------------------------


class Law(Model, title="法律法规"):
    id: Text = F("法规编号", "在全库唯一，供 basis.law 引用。")
    title: Text = F("法规名称", "例如 中华人民共和国食品安全法。")
    level: LawLevel | None = F(
        "效力层级", "法律 · 行政法规 · 地方性法规 · 部门规章 · 地方政府规章 · 规范性文件 · 党内法规。", None
    )
    issuer: str | None = F("制定机关", "例如 全国人民代表大会常务委员会。", None)
    revised: IsoDate | None = F("最近修订日期", "法规修订后，引用它的风险须重新复核（第13条）。", None)


class LawRegistry(Document, title="法律法规登记表"):
    """法律法规登记表。"""

    KIND: ClassVar[str] = "LawRegistry"
    kind: Literal["LawRegistry"] = F("文档类型", "LawRegistry：法律法规登记表。")
    laws: list[Law] = F("法律法规", "本单位职权引用的法律法规。", default_factory=list)


# --- CaseLog ----------------------------------------------------------------------------


class LogColumns(Model, title="列名"):
    case: Text = F("案件列", "案件编号所在的列，默认 case:concept:name。", "case:concept:name")
    activity: Text = F("环节列", "办理环节（活动）名称所在的列，默认 concept:name。", "concept:name")
    time: Text = F("时间列", "办结时间所在的列，默认 time:timestamp。", "time:timestamp")
    resource: Text = F("办理人列", "办理人或岗位所在的列，默认 org:resource；数据中可以没有。", "org:resource")
    lifecycle: Text = F(
        "状态列", "生命周期列，默认 lifecycle:transition；有该列时只取值为 complete 的行。", "lifecycle:transition"
    )


class CaseLog(Document, title="办件数据"):
    """办件数据：一项职权的电子政务系统导出的办件日志在哪里、怎样读取（第11条电子监察）。"""

    KIND: ClassVar[str] = "CaseLog"
    kind: Literal["CaseLog"] = F("文档类型", "CaseLog：办件数据。")
    id: str = F("数据源编号", "在全库唯一，例如 permits；限字母、数字、-、_、.。", pattern=POWER_ID_PATTERN)
    name: str | None = F("名称", "例如 网上审批平台办件数据。", None)
    power: Text = F("职权编码", "日志所记录案件的职权，须有流程图。")
    source: Text = F(
        "日志文件", "相对于仓库根目录的文件：.csv、.csv.gz、.parquet、.xes、.xes.gz 或 .jsonl。"
    )
    where: dict[str, Annotated[list[str], BeforeValidator(_scalar_or_list)]] = F(
        "筛选条件", "{列: 值} 或 {列: [值]}：只有符合的行属于该职权（多项职权共用一份日志时）。", default_factory=dict
    )
    columns: LogColumns = F("列名", "案件、环节、时间、办理人、状态所在的列。", default_factory=LogColumns)
    timezone: Text = F(
        "时区", "没有时区的时间按此时区理解（IANA 名称），默认 Asia/Shanghai；所有时间换算到此时区后取日期。",
        "Asia/Shanghai",
    )
    activities: dict[str, str | None] = F(
        "环节对照", "日志中的活动名称 → 流程图环节编号；值为 null 表示有意忽略该活动。", default_factory=dict
    )
    resources: dict[str, str] | None = F(
        "办理人对照", "日志中的办理人 → 岗位或科室编号（可选，用于检查越权办理）。", None
    )


# --- Signals and Disposals --------------------------------------------------------------

TARGET_KINDS = ("risk", "post", "power", "department", "leader")


class Target(Model, title="预警对象"):
    risk: str | None = F("风险", "风险编号。", None)
    post: str | None = F("岗位", "岗位编号。", None)
    power: str | None = F("职权", "职权编码。", None)
    department: str | None = F("科室", "科室编号。", None)
    leader: str | None = F("领导", "领导班子成员编号。", None)

    @model_validator(mode="after")
    def _exactly_one(self) -> Target:
        given = [k for k in TARGET_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "lz_target", "a target names exactly one of risk, post, power, department, leader", {}
            )
        return self

    @property
    def key(self) -> tuple[str, str]:
        """(kind, id) of what it names."""
        kind = next(k for k in TARGET_KINDS if getattr(self, k) is not None)
        return kind, str(getattr(self, kind))


class Signal(Model, title="预警信号"):
    id: Text = F("信号编号", "在全库唯一。")
    date: IsoDate = F("日期", "收到或形成该信号的日期。")
    source: SignalSource = F(
        "来源", "inspection_tour 巡视（巡察）· audit 审计 · cadre_review 干部考察 · duty_report 述职述廉 · "
        "public_opinion 舆论监督 · e_supervision 电子监察 · efficiency 效能监察 · law_enforcement 执法监察 · "
        "conduct 纠风治理 · petition 信访举报 · case_analysis 案件分析（第12条）。"
    )
    about: Annotated[list[Target], BeforeValidator(_one_or_many)] = F(
        "预警对象", "信号涉及的对象：{risk: 编号}、{post: 编号}、{power: 编号}、{department: 编号} 或 {leader: 编号}。",
        min_length=1,
    )
    severity: SignalSeverity = F("严重程度", "1 一般 · 2 较重 · 3 严重，默认 1。", 1)
    summary: str | None = F("摘要", "信号内容摘要（保密信号只在 lz warn --show-confidential 中显示）。", None)
    ref: str | None = F("出处", "文号、信访件编号或案件编号。", None)
    confidential: bool | None = F("保密", "是否保密；信访举报默认保密，其他来源默认不保密。", None)

    @property
    def is_confidential(self) -> bool:
        if self.confidential is not None:
            return self.confidential
        return self.source == "petition"

    def kept_secret(self, written: Any = None) -> bool:
        """Whether its `summary` and `ref` are kept secret, failing safe on a signal with
        errors (`written`: the signal as read): a `confidential` that is not a boolean, or a
        source that could not be read (it may be a petition), keeps the text secret."""
        if self.confidential is None:
            if (isinstance(written, dict) and "confidential" in written) or self.source is None:
                return True
        return self.is_confidential


class Signals(Document, title="预警信号"):
    """预警信号：巡视、审计、信访举报、电子监察等渠道收集的廉政风险信息（第12条）。"""

    KIND: ClassVar[str] = "Signals"
    kind: Literal["Signals"] = F("文档类型", "Signals：预警信号。")
    signals: list[Signal] = F("信号", "收到的预警信号。", default_factory=list)

    def shareable(self, written: Any = None) -> Signals:
        """The document without its confidential signals' summaries and refs: what may be
        kept where others can read it (the model store of `.lz-cache/`, a worker's result).
        `written`: the document as read, to fail safe on a signal with errors."""
        raw = written.get("signals") if isinstance(written, dict) else None
        kept = []
        for i, s in enumerate(self.signals or ()):
            item = raw[i] if isinstance(raw, list) and i < len(raw) else None
            if s is not None and (s.summary is not None or s.ref is not None) and s.kept_secret(item):
                s = s.model_copy(update={"summary": None, "ref": None})
            kept.append(s)
        return self.model_copy(update={"signals": kept})


class Disposal(Model, title="预警处置"):
    id: Text = F("处置编号", "在全库唯一。")
    about: Target = F("预警对象", "所处置预警的对象（与信号的对象写法相同）。")
    action: DisposalAction = F("处置措施", "reminder 风险提示 · admonition 诫勉谈话 · correction 责令纠错（第12条）。")
    with_: list[str] = F(
        "谈话对象", "风险提示或谈话的对象：领导班子成员编号或姓名。", default_factory=list, alias="with"
    )
    date: IsoDate = F("处置日期", "采取处置措施的日期。")
    by: str | None = F("处置人", "例如 派驻纪检监察组组长。", None)
    due: IsoDate | None = F("整改期限", "对象应报告或完成整改的日期。", None)
    status: DisposalStatus = F("整改状态", "open 未完成 · done 已完成。", "open")
    result: str | None = F("结果", "处置或整改结果。", None)
    signals: list[str] = F("所涉信号", "该处置所回应的信号编号。", default_factory=list)


class Disposals(Document, title="预警处置"):
    """预警处置：风险提示、诫勉谈话、责令纠错及其整改情况（第12条）。"""

    KIND: ClassVar[str] = "Disposals"
    kind: Literal["Disposals"] = F("文档类型", "Disposals：预警处置。")
    disposals: list[Disposal] = F("处置", "处置记录。", default_factory=list)


KINDS: dict[str, type[Document]] = {
    cls.KIND: cls
    for cls in (Unit, Power, RiskRegister, DiscretionBenchmark, LawRegistry, CaseLog, Signals, Disposals)
}

"""The enumerations of SPEC.md: every English id with its official Chinese term.

This is the one place that maps enum ids to Chinese terms. The models accept either
spelling; output shows the Chinese term (`zh`) or, with ``--lang en``, the English label.
"""

from __future__ import annotations

from typing import NamedTuple


class TermDef(NamedTuple):
    id: str
    zh: str
    en: str


def _terms(*rows: tuple[str, str, str]) -> tuple[TermDef, ...]:
    return tuple(TermDef(*row) for row in rows)


UNIT_TYPE = _terms(
    ("party", "党的机关", "Party organ"),
    ("administrative", "行政机关", "Administrative body"),
    ("soe", "国有企业", "State-owned enterprise"),
    ("institution", "事业单位", "Public institution"),
)

LEADER_ROLE = _terms(
    ("principal", "主要负责人", "Principal"),
    ("member", "班子成员", "Member"),
    ("discipline", "纪检负责人", "Discipline inspection head"),
)

EXTERNAL_CATEGORIES = _terms(
    ("licensing", "行政许可", "Administrative licensing"),
    ("non_licensing_approval", "非行政许可审批", "Non-licensing approval"),
    ("penalty", "行政处罚", "Administrative penalty"),
    ("enforcement", "行政强制", "Administrative enforcement"),
    ("levy", "行政征收", "Administrative levy"),
    ("payment", "行政给付", "Administrative payment"),
    ("inspection", "行政检查", "Administrative inspection"),
    ("confirmation", "行政确认", "Administrative confirmation"),
    ("reward", "行政奖励", "Administrative reward"),
    ("adjudication", "行政裁决", "Administrative adjudication"),
    ("other", "其他行政权力", "Other administrative power"),
)

INTERNAL_CATEGORIES = _terms(
    ("personnel", "人事管理", "Personnel management"),
    ("finance", "财务管理", "Financial management"),
    ("assets", "资产管理", "Asset management"),
    ("procurement", "采购管理", "Procurement management"),
    ("construction", "工程项目管理", "Construction project management"),
    ("internal_other", "其他内部事项", "Other internal matter"),
)

POWER_CATEGORY = EXTERNAL_CATEGORIES + INTERNAL_CATEGORIES

SCOPE = _terms(
    ("external", "对外", "External"),
    ("internal", "内部", "Internal"),
)

AREA = _terms(
    ("construction", "工程建设", "Construction"),
    ("land", "土地出让", "Land transfer"),
    ("property_rights", "产权交易", "Property rights trading"),
    ("procurement", "政府采购", "Government procurement"),
    ("resources", "资源开发和交易", "Resource development and trading"),
    ("food_drug", "食品药品安全", "Food and drug safety"),
    ("environment", "环境保护", "Environmental protection"),
    ("work_safety", "安全生产", "Work safety"),
    ("financial_markets", "金融运行", "Financial markets"),
    ("personnel", "选人用人", "Selection and appointment"),
    ("approval", "行政审批", "Administrative approval"),
    ("penalty", "行政处罚", "Administrative penalty"),
    ("payment", "行政给付", "Administrative payment"),
    ("investment", "政府投资项目", "Government investment projects"),
    ("public_resources", "公共资源交易", "Public resource trading"),
    ("special_funds", "财政专项资金", "Special fiscal funds"),
)

MAJOR_MATTER = _terms(
    ("decision", "重大决策", "Major decision"),
    ("appointment", "重要干部任免", "Appointment of key officials"),
    ("project", "重大项目安排", "Major project arrangement"),
    ("funds", "大额度资金使用", "Use of large funds"),
)

RISK_CATEGORY = _terms(
    ("power", "权力行使", "Exercise of power"),
    ("system", "制度机制", "Systems and mechanisms"),
    ("ethics", "思想道德", "Ideology and ethics"),
)

IDENTIFIED_BY = _terms(
    ("self", "自己查找", "Self-examination"),
    ("public", "群众评议", "Public appraisal"),
    ("expert", "专家建议", "Expert advice"),
    ("case", "案例分析", "Case analysis"),
    ("organization", "组织审定", "Organisational review"),
)

GRADE = _terms(
    ("high", "高", "high"),
    ("medium", "中", "medium"),
    ("low", "低", "low"),
)

MEASURE_TYPE = _terms(
    ("procedure", "规范程序", "Procedure"),
    ("separation", "分权制衡", "Separation of powers"),
    ("institution", "健全制度", "Institution building"),
    ("education", "教育", "Education"),
    ("supervision", "监督检查", "Supervision"),
    ("technology", "科技防控", "Technology"),
    ("disclosure", "公开", "Disclosure"),
)

MEASURE_STATUS = _terms(
    ("planned", "计划", "planned"),
    ("in_progress", "推进中", "in progress"),
    ("done", "已完成", "done"),
)

TIER_LEVEL = _terms(
    ("exempt", "不予处罚", "Exempt"),
    ("mitigated", "减轻", "Mitigated"),
    ("lighter", "从轻", "Lighter"),
    ("general", "一般", "General"),
    ("heavier", "从重", "Heavier"),
)

AMOUNT_UNIT = _terms(
    ("yuan", "元", "yuan"),
    ("multiple", "倍", "times"),
)

LAW_LEVEL = _terms(
    ("law", "法律", "Law"),
    ("administrative_regulation", "行政法规", "Administrative regulation"),
    ("local_regulation", "地方性法规", "Local regulation"),
    ("departmental_rule", "部门规章", "Departmental rule"),
    ("local_government_rule", "地方政府规章", "Local government rule"),
    ("normative_document", "规范性文件", "Normative document"),
    # Not in SPEC.md's list; party organs (art. 3) cite party regulations.
    ("party_regulation", "党内法规", "Party regulation"),
)

GRADING_MODEL = _terms(
    ("matrix", "矩阵法", "matrix"),
    ("weighted", "加权法", "weighted"),
    ("floors", "矩阵法加下限", "matrix with floors"),
)

FACTOR = _terms(
    ("importance", "权力重要程度", "importance of the power"),
    ("discretion", "自由裁量权大小", "size of discretion"),
    ("probability", "发生概率", "probability"),
    ("harm", "危害程度", "harm"),
)

SIGNAL_SOURCE = _terms(
    ("inspection_tour", "巡视", "Inspection tour"),
    ("audit", "审计", "Audit"),
    ("cadre_review", "干部考察", "Cadre review"),
    ("duty_report", "述职述廉", "Duty and integrity report"),
    ("public_opinion", "舆论监督", "Public opinion"),
    ("e_supervision", "电子监察", "E-supervision"),
    ("efficiency", "效能监察", "Efficiency supervision"),
    ("law_enforcement", "执法监察", "Law-enforcement supervision"),
    ("conduct", "纠风治理", "Conduct rectification"),
    ("petition", "信访举报", "Petitions and reports"),
    ("case_analysis", "案件分析", "Case analysis"),
)
# Other spellings people use for a term: county and city committees call their tours 巡察.
ALIASES = {"signal_source": {"巡察": "inspection_tour"}}

DISPOSAL_ACTION = _terms(
    ("reminder", "风险提示", "Risk reminder"),
    ("admonition", "诫勉谈话", "Admonition talk"),
    ("correction", "责令纠错", "Order to correct"),
)

DISPOSAL_STATUS = _terms(
    ("open", "未完成", "open"),
    ("done", "已完成", "done"),
)

SIGNAL_SEVERITY = _terms(
    ("1", "一般", "minor"),
    ("2", "较重", "serious"),
    ("3", "严重", "grave"),
)

INDICATOR = _terms(
    ("catalogue", "职权清理", "Power catalogue"),
    ("flowcharts", "流程图", "Flowcharts"),
    ("risks", "风险查找", "Risk identification"),
    ("grading", "等级评定", "Grading"),
    ("measures", "防控措施", "Control measures"),
    ("review", "动态管理", "Dynamic review"),
    ("disclosure", "公开透明", "Disclosure"),
    ("e_supervision", "电子监察", "E-supervision"),
    ("warning", "预警处置", "Warning and disposal"),
)

# What each kind of id names (the namespaces of ids and references).
ID_KIND = _terms(
    ("power", "职权", "power"),
    ("risk", "风险", "risk"),
    ("benchmark", "裁量基准", "benchmark"),
    ("law", "法规", "law"),
    ("department", "科室", "department"),
    ("post", "岗位", "post"),
    ("leader", "领导班子成员", "leadership member"),
    ("register", "风险登记表", "risk register"),
    ("caselog", "办件数据", "case log"),
    ("signal", "预警信号", "signal"),
    ("disposal", "预警处置", "disposal"),
)

SEVERITY = _terms(
    ("error", "错误", "error"),
    ("warning", "警告", "warning"),
)

EXTERNAL_CATEGORY_IDS = frozenset(t.id for t in EXTERNAL_CATEGORIES)
# Art. 9: the fields in which discretion benchmarks are set.
BENCHMARK_CATEGORY_IDS = ("penalty", "licensing", "non_licensing_approval", "enforcement", "levy")
GRADE_IDS = tuple(t.id for t in GRADE)  # high, medium, low: the order reports list them in
GRADE_ORDER = {"low": 0, "medium": 1, "high": 2}
GRADE_COLOUR_ZH = {"high": "红", "medium": "橙", "low": "黄"}
FACTOR_IDS = tuple(t.id for t in FACTOR)
TIER_ORDER = tuple(t.id for t in TIER_LEVEL)


class Vocabulary:
    """Lookup for one enumeration: either spelling in, the canonical id out."""

    def __init__(self, name: str, terms: tuple[TermDef, ...], aliases: dict[str, str] | None = None) -> None:
        self.name = name
        self.terms = terms
        self.by_spelling: dict[str, str] = {}
        for t in terms:
            self.by_spelling[t.id] = t.id
            self.by_spelling[t.zh] = t.id
        self.aliases = dict(aliases or {})
        self.by_spelling.update(self.aliases)
        self.by_id = {t.id: t for t in terms}

    def canonical(self, spelling: str) -> str | None:
        return self.by_spelling.get(spelling)

    def spellings(self) -> list[str]:
        return [t.id for t in self.terms] + [t.zh for t in self.terms] + list(self.aliases)

    def label(self, id_: str, lang: str = "zh") -> str:
        term = self.by_id.get(id_)
        if term is None:
            return id_
        return term.zh if lang == "zh" else term.en


VOCABULARIES: dict[str, Vocabulary] = {
    name: Vocabulary(name, terms, ALIASES.get(name))
    for name, terms in {
        "unit_type": UNIT_TYPE,
        "leader_role": LEADER_ROLE,
        "power_category": POWER_CATEGORY,
        "scope": SCOPE,
        "area": AREA,
        "major_matter": MAJOR_MATTER,
        "risk_category": RISK_CATEGORY,
        "identified_by": IDENTIFIED_BY,
        "grade": GRADE,
        "measure_type": MEASURE_TYPE,
        "measure_status": MEASURE_STATUS,
        "tier_level": TIER_LEVEL,
        "amount_unit": AMOUNT_UNIT,
        "law_level": LAW_LEVEL,
        "grading_model": GRADING_MODEL,
        "factor": FACTOR,
        "severity": SEVERITY,
        "signal_source": SIGNAL_SOURCE,
        "disposal_action": DISPOSAL_ACTION,
        "disposal_status": DISPOSAL_STATUS,
        "signal_severity": SIGNAL_SEVERITY,
        "indicator": INDICATOR,
        "id_kind": ID_KIND,
    }.items()
}


def label(vocabulary: str, id_: str | None, lang: str = "zh") -> str:
    """The display form of an enum id: the Chinese term, or the English label."""
    if id_ is None:
        return ""
    return VOCABULARIES[vocabulary].label(str(id_), lang)

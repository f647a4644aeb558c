"""S: each document against the model of its kind (the JSON Schemas in `schemas/`), and
the one Unit of a repository (S010, S011)."""

from __future__ import annotations

from typing import Any

from lianzheng.i18n import Text as T
from lianzheng.repo.document import (
    DocContext,
    dotted,
    fields_by_key,
    joined_by_chinese_comma,
    model_at,
    model_class,
    shown_value,
    suggest,
    validate_model,
    value_at,
)
from lianzheng.repo.excerpt import type_name
from lianzheng.repo.layout import UNIT_FILE
from lianzheng.repo.yamlread import FULLWIDTH_COLON as _FULLWIDTH_COLON
from lianzheng.rules.registry import ERROR, CheckContext, define, repository_check
from lianzheng.spec.models import API_VERSION, KINDS, Document

define(
    "S001", "missing-kind", ERROR,
    T("文档没有 `kind`。", "A document has no `kind`."),
    T("`kind` 说明文档是单位、职权、风险登记表、裁量基准还是法规登记表；没有它，文档无法检查，也不会被发布。",
      "`kind` says whether a document is a Unit, Power, RiskRegister, DiscretionBenchmark or LawRegistry; without it nothing is checked or published."),
    T("文档缺少 `kind`（应为 Unit、Power、RiskRegister、DiscretionBenchmark 或 LawRegistry）",
      "document has no `kind` (one of Unit, Power, RiskRegister, DiscretionBenchmark, LawRegistry)"),
    bad="apiVersion: lianzheng/v1\nid: XK-001",
    good="apiVersion: lianzheng/v1\nkind: Power\nid: XK-001",
)

define(
    "S002", "unknown-kind", ERROR,
    T("`kind` 不是已知的文档类型。", "`kind` is not a known document kind."),
    T("拼错的类型会让整个文档被跳过。", "A misspelt kind makes the whole document be skipped."),
    T("未知的文档类型 `{value}`，应为：{allowed}", "unknown kind `{value}`; expected one of: {allowed_en}"),
    bad="kind: Powers",
    good="kind: Power",
)

define(
    "S003", "unknown-api-version", ERROR,
    T("`apiVersion` 不是 lianzheng/v1。", "`apiVersion` is not lianzheng/v1."),
    T("文件格式有版本；不认识的版本可能含义不同。", "The file format is versioned; an unknown version may mean something else."),
    T("不支持的 apiVersion `{value}`，应为 `{expected}`", "unsupported apiVersion `{value}`; expected `{expected}`"),
    bad="apiVersion: lianzheng/v2",
    good="apiVersion: lianzheng/v1",
)

define(
    "S004", "missing-field", ERROR,
    T("缺少必填字段。", "A required field is missing."),
    T("编号、名称、风险因素等是登记的骨架，缺少它们记录就无法引用、评定或公开。",
      "Ids, names and risk factors hold the register together; without them an entry cannot be referenced, graded or published."),
    {
        "": T("缺少必填字段 `{field}`", "missing required field `{field}`"),
        "nested": T("`{where}` 缺少必填字段 `{field}`", "`{where}` is missing required field `{field}`"),
        "basis": T("法律依据 `{where}` 须写明 `law`（法规编号）或 `title`（法规名称）",
                   "legal basis `{where}` needs `law` (a law id) or `title`"),
    },
    bad="kind: Power\nid: XK-001\ncategory: licensing",
    good="kind: Power\nid: XK-001\nname: 食品经营许可\ncategory: licensing",
)

_type = {
    "text": T("文本", "text"), "integer": T("整数", "an integer"), "number": T("数字", "a number"),
    "boolean": T("true 或 false", "true or false"), "list": T("列表", "a list"),
    "mapping": T("映射（键: 值）", "a mapping (key: value)"),
    "duration": T("天数（工作日），或 {{days: N, calendar: true}}", "a number of working days, or {{days: N, calendar: true}}"),
    "literal": T("规定的值", "the fixed value"), "value": T("其他类型", "another type"),
}
define(
    "S005", "wrong-type", ERROR,
    T("字段的值类型不对。", "A field holds the wrong type of value."),
    T("例如把期限写成“五个工作日”，工具就无法累计流程时限。",
      "A time limit written as words cannot be added up along the flow, for example."),
    {
        "": T("`{where}` 的值 `{value}` 类型不对", "`{where}` has the wrong type: `{value}`"),
        "document": T("文档必须是映射（键: 值），实际为{actual}", "a document must be a mapping (key: value), not {actual_en}"),
        # (a space before Latin text: "应为 true 或 false", "应为文本")
        **{k: T(f"`{{where}}` 应为{' ' if v.zh[0].isascii() else ''}{v.zh}，实际为 `{{value}}`",
                f"`{{where}}` should be {v.en}, not `{{value}}`")
           for k, v in _type.items()},
        "fullwidth-colon": T("`{where}` 应为映射（键: 值），实际为 `{value}`：键后面用了中文冒号“：”，应为英文冒号“:”加空格",
                             "`{where}` should be a mapping (key: value), not `{value}`: the colon after the key is "
                             "full-width “：”; use an ASCII colon and a space"),
    },
    bad="flow:\n  steps:\n    - id: S1\n      time_limit: 五个工作日",
    good="flow:\n  steps:\n    - id: S1\n      time_limit: 5",
)

define(
    "S006", "unknown-field", ERROR,
    T("出现了格式中没有的字段。", "A field that the format does not have."),
    T("拼错的字段名会被悄悄忽略，例如把 `supervision` 写错，监督方式就等于没写。",
      "A misspelt field is silently ignored: misspell `supervision` and the step has no supervision."),
    {
        "": T("未知字段 `{field}`", "unknown field `{field}`"),
        "fullwidth-space": T("字段名 `{field}` 前有全角空格（U+3000）：缩进只能用英文空格",
                             "the field name `{field}` starts with a full-width space (U+3000): indent with ASCII spaces only"),
    },
    bad="steps:\n  - id: S1\n    supervison: 纪检组全程监督",
    good="steps:\n  - id: S1\n    supervision: 纪检组全程监督",
)

define(
    "S007", "invalid-enum-value", ERROR,
    T("枚举字段的值不在允许范围内。", "An enumerated field holds a value outside its list."),
    T("类别、等级等只能取规定的值（英文编号或中文名称），否则无法分类统计和评定。",
      "Categories and grades take listed values only (English id or Chinese term), or they cannot be counted and graded."),
    {
        "": T("`{where}` 的值 `{value}` 无效，可选：{allowed}", "`{where}`: `{value}` is not allowed; choose one of: {allowed_en}"),
        "chinese-comma": T("`{where}` 的值 `{value}` 用了中文逗号，请改为英文逗号或分行",
                           "`{where}`: `{value}` is separated by a Chinese comma; use an ASCII comma or one item per line"),
    },
    bad="category: 许可",
    good="category: 行政许可",
)

define(
    "S008", "invalid-date", ERROR,
    T("日期不是有效的 YYYY-MM-DD。", "A date is not a valid YYYY-MM-DD."),
    T("复核、审定、完成时限都按日期计算；无效日期会让到期提醒失效。",
      "Reviews, approvals and due dates are computed from dates; an invalid one silences the reminders."),
    T("`{where}` 不是有效日期：`{value}`（应为 YYYY-MM-DD）", "`{where}` is not a valid date: `{value}` (YYYY-MM-DD)"),
    bad="reviewed: 2026-02-30",
    good="reviewed: 2026-02-28",
)

define(
    "S009", "invalid-value", ERROR,
    T("值超出允许的范围或格式。", "A value is outside its allowed range or form."),
    T("风险因素只能是 1–5，编号只能用字母、数字和 -_.，列表不能为空……超出范围的值无法正确评定和发布。",
      "Factors are 1-5, ids use letters, digits and -_., lists are not empty: values outside cannot be graded or published."),
    {
        "": T("`{where}` 的值 `{value}` 无效", "`{where}`: invalid value `{value}`"),
        "greater_than_equal": T("`{where}` 应不小于 {bound}，实际为 `{value}`", "`{where}` should be at least {bound}, not `{value}`"),
        "less_than_equal": T("`{where}` 应不大于 {bound}，实际为 `{value}`", "`{where}` should be at most {bound}, not `{value}`"),
        "greater_than": T("`{where}` 应大于 {bound}，实际为 `{value}`", "`{where}` should be more than {bound}, not `{value}`"),
        "less_than": T("`{where}` 应小于 {bound}，实际为 `{value}`", "`{where}` should be less than {bound}, not `{value}`"),
        "too_short": T("`{where}` 不能为空", "`{where}` must not be empty"),
        "pattern": T("`{where}` 的值 `{value}` 只能包含字母、数字和 - _ .，且不能以 . 开头",
                     "`{where}`: `{value}` may contain only letters, digits, - _ . and must not start with ."),
        "other": T("`{where}` 的值无效：{detail}", "`{where}`: invalid value: {detail}"),
        "url": T("`{where}` 应为以 http:// 或 https:// 开头的网址，实际为 `{value}`",
                 "`{where}` should be an http:// or https:// URL, not `{value}`"),
        "account": T("`{where}` 应为代码平台的登录名或 组织/团队（只含字母、数字和 . _ -），实际为 `{value}`",
                     "`{where}` should be a forge login or org/team (letters, digits, . _ - only), not `{value}`"),
    },
    bad="factors: {importance: 6, discretion: 3, probability: 2, harm: 4}",
    good="factors: {importance: 5, discretion: 3, probability: 2, harm: 4}",
)

define(
    "S010", "missing-unit", ERROR,
    T("lianzheng.yaml 中没有 Unit 文档。", "lianzheng.yaml holds no Unit document."),
    T("单位、领导班子、科室和岗位都登记在 Unit 中，没有它就无法核对行使主体和责任领导。",
      "The unit, its leadership, departments and posts live in the Unit; without it no subject or leader can be checked."),
    T("lianzheng.yaml 中没有 `kind: Unit` 文档", "lianzheng.yaml holds no `kind: Unit` document"),
    bad="# lianzheng.yaml\napiVersion: lianzheng/v1\nkind: LawRegistry",
    good="# lianzheng.yaml\napiVersion: lianzheng/v1\nkind: Unit\nname: 某县市场监督管理局",
)

define(
    "S011", "extra-unit", ERROR,
    T("Unit 文档不在 lianzheng.yaml 中，或不止一个。", "A Unit document outside lianzheng.yaml, or more than one."),
    T("一个库只登记一个单位；第二个 Unit 会让领导班子和科室的定义互相冲突。",
      "A repository registers one unit; a second Unit makes leadership and departments ambiguous."),
    T("Unit 只能在 lianzheng.yaml 中定义一次（已在 {first} 定义）",
      "the Unit is defined once, in lianzheng.yaml (already defined at {first})"),
    bad="# powers/unit.yaml\nkind: Unit",
    good="# only lianzheng.yaml holds kind: Unit",
)


# --- the schema stage -----------------------------------------------------------------

_WRONG_TYPE_EXPECTED = {
    "string_type": "text", "int_type": "integer", "int_parsing": "integer", "int_from_float": "integer",
    "float_type": "number", "float_parsing": "number", "bool_type": "boolean", "bool_parsing": "boolean",
    "list_type": "list", "dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping",
    "lz_duration": "duration", "lz_amount_type": "number", "literal_error": "literal",
}


def _report_schema_error(ctx: DocContext, cls: type[Document], err: dict[str, Any]) -> None:
    loc = tuple(err["loc"])
    kind = err["type"]
    key = False
    if loc and loc[-1] == "[key]":
        loc, key = loc[:-1], True
    where = dotted(loc)
    ctx_args = err.get("ctx") or {}
    shown = shown_value(value_at(ctx.data, loc))
    if kind == "missing":
        parent = dotted(loc[:-1])
        ctx.report("S004", loc, field=loc[-1] if loc else "", where=parent, variant="nested" if parent else "")
    elif kind == "lz_basis":
        ctx.report("S004", loc, variant="basis", where=where)
    elif kind == "extra_forbidden":
        model = model_at(cls, loc[:-1])
        allowed = list(fields_by_key(model)) if model else []
        name = loc[-1]
        if isinstance(name, str) and "\u3000" in name:  # indented with a full-width space
            ctx.report("S006", loc, key=True, field=shown_value(name, 40), variant="fullwidth-space",
                       suggest=suggest(name.replace("\u3000", "").strip(), allowed))
        else:
            ctx.report("S006", loc, key=True, field=shown_value(name, 40), where=dotted(loc[:-1]) or "",
                       suggest=suggest(name, allowed))
    elif kind == "lz_enum":
        allowed = ctx_args.get("allowed", [])
        value = ctx_args.get("value", shown)
        if joined_by_chinese_comma(value, allowed):  # `[行政处罚，食品药品安全]`: one text, not two values
            ctx.report("S007", loc, key=key, value=shown_value(value), where=where, variant="chinese-comma")
        else:
            ctx.report("S007", loc, key=key, value=shown_value(value), where=where,
                       allowed="、".join(allowed), allowed_en=", ".join(allowed), suggest=suggest(value, allowed))
    elif kind == "lz_date" or kind.startswith("date_"):
        ctx.report("S008", loc, value=shown, where=where)
    elif kind in _WRONG_TYPE_EXPECTED or kind.endswith("_type") or kind.endswith("_parsing"):
        expected = _WRONG_TYPE_EXPECTED.get(kind, "value")
        written = value_at(ctx.data, loc)
        if expected == "mapping" and isinstance(written, str) and _FULLWIDTH_COLON.match(written):
            variant = "fullwidth-colon"  # `start：S1` read as text: the colon is full-width
        else:
            variant = _WRONG_TYPE_EXPECTED.get(kind, "")
        ctx.report("S005", loc, key=key, where=where, value=shown, expected=expected, variant=variant)
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx_args.get("ge", ctx_args.get("le", ctx_args.get("gt", ctx_args.get("lt"))))
        ctx.report("S009", loc, where=where, value=shown, variant=kind, bound=bound)
    elif kind == "too_short":
        ctx.report("S009", loc, where=where, value=shown, variant="too_short")
    elif kind == "string_pattern_mismatch":
        ctx.report("S009", loc, where=where, value=shown, variant="pattern")
    elif kind in ("lz_url", "lz_account"):
        ctx.report("S009", loc, where=where, value=shown, variant=kind[3:])
    else:
        ctx.report("S009", loc, where=where, value=shown, variant="other", detail=shown_value(err.get("msg", ""), 120))


def check_schema(ctx: DocContext) -> Document | None:
    """The schema stage of a document: its model (salvaged when it has errors), its
    S findings reported on `ctx`; None when it has no kind we know."""
    data = ctx.data
    if not isinstance(data, dict):
        # named, never quoted: a file that is not a mapping is seldom YAML the user wrote
        # (a key file, a log pasted in), and its text has no place in a CI log
        actual, actual_en = type_name(data)
        ctx.report("S005", (), variant="document", where="", actual=actual, actual_en=actual_en, expected="mapping")
        return None
    kind = data.get("kind")
    if kind is None:
        ctx.report("S001", ())
        return None
    cls = model_class(data)
    if cls is None:
        meant = suggest(kind, KINDS)
        ctx.report("S002", ("kind",), value=shown_value(kind, 40), allowed="、".join(KINDS), allowed_en=", ".join(KINDS),
                   suggest=meant)
        if meant is not None:  # a misspelt kind: what the document declares is lost
            ctx.lost.append(meant)
        return None
    ctx.kind = kind
    if "apiVersion" in data and data["apiVersion"] != API_VERSION:
        ctx.report("S003", ("apiVersion",), value=shown_value(data["apiVersion"], 40), expected=API_VERSION)
        data = {**data, "apiVersion": API_VERSION}
    model, errors = validate_model(cls, data)
    for err in errors:
        _report_schema_error(ctx, cls, err)
        marker = _lost_marker(kind, err)
        if marker is not None and marker not in ctx.lost:
            ctx.lost.append(marker)
    return model


def _lost_marker(kind: str, err: dict[str, Any]) -> str | None:
    """`Kind.field` when a schema error may have cost the document a declaration: the
    field's own value, an item of it, or an item's id failed (`departments`,
    `departments[2]`, `departments[2].id`). A missing field declared nothing."""
    loc = tuple(err["loc"])
    if err["type"] == "missing" or not loc or not isinstance(loc[0], str):
        return None
    shallow = (len(loc) == 1 or (len(loc) == 2 and isinstance(loc[1], int))
               or (len(loc) == 3 and isinstance(loc[1], int) and loc[2] == "id"))
    return f"{kind}.{loc[0]}" if shallow else None


@repository_check(("S010", "S011"))
def check_units(ctx: CheckContext) -> None:
    first = ctx.repo.unit_fact
    home = ctx.repo.results.get(UNIT_FILE)
    unit_lost = home is not None and ("Unit" in home.lost or "?" in home.lost)
    if first is None and not unit_lost:  # (a Unit that failed to load is reported by its Y finding)
        ctx.report("S010", UNIT_FILE, 1, 1)
    for f in ctx.repo.files.values():
        for u in f.units:
            if u is not first:
                where = f"{first.path}:{first.line}" if first is not None else UNIT_FILE
                ctx.report("S011", u.path, u.line, u.col, first=where)


define(
    "S012", "not-a-warning-record", ERROR,
    T("`--signals` 文件夹中有 Signals、Disposals 以外的文档。",
      "The `--signals` folder holds a document other than Signals and Disposals."),
    T("纪检监察机构的预警信号库只存放信号和处置；其他文档应放在单位的数据仓库中，否则不会被检查，也不会被发布。",
      "The discipline office's folder holds signals and disposals only; other documents belong in the unit's "
      "repository, where they are checked and published."),
    T("文档类型为 `{value}`，--signals 文件夹只读取 Signals 和 Disposals，已忽略",
      "a document of kind `{value}`: the --signals folder is read for Signals and Disposals only; ignored"),
    bad="# jjz-signals/unit.yaml\nkind: Unit",
    good="# jjz-signals/2026.yaml\nkind: Signals",
)


@repository_check(("S012",))
def check_annex_kinds(ctx: CheckContext) -> None:
    for path in sorted(ctx.repo.annex):
        for kind, line, col in getattr(ctx.repo.results[path], "foreign", ()):
            ctx.report("S012", path, line, col, value=kind)

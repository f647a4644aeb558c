"""The 权力运行流程图 of a power as DOT source (art. 4, 11).

Each step shows its name, its actor (the post's or department's name) and its time
limit; the start and end steps are shaped apart from the others; branches carry their
condition; loops back (补正) are dashed; collective steps are marked 集体决策. The internal
view colours the steps that carry risks by their highest grade, lists the risks beside
them and adds a legend; the public view carries no risk information at all.

This module only returns text: running `dot` and writing files is `draw.py`'s job, so
tests compare DOT source without the binary. Same power, same bytes. A risk's colour is
its grade (`lianzheng.grading.model.grade_of`), handed in by the caller.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from html import escape

import graphviz

from lianzheng.i18n import Text as T
from lianzheng.i18n import visible
from lianzheng.repo.names import Names
from lianzheng.spec.flowgraph import depth_first, forward_edges, steps_by_id
from lianzheng.spec.models import FlowStep, Power, indexed
from lianzheng.spec.terms import GRADE_IDS, GRADE_ORDER, label
from lianzheng.spec.values import Duration

# Noto Sans CJK is what the project installs; fontconfig falls back to any CJK font.
FONT = "Noto Sans CJK SC"
PUBLIC, INTERNAL = "public", "internal"
# Fill and border of a step by its highest risk: 高 red, 中 orange, 低 yellow.
GRADE_STYLE = {
    "high": ("#f9c4bd", "#c0392b"),
    "medium": ("#fddcb5", "#d35400"),
    "low": ("#fff2a8", "#b7950b"),
}
WRAP = 14  # characters per line of a step name or branch condition

TXT = {
    "actor": T("办理", "By"),
    "limit": T("期限", "Time limit"),
    "collective": T("集体决策", "collective decision"),
    "start": T("开始", "start"),
    "end": T("结束", "end"),
    "subject": T("行使主体", "Exercised by"),
    "statutory": T("法定期限", "statutory limit"),
    "promised": T("承诺期限", "promised limit"),
    "legend": T("图例", "Legend"),
    "risk_grade": T("{grade}风险", "{grade} risk"),
    "risks": T("廉政风险点", "Risk points"),
}


class _Digraph(graphviz.Digraph):
    """A `graphviz.Digraph` whose edges name their nodes whole: `graphviz` reads
    `a:b` in an edge as node `a`, port `b`, and a step id may hold a colon."""

    _quote_edge = staticmethod(graphviz.quoting.quote)


def _id(text: str) -> str:
    """A node's name: the step id as written (the SVG shows it as the node's tooltip).
    DOT keeps a name's backslashes as they are but reads `\\"` as a quote and drops a
    backslash before a line end, so backslashes are doubled and line breaks written
    `\\n`: two steps never share a node. `nohtml`: `<b>` is a name, not markup."""
    return graphviz.nohtml(text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))


def _plain(text: str) -> str:
    """A plain (non-HTML) label: `graphviz.escape` keeps Graphviz from expanding `\\N`,
    `\\G`, `\\l`… in it and from reading `<…>` as markup."""
    return graphviz.escape(visible(text))


def _text(text: str) -> str:
    """Text inside an HTML-like label: markup escaped, and backslashes doubled, since
    Graphviz expands `\\N` (the node's name), `\\G` (the graph's) and the others in HTML
    labels too, entities included (`&#92;N` is expanded as well). Control, separator and
    bidi characters are made `visible`: they are not valid in a label (dot refuses the
    chart) and would hide or reorder what it shows."""
    return escape(visible(text), quote=True).replace("\\", "\\\\")


def _wrap(text: str, width: int = WRAP) -> list[str]:
    """Lines of at most `width` characters (Chinese has no spaces to break at)."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        while len(para) > width:
            lines.append(para[:width])
            para = para[width:]
        lines.append(para)
    return lines


def _html(text: str, width: int = WRAP) -> str:
    return "<BR/>".join(_text(line) for line in _wrap(text, width))


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or with `_` added until no step has it: the chart's own nodes (the risk
    notes, the legend) never take a step's name, whatever the steps are called."""
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _risks_by_step(power: Power, grades: Mapping[str, str | None]) -> dict[str, list[tuple[str, str, str]]]:
    """Step id -> [(risk id, title, grade)], in the order the risks are written."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for _, risk in indexed(power.risks):
        grade = grades.get(str(risk.id)) if risk.id is not None else None
        if risk.id is None or grade is None:
            continue
        for sid in risk.steps or ():
            out.setdefault(sid, []).append((str(risk.id), str(risk.title or ""), grade))
    return out


def _step_label(step: FlowStep, names: Names, lang: str, start: bool) -> str:
    rows = [f"<B>{_html(str(step.name or step.id))}</B>"]
    if step.actor:
        rows.append(f'<FONT POINT-SIZE="10">{TXT["actor"](lang)}：{_html(names.actor(step.actor), 16)}</FONT>'
                    if lang == "zh" else
                    f'<FONT POINT-SIZE="10">{TXT["actor"](lang)}: {_html(names.actor(step.actor), 16)}</FONT>')
    if step.time_limit is not None:
        limit = step.time_limit.label(lang)
        rows.append(f'<FONT POINT-SIZE="10">{TXT["limit"](lang)}{"：" if lang == "zh" else ": "}{_text(limit)}</FONT>')
    if step.collective:
        rows.append(f'<FONT POINT-SIZE="10" COLOR="#1f4e79"><B>【{TXT["collective"](lang)}】</B></FONT>')
    cells = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>>'


def _title(power: Power, names: Names, lang: str) -> str:
    head = f"<B>{_text(str(power.id))}  {_text(str(power.name or ''))}</B>"
    facts = []
    if power.category is not None:
        facts.append(label("power_category", power.category, lang))
    if power.subject:
        facts.append(f"{TXT['subject'](lang)}{'：' if lang == 'zh' else ': '}{names.actor(power.subject)}")
    for key, value in (("statutory", power.statutory_days), ("promised", power.promised_days)):
        if isinstance(value, Duration):
            facts.append(f"{TXT[key](lang)}{'：' if lang == 'zh' else ': '}{value.label(lang)}")
    sub = _text("  ·  ".join(facts))
    return f'<<FONT POINT-SIZE="16">{head}</FONT><BR/><FONT POINT-SIZE="11">{sub}</FONT><BR/> >'


def _risk_note(found: list[tuple[str, str, str]], lang: str) -> str:
    """The label of the note beside a step listing its risks: id, title, grade."""
    lines = "".join(
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="{GRADE_STYLE[g][1]}"><B>{_text(rid)}</B></FONT>'
        f" {_html(title, 16)}（{_text(label('grade', g, lang))}）</TD></TR>" if lang == "zh" else
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="{GRADE_STYLE[g][1]}"><B>{_text(rid)}</B></FONT>'
        f" {_html(title, 16)} ({_text(label('grade', g, lang))})</TD></TR>"
        for rid, title, g in found
    )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{lines}</TABLE>>'


Attrs = list[tuple[str, str]]  # in the order written: the last of a repeated attribute wins


def flowchart_dot(power: Power, names: Names, audience: str = INTERNAL, lanes: bool = False,
                  lang: str = "zh", grades: Mapping[str, str | None] | None = None) -> str:
    """The DOT source of `power`'s flowchart for `audience` ("public" or "internal").
    `grades`: risk id -> its grade, for the internal view's colours.

    Built with the `graphviz` package, which quotes every name and value; every text
    from the data goes in through `_id`, `_plain` or `_text`, so no step id, name or
    condition can name another node or change a label."""
    internal = audience == INTERNAL
    steps = steps_by_id(power)
    edges = forward_edges(power)
    _, _, back = depth_first(power)
    risks = _risks_by_step(power, grades or {}) if internal else {}
    start = power.flow.start if power.flow else None
    taken = set(steps)  # the chart's own nodes are named apart from every step

    dot = _Digraph(name=_id(str(power.id)))
    dot.attr("graph", _attributes=[
        ("rankdir", "TB"), ("fontname", FONT), ("labelloc", "t"), ("labeljust", "c"),
        ("label", _title(power, names, lang)), ("size", "7.5,10.5"), ("nodesep", "0.35"), ("ranksep", "0.4"),
        ("pad", "0.25"), ("bgcolor", "white"), ("newrank", "true")])
    dot.body += _defaults()

    def node(graph: graphviz.Digraph, sid: str) -> None:
        step = steps[sid]
        attrs: Attrs = [("label", _step_label(step, names, lang, sid == start))]
        if sid == start:
            attrs += [("style", "rounded,filled,bold"), ("penwidth", "2.2")]
        elif step.end:
            attrs += [("style", "rounded,filled"), ("peripheries", "2")]
        if step.collective:
            attrs.append(("color", "#1f4e79"))
        found = [g for _, _, g in risks.get(sid, ())]
        if found:
            fill, border = GRADE_STYLE[max(found, key=GRADE_ORDER.__getitem__)]
            attrs += [("fillcolor", fill), ("color", border)]
        elif step.collective:
            attrs.append(("fillcolor", "#e8f1fa"))
        graph.node(_id(sid), _attributes=attrs)

    if lanes:
        by_lane: dict[str | None, list[str]] = {}
        for sid in steps:
            by_lane.setdefault(names.lane(steps[sid].actor), []).append(sid)
        for n, (lane, members) in enumerate(sorted(by_lane.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))):
            if lane is None:
                for sid in members:
                    node(dot, sid)
                continue
            with dot.subgraph(name=f"cluster_lane_{n}") as cluster:
                cluster.attr("graph", _attributes=[
                    ("label", _plain(names.departments.get(lane, lane))), ("style", "dashed,rounded"),
                    ("color", "#95a5a6"), ("fontsize", "12"), ("labeljust", "l")])
                for sid in members:
                    node(cluster, sid)
    else:
        for sid in steps:
            node(dot, sid)

    for sid in steps:
        for nxt, when in edges[sid]:
            attrs = []
            if when:
                attrs.append(("label", f"<{_html(str(when), 12)}>"))
            if (sid, nxt) in back:
                attrs += [("style", "dashed"), ("color", "#7f8c8d"), ("constraint", "false")]
            dot.edge(_id(sid), _id(nxt), _attributes=attrs)

    if internal:
        for sid, found in risks.items():
            if sid not in steps:
                continue
            note = _id(_unique(f"{sid}__risks", taken))
            dot.node(note, _attributes=[
                ("shape", "note"), ("fontsize", "10"), ("style", "filled"), ("fillcolor", "#fdfefe"),
                ("color", "#aab7b8"), ("label", _risk_note(found, lang))])
            dot.edge(_id(sid), note, _attributes=[
                ("style", "dotted"), ("arrowhead", "none"), ("color", "#aab7b8"), ("constraint", "false")])
            dot.body += _same_rank((_id(sid), note))
        dot.body += _legend(lang, tuple(_unique(f"__legend_{grade}", taken) for grade in GRADE_IDS))
    return dot.source


# The parts every chart has alike are built once (a publish draws thousands of charts).

@functools.cache
def _defaults() -> list[str]:
    """The node and edge defaults of every chart, as DOT statements."""
    dot = _Digraph()
    dot.attr("node", _attributes=[
        ("shape", "box"), ("fontname", FONT), ("fontsize", "12"), ("margin", "0.18,0.06"), ("color", "#34495e"),
        ("penwidth", "1.2"), ("style", "filled"), ("fillcolor", "white")])
    dot.attr("edge", _attributes=[("fontname", FONT), ("fontsize", "10"), ("color", "#4d5656"), ("arrowsize", "0.8")])
    return list(dot.body)


@functools.cache
def _legend(lang: str, keys: tuple[str, ...]) -> list[str]:
    """The legend (高, 中, 低 in that order) with its nodes named `keys`, as statements."""
    dot = _Digraph()
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr("graph", _attributes=[
            ("label", _plain(TXT["legend"](lang))), ("fontsize", "10"), ("style", "rounded"), ("color", "#bdc3c7")])
        names = [_id(key) for key in keys]
        for grade, name in zip(GRADE_IDS, names):
            fill, border = GRADE_STYLE[grade]
            legend.node(name, _attributes=[
                ("label", _plain(TXT["risk_grade"](lang).format(grade=label("grade", grade, lang)))),
                ("fontsize", "10"), ("fillcolor", fill), ("color", border), ("margin", "0.08,0.03"),
                ("height", "0.3")])
        legend.body += _same_rank(names)
        for a, b in zip(names, names[1:]):  # keeps 高, 中, 低 in that order
            legend.edge(a, b, _attributes=[("style", "invis")])
    return list(dot.body)


def _same_rank(names: Iterable[str]) -> list[str]:
    """`{rank=same …}` of the nodes `names`, as `graphviz` writes an anonymous subgraph
    (written here: a subgraph object per risk note costs more than the rest of the chart)."""
    return ["\t{\n", "\t\trank=same\n", *(f"\t\t{graphviz.quoting.quote(name)}\n" for name in names), "\t}\n"]

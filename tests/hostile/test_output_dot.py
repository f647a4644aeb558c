"""Issue 10, items 9 and 10: the flowchart's DOT. A step may be called `S1__risks` or
`__legend_high` (the chart's own node names) or `S1:n` (a port, to `graphviz`), and its
name or condition may hold `\\N`, `\\G`, `\\l` (which Graphviz expands in labels, HTML ones
included): every step stays its own node, every label shows what the data says."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.flowchart.draw import charts_for
from lianzheng.rules.validate import validate
from tests.conftest import TODAY
from tests.hostile.outputs import hostile

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
STEPS = ["S1", "S1__risks", "__legend_high", "S1:n", "<B>S9</B>", 'a\\"b', 'a"b', "node"]


def _source(tmp_path: Path, lanes: bool = False) -> str:
    repo = hostile("dot-names", tmp_path)
    charts, _, _ = charts_for(open_repository(repo, cache=False, models=True), "internal", ["H-1"], lanes)
    return charts[0].source


def _drawn(source: str, fmt: str) -> str:
    done = subprocess.run(["dot", f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def test_the_hostile_power_is_valid(tmp_path: Path) -> None:
    report = validate(open_repository(hostile("dot-names", tmp_path), cache=False), TODAY)
    assert not [f for f in report.findings if f.path == "powers/H-1.yaml" and f.code[0] in "SFRD"]


def test_the_charts_own_nodes_never_take_a_steps_name(tmp_path: Path) -> None:
    source = _source(tmp_path)
    # the risk notes and the legend keys are named apart from the steps
    assert "\tS1__risks_ [shape=note" in source and "\tS1__risks__risks [shape=note" in source
    assert "\t\t__legend_high_ [label=" in source
    assert source.count("\tS1__risks [") == 1 and source.count("\t__legend_high [") == 1


@needs_dot
def test_every_step_is_its_own_node_with_its_own_edges(tmp_path: Path) -> None:
    graph = json.loads(_drawn(_source(tmp_path), "json"))
    nodes = [o for o in graph["objects"] if "nodes" not in o]
    names = [o["name"] for o in nodes]
    dot_names = [s.replace("\\", "\\\\") for s in STEPS]  # DOT keeps the doubled backslash of a name
    assert names[: len(STEPS)] == dot_names
    assert len(names) == len(set(names)) == len(STEPS) + 2 + 3  # two risk notes, three legend keys
    by_id = {o["_gvid"]: o["name"] for o in nodes}
    flow = [(by_id[e["tail"]], by_id[e["head"]]) for e in graph["edges"] if e.get("style") not in ("dotted", "invis")]
    assert flow == list(zip(dot_names, dot_names[1:]))


@needs_dot
def test_labels_show_backslashes_as_written(tmp_path: Path) -> None:
    svg = _drawn(_source(tmp_path, lanes=True), "svg")
    texts = [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "{\\l\\N\\G" in texts  # a step name (HTML label)
    assert "\\E\\T\\H" in texts  # a branch condition
    assert any(t.endswith("测试\\N职权") for t in texts)  # the title
    assert any("违规\\N受理" in t for t in texts)  # a risk note
    assert "审批\\G科\\l" in texts  # a lane (plain label, through graphviz.escape)
    assert "反斜杠引号\\x1b[31m\\u202e" in texts  # control and bidi characters shown, not obeyed

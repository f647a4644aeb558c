# A department (a lane's label, a plain Graphviz label) whose name holds escapes (issue 10, item 10).
unit = REPO / "lianzheng.yaml"  # noqa: F821 (REPO is given by the fixture builder)
text = unit.read_text(encoding="utf-8")
unit.write_text(text.replace("name: 审批科", "name: '审批\\G科\\l'"), encoding="utf-8")

# A syntax error in lianzheng.yaml: one Y001, not also S010 "no Unit" nor R001-R004.
p = REPO / "lianzheng.yaml"
t = p.read_text(encoding="utf-8")
p.write_text(t.replace("  - {id: D-LAW, name: 执法大队, leader: L2, head: 戊队长}",
                       "  - {id: D-LAW, name: 执法大队, leader: L2, head: 戊队长"), encoding="utf-8")

# `departments` written as a mapping by id: S005, not an R001 for every subject and post.
p = REPO / "lianzheng.yaml"
t = p.read_text(encoding="utf-8")
old = ("departments:\n  - {id: D-PERMIT, name: 审批科, leader: L2, head: 丁科长}\n"
       "  - {id: D-LAW, name: 执法大队, leader: L2, head: 戊队长}\n  - {id: D-FIN, name: 财务科, leader: L1, head: 己科长}\n")
assert old in t
p.write_text(t.replace(old, "departments:\n  D-PERMIT: {name: 审批科, leader: L2, head: 丁科长}\n"
                            "  D-LAW: {name: 执法大队, leader: L2, head: 戊队长}\n"
                            "  D-FIN: {name: 财务科, leader: L1, head: 己科长}\n"), encoding="utf-8")

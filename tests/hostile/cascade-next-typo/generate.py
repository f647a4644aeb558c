# One typo in a branch (`to: SHH`): one F002, not F003/F004 for every step after it.
p = REPO / "powers" / "P-1.yaml"
t = p.read_text(encoding="utf-8")
assert "{to: S2, when: 材料齐全}" in t
p.write_text(t.replace("{to: S2, when: 材料齐全}", "{to: SHH, when: 材料齐全}"), encoding="utf-8")

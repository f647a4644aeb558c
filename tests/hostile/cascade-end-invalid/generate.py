# `end: 是`: one S005, not F005 "no next", F007 "no end step" nor F004 for every step.
p = REPO / "powers" / "P-1.yaml"
t = p.read_text(encoding="utf-8")
assert "      end: true\n" in t
p.write_text(t.replace("      end: true\n", "      end: 是\n"), encoding="utf-8")

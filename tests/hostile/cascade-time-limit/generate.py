# A time limit written in words: S005, not also C003 "缺少：期限".
p = REPO / "powers" / "P-1.yaml"
t = p.read_text(encoding="utf-8")
assert "      time_limit: 5\n" in t
p.write_text(t.replace("      time_limit: 5\n", "      time_limit: 五个工作日\n"), encoding="utf-8")

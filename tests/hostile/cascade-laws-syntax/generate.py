# A syntax error in laws.yaml: one Y001, not an R005 for every law cited.
p = REPO / "laws.yaml"
t = p.read_text(encoding="utf-8")
p.write_text(t.replace("revised: 2021-04-29}", "revised: 2021-04-29"), encoding="utf-8")

# A flow that failed the schema (`steps` misindented under a full-width colon): no C002
# "no flowchart", no R008 "step not in the flowchart" for its risks.
p = REPO / "powers" / "P-1.yaml"
t = p.read_text(encoding="utf-8")
old = "flow:\n  start: S1\n"
assert old in t
head, rest = t.split(old)
steps, risks = rest.split("risks:\n")
p.write_text(head + "flow: 见附件\nrisks:\n" + risks, encoding="utf-8")

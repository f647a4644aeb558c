# A ~500 KB power file whose 1,000 risks all alias one 100 KB description: within the
# file-size cap as written, 100 MB of text (and of pages) once the aliases are expanded.
text = ("对材料不齐全的申请予以受理，" * 8000)[:33000]  # ~100 KB of UTF-8
path = REPO / "powers" / "P-1.yaml"
lines = path.read_text(encoding="utf-8").splitlines()
out = lines[: lines.index("risks:") + 1]
for i in range(1000):
    description = f"&big {text}" if i == 0 else "*big"
    out += [f"  - id: R-A-{i:04d}", "    title: 违规受理", f"    description: {description}",
            "    category: power", "    steps: [S1]", "    post: P-WIN",
            "    factors: {importance: 3, discretion: 3, probability: 3, harm: 3}", "    grade: medium",
            "    owner: 丁科长", "    leader: L2", "    measures:",
            "      - {id: M1, type: disclosure, text: 公开受理材料清单, owner: 丁科长, due: 2026-06-30, status: done}",
            "    reviewed: 2026-03-01", "    approval: {date: 2026-03-10, by: 局党组会议, ref: 纪要}"]
path.write_text("\n".join(out) + "\n", encoding="utf-8")
assert 400_000 < path.stat().st_size < 600_000

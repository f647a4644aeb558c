# Links inside the repository are read, each file once: a second name for a power file,
# a folder linked twice, a link to the parent folder, a power kept in a hidden folder.
import os

os.symlink("P-1.yaml", REPO / "powers" / "P-1-again.yaml")
os.symlink("powers", REPO / "powers-too")
os.symlink("..", REPO / "powers" / "up")
(REPO / ".drafts").mkdir()
os.rename(REPO / "risks" / "posts.yaml", REPO / ".drafts" / "posts.yaml")
os.symlink("../.drafts/posts.yaml", REPO / "risks" / "posts.yaml")

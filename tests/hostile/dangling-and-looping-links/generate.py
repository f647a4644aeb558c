# A link left behind by a moved file, and two links pointing at each other.
import os

os.symlink("XK-9-old.yaml", REPO / "powers" / "XK-9.yaml")
os.symlink("b.yaml", REPO / "powers" / "a.yaml")
os.symlink("a.yaml", REPO / "powers" / "b.yaml")

# A folder of the repository that is a link to a folder elsewhere on the machine.
import os

(REPO.parent / "outside" / "powers").mkdir()
(REPO.parent / "outside" / "powers" / "X.yaml").write_text(
    "apiVersion: lianzheng/v1\nkind: Power\nid: OUTSIDE-2\nname: FOLDER-SECRET-91b2\ncategory: licensing\n",
    encoding="utf-8")
os.symlink("../outside/powers", REPO / "more-powers")

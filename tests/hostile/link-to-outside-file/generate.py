# ln -s ../../outside/secret.yaml powers/secret.yaml: a power file kept outside the repository.
import os

(REPO.parent / "outside" / "secret.yaml").write_text(
    "apiVersion: lianzheng/v1\nkind: Power\nid: OUTSIDE-1\nname: 仓库外的秘密职权\ncategory: licensing\n"
    "subject: D-PERMIT\ncontent: OUTSIDE-CONTENT-7f3a\n", encoding="utf-8")
os.symlink("../../outside/secret.yaml", REPO / "powers" / "secret.yaml")

# ln -s ~/.git-credentials powers/creds.yaml (a stand-in home folder next to the repository)
import os

home = REPO.parent / "outside" / "home"
home.mkdir()
(home / ".git-credentials").write_text("https://clerk:ghp_Tok3nThatMustNeverShow0123456789@github.com\n",
                                       encoding="utf-8")
os.symlink(str(home / ".git-credentials"), REPO / "powers" / "creds.yaml")

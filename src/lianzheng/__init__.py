"""lianzheng (`lz`): 廉政风险防控 as YAML in git.

The library behind the `lz` command: `scan` reads a unit's repository, `validate`
checks it; the other commands build on the same loader.
"""

from __future__ import annotations

__version__ = "0.1.0"

"""Named SQL queries kept in `.sql` files beside the code that runs them.

A file holds one or more queries, each introduced by a line `-- name: <query_name>`. Values are
bound as parameters (`$name` or `?`), never pasted into the text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", flags=re.MULTILINE)


@cache
def named_queries(package: str, filename: str) -> dict[str, str]:
    """The queries of `filename` in `package`, by name."""
    text = files(package).joinpath(filename).read_text()
    parts = _NAME.split(text)
    return {name: sql.strip() for name, sql in zip(parts[1::2], parts[2::2], strict=True)}


def query(package: str, filename: str, name: str) -> str:
    """One named query of a `.sql` file."""
    return named_queries(package, filename)[name]

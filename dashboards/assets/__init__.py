"""Package data of the workspace (kept a package so that installs carry it)."""

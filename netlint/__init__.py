"""netlint: lint Internet policy drafts and charters against the NETmundial principles.

The Python API (see netlint.api): `check_text(text)` and `check_paths(paths)` return findings as
the JSON report has them; `run(Request(...))` returns the full Result that `netlint check` prints.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Request", "Result", "SourceError", "__version__", "check_paths", "check_text", "run"]

_LAZY = {
    "check_paths": "netlint.api", "check_text": "netlint.api", "run": "netlint.pipeline",
    "Request": "netlint.pipeline", "Result": "netlint.pipeline", "SourceError": "netlint.yamlsrc",
}


def __getattr__(name: str) -> Any:
    """Import the API on first use, so that `netlint --version` stays instant."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'netlint' has no attribute {name!r}")

"""Where a netlint SARIF log keeps a finding: the names and path rules that the SARIF reporter writes
and the baseline reads back, kept here so that neither has to know the other.

It imports no SARIF library, so reading a baseline stays as cheap as reading JSON.
"""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, unquote, urlparse
from urllib.request import url2pathname

BASE_ID = "SRCROOT"
FINGERPRINT_KEY = "netlintFingerprint/v1"
RESULT_PROPERTIES = ("slug", "kind", "evidence")


def _quote(path: str) -> str:
    """A path as a URI reference: percent-encoded, slashes kept."""
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def uri_of(path: str, cwd: str) -> tuple[str, str | None]:
    """A URI relative to SRCROOT (the working directory; `../` for a file outside it) and its base ID.

    Only a file on another drive than the working directory gets an absolute file URI and no base.
    """
    full = os.path.abspath(os.path.join(cwd, path))
    try:
        rel = os.path.relpath(full, cwd)
    except ValueError:
        return PurePath(full).as_uri(), None
    return _quote(rel.replace(os.sep, "/")), BASE_ID


def path_of(location: dict[str, Any], bases: dict[str, Any]) -> str:
    """The path of an artifactLocation: relative to SRCROOT as written, else a local absolute path."""
    uri = str(location.get("uri", ""))
    base_id = location.get("uriBaseId")
    if base_id == BASE_ID:
        return unquote(uri)
    if base_id in bases:
        uri = str(bases[base_id].get("uri", "")) + uri
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return url2pathname(parsed.path).replace("\\", "/")
    return unquote(uri)

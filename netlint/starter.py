"""What `netlint init` writes and prints: a starter config, and the pre-commit and GitHub Actions snippets."""

from __future__ import annotations

import re

from netlint import __version__
from netlint.packs import Rule

CONFIG_NAME = ".netlint.yaml"
_FAMILY_RE = re.compile(r"^([A-Z]+\d)\d*$")

PRE_COMMIT = f"""# .pre-commit-config.yaml
repos:
  - repo: https://github.com/netlint/netlint
    rev: v{__version__}
    hooks:
      - id: netlint
"""

GITHUB_ACTIONS = """# .github/workflows/netlint.yml
name: netlint
on: [push, pull_request]
jobs:
  netlint:
    runs-on: ubuntu-latest
    permissions: {contents: read, security-events: write}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.12"}
      - run: pip install netlint
      - run: netlint check --format sarif --output netlint.sarif --fail-on never .
      - run: netlint check --format markdown --fail-on never . >> "$GITHUB_STEP_SUMMARY"
      - uses: github/codeql-action/upload-sarif@v3
        with: {sarif_file: netlint.sarif, category: netlint}
      - run: netlint check --format github .
"""


def families(rules: list[Rule]) -> dict[str, str]:
    """Check families (an ID prefix such as NM1) with their title, the principle's first part."""
    out: dict[str, str] = {}
    for rule in sorted(rules, key=lambda r: r.id):
        m = _FAMILY_RE.match(rule.id) if rule.kind != "directive" else None
        if m and (m[1] not in out or not out[m[1]]):
            out[m[1]] = rule.principle.split(" - ")[0].strip()
    return out


def config_text(profile: str, selected: dict[str, str]) -> str:
    """A starter .netlint.yaml: the profile, the selected families, the failure threshold."""
    rows = [
        ("# netlint configuration, written by `netlint init`; README.md#configuration tells every key.", ""),
        (f"profile: {profile}", "national (laws, bills, strategies) or charter (charters, bylaws)"),
        ("select:", "check families by ID prefix; delete a line to turn a family off"),
        *((f"  - {fam}", title) for fam, title in selected.items()),
        ("fail-on: warning", "error, warning, note, never; or new, with --baseline"),
    ]
    width = max(len(key) for key, note in rows if note) + 2
    return "".join(f"{key:<{width}}# {note}\n" if note else f"{key}\n" for key, note in rows)

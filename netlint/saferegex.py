"""User regular expressions with a time limit, so a pathological pattern cannot hang a run."""

from __future__ import annotations

from collections.abc import Iterator

import regex

TIMEOUT_SECONDS = 2.0


class RegexError(ValueError):
    """A user regex that does not compile."""


class RegexTimeout(RuntimeError):
    """A rule's regex ran out of time on a document."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(f"a regular expression of rule {rule_id} exceeded its {TIMEOUT_SECONDS:g} s time limit")
        self.rule_id = rule_id


def compile_user_regex(pattern: str) -> regex.Pattern:
    """Compile with the `regex` module (which supports timeouts), multiline and case-insensitive."""
    try:
        return regex.compile(pattern, regex.MULTILINE | regex.IGNORECASE | regex.V0)
    except (regex.error, TypeError, ValueError) as exc:
        raise RegexError(str(exc)) from None


def finditer_bounded(compiled: regex.Pattern, text: str, timeout: float = TIMEOUT_SECONDS) -> Iterator[regex.Match]:
    """Yield matches; stop (raising TimeoutError) once the pattern has used `timeout` seconds."""
    yield from compiled.finditer(text, timeout=timeout)

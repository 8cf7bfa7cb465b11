"""Reading a document: decoding, the line index, masking of markup, front matter and directives.

Masking replaces characters with spaces (newlines kept), so every offset in the masked
text is the offset of the same character in the text as decoded, and positions stay exact.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from netlint.findings import PROFILES
from netlint.yamlsrc import LineDict, SourceError, load_yaml_text

SUFFIXES = (".md", ".markdown", ".txt", ".rst")
MARKDOWN_SUFFIXES = (".md", ".markdown")

_DIRECTIVE_RE = re.compile(
    r"netlint-(disable-next-line|disable-file|disable|enable)\b[ \t]*([A-Za-z0-9_, \t]*)"
)
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_LINE_COMMENT_RE = re.compile(r"^[ \t]*(?:#|\.\.)[ \t]*(?=netlint-)(.*)$", re.M)
_FRONT_RE = re.compile(r"\A(---[ \t]*\r?\n)(.*?)(\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", re.S)
_FENCE_RE = re.compile(r"^[ \t]{0,3}(```+|~~~+)[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.S | re.M)
_LINK_URL_RE = re.compile(r"\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^>\s]*>")
_TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)
_MD_MARK_RE = re.compile(r"(\*\*|__|\*|`+|^[ \t]*>[ \t]?|\\(?=[\\`*_{}\[\]()#+\-.!]))", re.M)
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab and line breaks
_NOT_BREAK_RE = re.compile(r"[^\r\n]")


class DocumentError(Exception):
    """A file that cannot be checked (binary, undecodable, unreadable): a notice, not a crash."""


@dataclass(frozen=True)
class Directive:
    """One in-document suppression directive, with where it stands."""

    action: str
    ids: tuple[str, ...]
    line: int
    col: int


@dataclass
class Document:
    """A decoded document with its line index and a same-length masked copy for matching."""

    path: str
    text: str
    masked: str
    encoding: str = "utf-8"
    bom: bool = False
    markdown: bool = False
    directives: list[Directive] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)
    line_starts: list[int] = field(default_factory=list)
    front_error: str = ""

    def __post_init__(self) -> None:
        if not self.line_starts:
            self.line_starts = line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count Unicode code points."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_end(self, line: int) -> int:
        """Offset just after the last character of a 1-based line, before its line break."""
        start = self.line_starts[line - 1]
        nxt = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        end = nxt
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return end


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts; LF, CRLF and lone CR all end a line."""
    return [0] + [m.end() for m in _LINE_BREAK_RE.finditer(text)]


def decode(data: bytes, path: str) -> tuple[str, str, bool]:
    """Decode bytes to text: BOMs first, then strict UTF-8, then charset detection."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc, True
            except UnicodeDecodeError as exc:
                raise DocumentError(f"starts with a {enc} byte-order mark but does not decode as {enc}: {exc.reason}") from None
    if b"\x00" in data:
        raise DocumentError("binary file (contains NUL bytes); skipped")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("cannot detect the text encoding; save the file as UTF-8")
    enc = best.encoding
    if enc in ("ascii", "utf_8"):
        enc = "cp1252"
    try:
        return data.decode(enc), enc, False
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin-1", False


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every character in the spans (which may overlap) but line breaks made a space."""
    if not spans:
        return text
    out, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(_NOT_BREAK_RE.sub(" ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _directives(text: str, spans: list[tuple[int, int, str]], starts: list[int]) -> list[Directive]:
    out = []
    for start, _end, body in spans:
        m = _DIRECTIVE_RE.search(body)
        if not m:
            continue
        ids = tuple(i for i in re.split(r"[,\s]+", m.group(2).strip()) if i)
        line = bisect.bisect_right(starts, start) - 1
        out.append(Directive(m.group(1), ids, line + 1, start - starts[line] + 1))
    return out


def parse_text(text: str, path: str, encoding: str = "utf-8", bom: bool = False) -> Document:
    """Build a Document from decoded text: mask markup, read front matter and directives."""
    markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
    base = _CONTROL_RE.sub(" ", text)
    spans: list[tuple[int, int]] = []
    starts = line_starts(text)
    front: dict = {}
    front_error = ""
    m = _FRONT_RE.match(text)
    if m:
        body_line = 2
        try:
            data = load_yaml_text(m.group(2), path)
        except SourceError as exc:
            front_error = f"line {exc.line + body_line - 1}: front matter ignored: {exc.message}"
            data = None
        if isinstance(data, dict):
            front = data
        spans.append((0, m.end()))
    comment_spans: list[tuple[int, int, str]] = []
    for cm in _HTML_COMMENT_RE.finditer(text):
        comment_spans.append((cm.start(), cm.end(), cm.group(0)))
        spans.append((cm.start(), cm.end()))
    for lm in _LINE_COMMENT_RE.finditer(text):
        comment_spans.append((lm.start(1), lm.end(), lm.group(1)))
        spans.append((lm.start(), lm.end()))
    comment_spans.sort()
    if markdown:
        spans += [(fm.start(), fm.end()) for fm in _FENCE_RE.finditer(text)]
        spans += [(lk.start(1) - 1, lk.end()) for lk in _LINK_URL_RE.finditer(text)]
        spans += [(al.start(), al.end()) for al in _AUTOLINK_RE.finditer(text)]
        spans += [(tr.start(), tr.end()) for tr in _TABLE_RULE_RE.finditer(text)]
    masked = _blanked(base, spans)
    if markdown:  # emphasis and quote marks, found in the text as masked so far
        masked = _blanked(masked, [(mk.start(), mk.end()) for mk in _MD_MARK_RE.finditer(masked)])
    doc = Document(
        path=path, text=text, masked=masked, encoding=encoding, bom=bom, markdown=markdown,
        directives=_directives(text, comment_spans, starts), front_matter=front, line_starts=starts,
        front_error=front_error,
    )
    return doc


def read_document(path: Path, display: str) -> Document:
    """Read and decode a file from disk; DocumentError for what cannot be checked."""
    try:
        data = path.read_bytes()
    except PermissionError:
        raise DocumentError("permission denied; skipped") from None
    except IsADirectoryError:
        raise DocumentError("is a directory; skipped") from None
    except OSError as exc:
        raise DocumentError(f"cannot read ({exc.strerror or exc}); skipped") from None
    text, enc, bom = decode(data, display)
    return parse_text(text, display, enc, bom)


def front_matter_profile(doc: Document) -> str | None:
    """The profile a document declares in front matter (`netlint: {profile: charter}`), if any."""
    block = doc.front_matter.get("netlint") if isinstance(doc.front_matter, dict) else None
    if isinstance(block, dict):
        prof = block.get("profile")
        if prof is not None:
            if prof not in PROFILES:
                line = block.line_of("profile") + 1 if isinstance(block, LineDict) else 1
                raise SourceError(doc.path, line, f"front matter profile must be national or charter, not {prof!r}")
            return prof
    return None

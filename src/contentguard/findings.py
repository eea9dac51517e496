"""Finding: the one currency between checks, filters and reporters."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

CATEGORIES = ("stale-date", "broken-link", "personal-data", "brand-risk", "content", "contentguard")


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation.

    Ids are ``family/name`` in kebab case: ``date/copyright``, ``pii/email``,
    ``brand/watchlist``, ``link/broken``, ``content/<pack rule>``,
    ``contentguard/<notice>``. The family is the prefix ``--select`` takes.
    """

    id: str
    category: str
    severity: str
    summary: str  # one line, for `contentguard rules`
    doc: str = ""  # longer documentation, for `contentguard explain`
    example: str = ""  # an input that triggers the rule
    kind: str = ""  # the label kind it answers to in the corpus vocabulary (date.copyright, ...)

    def __post_init__(self) -> None:
        if not self.kind:  # every finding has a kind: by default its rule id, dotted (link.broken)
            object.__setattr__(self, "kind", self.id.replace("/", "."))


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str  # masked when personal data
    fingerprint: str
    kind: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)


_WS = re.compile(r"\s+")


def fingerprint(rule: str, matched: str, path: str) -> str:
    """Stable across unrelated edits: rule + normalised matched text + path, never a line.

    A hash, so a baseline holds no personal data in clear.
    """
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", matched)).strip().casefold()
    path = path.replace("\\", "/")
    while path.startswith("./"):  # `check ./a.md` and `check .` name the same file
        path = path[2:]
    h = hashlib.sha256(f"{rule}\x00{norm}\x00{path}".encode("utf-8"))
    return h.hexdigest()[:20]

"""Finding: the one currency between checks, filters and reporters."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

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
class Fix:
    """A safe fix ``--fix`` may apply: replace ``source[start:end]`` (decoded-source
    offsets) by ``replacement``, and only while that slice still reads ``expected``."""

    start: int
    end: int
    replacement: str
    expected: str


@dataclass(frozen=True)
class Finding:
    """One finding. ``source_line`` is the line (or, for a long line, the excerpt around
    the finding) the text report prints under it, personal data masked; ``source_shift``
    maps the finding's columns to it. Neither is part of the JSON or SARIF output."""

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
    fix: Fix | None = field(default=None, compare=False)
    source_line: str | None = field(default=None, compare=False)
    source_shift: int = field(default=0, compare=False)

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON values (the per-file results cache)."""
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        if self.fix is not None:
            d["fix"] = {k: getattr(self.fix, k) for k in self.fix.__dataclass_fields__}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        """The inverse of :meth:`to_dict`; a ``KeyError`` or ``TypeError`` for anything else."""
        fix = d.get("fix")
        return cls(**{**d, "fix": None if fix is None else Fix(**fix)})


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

"""The shapes every reader shares: what a file became, and how a reader says it failed.

Apart from the package's ``__init__`` so that the readers (markdown, posts) can use them
while ``sources`` imports the readers: no import cycle.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from contentguard.document import Document


class SourceError(Exception):
    """Malformed input: the message names the reason; the caller adds the file."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


class SkipFile(Exception):
    """The file is fine but not something contentguard reads (e.g. a YAML file that is no post queue)."""


@dataclass
class Notice:
    rule: str  # contentguard/...
    message: str
    offset: int | None = None  # where in the decoded source, if known


@dataclass
class Loaded:
    documents: list[Document] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    skipped: str | None = None  # reason the whole file was skipped
    source: str = ""

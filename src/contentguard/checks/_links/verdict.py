"""The verdict on one link target (a URL without its fragment, or a local file)."""
from __future__ import annotations

from dataclasses import dataclass

#: verdict states; each maps to one rule (``ok`` to none)
OK, BROKEN, REDIRECT, UNVERIFIED, SKIPPED = "ok", "broken", "redirect", "unverified", "skipped"


@dataclass(frozen=True)
class Verdict:
    state: str
    message: str = ""
    status: int = 0  # the final HTTP status, 0 when none
    final_url: str = ""  # where a permanent redirect leads (the URL to use instead)
    #: ids and names of the target page, when it was read (HTML only); None = unknown
    anchors: frozenset[str] | None = None
    html: bool = False  # the target is an HTML page (fragments are meaningful)
    cached: bool = False

    @property
    def cacheable_ok(self) -> bool:
        return self.state in (OK, REDIRECT)

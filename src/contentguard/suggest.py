"""The one "did you mean" of the package: config keys, rule-pack sections and keys,
subcommands, rule ids in --select/--ignore, config and inline suppressions."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word closest to ``word`` (difflib's ratio at least ``cutoff``), or None."""
    close = difflib.get_close_matches(str(word), sorted(set(map(str, known))), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or "" when nothing is close."""
    c = closest(word, known, cutoff)
    return f" (did you mean '{c}'?)" if c else ""

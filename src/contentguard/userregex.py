"""Regular expressions written by users (rule packs): refused when they cannot work, and
run with a time limit, so a pack cannot stall a run (issue 15: ``(a+)+$`` took 105 s on
a 31-character line).

Python's ``re`` cannot be interrupted, so user patterns are compiled with the ``regex``
module (compatible with ``re`` in its default VERSION0 mode), whose matching takes a
``timeout``. At load time each pattern is refused, with a message the pack loader prefixes
with the pack and the rule, when

* it matches the empty string (it would report empty findings everywhere), or
* it runs past ``PROBE_SECONDS`` on a short probe string (28 repeats of a character the
  pattern uses, then one it cannot match): the signature of catastrophic backtracking
  (nested quantifiers such as ``(a+)+$`` or ``(\\w+\\s?)*$``, overlapping alternatives
  such as ``(a|aa)+$``).

At check time a pattern that still runs past ``TIMEOUT`` on one document stops for that
document with a notice instead of holding the run.
"""
from __future__ import annotations

#: seconds a user pattern may spend on one document before it is stopped there
TIMEOUT = 2.0
#: seconds a pattern may spend on one probe at load time (a sound pattern needs microseconds)
PROBE_SECONDS = 0.05
_PROBE_LEN = 28
_EMPTY_SAMPLES = ("", "a", "word and word", "1 2", " ")


def compile(pattern: str, flags: int = 0):  # noqa: A001 - the module's one constructor
    """``pattern`` compiled by the ``regex`` module (raises ``regex.error`` when malformed)."""
    import regex

    return regex.compile(pattern, flags | regex.VERSION0)


def problem(pattern: str, ignore_case: bool = True) -> str | None:
    """Why ``pattern`` is refused for a rule pack, or None when it is fine."""
    import regex

    try:
        rx = compile(pattern, regex.IGNORECASE if ignore_case else 0)
    except regex.error as e:
        return f"bad regular expression {pattern!r}: {e}"
    try:
        for s in _EMPTY_SAMPLES:
            for m in rx.finditer(s, timeout=PROBE_SECONDS):
                if m.end() == m.start():
                    return (f"regular expression {pattern!r} matches the empty string "
                            f"(it would report an empty finding at every position)")
        for probe in _probes(pattern):
            rx.search(probe, timeout=PROBE_SECONDS)
    except TimeoutError:
        return (f"regular expression {pattern!r} takes exponential time on a short line "
                f"(nested or overlapping quantifiers such as (a+)+ or (a|aa)+): rewrite it")
    return None


def _probes(pattern: str) -> list[str]:
    """A few short strings on which a backtracking pattern blows up: runs of a character
    the pattern can match ("a", "1", " " for the classes, then its own letters) and one
    character that ends the match."""
    own = sorted({c for c in pattern if c.isalnum()} - {"a", "1"})
    return [c * _PROBE_LEN + "!" for c in ["a", "1", " ", *own[:3]]]

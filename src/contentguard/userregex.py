"""Regular expressions written by users (rule packs): refused when they cannot work, and
run with a time limit, so a pack cannot stall a run (issue 15: ``(a+)+$`` took 105 s on
a 31-character line).

Python's ``re`` cannot be interrupted, so user patterns are compiled with the ``regex``
module (compatible with ``re`` in its default VERSION0 mode), whose matching takes a
``timeout``. At load time each pattern is refused, with a message the pack loader prefixes
with the pack and the rule, when

* it matches the empty string (it would report empty findings everywhere), or
* it backtracks on a short probe line (400 repeats of a character the pattern uses, then
  one it cannot match): over ``PROBE_CPU`` seconds of CPU (the search is stopped after
  ``PROBE_SECONDS``), where a sound pattern needs microseconds. That is the signature of
  nested quantifiers such as ``(a+)+$`` or ``(\\w+\\s?)+$`` (polynomial in the regex
  module, about the cube of the line: 0.015 s at 160 characters, 0.2 s at 400, hours on a
  10 KB line) and of overlapping alternatives such as ``(a|aa)+$`` (exponential). The CPU
  time of the thread decides, not wall time, so a busy machine neither refuses a sound
  pattern nor lets a bad one by.

The same guard covers every user pattern: ``terms`` with ``regex: true`` and a rule's
``mention.before``/``mention.after``. At check time a rule's terms may run ``TIMEOUT``
seconds on one document, and its mention patterns as long again, all calls together
(:class:`Budget`); past either, the rule stops for that document with a notice instead
of holding the run.
"""
from __future__ import annotations

import time

#: seconds a user pattern may spend on one document before it is stopped there
TIMEOUT = 2.0
#: wall seconds after which a probe at load time is stopped (an exponential pattern)
PROBE_SECONDS = 0.2
#: CPU seconds a pattern may spend on one probe (a sound pattern needs microseconds; the
#: nested quantifiers 0.16 s and more)
PROBE_CPU = 0.02
_PROBE_LEN = 400
_EMPTY_SAMPLES = ("", "a", "word and word", "1 2", " ")


def compile(pattern: str, flags: int = 0):  # noqa: A001 - the module's one constructor
    """``pattern`` compiled by the ``regex`` module (raises ``regex.error`` when malformed)."""
    import regex

    return regex.compile(pattern, flags | regex.VERSION0)


def problem(pattern: str, ignore_case: bool = True, mention: bool = False) -> str | None:
    """Why ``pattern`` is refused for a rule pack, or None when it is fine (``mention``: a
    rule's ``mention.before``/``after`` pattern, not a term)."""
    import regex

    try:
        rx = compile(pattern, regex.IGNORECASE if ignore_case else 0)
    except regex.error as e:
        return f"bad regular expression {pattern!r}: {e}"
    slow = (f"regular expression {pattern!r} backtracks catastrophically on a short line (nested or "
            f"overlapping quantifiers such as (a+)+ or (a|aa)+): rewrite it")
    for s in _EMPTY_SAMPLES:
        try:
            if any(m.end() == m.start() for m in rx.finditer(s, timeout=PROBE_SECONDS)):
                return (f"regular expression {pattern!r} matches the empty string "
                        + ("(every match would count as a mention: the rule would never fire)" if mention
                           else "(it would report an empty finding at every position)"))
        except TimeoutError:
            return slow
    for probe in _probes(pattern):
        cpu = time.thread_time()
        try:
            rx.search(probe, timeout=PROBE_SECONDS)
        except TimeoutError:
            pass  # stopped: the CPU it used says whether it was the pattern or a busy machine
        if time.thread_time() - cpu > PROBE_CPU:
            return slow
    return None


def _probes(pattern: str) -> list[str]:
    """A few short strings on which a backtracking pattern blows up: runs of a character
    the pattern can match ("a", "1", " " for the classes, then its own letters) and one
    character that ends the match."""
    own = sorted({c for c in pattern if c.isalnum()} - {"a", "1"})
    return [c * _PROBE_LEN + "!" for c in ["a", "1", " ", *own[:3]]]


class Budget:
    """The time one rule's ``mention`` patterns may still spend on one document. They run
    once per match, each call short, so a per-call timeout could add up without end: each
    call gets what is left and what it used is taken off (CPU time of the thread, the clock
    the regex module's ``timeout`` counts too). Raises ``TimeoutError`` once it is spent."""

    __slots__ = ("left",)

    def __init__(self, seconds: float = 0.0) -> None:
        self.left = seconds or TIMEOUT

    def search(self, rx, *args):
        """``rx.search(*args)`` within what is left."""
        return self._run(rx.search, args)

    def match(self, rx, *args):
        """``rx.match(*args)`` within what is left."""
        return self._run(rx.match, args)

    def _run(self, fn, args):
        if self.left <= 0:
            raise TimeoutError("the rule's time for user regular expressions on this document is spent")
        t0 = time.thread_time()
        try:
            return fn(*args, timeout=self.left)
        finally:
            self.left -= time.thread_time() - t0

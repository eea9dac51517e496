"""The check protocol: what a check is and what it declares about itself.

A check is an instance of :class:`Check` (one-phase) or :class:`TwoPhaseCheck`; the
explicit registry of every shipped check is :mod:`contentguard.checks.registry` (as
pre-commit's ``all_languages.py``): adding a check is adding a module here and a line
there. This module imports no check, so a check module can import it freely.

Capabilities are declared, never guessed from method identity:

* ``two_phase``: ``collect(doc, ctx)`` returns JSON-able-through-``dump_collected`` data
  per document (in the workers), ``finish(collected, ctx)`` runs once in the main
  process over all of it and yields findings (the link check); ``early(collected, ctx)``
  sees each batch of that data as it arrives, before ``finish``. One-phase checks
  implement ``check(doc, ctx)``, which runs in worker processes when there are many files.
* ``cacheable``: the per-file results cache may keep this check's results. A two-phase
  check is cacheable only when it implements ``dump_collected``/``load_collected``.
* ``summary``: a mapping the check fills during ``finish``, merged into the run summary
  (the link check's counts); empty for checks that have none.
* ``reads_records``: the check reads ``record`` documents, the rows of a data export (a
  ticket, a claim, an application) that the post reader makes for personal data; only
  the personal-data check does, the others never see them.

Module level must stay light (no spaCy, httpx, dateparser, phonenumbers at import
time): ``contentguard check one.md`` imports every check module, and start-up is on
every commit's path. Import heavy things in ``setup``.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, ClassVar, Iterable, Mapping, NamedTuple

from contentguard.findings import Finding, Rule

__all__ = ["Check", "Option", "TwoPhaseCheck"]


class Option(NamedTuple):
    """One option of a check's config section (``[tool.contentguard.<check>]``).

    config.py checks a configured value against ``spec`` (``"int"``, ``"list[regex]"``,
    a tuple of choices, ...: ``config.type_ok``), then runs ``check`` on it (raise
    ``ValueError(reason)`` for a bad value), and fills ``default`` when it is not set. A
    check reads the result with ``ctx.option(name, key)``: typed, defaulted, never None
    unless the default is None. A plain ``(spec, default)`` tuple is an Option too.
    """

    spec: Any
    default: Any
    check: Callable[[Any], Any] | None = None


class Check:
    """A one-phase check: ``check(doc, ctx)`` yields findings for one document."""

    #: the check's name; also its config section: ``[tool.contentguard.<name>]``
    name: str = ""
    rules: tuple[Rule, ...] = ()
    #: option name -> Option (or a (type spec, default) tuple); config.py validates them and
    #: fills the defaults, once: checks read them with ``ctx.option``
    options: Mapping[str, Option | tuple] = {}
    #: rule-pack sections this check reads (a pack section nobody reads is an error)
    pack_sections: tuple[str, ...] = ()
    #: declared capabilities (see the module docstring)
    two_phase: ClassVar[bool] = False
    cacheable: ClassVar[bool] = True
    reads_records: ClassVar[bool] = False
    #: the run-summary entries this check produced in its last ``finish`` (none by default)
    summary: Mapping[str, Any] = MappingProxyType({})

    def validate_pack(self, section: str, entries: list, origin: str) -> list[str]:
        """Problems with a pack section, each naming the entry (the loader adds the file)."""
        return []

    def pack_rules(self, packs) -> list[Rule]:
        """Rules defined by rule packs (the generic term rules); most checks have none."""
        return []

    def setup(self, ctx: "Context") -> None:  # noqa: F821 - documented type
        """Once per process, before the first document (load models, compile packs)."""

    def check(self, doc, ctx) -> Iterable[Finding]:
        return ()


class TwoPhaseCheck(Check):
    """``collect`` per document in the workers, ``finish`` once over everything."""

    two_phase: ClassVar[bool] = True
    #: a subclass that implements dump_collected/load_collected sets this to True
    cacheable: ClassVar[bool] = False

    def collect(self, doc, ctx) -> Any:
        return None

    def early(self, collected: list, ctx) -> None:
        """In the main process, the ``collect`` data of each batch of files as it is done,
        before ``finish`` gets all of it: a check may start work that needs no other file
        (the link check starts its requests). Optional: ``finish`` must not depend on it
        (the audit calls ``finish`` alone)."""

    def finish(self, collected: list, ctx) -> Iterable[Finding]:
        return ()

    def dump_collected(self, data: Any) -> Any:
        """``collect``'s data as JSON-able values, for the per-file results cache and the
        audit database (required when ``cacheable``)."""
        raise NotImplementedError(f"{type(self).__name__} declares no dump_collected")

    def load_collected(self, obj: Any) -> Any:
        """The inverse of :meth:`dump_collected`."""
        raise NotImplementedError(f"{type(self).__name__} declares no load_collected")

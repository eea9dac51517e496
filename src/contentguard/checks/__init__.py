"""The plug-in point for checks.

A check is a module in this package that defines ``CHECK``, an instance of a
:class:`Check` subclass. The registry finds them by listing the package, so adding a
check is adding a file. Module level must stay light (no spaCy, httpx, dateparser,
phonenumbers at import time): ``contentguard check one.md`` imports every check
module, and start-up is on every commit's path. Import heavy things in ``setup``.

Two shapes:

* one-phase: ``check(doc, ctx)`` yields findings for one document; it runs in
  worker processes when there are many files.
* two-phase (the link check): ``collect(doc, ctx)`` returns picklable data per
  document (in the workers), ``finish(collected, ctx)`` runs once in the main
  process over all of it and yields findings.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Iterable

from contentguard.findings import Finding, Rule


class Check:
    #: the check's name; also its config section: ``[tool.contentguard.<name>]``
    name: str = ""
    rules: tuple[Rule, ...] = ()
    #: option name -> (type spec, default); see :mod:`contentguard.config`
    options: dict[str, tuple[Any, Any]] = {}
    #: rule-pack sections this check reads (a pack section nobody reads is an error)
    pack_sections: tuple[str, ...] = ()

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

    def collect(self, doc, ctx) -> Any:
        return None

    def finish(self, collected: list, ctx) -> Iterable[Finding]:
        return ()

    def dump_collected(self, data: Any) -> Any:
        """``collect``'s data as JSON-able values, for the per-file results cache. A two-phase
        check that does not implement this (and :meth:`load_collected`) turns that cache off."""
        raise NotImplementedError

    def load_collected(self, obj: Any) -> Any:
        """The inverse of :meth:`dump_collected`."""
        raise NotImplementedError

    @property
    def two_phase(self) -> bool:
        return type(self).finish is not Check.finish


_REGISTRY: dict[str, Check] | None = None


def all_checks() -> dict[str, Check]:
    """Every check, by name, in a stable order."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, Check] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            try:
                mod = importlib.import_module(f"{__name__}.{info.name}")
            except Exception as e:  # a broken check must not take the others down
                import sys

                print(f"contentguard: error: check module '{info.name}' failed to load "
                      f"({type(e).__name__}: {e}); its rules are off", file=sys.stderr)
                continue
            chk = getattr(mod, "CHECK", None)
            if isinstance(chk, Check):
                found[chk.name] = chk
        _REGISTRY = found
    return _REGISTRY


def all_rules(packs=None) -> dict[str, Rule]:
    """Every rule: the checks' own, the tool's notices and, given packs, the packs' rules."""
    from contentguard.notices import NOTICE_RULES

    rules = {r.id: r for r in NOTICE_RULES}
    for chk in all_checks().values():
        for r in chk.rules:
            rules[r.id] = r
        if packs is not None:
            for r in chk.pack_rules(packs):
                rules[r.id] = r
    return rules

"""Every check the tool ships, listed explicitly (pre-commit's ``all_languages.py``).

An explicit tuple, not a scan of the package: the import graph is visible to readers
and tools, a misspelt or broken module fails loudly at import instead of being skipped,
and the order of checks (and so of findings before sorting) is the order written here.
"""
from __future__ import annotations

from contentguard.checks import Check, TwoPhaseCheck
from contentguard.checks import dates, links, mentions, pii, terms
from contentguard.findings import Rule
from contentguard.notices import NOTICE_RULES

CHECKS: tuple[Check, ...] = (
    dates.CHECK,
    links.CHECK,
    mentions.CHECK,
    pii.CHECK,
    terms.CHECK,
)


def validate_checks(checks: tuple[Check, ...]) -> dict[str, Check]:
    out: dict[str, Check] = {}
    for chk in checks:
        if not chk.name or chk.name in out:
            raise TypeError(f"check {type(chk).__name__}: missing or duplicate name {chk.name!r}")
        if chk.two_phase != isinstance(chk, TwoPhaseCheck):
            raise TypeError(f"check {chk.name}: two_phase must be declared by subclassing TwoPhaseCheck")
        if chk.two_phase and chk.cacheable and (type(chk).dump_collected is TwoPhaseCheck.dump_collected
                                                or type(chk).load_collected is TwoPhaseCheck.load_collected):
            raise TypeError(f"check {chk.name}: declared cacheable without dump_collected/load_collected")
        out[chk.name] = chk
    return out


_BY_NAME = validate_checks(CHECKS)


def all_checks() -> dict[str, Check]:
    """Every check, by name, in the registry's order."""
    return _BY_NAME


def all_rules(packs=None) -> dict[str, Rule]:
    """Every rule: the checks' own, the tool's notices and, given packs, the packs' rules."""
    rules = {r.id: r for r in NOTICE_RULES}
    for chk in CHECKS:
        for r in chk.rules:
            rules[r.id] = r
        if packs is not None:
            for r in chk.pack_rules(packs):
                rules[r.id] = r
    return rules

"""Bounds on YAML input: every YAML contentguard reads (post queues, front matter, rule
packs) is checked here before it is composed or loaded, so a hostile file costs time
linear in its size and is refused with a message instead of exhausting memory or the
stack (issue 15: an alias bomb took 3.8 GB, 100,000 levels of nesting a RecursionError).
"""
from __future__ import annotations

import yaml

#: deeper nesting than this is refused (real post queues, front matter, packs: under 10)
MAX_DEPTH = 100
#: aliases may not expand a document past this many nodes beyond ``ALIAS_FACTOR`` x its own
ALIAS_SLACK = 10_000
ALIAS_FACTOR = 10
#: the safe loader YAML is read with: libyaml's when PyYAML has it (several times faster,
#: same nodes and marks), else the pure-Python one
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LimitError(yaml.MarkedYAMLError):
    """A YAML document over a bound (nesting depth, alias expansion): refused, never loaded."""


def check_bounds(text: str) -> None:
    """Raise :class:`LimitError` when ``text`` nests deeper than ``MAX_DEPTH`` or its
    aliases expand it past ``ALIAS_FACTOR`` x its nodes + ``ALIAS_SLACK`` (a "billion
    laughs" bomb: 9 aliases of 9 aliases ... is a few hundred bytes and 10^9 nodes).

    Reads the event stream once (the parser keeps a state stack, not Python recursion;
    libyaml's when available), keeping each anchor's expanded size, so the cost is linear
    in the text whatever it holds. Malformed YAML raises the parser's own error.
    """
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # [anchor, expanded size so far] per open collection
    nodes = expanded = 0
    for ev in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            stack.append([ev.anchor, 1])
            if len(stack) - 1 > MAX_DEPTH:
                raise LimitError(problem=f"nesting deeper than {MAX_DEPTH} levels",
                                 problem_mark=ev.start_mark)
            continue
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, w = stack.pop()
            if anchor is not None:
                sizes[anchor] = w
        elif isinstance(ev, yaml.ScalarEvent):
            nodes += 1
            w = 1
            if ev.anchor is not None:
                sizes[ev.anchor] = 1
        elif isinstance(ev, yaml.AliasEvent):
            w = sizes.get(ev.anchor, 1)  # an anchor still open (a recursive alias) counts 1
            expanded += w
            if expanded > ALIAS_FACTOR * nodes + ALIAS_SLACK:
                raise LimitError(problem=f"aliases expand the document past {expanded:,} nodes "
                                 f"(it has {nodes:,}); refused", problem_mark=ev.start_mark)
        else:
            continue
        stack[-1][1] += w



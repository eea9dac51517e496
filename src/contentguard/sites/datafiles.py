"""Reading a generator's config and a page's front matter as plain data (TOML, YAML, JSON).

For the site profiles: only values are needed here (no positions), so the whole file is
parsed with the standard readers; a file that does not parse raises ``ValueError`` naming
the file and the reason, for :func:`contentguard.sites.detect` to skip it.
"""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import Any

__all__ = ["front_matter", "load_data", "lower_keys"]

_MAX = 4_000_000
_FM_END = {"---": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M), "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.M)}


def _parse(text: str, ext: str, path: str) -> Any:
    try:
        if ext == ".toml":
            import tomllib

            return tomllib.loads(text.replace("\r\n", "\n"))
        if ext == ".json":
            return json.loads(text)
        import yaml

        return yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001 - every reader's own error: one message for the caller
        raise ValueError(f"{path}: not readable as {ext.lstrip('.').upper()}: "
                         f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None


def load_data(path: str) -> Any:
    """A TOML, YAML or JSON file's data (by extension; YAML for anything else)."""
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read(_MAX)
    ext = os.path.splitext(path)[1].lower()
    return _parse(text, ext if ext in (".toml", ".json") else ".yaml", path)


def lower_keys(data: Any) -> Any:
    """Mapping keys lower-cased at every level (Hugo's config keys are case-insensitive)."""
    if isinstance(data, dict):
        out: dict = {}
        for k, v in data.items():
            key, v = str(k).lower(), lower_keys(v)
            if isinstance(v, dict) and isinstance(out.get(key), dict):
                out[key] = {**out[key], **v}  # [Languages.fr] and [languages.en]: one table
            else:
                out[key] = v
        return out
    if isinstance(data, list):
        return [lower_keys(v) for v in data]
    return data


@lru_cache(maxsize=4096)
def _front_matter(path: str, mtime: float) -> dict:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            head = fh.read(256_000)
    except OSError:
        return {}
    fence = head[:3]
    if fence in _FM_END:
        nl = head.find("\n")
        if nl < 0 or head[:nl].strip() != fence:
            return {}
        m = _FM_END[fence].search(head, nl + 1)
        if not m:
            return {}
        block, ext = head[nl + 1:m.start()], (".toml" if fence == "+++" else ".yaml")
    elif head.lstrip().startswith("{"):
        dec = json.JSONDecoder()
        try:
            data, _ = dec.raw_decode(head.lstrip())
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    else:
        return {}
    try:
        data = _parse(block, ext, path)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def front_matter(path: str) -> dict:
    """A page's front matter as a dict ({} when it has none or it does not parse: the page's
    own check reports that)."""
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return {}
    return _front_matter(path, mtime)

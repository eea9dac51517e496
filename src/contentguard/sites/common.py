"""Helpers the profiles share: reading a generator's config and a page's front matter.

Both are bounded (at most ``MAX_BYTES`` read, YAML checked by :mod:`contentguard.yamlbounds`)
and never raise on a broken file: a profile treats it as empty, the run goes on.
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from functools import lru_cache
from typing import Any

from contentguard.yamlbounds import SAFE_LOADER, check_bounds

__all__ = ["LEADING_BLANK_LINES", "MAX_BYTES", "front_matter", "load_data", "mask_code", "read_config", "walk_files", "yaml_reason"]

MAX_BYTES = 1_000_000
#: folders no generator publishes from and no site keeps pages in
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".contentguard_cache", ".sass-cache", ".jekyll-cache", ".bundle"})


def _yaml(text: str) -> Any:
    import yaml

    check_bounds(text)
    return yaml.load(text, Loader=SAFE_LOADER)


def read_config(path: str) -> tuple[Any, str | None]:
    """A YAML, TOML or JSON file's data (by extension; YAML otherwise) and None; or None and
    why it cannot be read, in one line: the parser's message with its line and column, or
    the system's (``cannot read it: Permission denied``)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read(MAX_BYTES)
        if path.endswith(".toml"):
            return tomllib.loads(text), None
        if path.endswith(".json"):
            return json.loads(text), None
        return _yaml(text), None
    except OSError as e:
        return None, f"cannot read it: {e.strerror or e}"
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except tomllib.TOMLDecodeError as e:
        return None, f"not valid TOML: {e}"
    except json.JSONDecodeError as e:
        return None, f"not valid JSON: {e}"
    except Exception as e:  # noqa: BLE001 - YAML errors, bounds: a broken config reads as empty
        return None, yaml_reason(e)


def yaml_reason(e: Exception) -> str:
    """A YAML error in one line: ``not valid YAML: <problem> (line L, column C)``."""
    problem = getattr(e, "problem", None) or (str(e).splitlines()[0] if str(e) else type(e).__name__)
    mark = getattr(e, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"not valid YAML: {problem}{where}"


def load_data(path: str) -> Any:
    """A YAML, TOML or JSON file's data; None when it cannot be read or parsed."""
    return read_config(path)[0]


@lru_cache(maxsize=100_000)
def _front_matter(path: str, mtime: float, lead: bool) -> dict:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            head = fh.read(64_000)
    except OSError:
        return {}
    if lead:
        head = head[LEADING_BLANK_LINES.match(head).end():]
    for fence, parse in (("---", _yaml), ("+++", tomllib.loads)):
        if head.startswith(fence) and head[3:4] in ("\n", "\r", " ", "\t"):
            end = head.find("\n" + fence, 3)
            if end < 0:
                return {}
            try:
                data = parse(head[head.index("\n") + 1:end + 1])
            except Exception:  # noqa: BLE001 - broken front matter: the page has none
                return {}
            return data if isinstance(data, dict) else {"": True}
    return {}


#: blank lines before a front matter's opening fence: Hugo's page lexer and Zola's front
#: matter regex (``^[[:space:]]*\+\+\+``) skip them; Jekyll, Eleventy and Docusaurus read
#: front matter only on the first line. The Markdown reader uses it too.
LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)*")
_LEAD_B = re.compile(LEADING_BLANK_LINES.pattern.encode())


def front_matter(path: str, leading_blank_lines: bool = False) -> dict | None:
    """The page's front matter (YAML ``---`` or TOML ``+++``) as a dict; ``{}`` when it has a
    fence but nothing in it; None when the file has no front matter at all. With
    ``leading_blank_lines`` the fence may come after blank lines, as Hugo and Zola read it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    try:
        with open(path, "rb") as fh:
            start = fh.read(260 if leading_blank_lines else 7)
    except OSError:
        return None
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
    if leading_blank_lines:
        start = start[_LEAD_B.match(start).end():]
    if not (start.startswith((b"---", b"+++")) and start[3:4] in (b"\n", b"\r", b" ", b"\t")):
        return None
    return _front_matter(path, st.st_mtime, leading_blank_lines)


def walk_files(folder: str, skip=SKIP_DIRS):
    """Every file under ``folder`` (absolute paths), hidden and tool folders left out; links
    to folders are not followed."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        for f in filenames:
            yield os.path.join(dirpath, f)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")
_NOT_NL = re.compile(r"[^\n]")


def _blank(text: str) -> str:
    return _NOT_NL.sub(" ", text)


def mask_code(text: str) -> str:
    """Markdown ``text`` with fenced code blocks and inline code spans blanked (same length,
    newlines kept, so offsets still index the source): what is shown as code is neither a
    link nor a heading."""
    if "`" not in text and "~~~" not in text:
        return text
    out = []
    fence = None
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line) if line[:1] in " `~" else None
        if fence is None and m:
            fence = m.group(1)
            out.append(_blank(line))
        elif fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~\r\n"):
                fence = None
            out.append(_blank(line))
        else:
            out.append(line)
    # inline code does not cross a blank line: spans are matched paragraph by paragraph
    parts = _BLANK_LINE.split("".join(out))
    return "".join(_CODE_SPAN.sub(lambda m: _blank(m.group(0)), part) if "`" in part else part
                   for part in parts)

"""Ids that a Hugo site's own shortcodes write into a page, learned from their templates.

A link such as ``/docs/glossary/#def-LE`` lands on an id that no heading makes: the page
calls ``{{% def id="LE" ... %}}`` and a glossary shortcode writes ``<dfn id="def-{{ .id }}">``
for each stored definition. Rather than know one site's shortcodes, the templates in
``layouts/shortcodes/`` and ``layouts/_shortcodes/`` (the site's and its themes') are read:

* an ``id="..."`` attribute whose value is literal text and template actions; an action
  naming one parameter (``.Get "id"``, ``.Get 0``, a variable set from one, ``with .Get
  "id"`` then ``.``), optionally through ``anchorize``, ``urlize`` or ``lower``, gives an id
  for each call of that shortcode that has the parameter;
* a shortcode that stores its parameters in the page's ``Scratch``/``Store`` feeds a
  shortcode that ranges over stored values and writes ``id="...{{ .field }}..."``: when
  both are called on a page, each stored call's ``field`` parameter gives an id;
* an id made from a translated string (``anchorize (i18n "overview")``) is looked up in the
  page language's ``i18n/<lang>.*`` file;
* literal ids in the other templates (``baseof.html``, partials) are on the pages they
  render (:func:`layout_ids`);
* comments (``{{/* */}}``, ``<!-- -->``) are left out; an action that cannot be read this
  way (another function, ``.Inner``) gives no id. A literal ``id="x"`` gives ``x``
  whenever the shortcode is called.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from contentguard.sites.common import load_data
from contentguard.sites.slugs_hugo import goldmark_slug, urlize

__all__ = ["Template", "anchors", "calls", "layout_ids", "read_template"]

_COMMENT = re.compile(r"\{\{-?\s*/\*.*?\*/\s*-?\}\}|<!--.*?-->", re.S)
_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_ID_ATTR = re.compile(r"""\bid\s*=\s*(?:"((?:[^"{]|\{\{.*?\}\})*)"|'((?:[^'{]|\{\{.*?\}\})*)')""", re.S)
_ASSIGN = re.compile(r"""\{\{-?\s*(\$\w+)\s*:?=\s*(.*?)\s*-?\}\}""", re.S)
_WITH = re.compile(r"""\{\{-?\s*with\s+(.*?)\s*-?\}\}""", re.S)
_GET = re.compile(r"""^\(?\s*\.Get\s+(?:"([^"]+)"|`([^`]+)`|(\d+))\s*\)?$""")
_FIELD = re.compile(r"^\.([A-Za-z_]\w*)$")
_I18N = re.compile(r"""^\(?\s*(?:i18n|T|lang\.Translate)\s+(?:"([^"]+)"|`([^`]+)`)\s*\)?$""")
_STORES = re.compile(r"\.(?:Scratch|Store)\.(?:Set|SetInMap|Add)\b")
_RANGE = re.compile(r"\{\{-?\s*range\b")
_FUNCS = {"anchorize": "anchorize", "urlize": "urlize", "lower": "lower", "strings.ToLower": "lower"}
_NOT_FIELDS = {"Page", "Inner", "Site", "Params", "Parent", "Position", "Name", "Ordinal", "InnerDeindent",
               "IsNamedParams", "RelPermalink", "Permalink", "Title"}


@dataclass
class Template:
    """What one shortcode template writes: ids from its own parameters, ids from stored
    fields, constant ids, and whether it stores its parameters in the page."""

    own: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)  # prefix, param, suffix, funcs
    i18n: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)  # prefix, key, suffix, funcs
    fields: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)
    constant: list[str] = field(default_factory=list)
    stores: bool = False


def _ref(expr: str, variables: dict[str, str]) -> tuple[str, str, tuple[str, ...]] | None:
    """(kind "param"|"field", name, functions) of one action, or None."""
    expr = expr.strip()
    funcs: list[str] = []
    if "|" in expr:
        head, *pipes = [p.strip() for p in expr.split("|")]
        for p in pipes:
            if p not in _FUNCS:
                return None
            funcs.append(_FUNCS[p])
        expr = head
    m = re.match(r"^(anchorize|urlize|lower|strings\.ToLower)\s+(.+)$", expr)
    if m:
        funcs.insert(0, _FUNCS[m.group(1)])
        expr = m.group(2).strip()
        if expr.startswith("(") and expr.endswith(")"):
            expr = expr[1:-1].strip()
    i = _I18N.match(expr)
    if i:
        return "i18n", i.group(1) or i.group(2), tuple(funcs)
    g = _GET.match(expr)
    if g:
        return "param", g.group(1) or g.group(2) or g.group(3), tuple(funcs)
    if expr in variables:
        return "param", variables[expr], tuple(funcs)
    f = _FIELD.match(expr)
    if f and f.group(1) not in _NOT_FIELDS:
        return "field", f.group(1), tuple(funcs)
    return None


def read_template(text: str) -> Template:
    """What a shortcode template's source says about the ids it writes."""
    text = _COMMENT.sub("", text)
    variables: dict[str, str] = {}
    for m in _ASSIGN.finditer(text):
        g = _GET.match(m.group(2).strip())
        if g:
            variables[m.group(1)] = g.group(1) or g.group(2) or g.group(3)
    t = Template(stores=bool(_STORES.search(text)))
    ranges = bool(_RANGE.search(text))
    for m in _ID_ATTR.finditer(text):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        acts = list(_ACTION.finditer(value))
        if not acts:
            if value.strip():
                t.constant.append(value.strip())
            continue
        if len(acts) != 1:
            continue
        a = acts[0]
        expr = a.group(1)
        scope = dict(variables)
        if expr.strip() == ".":  # inside {{ with .Get "x" }}
            w = [wm for wm in _WITH.finditer(text, 0, m.start())]
            g = _GET.match(w[-1].group(1).strip()) if w else None
            if not g:
                continue
            expr = f'.Get "{g.group(1) or g.group(2) or g.group(3)}"'
        ref = _ref(expr, scope)
        if ref is None:
            continue
        kind, name, funcs = ref
        entry = (value[:a.start()], name, value[a.end():], funcs)
        if kind == "param":
            t.own.append(entry)
        elif kind == "i18n":
            t.i18n.append(entry)
        elif ranges:
            t.fields.append(entry)
    return t


@lru_cache(maxsize=16)
def _templates(layout_dirs: tuple[str, ...]) -> dict[str, Template]:
    out: dict[str, Template] = {}
    for layouts in layout_dirs:  # the site's own layouts first: they override the theme's
        for sub in ("shortcodes", "_shortcodes"):
            folder = os.path.join(layouts, sub)
            # shortcodes in subfolders are called by their path: shortcodes/home/calendar_dark.html
            # is {{< home/calendar_dark >}} (fluxcd.io's home page, whose <h3 id="calendar"> it writes)
            names = sorted(os.path.relpath(os.path.join(d, f), folder).replace(os.sep, "/")
                           for d, _dirs, files in os.walk(folder) for f in files)
            for fname in names:
                if not fname.endswith(".html"):
                    continue
                name = fname.split(".", 1)[0]
                if name in out:
                    continue
                try:
                    with open(os.path.join(folder, fname), encoding="utf-8", errors="replace") as fh:
                        out[name] = read_template(fh.read(500_000))
                except OSError:
                    continue
    return {k: v for k, v in out.items() if v.own or v.fields or v.constant or v.stores or v.i18n}


@lru_cache(maxsize=16)
def layout_ids(layout_dirs: tuple[str, ...]) -> frozenset[str]:
    """Literal ids in the page templates (``layouts/**``, shortcodes aside): the skip link's
    ``<main id="main-content">`` of ``baseof.html``, a partial's ``id="content-start"``.
    Which pages a template renders is not traced, so a link to one of these ids on any
    page of the site is taken as landing."""
    out: set[str] = set()
    for layouts in layout_dirs:
        for folder, dirs, files in os.walk(layouts):
            rel = os.path.relpath(folder, layouts).split(os.sep)[0]
            if rel in ("shortcodes", "_shortcodes"):
                dirs[:] = []
                continue
            for f in files:
                if not f.endswith(".html"):
                    continue
                try:
                    with open(os.path.join(folder, f), encoding="utf-8", errors="replace") as fh:
                        text = _COMMENT.sub("", fh.read(500_000))
                except OSError:
                    continue
                for m in _ID_ATTR.finditer(text):
                    value = m.group(1) if m.group(1) is not None else m.group(2)
                    if value and "{{" not in value and value.strip() == value:
                        out.add(value)
    return frozenset(out)


@lru_cache(maxsize=64)
def _translations(i18n_dirs: tuple[str, ...], lang: str) -> dict[str, str]:
    """A language's i18n strings (``i18n/<lang>.toml|yaml|yml|json``; the site's own files
    before its theme's): ``key = "text"``, ``[key] other = "text"`` or a list of
    ``{id, translation}``."""
    out: dict[str, str] = {}
    for folder in i18n_dirs:
        for ext in ("toml", "yaml", "yml", "json"):
            data = load_data(os.path.join(folder, f"{lang}.{ext}")) if os.path.isfile(
                os.path.join(folder, f"{lang}.{ext}")) else None
            items = data.items() if isinstance(data, dict) else (
                (d.get("id"), d.get("translation")) for d in data if isinstance(d, dict)) if isinstance(data, list) else ()
            for k, v in items:
                if isinstance(v, dict):
                    v = v.get("other") or v.get("one")
                if isinstance(k, str) and isinstance(v, str):
                    out.setdefault(k, v)
    return out


_CALL = re.compile(r"\{\{([<%])-?\s*(?!/\*)(/?)\s*([\w./-]+)(.*?)-?\s*[>%]\}\}", re.S)
_PARAM = re.compile(r"""(?:([\w-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|'([^']*)'|([^\s"'`=]+))""", re.S)


def calls(text: str) -> list[tuple[str, dict[str, str]]]:
    """Every shortcode opened in ``text``: (name, parameters by name and by position)."""
    out = []
    for m in _CALL.finditer(text):
        if m.group(2):
            continue  # a closing {{< /name >}}
        params: dict[str, str] = {}
        pos = 0
        for p in _PARAM.finditer(m.group(4)):
            val = next((g for g in p.group(2, 3, 4, 5) if g is not None), "")
            if p.group(1):
                params[p.group(1)] = val
            else:
                params[str(pos)] = val
                pos += 1
        out.append((m.group(3), params))
    return out


def _apply(value: str, funcs: tuple[str, ...]) -> str:
    for f in funcs:
        value = goldmark_slug(value) if f == "anchorize" else value.lower() if f == "lower" else urlize(value)
    return value


def anchors(layout_dirs: tuple[str, ...], text: str, i18n_dirs: tuple[str, ...] = (),
            lang: str = "en") -> set[str]:
    """The ids the site's shortcodes write into a page whose source is ``text`` (in
    language ``lang``, for ids made from ``i18n`` strings)."""
    if "{{" not in text:
        return set()
    temps = _templates(layout_dirs)
    if not temps:
        return set()
    found = [(name, params) for name, params in calls(text) if name in temps]
    out: set[str] = set()
    stored = [params for name, params in found if temps[name].stores]
    for name, params in found:
        t = temps[name]
        out.update(t.constant)
        for prefix, key, suffix, funcs in t.i18n:
            value = _translations(i18n_dirs, lang).get(key)
            if value is not None:
                out.add(prefix + _apply(value, funcs) + suffix)
        for prefix, param, suffix, funcs in t.own:
            if param in params:
                out.add(prefix + _apply(params[param], funcs) + suffix)
        for prefix, fld, suffix, funcs in t.fields:
            for params_ in stored:
                if fld in params_:
                    out.add(prefix + _apply(params_[fld], funcs) + suffix)
    return out

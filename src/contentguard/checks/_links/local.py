"""Local links: files, directory indexes, Markdown targets and #fragments. No network.

Fragments are looked up in the anchors of the documents this run parsed (ids, ``<a name>``
and GitHub-style heading slugs); a target file the run did not read (a pre-commit run on
one file) is parsed here, once.
"""
from __future__ import annotations

import os
from urllib.parse import unquote

from contentguard.checks._links.verdict import BROKEN, OK, Verdict
from contentguard.sources import load_file

DOC_EXTS = (".html", ".htm", ".xhtml", ".md", ".markdown", ".mdx")
MD_EXTS = (".md", ".markdown", ".mdx")


def fragment_ok(fragment: str, anchors, markdown: bool = False) -> bool:
    """Whether ``#fragment`` lands on something in ``anchors`` (ids, names, heading slugs).

    The empty fragment and ``#top`` always land (the HTML standard scrolls to the top);
    text fragments (``#:~:text=``) are not anchors. Ids are case-sensitive, except that
    Markdown heading links also match lower-cased, as GitHub resolves them.
    """
    if fragment in ("", ) or fragment.lower() == "top" or fragment.startswith(":~:"):
        return True
    cands = {fragment}
    try:
        cands.add(unquote(fragment, errors="strict"))
    except UnicodeDecodeError:
        pass
    for c in cands:
        if c in anchors or f"user-content-{c}" in anchors:
            return True
        if markdown and c.lower() in anchors:
            return True
    return False


def display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("../../..") else rel


class LocalResolver:
    def __init__(self, *, site_root: str | None, index_files: list[str], markdown_html: bool,
                 fallback_extensions: list[str], known_anchors: dict[str, frozenset]) -> None:
        self.site_root = site_root
        self.index_files = index_files
        self.markdown_html = markdown_html
        self.fallback_extensions = [e.lstrip(".") for e in fallback_extensions]
        self.known = known_anchors
        self._stat: dict[str, str | None] = {}
        self._parsed: dict[str, frozenset | None] = {}

    # --- files --------------------------------------------------------------
    def _kind(self, path: str) -> str | None:
        k = self._stat.get(path, "?")
        if k == "?":
            if os.path.isfile(path):
                k = "file"
            elif os.path.isdir(path):
                k = "dir"
            else:
                k = None
            self._stat[path] = k
        return k

    def _find(self, target: str, clean_urls: bool = False) -> tuple[str | None, str]:
        """The file a link lands on, or None and why not (``clean_urls``: ``x`` is served
        from ``x.html``, as static hosts serve a built site)."""
        k = self._kind(target)
        if k == "file":
            return target, ""
        if k == "dir":
            for name in self.index_files:
                cand = os.path.join(target, name)
                if self._kind(cand) == "file":
                    return cand, ""
            return None, f"directory without an index file ({', '.join(self.index_files)})"
        base, ext = os.path.splitext(target)
        if self.markdown_html and ext.lower() in (".html", ".htm"):
            for md in MD_EXTS:
                if self._kind(base + md) == "file":
                    return base + md, ""
        if not ext:
            for e in self.fallback_extensions or (("html",) if clean_urls else ()):
                if self._kind(f"{target}.{e}") == "file":
                    return f"{target}.{e}", ""
        return None, "file not found"

    def anchors_of(self, path: str):
        if path in self.known:
            return self.known[path]
        if path not in self._parsed:
            anchors = None
            if path.lower().endswith(DOC_EXTS):
                try:
                    loaded = load_file(path, path, 20_000_000)
                    if loaded.documents:
                        anchors = frozenset().union(*(d.anchors for d in loaded.documents))
                except Exception:  # unreadable target: no anchors known, no fragment finding
                    anchors = None
            self._parsed[path] = anchors
        return self._parsed[path]

    # --- links --------------------------------------------------------------
    def resolve(self, doc_path: str, path: str, fragment: str | None,
                absolute_fs: bool = False, root: str | None = None,
                clean_urls: bool = False) -> tuple[Verdict | None, str | None]:
        """(verdict on the file, the file it lands on); verdict None = not checkable
        (a root-relative link without ``site-root``). ``root`` overrides ``site-root``;
        ``clean_urls``: an extension-less link lands on ``x.html`` (a built site)."""
        try:
            p = unquote(path, errors="strict")
        except UnicodeDecodeError:
            p = path
        p = p.replace("\\", "/")
        if p == "":
            target = doc_path
        elif absolute_fs:
            target = os.path.normpath(p)
        elif p.startswith("/"):
            root = root or self.site_root
            if not root:
                return None, None
            target = os.path.normpath(os.path.join(root, p.lstrip("/")))
        else:
            target = os.path.normpath(os.path.join(os.path.dirname(doc_path), p))
        if p.endswith("/") and self._kind(target) == "file":
            return Verdict(BROKEN, f"broken link: {display(target)} is a file, not a directory"), None
        found, why = (doc_path, "") if p == "" else self._find(target, clean_urls)
        if found is None:
            return Verdict(BROKEN, f"broken link: {why}: {display(target)}"), None
        return Verdict(OK, html=found.lower().endswith(DOC_EXTS)), found

    def fragment_verdict(self, found: str, fragment: str | None) -> str | None:
        """A message when ``#fragment`` is missing from ``found``; None when fine or unknown."""
        if fragment is None or not found.lower().endswith(DOC_EXTS):
            return None
        anchors = self.anchors_of(found)
        if anchors is None:
            return None
        if fragment_ok(fragment, anchors, markdown=found.lower().endswith(MD_EXTS)):
            return None
        return f"missing anchor: #{fragment} is not an id, name or heading in {display(found)}"

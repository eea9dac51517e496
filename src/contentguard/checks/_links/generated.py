"""Pages a site's build writes: content files its ``.gitignore`` files keep out of the
repository ("# Imported" ``community.md``, ``content/en/flux/cmd/flux*``).

Docs sites import pages from other repositories at build time (fluxcd.io's
``hack/import-flux2-assets.sh`` writes the controllers' API pages into
``content/en/flux/components/``) and ignore the copies, so that nobody commits them. A
link to such a page cannot be checked from the source: it is not broken, it is not
there yet. Patterns are read with pathspec (git's own rules: anchored and unanchored
patterns, ``**``, folders), each ``.gitignore`` against its own folder; the files are
those at and under the site's root and, inside a git work tree, those above it up to the
tree's top.
"""
from __future__ import annotations

import os

from contentguard.sites.common import walk_files

#: extensions a page's source may have, tried for a URL without one
PAGE_EXTS = (".md", ".markdown", ".mdx", ".html", ".adoc", ".rst", ".org")


def _specs(root: str) -> list[tuple[str, object]]:
    """(folder, compiled patterns) of every ``.gitignore`` that applies under ``root``."""
    import pathspec  # MPL-2.0; ~75 ms to import, so only when a link is in doubt

    files = [f for f in walk_files(root, skip={"node_modules", ".git", ".hg", ".svn", ".venv", "venv",
                                                    "__pycache__", ".contentguard_cache"})
             if os.path.basename(f) == ".gitignore"]
    up, cur = [], root
    while True:  # the work tree's own .gitignore files above a site in a subfolder (docs/)
        parent = os.path.dirname(cur)
        if os.path.isdir(os.path.join(cur, ".git")) or parent == cur:
            break
        cur = parent
        up.append(os.path.join(cur, ".gitignore"))
    if not os.path.isdir(os.path.join(cur, ".git")):
        up = []  # not in a work tree: the folders above are none of the site's
    out = []
    for f in [*reversed(up), *files]:
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            continue
        out.append((os.path.dirname(f), _compile(pathspec, lines)))
    return out


def _compile(pathspec, lines: list[str]):
    """The patterns of one ``.gitignore``; a line git cannot read (a lone ``!``, a trailing
    backslash) is left out, as git leaves it out, and the others still count."""
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        good = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except ValueError:
                continue
            good.append(line)
        return pathspec.GitIgnoreSpec.from_lines(good)


class Generated:
    """Which source paths of a site its ``.gitignore`` files ignore (read once, on first use)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._specs: list | None = None

    def ignored_by(self, path: str) -> str | None:
        """The ``.gitignore`` (relative to the site's root) that ignores ``path``, or None."""
        if self._specs is None:
            self._specs = _specs(self.root)
        for folder, spec in self._specs:
            if path.startswith(folder + os.sep):
                if spec.match_file(os.path.relpath(path, folder).replace(os.sep, "/")):
                    return os.path.relpath(os.path.join(folder, ".gitignore"), self.root).replace(os.sep, "/")
        return None

    def page(self, base: str) -> tuple[str, str] | None:
        """(source, .gitignore) of an ignored page at ``base`` (a path without its
        extension: ``base`` itself, ``base.md``, ``base/index.md``, ``base/_index.md``, ...)."""
        name = os.path.basename(base)
        cands = [base] if os.path.splitext(name)[1] else []
        cands += [base + e for e in PAGE_EXTS]
        cands += [os.path.join(base, i + e) for i in ("index", "_index", "README") for e in PAGE_EXTS]
        for c in cands:
            got = self.ignored_by(c)
            if got is not None:
                return c, got
        return None

"""Site profiles: read a site the way its generator builds it.

:data:`PROFILES` is the explicit registry (a tuple, in detection order; like pre-commit's
``all_languages``). :func:`detect` finds the generator of the folder being checked from
its config files; :func:`for_run` decides the run's site from ``--profile``, the config's
``profile = "..."`` and detection. :data:`NONE` is ``--profile none``: the plain reading
(links resolved in the source tree only, root-relative ones against ``site-root``).

Detection order (first hit wins):

1. the checked folder (the common folder of the paths given; a file's folder), then each
   parent up to the repository root (the folder holding ``.git``; the filesystem root
   when there is none);
2. the checked folder's subfolders, one level down, then two levels down, in name order,
   leaving out hidden folders, ``node_modules``, ``vendor`` and build output (``_site``,
   ``public``, ``site``, ``build``, ``dist``);
3. in each folder, the profiles in :data:`PROFILES` order, each trying its
   ``config_files`` in their order; a profile's ``load`` may still say no (Hugo and Zola
   both use ``config.toml``), and the next candidate is tried.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable

from contentguard.errors import ConfigError
from contentguard.sites.base import Profile, Site, SiteLink
from contentguard.sites.common import read_config
from contentguard.sites.hugo import HUGO
from contentguard.sites.jekyll import JEKYLL
from contentguard.sites.middleman import MIDDLEMAN
from contentguard.sites.zola import ZOLA
from contentguard.sites.mkdocs import MKDOCS
from contentguard.sites.docusaurus import DOCUSAURUS
from contentguard.sites.eleventy import ELEVENTY
from contentguard.sites.astro import ASTRO
from contentguard.suggest import did_you_mean

__all__ = ["NONE", "PROFILES", "REPOSITORY", "Profile", "Site", "SiteLink", "detect", "for_run", "get", "names",
           "retired"]

#: every profile, in detection order (a folder with both a Jekyll and a Middleman config is
#: Jekyll's); owners add theirs here
PROFILES: tuple[Profile, ...] = (JEKYLL, MIDDLEMAN, HUGO, ZOLA, MKDOCS, DOCUSAURUS, ELEVENTY, ASTRO)

#: ``--profile none`` / ``profile = "none"``: the plain reading, no generator
NONE = Site(profile="none", root="", config=None, how="--profile none: the plain reading")
#: the profile name of a run where no generator was detected: the source tree is read the
#: plain way, and root-relative links resolve against the repository root (``Site.root``)
REPOSITORY = "repository"

_SKIP_DIRS = {"node_modules", "vendor", "_site", "public", "site", "build", "dist", "__pycache__",
              "venv", "target", "resources"}


def names() -> list[str]:
    return [p.name for p in PROFILES]


def get(name: str) -> Profile | None:
    """The registered profile called ``name``; None for "none" or an unknown name."""
    for p in PROFILES:
        if p.name == name:
            return p
    return None


def retired(site: Site | None, path: str) -> bool:
    """Whether the site's generator has retired the page at ``path`` (``profile.retired``:
    a Hugo page past its ``expiryDate``, unless ``buildExpired``): it is not published and
    will not be again, so neither its links nor its dates are checked. Drafts are not
    retired: they are about to be published."""
    if site is None:
        return False
    gone = getattr(get(site.profile), "retired", None)
    return gone is not None and bool(gone(site, os.path.abspath(path)))


_YEAR_NAME = re.compile(r"(?:https?://)?((?:19|20)\d\d)\.[a-z0-9-]+\.[a-z0-9.-]+(?:/|$)|"
                        r"https?://[^/]+/((?:19|20)\d\d)/?$", re.I)


@lru_cache(maxsize=16)
def _named_year(root: str, base_url: str | None, folders: tuple[str, ...]) -> tuple[int, str] | None:
    names = [(base_url, "its URL")] if base_url else []
    for folder in (root, *folders):
        try:
            with open(os.path.join(folder, "CNAME"), encoding="utf-8", errors="replace") as fh:
                names.append((fh.read(200).strip(), "CNAME"))
            break
        except OSError:
            continue
    for name, where in names:
        m = _YEAR_NAME.match(name.strip())
        if m:
            return int(m.group(1) or m.group(2)), f"{where} {name.strip()}"
    return None


def named_year(site: Site | None) -> tuple[int, str] | None:
    """The year a site is named for, and what says so: a conference's yearly site
    (``2024.djangocon.us`` in its CNAME file or URL, ``https://us.pycon.org/2024/``), a
    record of that year's event once the year is over. None for any other site."""
    if site is None or not site.root:
        return None
    return _named_year(site.root, site.base_url, tuple(dict.fromkeys((*site.static_dirs, *site.content_dirs))))


def _try(folder: str, profiles: Iterable[Profile], how: str, problems: list | None = None) -> Site | None:
    for prof in profiles:
        for rel in prof.config_files:
            cfg = os.path.join(folder, rel)
            if os.path.isfile(cfg):
                try:
                    site = prof.load(folder, cfg)
                except (OSError, ValueError, UnicodeDecodeError):
                    site = None  # an unreadable config: not this generator's, try on
                if site is None:
                    if problems is not None and cfg.endswith((".toml", ".json", ".yml", ".yaml")):
                        reason = read_config(cfg)[1]
                        if reason:  # unreadable, and its name does not tell the generator
                            problems.append((cfg, reason))
                    continue
                shown = os.path.relpath(cfg)
                said = site.how or how.format(config=shown)
                if site.problem:  # its own config file, unreadable: the profile's defaults
                    return replace(site, how=f"{said}, unreadable: {prof.name}'s defaults",
                                   problem=f"{shown}: {site.problem}; the {prof.name} profile goes on "
                                           f"with its defaults")
                return replace(site, how=said) if not site.how else site
    return None


def _subfolders(folder: str) -> list[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    return [e.path for e in entries
            if e.is_dir(follow_symlinks=False) and not e.name.startswith(".") and e.name not in _SKIP_DIRS]


def _repo_top(folder: str) -> str | None:
    for f in [folder, *_parents(folder)]:
        if os.path.exists(os.path.join(f, ".git")):
            return f
    return None


def _parents(folder: str) -> list[str]:
    out = []
    while True:
        up = os.path.dirname(folder)
        if up == folder:
            return out
        out.append(up)
        folder = up


def start_folder(paths: list[str]) -> str:
    """The common folder of the checked paths (a file stands for its folder)."""
    folders = []
    for p in paths or ["."]:
        a = os.path.abspath(p)
        folders.append(a if os.path.isdir(a) or not os.path.exists(a) and not os.path.splitext(a)[1]
                       else os.path.dirname(a))
    try:
        return os.path.commonpath(folders)
    except ValueError:  # different drives
        return folders[0]


def detect(paths: list[str], profiles: Iterable[Profile] | None = None,
           problems: list | None = None) -> Site | None:
    """The site the checked ``paths`` belong to, from the generators' config files (see the
    module's detection order); None when no profile recognises anything. ``problems``, when
    given, collects (config file, reason) of the unreadable configs no profile could claim."""
    profs = tuple(PROFILES if profiles is None else profiles)
    start = start_folder(paths)
    top = _repo_top(start)
    ups = [start]
    for f in _parents(start):
        if top is None or len(f) >= len(top):
            ups.append(f)
    how = "detected from {config}"
    for folder in ups:
        site = _try(folder, profs, how, problems)
        if site is not None:
            return site
    level = [start]
    for _depth in (1, 2):
        level = [s for f in level for s in _subfolders(f)]
        for folder in level:
            site = _try(folder, profs, how, problems)
            if site is not None:
                return site
    return None


def for_run(paths: list[str], cli: str | None, configured: str | None, origin: str) -> Site | None:
    """The run's site: ``--profile`` (``cli``) over the config's ``profile`` (``configured``,
    from ``origin``) over detection. A named profile whose config file is not found is still
    used, rooted at the checked folder. :data:`NONE` for "none"; when nothing is detected, a
    :data:`REPOSITORY` site rooted at the repository's top folder (else the checked folder)."""
    name, where = (cli, "--profile") if cli else (configured, f"profile in {origin}") if configured else (None, "")
    problems: list = []
    if name is None:
        found = detect(paths, problems=problems)
        if found is not None:
            return found
        start = start_folder(paths)
        top = _repo_top(start) or start
        shown = os.path.relpath(top)
        return Site(profile=REPOSITORY, root=top, config=None,
                    how=f"no site generator detected: root-relative links resolve against "
                        f"{'the repository root' if _repo_top(start) else 'the checked folder'} "
                        f"{shown if shown != '.' else './'}", problem=_unclaimed(problems))
    if name == "none":
        return NONE
    prof = get(name)
    if prof is None:
        raise ConfigError(f"{where}: unknown site profile '{name}'{did_you_mean(name, names() + ['none'])}; "
                          f"profiles: {', '.join(names() + ['none'])}")
    said = f'profile = "{name}" in {origin}' if where != "--profile" else f"--profile {name}"
    site = detect(paths, (prof,), problems)
    if site is not None:
        return replace(site, how=f"{said}, config {os.path.relpath(site.config)}" if site.config else said)
    root = start_folder(paths)
    if problems:  # the named generator's config.toml, unreadable: its defaults
        cfg, reason = problems[0]
        return Site(profile=name, root=root, config=None, how=f"{said} ({os.path.relpath(cfg)} unreadable: "
                                                              f"{name}'s defaults; rooted at {os.path.relpath(root)})",
                    content_dirs=(root,), problem=f"{os.path.relpath(cfg)}: {reason}; the {name} profile goes "
                                                  f"on with its defaults")
    return Site(profile=name, root=root, config=None, how=f"{said} (no config file found; rooted at "
                                                          f"{os.path.relpath(root)})",
                content_dirs=(root,))


def _unclaimed(problems: list) -> str:
    """The notice for an unreadable config no profile could claim (``config.toml``: Hugo's or
    Zola's), when no other config was found: the plain reading goes on."""
    if not problems:
        return ""
    cfg, reason = problems[0]
    owners = [p.name for p in PROFILES if os.path.basename(cfg) in p.config_files]
    return (f"{os.path.relpath(cfg)}: {reason}; not known which generator it configures "
            f"({' or '.join(owners)}): links are read the plain way, as with no generator")

"""The engine: paths → files → documents → checks → findings → filters.

Files are processed in worker processes when there are many (one-phase checks run
there; two-phase checks collect there and finish in the main process).
"""
from __future__ import annotations

import datetime as _dt
import fnmatch
import os
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from contentguard import baseline as _baseline
from contentguard import resultcache
from contentguard import sites
from contentguard import suppress
from contentguard.checks.registry import all_checks, all_rules
from contentguard.config import (Config, ConfigError, DEFAULT_EXCLUDE, cache_folder, load_config, resolve_path,
                                 validate)
from contentguard.context import Context
from contentguard.excerpt import overlay
from contentguard.findings import SEVERITY_RANK, Finding, fingerprint
from contentguard.lineindex import LineIndex
from contentguard.packs import load_packs
from contentguard.procs import die_with_parent
from contentguard.results import FileResult
from contentguard.sources import kind_of, load_file
from contentguard.suggest import did_you_mean

PARALLEL_MIN_FILES = 64


# --- selection ------------------------------------------------------------------

def rule_matches(rule_id: str, category: str, pattern: str) -> bool:
    """A selector matches a rule id, a family prefix (``pii``), a category or ``ALL``."""
    p = pattern.strip()
    if p in ("ALL", "all", "*"):
        return True
    if p == rule_id or p == category:
        return True
    p = p.rstrip("/")
    return rule_id.startswith(p + "/")


def selectors(rules: dict) -> set[str]:
    """Every word a selector may be: rule ids, their families (``pii``) and categories."""
    out = {"ALL"}
    for r in rules.values():
        out.add(r.id)
        out.add(r.category)
        parts = r.id.split("/")
        out.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return out


def unknown_selector(rules: dict, pattern: str) -> str | None:
    """None when ``pattern`` selects a rule; otherwise the message, with a "did you mean"."""
    if any(rule_matches(r.id, r.category, pattern) for r in rules.values()):
        return None
    return f"unknown rule or category '{pattern}'{did_you_mean(pattern, selectors(rules))}"


def check_selectors(rules: dict, patterns, where: str) -> None:
    """A ConfigError naming ``where`` for the first pattern that selects no rule."""
    for pat in patterns:
        msg = unknown_selector(rules, pat)
        if msg:
            raise ConfigError(f"{where}: {msg}; `contentguard rules` lists them")


def selected_rules(rules: dict, select: list[str], ignore: list[str]) -> set[str]:
    check_selectors(rules, select, "select")
    check_selectors(rules, ignore, "ignore")
    out = set()
    for r in rules.values():
        if select and not any(rule_matches(r.id, r.category, p) for p in select):
            continue
        if any(rule_matches(r.id, r.category, p) for p in ignore):
            continue
        out.add(r.id)
    return out


def make_context(config: Config | None = None, today: str | _dt.date | None = None,
                 rules: list[str] | None = None, select: list[str] | None = None,
                 ignore: list[str] | None = None, online: bool | None = None,
                 allow_private: bool = False, use_cache: bool = True, profile: str | None = None) -> Context:
    """A ready context: config (default: none), reference date, packs, selection."""
    config = config or validate({}, "defaults")
    if isinstance(today, str):
        try:
            today = _dt.date.fromisoformat(today)
        except ValueError:
            raise ConfigError(f"--today must be a date as YYYY-MM-DD, got {today!r}") from None
    today = today or config.get("today") or _dt.date.today()
    pack_paths = [resolve_path(config, p) for p in config.get("rules")] + list(rules or [])
    packs = load_packs(pack_paths)
    all_r = all_rules(packs)
    origin = str(config.path) if config.path else "config"
    for key in ("select", "ignore", "severity"):
        check_selectors(all_r, config.get(key), f"{origin}: {key}")
    check_selectors(all_r, select or [], "--select")
    check_selectors(all_r, ignore or [], "--ignore")
    for glob, pats in config.get("per-file-ignores").items():
        check_selectors(all_r, pats, f"{origin}: per-file-ignores '{glob}'")
    sel = selected_rules(all_r, list(config.get("select")) + list(select or []),
                         list(config.get("ignore")) + list(ignore or []))
    links = config.section("links")
    if online is None:
        online = bool(links.get("online", False))
    allow_private = allow_private or bool(links.get("allow-private", False))
    return Context(config=config, today=today, packs=packs, rules=all_r, selected=sel,
                   online=online, allow_private=allow_private, use_cache=use_cache,
                   root=str(config.project_root()), profile=profile)


# --- discovery ------------------------------------------------------------------

def _excluded(rel: str, patterns: list[str]) -> bool:
    parts = rel.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat + "/*"):
            return True
        if "/" not in pat and any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
    return False


def _git_files(folder: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files under ``folder`` (None outside git)."""
    try:
        out = subprocess.run(["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard", "--full-name", "."],
                             capture_output=True, timeout=60)
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0 or top.returncode != 0:
        return None
    root = Path(top.stdout.strip())
    return [str(root / p) for p in out.stdout.decode("utf-8", "replace").split("\0") if p]


def _force_excluded(path: str, config: Config, exclude: list[str], include: list[str]) -> bool:
    """Does an explicitly named file fall under exclude (or outside include)?"""
    try:
        rel = Path(path).resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        rel = Path(path).as_posix().lstrip("./")
    if _excluded(rel, exclude):
        return True
    return bool(include) and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(rel), g)
                                     for g in include)


def discover(paths: list[str], config: Config, skipped: list[tuple[str, str]] | None = None,
             ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(file on disk, display path) pairs to check, and (path, reason) pairs not found.

    A directory is walked (``.gitignore`` respected, include/exclude globs applied,
    unknown file types left out); a file named explicitly is always read, unless
    ``force-exclude`` is set (as ruff does: pre-commit passes every file by name, and
    the config's excludes must still hold there). A symlink met in a walked folder whose
    target lies outside that folder (``/etc/passwd``, a credentials file, ``/dev/zero``)
    is left out, with (display path, reason) added to ``skipped``: only a path named
    on the command line is followed out of the tree.
    """
    exclude = DEFAULT_EXCLUDE + list(config.get("exclude")) + list(config.get("extend-exclude"))
    include = list(config.get("include"))
    files: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    seen = set()
    for p in paths:
        if not os.path.lexists(p):
            missing.append((p, "no such file or directory"))
            continue
        if not os.path.isdir(p):
            if config.get("force-exclude") and _force_excluded(p, config, exclude, include):
                continue
            if p not in seen:
                seen.add(p)
                files.append((p, p))
            continue
        base = Path(p)
        listed = _git_files(base) if config.get("respect-gitignore") else None
        absbase = base.resolve()
        if listed is not None:
            cands = []
            for f in listed:
                try:  # the folders resolved, not the file: a symlink is judged below
                    rel = (Path(f).parent.resolve() / Path(f).name).relative_to(absbase).as_posix()
                except ValueError:
                    continue
                cands.append(rel)
        else:
            cands = []
            for dirpath, dirnames, filenames in os.walk(p):
                reldir = os.path.relpath(dirpath, p).replace(os.sep, "/")
                reldir = "" if reldir == "." else reldir + "/"
                dirnames[:] = sorted(d for d in dirnames if not _excluded(reldir + d, exclude))
                cands += [reldir + f for f in sorted(filenames)]
        for rel in sorted(cands):
            if _excluded(rel, exclude) or kind_of(rel) is None:
                continue
            if include and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(rel), g)
                                   for g in include):
                continue
            disp = os.path.join(p, rel) if p not in (".", "./") else rel
            full = os.path.join(p, rel)
            if os.path.islink(full) and os.path.exists(full) and not _inside(full, absbase):
                if skipped is not None:
                    skipped.append((disp, "symlink to a file outside the checked folder "
                                          "(name it on the command line to check it)"))
                continue
            if disp not in seen:
                seen.add(disp)
                files.append((full, disp))
    return files, missing


def _inside(path: str, folder: Path) -> bool:
    """Does ``path``, symlinks followed, lie inside ``folder`` (already resolved)?"""
    try:
        Path(os.path.realpath(path)).relative_to(folder)
        return True
    except ValueError:
        return False


# --- processing -----------------------------------------------------------------

_WORKER_CTX: Context | None = None


def _notice(ctx: Context, rule: str, path: str, lines: LineIndex | None, offset: int | None,
            message: str) -> Finding:
    r = ctx.rules[rule]
    line, col = lines.position(offset) if (lines is not None and offset is not None) else (1, 1)
    return Finding(rule=rule, category=r.category, severity=r.severity, message=message, path=path,
                   line=line, column=col, end_line=line, end_column=col, excerpt="",
                   fingerprint=fingerprint(rule, message, ctx.key_path(path)), kind=r.kind)


def process_file(ctx: Context, fs_path: str, display: str, checks) -> FileResult:
    """One file, isolated: whatever reading or checking it raises (a reader's bug, a
    RecursionError, a MemoryError) becomes a notice for this file and the run goes on."""
    try:
        loaded = load_file(fs_path, display, ctx.config.get("max-file-size"),
                           date_order=ctx.option("dates", "date-order"))
        return process_loaded(ctx, loaded, display, checks)
    except Exception as e:  # noqa: BLE001 - per-file isolation: report it, go on
        return failed_file(ctx, display, e)


def failed_file(ctx: Context, display: str, e: BaseException) -> FileResult:
    """The result of a file whose reading or checking failed: one notice naming why."""
    res = FileResult(display)
    res.skipped = f"not checked: {type(e).__name__}"
    if "contentguard/notice" in ctx.selected:
        why = ("nested too deeply" if isinstance(e, RecursionError) else
               "out of memory" if isinstance(e, MemoryError) else "internal error")
        res.findings.append(_notice(ctx, "contentguard/notice", display, None, None,
                                    f"not checked: {why} ({type(e).__name__}: {str(e)[:200]})"))
    return res


def process_loaded(ctx: Context, loaded, display: str, checks) -> FileResult:
    """Notices, checks and inline suppressions over already-parsed input (a file's
    ``load_file`` result, or a fetched page's ``sources.parse`` result in an audit)."""
    res = FileResult(display)
    res.size = len(loaded.source)
    if loaded.skipped:
        res.skipped = loaded.skipped
        # a data file that is no post queue is fine: the summary lists it, no finding
        if "contentguard/skipped" in ctx.selected and not loaded.skipped.startswith("not a post queue"):
            res.findings.append(_notice(ctx, "contentguard/skipped", display, None, None,
                                        f"skipped: {loaded.skipped}"))
        return res
    lines = loaded.documents[0].lines if loaded.documents else LineIndex(loaded.source)
    for n in loaded.notices:
        if n.rule in ctx.selected:
            res.findings.append(_notice(ctx, n.rule, display, lines, n.offset, n.message))
    res.documents = len(loaded.documents)
    found: list[Finding] = []
    budget = ctx.config.get("max-file-seconds")
    deadline = time.monotonic() + budget if budget and budget > 0 else None
    for n_doc, doc in enumerate(loaded.documents):
        for n_chk, chk in enumerate(checks):
            if doc.kind == "record" and not chk.reads_records:
                continue
            if deadline is not None and time.monotonic() > deadline:
                res.findings.append(_budget_notice(ctx, display, budget, loaded.documents, checks, n_doc, n_chk))
                break
            try:
                if chk.two_phase:
                    data = chk.collect(doc, ctx)
                    if data is not None:
                        res.collected.setdefault(chk.name, []).append(data)
                else:
                    found.extend(f for f in chk.check(doc, ctx) if f.rule in ctx.selected)
            except Exception as e:  # a crash in a check is a bug; report it, go on
                res.findings.append(_notice(ctx, "contentguard/notice", display, None, None,
                                            f"internal error in check '{chk.name}': {type(e).__name__}: {e}"))
        else:
            continue
        break  # the time budget ran out
    found = _mask_personal_lines(found)
    syntax_path = display
    if suppress.syntax_of(display) is None and loaded.documents:
        # a fetched page (audit) is named by its URL, not its extension: its kind says the syntax
        syntax_path = "x." + {"html": "html", "markdown": "md", "text": "txt"}.get(loaded.documents[0].kind, "json")
    sups, misplaced = suppress.scan(loaded.source, lines, syntax_path, suppress.post_regions(loaded.documents))
    if "contentguard/unknown-rule" in ctx.selected:
        for s in sups:
            for r in s.rules:
                msg = unknown_selector(ctx.rules, r)
                if msg:  # pointed at the mistyped id itself
                    start = lines.offset(s.line, s.column)
                    at = loaded.source.find(r, loaded.source.find("[", start))
                    res.findings.append(_notice(ctx, "contentguard/unknown-rule", display, lines,
                                                at if at >= 0 else start, f"contentguard: ignore[...]: {msg}"))
    found = suppress.apply(found, sups)
    if ctx.config.get("report-unused-suppressions") and "contentguard/unused-suppression" in ctx.selected:
        for s in sups:
            if not s.used:
                off = lines.offset(s.line, s.column)
                res.findings.append(_notice(ctx, "contentguard/unused-suppression", display, lines, off,
                                            "unused suppression" + (f" for {', '.join(s.rules)}" if s.rules else "")))
        for mp in misplaced:  # smuggled into published text, or in a file with no comments
            res.findings.append(_notice(ctx, "contentguard/unused-suppression", display, lines, mp.offset,
                                        f"misplaced suppression, ignored: {mp.reason}"))
    res.findings.extend(found)
    res.sups = sups
    return res


def _budget_notice(ctx: Context, display: str, budget: float, docs, checks, n_doc: int, n_chk: int) -> Finding:
    """The notice for a file whose max-file-seconds ran out: what was left unchecked."""
    left_here = [c.name for c in checks[n_chk:]]
    rest = len(docs) - n_doc - 1
    what = f"check{'s' if len(left_here) != 1 else ''} {', '.join(left_here)}"
    if len(docs) > 1:
        what += f" on document {n_doc + 1} of {len(docs)}"
        if rest:
            what += f", and every check on the {rest} document{'s' if rest != 1 else ''} after it"
    return _notice(ctx, "contentguard/notice", display, None, None,
                   f"max-file-seconds ({budget:g} s) used up: not checked: {what}")


def _mask_personal_lines(found: list[Finding]) -> list[Finding]:
    """Other findings' source lines with this file's personal-data findings masked
    (names included, which the line masking in Context cannot find without NER)."""
    pii: dict[tuple[str, int], list[tuple[int, int]]] = {}
    masks: dict[tuple[str, int], dict[tuple[int, int], str]] = {}
    for f in found:
        if f.category == "personal-data" and f.line == f.end_line:
            span = (f.column - 1, f.end_column - 1)
            pii.setdefault((f.path, f.line), []).append(span)
            masks.setdefault((f.path, f.line), {})[span] = f.excerpt
    if not pii:
        return found
    for spans in pii.values():
        spans.sort()
    out = []
    for f in found:
        spans = pii.get((f.path, f.line)) if f.source_line is not None else None
        if spans:
            f = replace(f, source_line=overlay(f.source_line, f.source_shift, spans, masks[(f.path, f.line)]))
        out.append(f)
    return out


def _worker_init(ctx: Context) -> None:
    global _WORKER_CTX
    die_with_parent()
    _WORKER_CTX = ctx


def _worker_run(batch):
    ctx = _WORKER_CTX
    checks = active_checks(ctx)
    for chk in checks:
        chk.setup(ctx)  # a no-op when the parent set up before forking
    return [process_file(ctx, fs_path, display, checks) for fs_path, display in batch]


def site_for(ctx: Context, paths: list[str], profile: str | None):
    """The run's site (``sites.for_run``: ``profile`` over the config's over detection), with
    the run's reference date (--today): what a build on that day publishes (expiryDate)."""
    site = sites.for_run(paths, profile, ctx.config.get("profile"), str(ctx.config.path or "config"))
    if site is not None and site.problem:  # an unreadable generator config: said once, the run goes on
        ctx.notice_once(f"site:config:{site.problem}", site.problem)
    if site is not None and site.options is not None and ctx.today is not None:
        site = replace(site, options={**site.options, "today": str(ctx.today)})
    return site


def active_checks(ctx: Context):
    """Checks with at least one selected rule (their own or from rule packs)."""
    return [c for c in all_checks().values()
            if any(r.id in ctx.selected for r in (*c.rules, *c.pack_rules(ctx.packs)))]


@dataclass
class RunResult:
    findings: list[Finding]
    files: int
    documents: int
    bytes: int
    skipped: list[tuple[str, str]]
    extra_summary: dict = field(default_factory=dict)
    all_findings: list[Finding] = field(default_factory=list)  # before baseline (for `baseline`)


def run(ctx: Context, paths: list[str], jobs: int = 0, baseline_file: str | None = None,
        use_baseline: bool = True, progress=None) -> RunResult:
    """Check ``paths``. The baseline hides what it recorded: ``baseline_file`` (relative to the
    working directory), else the config's ``baseline`` (relative to the config file's folder);
    ``use_baseline=False`` (the ``baseline`` command, which writes it) applies none.
    ``progress(done, total, findings)`` is called as files are done (a progress bar)."""
    outside: list[tuple[str, str]] = []
    files, missing = discover(paths, ctx.config, outside)
    checks = active_checks(ctx)
    # before forking: workers inherit it (links resolve through it; dates skip retired pages)
    if ctx.site is None and any(c.name in ("links", "dates") for c in checks):
        ctx.site = site_for(ctx, paths, ctx.profile)
    jobs = jobs or ctx.config.get("jobs") or (os.cpu_count() or 1)
    ctx.jobs = jobs  # the link check resolves its targets in as many processes
    results: list[FileResult] = []
    # set up once here: forked workers inherit what setup decides (compiled packs,
    # loaded models, a missing model's notice) instead of repeating it in each
    for chk in checks:
        chk.setup(ctx)
    cache = None
    if ctx.use_cache and files and resultcache.cacheable(checks):
        cache = resultcache.ResultCache(cache_folder(ctx.config, ctx.config.get("cache-dir")),
                                        resultcache.settings_hash(ctx, checks))
    slots: list[FileResult | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    if cache is not None:
        for i, (f, d) in enumerate(files):
            keys[i] = cache.key(f, d)
            slots[i] = cache.get(keys[i], checks)
    todo = [i for i, r in enumerate(slots) if r is None]
    fresh: list[FileResult] = []
    seen = [len(files) - len(todo), sum(len(r.findings) for r in slots if r is not None)]
    two_phase = [c for c in checks if c.two_phase]

    def early(chunk) -> None:  # a two-phase check may start on what is collected so far
        for chk in two_phase:
            data = [d for r in chunk if r is not None for d in r.collected.get(chk.name, [])]
            if data:
                chk.early(data, ctx)

    def tick(chunk) -> None:
        seen[0] += len(chunk)
        seen[1] += sum(len(r.findings) for r in chunk)
        early(chunk)
        if progress is not None:
            progress(seen[0], len(files), seen[1])

    early(slots)  # from the results cache

    if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES:
        import multiprocessing as mp

        n = min(jobs, len(todo))
        size = max(8, len(todo) // (n * 4))
        batches = [[files[i] for i in todo[k:k + size]] for k in range(0, len(todo), size)]
        from concurrent.futures.process import BrokenProcessPool

        with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork"),
                                 initializer=_worker_init, initargs=(ctx,)) as ex:
            futures = [ex.submit(_worker_run, b) for b in batches]
            for batch, fut in zip(batches, futures):
                try:
                    chunk = fut.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): finish here
                    chunk = [process_file(ctx, f, d, checks) for f, d in batch]
                fresh.extend(chunk)
                tick(chunk)
    else:
        for i in todo:
            fresh.append(process_file(ctx, *files[i], checks))
            tick(fresh[-1:])
    for i, r in zip(todo, fresh):
        slots[i] = r
        if cache is not None and not (r.skipped or "").startswith("not checked") and not any(
                f.rule == "contentguard/notice" and "max-file-seconds" in f.message for f in r.findings):
            cache.put(keys[i], r, checks)  # a failed file is tried again next run
    if cache is not None:
        cache.close()
    results = slots
    findings: list[Finding] = []
    skipped = list(missing)
    for p, reason in missing:
        if "contentguard/not-found" in ctx.selected:  # a typo in CI must not pass silently
            findings.append(_notice(ctx, "contentguard/not-found", p, None, None, f"not checked: {reason}"))
    for p, reason in outside:
        skipped.append((p, reason))
        if "contentguard/skipped" in ctx.selected:
            findings.append(_notice(ctx, "contentguard/skipped", p, None, None, f"skipped: {reason}"))
    sups_by_path = {}
    for r in results:
        findings.extend(r.findings)
        if r.skipped:
            skipped.append((r.path, r.skipped))
        sups_by_path[r.path] = r.sups
    extra: dict = {}
    for chk in checks:
        if chk.two_phase:
            collected = [d for r in results for d in r.collected.get(chk.name, [])]
            try:
                late = [f for f in chk.finish(collected, ctx) if f.rule in ctx.selected]
            except Exception as e:
                late = [_notice(ctx, "contentguard/notice", "-", None, None,
                                f"internal error in check '{chk.name}': {type(e).__name__}: {e}")]
            by_path: dict[str, list[Finding]] = {}
            for f in late:
                by_path.setdefault(f.path, []).append(f)
            for p, fs in by_path.items():
                findings.extend(suppress.apply(fs, sups_by_path.get(p, [])))
            extra.update(chk.summary)
    findings = filter_findings(findings, ctx)
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.rule))
    all_f = list(findings)
    bl = baseline_file or (ctx.config.resolve_path(ctx.config.get("baseline")) if ctx.config.get("baseline") else None)
    if bl and use_baseline:
        findings = _baseline.apply(findings, _baseline.load(bl))
    return RunResult(findings=findings, files=len(results) - sum(1 for r in results if r.skipped),
                     documents=sum(r.documents for r in results), bytes=sum(r.size for r in results),
                     skipped=skipped, extra_summary=extra, all_findings=all_f)


def filter_findings(findings: list[Finding], ctx: Context) -> list[Finding]:
    """per-file-ignores and severity overrides (select/ignore were applied up front)."""
    pfi = ctx.config.get("per-file-ignores")
    sev = ctx.config.get("severity")
    out = []
    for f in findings:
        if pfi:
            norm = f.path.replace(os.sep, "/")
            if norm.startswith("./"):
                norm = norm[2:]
            skip = False
            for glob, pats in pfi.items():
                if fnmatch.fnmatch(norm, glob) or fnmatch.fnmatch(os.path.basename(norm), glob):
                    if any(rule_matches(f.rule, f.category, p) for p in pats):
                        skip = True
                        break
            if skip:
                continue
        if sev:
            for pat, s in sev.items():
                if rule_matches(f.rule, f.category, pat):
                    f = f.with_severity(s)
        out.append(f)
    return out


def exit_code(findings: list[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    floor = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= floor for f in findings) else 0


def load(config_path: str | None = None) -> Config:
    return load_config(config_path)

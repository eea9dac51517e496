"""``contentguard audit URL|DIR``: the audit command, run once cli.py has parsed its
arguments (with audit/parser.py; cli.py loads this module only then, for start-up)."""
from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

from contentguard import __version__, engine
from contentguard.atomic import write_output
from contentguard.audit import export, report_html
from contentguard.audit.crawl import AuditError, Auditor, Options, normalise
from contentguard.audit.progress import Progress
from contentguard.audit.store import Store
from contentguard.commands import csv_list
from contentguard.config import ConfigError
from contentguard.findings import SEVERITY_RANK

#: crawl settings a --resume may change; everything else comes from the stored run
RESUME_OVERRIDES = ("max_pages", "max_depth", "delay", "concurrency", "timeout", "page_timeout", "jobs")


def _target(raw: str) -> tuple[str, str]:
    if raw.lower().startswith(("http://", "https://")):
        norm = normalise(raw)
        if norm is None:
            raise ConfigError(f"not a valid URL: {raw}")
        return norm, "url"
    if "://" in raw:
        raise ConfigError(f"only http and https sites can be audited, not {raw}")
    if not os.path.isdir(raw):
        raise ConfigError(f"{raw}: no such directory (give a folder or an http(s) URL)")
    return os.path.normpath(raw), "dir"  # "public", "public/" and "./public" share a history


def cmd_audit(args) -> int:
    out = sys.stdout
    if (args.history or args.report_only) and not os.path.exists(args.db):
        # reading history must not create an empty database, and must say where it looked
        raise ConfigError(f"{os.path.abspath(args.db)}: no audit database there (no audit run yet in this "
                          f"folder, or name the file with --db)")
    try:
        store = Store(args.db)
    except Exception as e:  # not a database, a newer schema, unwritable folder
        raise ConfigError(f"{args.db}: cannot open the audit database ({type(e).__name__}: {e})") from None
    try:
        if args.history:
            target = _target(args.target)[0] if args.target else None
            export.write_history(store, target, out)
            return 0
        if not args.target:
            raise ConfigError("audit needs a URL or a folder (or --history)")
        target, mode = _target(args.target)
        run = None
        if args.report_only:
            last = store.runs(target)
            if not last:
                raise ConfigError(f"no stored audit of {target} in {args.db}")
            return _outputs(args, store, last[-1].id, target, None, engine.load(args.config))
        if args.resume:
            run = store.last_unfinished(target)
            if run is None and not args.quiet:
                print(f"contentguard: nothing to resume for {target}: starting a new audit", file=sys.stderr)
        given = {"max_pages": args.max_pages, "max_depth": args.max_depth, "scope": args.scope,
                 "include": args.include, "exclude": args.exclude, "delay": args.delay,
                 "concurrency": args.concurrency, "timeout": args.timeout, "page_timeout": args.page_timeout,
                 "jobs": args.jobs}
        checks = {"today": args.today, "rules": [os.path.abspath(r) for r in args.rules] or None,
                  "select": csv_list(args.select) or None, "ignore": csv_list(args.ignore) or None,
                  "online": args.online or None, "allow_private": args.allow_private or None}
        if run is not None:
            other = store.running_elsewhere(run.id)
            if other is not None:
                raise ConfigError(f"run {run.id} of {target} is being audited by process {other} right now")
            stored = dict(run.options)
            # a budget stopped the first pass: resuming means going on, so the budget is the
            # default one unless given again
            stored["max_pages"] = Options.__dataclass_fields__["max_pages"].default
            for k in RESUME_OVERRIDES:
                if given.get(k) is not None:
                    stored[k] = given[k]
            for k, v in checks.items():
                if v is not None:
                    stored.setdefault("checks", {})[k] = v
            opts = Options.from_dict(stored)
            chk = dict(stored.get("checks", {}))
            chk["today"] = args.today or run.today
        else:
            opts = Options(target=target, mode=mode,
                           **{k: v for k, v in given.items() if v is not None})
            opts.allow_private = bool(args.allow_private)
            chk = {k: v for k, v in checks.items() if v is not None}
        cfg = engine.load(args.config)
        if mode == "dir" and not cfg.section("links").get("site-root"):
            # the folder is the built site: /about/ is DIR/about/, as the web server will serve it
            cfg.sections.setdefault("links", {})["site-root"] = os.path.abspath(target)
        flag = bool(chk.get("allow_private") or opts.allow_private)
        # --allow-private on a site audit lets the crawl and the link check reach the
        # target's own host on a private address (a staging site), and no other private
        # host its pages link to (allow-networks or links.allow-private say more)
        scoped = flag and opts.mode == "url"
        ctx = engine.make_context(cfg, today=chk.get("today"), rules=chk.get("rules"),
                                  select=chk.get("select"), ignore=chk.get("ignore"),
                                  online=bool(chk.get("online")) or None,
                                  allow_private=flag and not scoped)
        ctx.source_lines = False  # the store keeps each finding's excerpt, never its line
        if mode == "dir" and (args.profile or cfg.get("profile")):
            ctx.site = engine.site_for(ctx, [target], args.profile)
        if scoped:
            ctx.private_hosts = ((urlsplit(opts.target).hostname or "").lower(),)
        opts.allow_private = flag or ctx.allow_private
        if opts.max_pages < 1:
            raise ConfigError("--max-pages must be at least 1")
        if opts.page_timeout is not None and not opts.page_timeout > 0:
            raise ConfigError("--page-timeout must be more than 0 seconds")
        record = opts.to_dict()
        record["checks"] = {k: v for k, v in chk.items() if k != "today" and v is not None}
        if run is None:
            run_id = store.new_run(target, mode, record, ctx.today.isoformat(), __version__)
        else:
            run_id = run.id
            store.set_status(run_id, "running", record)
        progress = Progress(quiet=args.quiet)
        auditor = Auditor(ctx, store, run_id, opts, progress)
        try:
            status = auditor.run_url() if mode == "url" else auditor.run_dir()
        except AuditError as e:
            if run is None:
                store.delete_run(run_id)
            else:
                store.set_status(run_id, "incomplete")
            progress.close()
            print(f"contentguard: error: {e}", file=sys.stderr)
            return 2
        auditor.final_tick()
        progress.close()
        store.set_status(run_id, status)
        rc = _outputs(args, store, run_id, target, ctx.rules, cfg)
        if auditor.interrupted:
            if auditor.broken:
                print(f"contentguard: error: {auditor.broken}", file=sys.stderr)
            print("contentguard: audit interrupted; run `contentguard audit --resume` to finish it", file=sys.stderr)
            return 130
        return rc
    finally:
        store.close()


def _outputs(args, store, run_id: int, target: str, rules, cfg) -> int:
    """Reports of a stored run (JSON, CSV, HTML files; the text summary) and the exit code."""
    out = sys.stdout
    cmp = None
    if args.compare or args.html:
        prev = store.previous_complete(run_id, target)
        cmp = export.compare(store, run_id, prev.id if prev else None)
    if args.json:
        if args.json == "-":
            export.write_json(store, run_id, out, cmp if args.compare else None)
        else:
            write_output(args.json, lambda fh: export.write_json(store, run_id, fh, cmp if args.compare else None))
    if args.csv:
        write_output(args.csv, lambda fh: export.write_csv(store, run_id, fh, cmp if args.compare else None),
                     newline="")
    if args.html:
        write_output(args.html, lambda fh: report_html.render(store, run_id, fh, cmp, rules))
    if args.json != "-" and (not args.quiet or args.compare):
        export.write_text(store, run_id, out, cmp if args.compare else None, only_compare=args.quiet)
    fail_on = args.fail_on or cfg.get("fail-on")
    if fail_on == "never":
        return 0
    floor = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK.get(s, 0) >= floor for s in store.severities(run_id)) else 0


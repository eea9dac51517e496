"""Human output: ``path:line:col: severity rule message``, the source line and a caret."""
from __future__ import annotations

from contentguard.report import count, severities_text
from contentguard.safetext import visible

SKIPPED_LISTED = 20  # skipped files named in the text summary; the JSON summary lists all
COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render(findings, summary, rules, out, color=False, quiet=False) -> None:
    def c(code, s):
        return f"{code}{s}{RESET}" if color else s

    for f in findings:
        # path, message, line and excerpt come from content, file names or servers:
        # their newlines and escape sequences are shown, never obeyed
        head = f"{visible(f.path)}:{f.line}:{f.column}:"
        out.write(f"{c(BOLD, head)} {c(COLORS.get(f.severity, ''), f.severity)} "
                  f"{c(BOLD, visible(f.rule))} {visible(f.message)}\n")
        line = f.source_line  # personal data in it masked
        if line is not None and len(line) <= 400:
            # a long line comes as an excerpt around the finding: source_shift maps columns
            a = f.column - 1 - f.source_shift
            b = a + (f.end_column - f.column) if f.end_line == f.line else len(line)
            b = min(b, len(line))
            lead = len(visible(line[:a], keep_tabs=True))  # escapes widen what precedes the caret
            width = len(visible(line[a:b], keep_tabs=True))
            out.write(f"  {visible(line, keep_tabs=True).expandtabs(1)}\n")
            out.write(f"  {' ' * lead}{c(COLORS.get(f.severity, ''), '^' * max(1, width))}\n")
        elif f.excerpt:
            out.write(f"  {c(DIM, visible(f.excerpt))}\n")
    if quiet:
        return
    n = len(findings)
    files = summary.get("files_scanned", 0)
    parts = [count(n, "finding")]
    if n:
        parts.append(f"({severities_text(summary['by_severity'])})")
    parts.append(f"in {count(files, 'file')}")
    sk = summary.get("files_skipped") or []
    if sk:
        parts.append(f"({len(sk)} skipped)")
    out.write(("\n" if findings else "") + " ".join(parts) + "\n")
    # a site's data files (_data/*.yml, package.json) are no post queues: counted in one line;
    # files skipped for a problem (binary, too large, unreadable) are named with the reason
    data = [s for s in sk if s["reason"].startswith("not a post queue")]
    named = [s for s in sk if s not in data]
    for item in named[:SKIPPED_LISTED]:
        out.write(f"  skipped {visible(item['path'])}: {visible(item['reason'])}\n")
    if len(named) > SKIPPED_LISTED:
        out.write(f"  ... and {len(named) - SKIPPED_LISTED} more skipped (all of them in --format json)\n")
    if data:
        out.write(f"  skipped {count(len(data), 'data file')} that {'is' if len(data) == 1 else 'are'} "
                  f"no post queue (--format json lists them)\n")
    links = summary.get("links")
    if links and links.get("links"):
        line = f"links: {links.get('local', 0)} local, {links.get('external', 0)} external"
        if links.get("external_offline"):
            line += f" ({links['external_offline']} not checked offline: use --online)"
        if links.get("ignored_total"):
            kinds = ", ".join(f"{v} {k}" for k, v in sorted(links.get("ignored", {}).items()))
            line += f", {links['ignored_total']} ignored ({kinds})"
        out.write(line + "\n")
    site = (links or {}).get("site")
    if site and site.get("profile") == "repository":
        if links.get("root_relative_repository"):  # said when a link was resolved so
            out.write(f"site: {visible(site['how'])}\n")
    elif site:  # which generator's rules the link check followed, and how that was decided
        out.write(f"site: {visible(site['profile'])} profile ({visible(site['how'])})\n")

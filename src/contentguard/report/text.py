"""Human output: ``path:line:col: severity rule message``, the source line and a caret."""
from __future__ import annotations

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def source_line(f) -> str | None:
    """The finding's source line; personal data replaced by its masked excerpt."""
    line = f.extra.get("source_line") if f.extra else None
    if line is None:
        return None
    return line


def render(findings, summary, rules, out, color=False, quiet=False) -> None:
    def c(code, s):
        return f"{code}{s}{RESET}" if color else s

    for f in findings:
        head = f"{f.path}:{f.line}:{f.column}:"
        out.write(f"{c(BOLD, head)} {c(COLORS.get(f.severity, ''), f.severity)} "
                  f"{c(BOLD, f.rule)} {f.message}\n")
        line = source_line(f)
        if line is not None and len(line) <= 400:
            width = (f.end_column - f.column) if f.end_line == f.line else max(1, len(line) - f.column + 1)
            out.write(f"  {line.expandtabs(1)}\n")
            out.write(f"  {' ' * (f.column - 1)}{c(COLORS.get(f.severity, ''), '^' * max(1, width))}\n")
        elif f.excerpt:
            out.write(f"  {c(DIM, f.excerpt)}\n")
    if quiet:
        return
    n = len(findings)
    files = summary.get("files_scanned", 0)
    parts = [f"{n} finding{'s' if n != 1 else ''}"]
    if n:
        parts.append("(" + ", ".join(f"{v} {k}" for k, v in summary["by_severity"].items()) + ")")
    parts.append(f"in {files} file{'s' if files != 1 else ''}")
    sk = summary.get("files_skipped") or []
    if sk:
        parts.append(f"({len(sk)} skipped)")
    out.write(("\n" if findings else "") + " ".join(parts) + "\n")
    links = summary.get("links")
    if links and links.get("links"):
        line = f"links: {links.get('local', 0)} local, {links.get('external', 0)} external"
        if links.get("external_offline"):
            line += f" ({links['external_offline']} not checked offline: use --online)"
        if links.get("ignored_total"):
            kinds = ", ".join(f"{v} {k}" for k, v in sorted(links.get("ignored", {}).items()))
            line += f", {links['ignored_total']} ignored ({kinds})"
        out.write(line + "\n")

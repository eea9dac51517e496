"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding."""
from __future__ import annotations

from contentguard.safetext import visible

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _esc_data(s: str) -> str:
    """The workflow-command escaping (``%``, CR, LF), after every other control character
    is shown as text: nothing from content can end the line and start a command."""
    return visible(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


def render(findings, summary, rules, out, color=False) -> None:
    for f in findings:
        props = [f"file={_esc_prop(f.path)}", f"line={f.line}", f"col={f.column}",
                 f"endLine={f.end_line}", f"endColumn={f.end_column}", f"title={_esc_prop(f.rule)}"]
        out.write(f"::{LEVEL[f.severity]} {','.join(props)}::{_esc_data(f.message)}\n")

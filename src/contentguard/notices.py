"""The tool's own notices about its input (category ``contentguard``)."""
from __future__ import annotations

from contentguard.findings import Rule

NOTICE_RULES = (
    Rule("contentguard/parse-error", "contentguard", "warning",
         "A file could not be parsed (malformed HTML, front matter, YAML, JSON or CSV).",
         "The rest of the run goes on; the file (or the part that failed) is not checked.",
         "---\ntitle: [unclosed\n---"),
    Rule("contentguard/encoding", "contentguard", "warning",
         "A file is not valid UTF-8; it was decoded with replacement characters.",
         "Positions after an invalid byte still count decoded characters.", "caf\\xe9"),
    Rule("contentguard/skipped", "contentguard", "info",
         "A file was skipped: binary, too large, unreadable, a broken symlink or not a post queue.",
         "Skipped files are also listed in the summary with their reason.", ""),
    Rule("contentguard/not-found", "contentguard", "warning",
         "A path named on the command line does not exist.",
         "A warning, so that a mistyped path in a CI job fails the run instead of checking nothing.",
         "contentguard check sitee/"),
    Rule("contentguard/unused-suppression", "contentguard", "info",
         "An inline `contentguard: ignore[...]` comment suppressed nothing.",
         "Reported only with --report-unused-suppressions (or config report-unused-suppressions).",
         "<!-- contentguard: ignore[pii/email] -->"),
    Rule("contentguard/unknown-rule", "contentguard", "error",
         "An inline `contentguard: ignore[...]` names a rule that does not exist (with a \"did you mean\").",
         "A mistyped id suppresses nothing, so the finding it meant to hide would still fail the run.",
         "<!-- contentguard: ignore[pii/emial] -->"),
    Rule("contentguard/notice", "contentguard", "info",
         "A check could not run fully (for example: no spaCy model installed).",
         "Printed once per run.", ""),
)

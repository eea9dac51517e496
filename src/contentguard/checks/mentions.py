"""Brand risk: watchlisted people and accounts, competitors, undisclosed or weakly
disclosed paid partnerships, trademark spelling and embargoed names.

Everything it knows comes from brand packs (YAML sections ``watchlist``,
``competitors``, ``partners``, ``disclosures``, ``weak_disclosures``, ``trademarks``,
``embargoed``). Matching is one Aho-Corasick pass (pyahocorasick) over a normalised
copy of the document text:

* NFKD, combining marks dropped (``Zoë`` = ``Zoe``; Arabic harakat and hamza seats),
  Arabic tatweel dropped, alef forms unified, ``ى``→``ي``, ``ة``→``ه``, case folded;
* spaces, hyphens, apostrophes, zero-width characters and bidirectional controls
  dropped, so ``Al Qattan``, ``Al-Qattan`` and ``AlQattan`` are the same key (and
  ``You Tube`` meets ``YouTube``);
* homoglyphs of Latin letters from other scripts (Cyrillic ``о`` in ``Yоutube``, Greek
  ``Α``, Armenian ``օ``, ...) mapped to the Latin letter, with the Unicode TR39
  confusables table (package ``confusable-homoglyphs``, loaded only when such a letter
  occurs); a match that relies on one must also hold a Latin letter (mixed script is
  the disguise: a Russian word is not a misspelt brand);
* a right-to-left override (U+202E) reversed as a reader sees it, so ``You\u202eebuT``,
  shown as ``YouTube``, is matched too.

Newlines are kept, so a match never runs from one block into the next, and a match is
only kept when it starts and ends on token boundaries of the *original* text (not
inside a word, a URL, an e-mail address, a domain or somebody else's @handle). The
normalised text is mapped back to ``doc.text`` offsets line by line, and only for the
lines that have a candidate match, which keeps the pass fast on long texts.

Why not spaCy's PhraseMatcher: with 50,000 names it takes seconds to build; the
automaton builds in a fraction of a second and needs no tokeniser. spaCy is only
asked (when a model is installed) whether a capitalised ordinary-word brand at the
start of a sentence is an entity at all.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import pickle
import re

from contentguard.checks import Check
from contentguard.checks.brandpacks import SECTIONS, Compiled, problems_for
from contentguard.checks.brandtext import Hit, find_mentions, identifier_like, keep_case
from contentguard.findings import Fix, Rule

_SENT_END = set(".!?:;\u2026\u061f\u06d4|\u2022\u00b7")
_DISCLOSED_FIELDS = ("paid_partnership", "branded_content", "sponsored", "is_ad", "paid")
_RUN = re.compile(r"(?:#[^\s#]+[ \t\u00a0]*\n?[ \t\u00a0]*)+$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_NEXT_WORD = re.compile(r"[ \t\u00a0]([^\W\d_][\w'\u2019-]*)")
_PREV_WORD = re.compile(r"(?<![@#\w])([^\W\d_][\w'\u2019-]*)[ \t\u00a0]$")
_ENTITY_LABELS = {"ORG", "PRODUCT", "PERSON", "WORK_OF_ART", "FAC", "NORP", "GPE", "EVENT"}


class MentionsCheck(Check):
    name = "brands"
    pack_sections = SECTIONS
    options = {
        "hashtag-run": ("int", 5),
        "visible-chars": ("int", 125),
        "visible-lines": ("int", 2),
        "disclosure-scope": (("all", "posts"), "all"),
        "entity-check": ("bool", True),
    }
    rules = (
        Rule("brand/watchlist", "brand-risk", "error",
             "A watchlisted person or account is mentioned (by name, alias, @handle, #hashtag or Arabic-script alias).",
             "The pack's `watchlist` section lists people and accounts whose mention needs review, with a risk "
             "(high → error, medium → warning, low → info) and a reason, which the message repeats. Matching is "
             "whole-token and case-insensitive, and ignores spaces, hyphens, apostrophes and diacritics "
             "(`Al Qattan` = `Al-Qattan` = `AlQattan`, `Zoë` = `Zoe`); Arabic-script aliases match after "
             "normalisation. A first name alone is not a mention.",
             "Join Rex Thornbury live on Friday!", "brand.watchlist"),
        Rule("brand/competitor", "brand-risk", "warning",
             "A competitor is named.",
             "From the pack's `competitors` section. Brands that are ordinary words (`Saffron`, `Dune`) should carry "
             "`case_sensitive: true`; a single capitalised word never matches lower-case prose.",
             "Coming from Greenway Garden Centre? Try our planting guide.", "brand.competitor"),
        Rule("brand/undisclosed-partnership", "brand-risk", "error",
             "A post (or page) mentions a paid partner and carries no disclosure marker.",
             "Each post of a queue is judged on its own; a page counts as one document. The finding points at the "
             "first partner mention. Clear markers are the pack's `disclosures` (e.g. #ad, #sponsored, paid "
             "partnership, إعلان).",
             "Weekend in the garden with @greenthumbco 🌱", "brand.undisclosed-partnership"),
        Rule("brand/weak-disclosure", "brand-risk", "warning",
             "A partner post is disclosed only by a weak marker, or its clear marker is buried.",
             "Weak markers are the pack's `weak_disclosures` (#sp, #spon, #collab, #gifted, #partner). A clear "
             "marker is buried when it comes 5th or later in a run of hashtags (option hashtag-run) or, in a post, "
             "after the first visible-lines lines or visible-chars characters (the part shown before 'more'). "
             "The FTC and the ASA/CAP ask for a clear label up front.",
             "Loving my new raised beds from @greenthumbco! #gifted", "brand.weak-disclosure"),
        Rule("brand/trademark", "brand-risk", "warning",
             "A trademark is misspelt (wrong casing, spacing or hyphenation).",
             "The pack's `trademarks` give the only correct spelling; `Iphone`, `I-phone`, `You Tube` are findings "
             "and `--fix` writes the right spelling. Handles, hashtags, URLs and e-mail addresses are left alone, "
             "and so is text set in capitals.",
             "Watch it on Youtube.", "brand.trademark"),
        Rule("brand/embargo", "brand-risk", "error",
             "An embargoed name is mentioned before its embargo lifts.",
             "The pack's `embargoed` entries carry an `until` date. A page is judged against the reference date "
             "(--today); a post against its scheduled time.",
             "Our team is busy on Project Bluebell.", "brand.embargo"),
    )

    def __init__(self) -> None:
        self._cache: tuple | None = None  # (packs object, key, Compiled)

    # -- packs -------------------------------------------------------------------------

    def validate_pack(self, section, entries, origin):
        return problems_for(section, entries)

    def compiled(self, ctx) -> Compiled:
        packs = ctx.packs
        if self._cache is not None and self._cache[0] is packs:
            return self._cache[2]
        sections = {s: [e for e, _o in packs.entries(s)] for s in SECTIONS}
        try:
            key = hashlib.sha256(pickle.dumps(sections, protocol=5)).hexdigest()
        except Exception:  # an unpicklable value: compile without caching
            key = None
        if self._cache is not None and key is not None and self._cache[1] == key:
            comp = self._cache[2]
        else:
            comp = Compiled(sections)
        self._cache = (packs, key, comp)
        return comp

    def setup(self, ctx) -> None:
        self.compiled(ctx)

    # -- the check ---------------------------------------------------------------------

    def check(self, doc, ctx):
        if not any(ctx.wants(r.id) for r in self.rules):
            return
        comp = self.compiled(ctx)
        if comp.empty:
            return
        yield from self._hidden_places(doc, ctx, comp)
        if not doc.text:
            return
        found = find_mentions(doc.text, comp)
        if not found:
            return
        text = doc.text
        ref_date, ref_what = ctx.today, f"today ({ctx.today.isoformat()})"
        if doc.scheduled is not None and isinstance(doc.scheduled.value, (_dt.date, _dt.datetime)):
            v = doc.scheduled.value
            ref_date = v.date() if isinstance(v, _dt.datetime) else v
            ref_what = f"the post is scheduled for {ref_date.isoformat()}"

        for section, rule_id in (("watchlist", "brand/watchlist"), ("competitors", "brand/competitor")):
            if not ctx.wants(rule_id):
                continue
            for h in found.get(section, ()):
                if h.pat.ordinary and not self._entity_ok(doc, h, ctx, found.get(section)):
                    continue
                entry = comp.entry(section, h.pat.entry)
                written = text[h.start:h.end]
                if section == "watchlist":
                    msg = f"'{written}' is on the brand watchlist ({entry.name}"
                    msg += f", risk {entry.risk})" if entry.risk else ")"
                    if entry.reason:
                        msg += f": {entry.reason}"
                else:
                    msg = f"'{written}' names a competitor ({entry.name})"
                    if entry.reason:
                        msg += f": {entry.reason}"
                if entry.message:
                    msg = f"'{written}': {entry.message}"
                f = ctx.finding(rule_id, doc, h.start, h.end, msg)
                yield f.with_severity(entry.severity) if entry.severity else f

        if ctx.wants("brand/embargo"):
            for h in found.get("embargoed", ()):
                entry = comp.entry("embargoed", h.pat.entry)
                if entry.until is None or ref_date >= entry.until:
                    continue
                if h.pat.ordinary and not self._entity_ok(doc, h, ctx, found.get("embargoed")):
                    continue
                written = text[h.start:h.end]
                msg = (f"'{written}' is embargoed until {entry.until.isoformat()} and {ref_what}"
                       if doc.scheduled is not None else
                       f"'{written}' is embargoed until {entry.until.isoformat()} (today is {ref_date.isoformat()})")
                if entry.reason:
                    msg += f": {entry.reason}"
                if entry.message:
                    msg = f"'{written}': {entry.message}"
                f = ctx.finding("brand/embargo", doc, h.start, h.end, msg)
                yield f.with_severity(entry.severity) if entry.severity else f

        if ctx.wants("brand/trademark"):
            yield from self._trademarks(doc, ctx, comp, found.get("trademarks", ()))

        partners = found.get("partners", ())
        if partners and (ctx.wants("brand/undisclosed-partnership") or ctx.wants("brand/weak-disclosure")):
            if doc.kind == "post" or ctx.option(self.name, "disclosure-scope") == "all":
                yield from self._disclosure(doc, ctx, comp, partners, found)

    def _hidden_places(self, doc, ctx, comp):
        """Watchlisted people and competitors named where the page publishes them outside
        its prose: ``<meta>`` values (``og:title``, ``description``, ``author``, ...),
        JSON-LD values, and HTML comments (in the source anyone can read). Positions are
        the raw source's; ordinary-word brands need their case-sensitive form here, with
        no sentence around them to judge."""
        wanted = [(sec, rid) for sec, rid in (("watchlist", "brand/watchlist"), ("competitors", "brand/competitor"))
                  if ctx.wants(rid)]
        if not wanted:
            return
        places = [(m.start, m.end, f"in <meta {m.key}>" if m.origin == "meta" else f"in JSON-LD {m.key}")
                  for m in doc.meta if m.origin in ("meta", "json-ld") and isinstance(m.value, str)
                  and m.end > m.start]
        if doc.kind in ("html", "markdown") and "<!--" in doc.source:
            places += [(m.start(1), m.end(1), "in an HTML comment") for m in _COMMENT.finditer(doc.source)]
        for start, end, where in places:
            raw = doc.source[start:end]
            found = find_mentions(raw, comp)
            for section, rule_id in wanted:
                for h in found.get(section, ()):
                    if h.pat.ordinary and not h.pat.case_sensitive:
                        continue
                    entry = comp.entry(section, h.pat.entry)
                    written = raw[h.start:h.end]
                    what = "is on the brand watchlist" if section == "watchlist" else "names a competitor"
                    msg = f"'{written}' {what} ({entry.name}) {where}"
                    if entry.reason:
                        msg += f": {entry.reason}"
                    f = ctx.finding(rule_id, doc, start + h.start, start + h.end, msg, raw=True)
                    yield f.with_severity(entry.severity) if entry.severity else f

    @staticmethod
    def _ambiguous(text: str, h: Hit) -> bool:
        """Capitals say nothing here: the first word of a sentence, or a line in capitals."""
        ls = text.rfind("\n", 0, h.start) + 1
        le = text.find("\n", h.end)
        le = len(text) if le == -1 else le
        before = text[ls:h.start].rstrip()
        initial = not before or before[-1] in _SENT_END or before[-1] in "\"“«(*#>-"
        return initial or not any(c.islower() for c in text[ls:le])

    @staticmethod
    def _in_longer_name(text: str, h: Hit) -> bool:
        """An ordinary-word brand inside a longer capitalised name is not the brand:
        "Grand Canyon", "Granite Point", "Dune Road". The next word capitalised, or the
        previous one capitalised where a capital means something (not the first word of a
        sentence); in a line set in title case or capitals, capitals say nothing."""
        ls = text.rfind("\n", 0, h.start) + 1
        le = text.find("\n", h.end)
        le = len(text) if le == -1 else le
        words = _WORD.findall(text[ls:le])
        if len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words):
            return False
        after = _NEXT_WORD.match(text, h.end, le)
        if after and after.group(1)[0].isupper() and not after.group(1).isupper():
            return True
        before = _PREV_WORD.search(text, ls, h.start)
        if before and before.group(1)[0].isupper() and not before.group(1).isupper():
            head = text[ls:before.start(1)].rstrip()
            if head and head[-1] not in _SENT_END and head[-1] not in "\"“«(*#>-":
                return True
        return False

    def _entity_ok(self, doc, h: Hit, ctx, same: list | None = None) -> bool:
        """Is a one-word ordinary-word brand (``Saffron``, ``Dune``) a mention here?

        Mid-sentence with its capital, yes. Where capitals say nothing (a sentence start,
        a line in capitals) the document decides first: another, unambiguous mention of
        the same entry (mid-sentence, a handle, a longer alias) says brand; the word in
        lower case elsewhere says ordinary word. Failing both, spaCy's entity recogniser
        (when a model is installed) decides."""
        text = doc.text
        if self._in_longer_name(text, h):
            return False
        if not self._ambiguous(text, h):
            return True
        if same is not None:
            for o in same:
                if o is not h and o.pat.entry == h.pat.entry and (not o.pat.ordinary
                                                                  or not self._ambiguous(text, o)):
                    return True
        word = text[h.start:h.end].lower()
        if re.search(rf"(?<![\w@#]){re.escape(word)}(?!\w)", text):
            return False  # "saffron" in lower case elsewhere: this document means the word
        if not ctx.option(self.name, "entity-check"):
            return True
        le = text.find("\n", h.end)
        le = len(text) if le == -1 else le
        ls = text.rfind("\n", 0, h.start) + 1
        nlp = ctx.nlp("brand entity")
        if nlp is None:
            return True
        # the sentence around the hit
        s0 = ls
        for i in range(h.start - 1, ls - 1, -1):
            if text[i] in ".!?" and i + 1 < h.start and text[i + 1] == " ":
                s0 = i + 2
                break
        sent = text[s0:min(le, h.end + 200)]
        d = nlp(sent)
        rs, re_ = h.start - s0, h.end - s0
        return any(ent.label_ in _ENTITY_LABELS and ent.start_char <= rs and re_ <= ent.end_char
                   for ent in d.ents)

    def _trademarks(self, doc, ctx, comp, hits):
        text = doc.text
        for h in hits:
            entry = comp.entry("trademarks", h.pat.entry)
            right = entry.name
            written = text[h.start:h.end]
            if written == right:
                continue
            if any(keep_case(written) == keep_case(a) for a in entry.aliases):
                continue  # an accepted spelling listed as an alias
            if identifier_like(text, h.start, h.end, written):
                continue  # "github-actions", "sam-github", "github\\_reporter", ".github": names in code, not spellings
            if written.isupper() and not right.isupper():
                ls = text.rfind("\n", 0, h.start) + 1
                le = text.find("\n", h.end)
                line = text[ls:le if le != -1 else len(text)]
                if not any(c.islower() for c in line):
                    continue  # set in capitals: typography, not spelling
            parts_sp = written.split()
            if len(parts_sp) > 1 and len(right.split()) == 1:
                # "You Tube", "Oud Glow": every part capitalised; "linked in", "I phone him" are prose
                if not all(p[:1].isupper() for p in parts_sp) or len(parts_sp[-1]) < 2:
                    continue
            elif ("-" in written or "\u2010" in written) and "-" not in right:
                if not any(c.isupper() for c in written):
                    continue
            elif any(c in "'\u2019" for c in written) and not any(c in "'\u2019" for c in right):
                continue  # "what's app": an apostrophe variant is too often ordinary prose
            msg = f"'{written}' should be spelt '{right}'"
            if entry.message:
                msg = f"'{written}': {entry.message}"
            rs, re_ = doc.raw_span(h.start, h.end)
            fix = Fix(rs, re_, right, written) if doc.source[rs:re_] == written else None
            f = ctx.finding("brand/trademark", doc, h.start, h.end, msg, fix=fix)
            yield f.with_severity(entry.severity) if entry.severity else f

    def _disclosure(self, doc, ctx, comp, partners, found):
        text = doc.text
        if any(str(doc.post.get(k, "")).strip().lower() in ("true", "yes", "1") for k in _DISCLOSED_FIELDS):
            return  # the scheduler's own paid-partnership label is set on the post
        clear = found.get("disclosures", ())
        weak = found.get("weak_disclosures", ())
        run_len = ctx.option(self.name, "hashtag-run")
        vis_chars = ctx.option(self.name, "visible-chars")
        vis_lines = ctx.option(self.name, "visible-lines")
        first = partners[0]
        pentry = comp.entry("partners", first.pat.entry)
        pwritten = text[first.start:first.end]
        buried: list[tuple[Hit, str]] = []
        for m in clear:
            why = self._buried(doc, m, run_len, vis_chars, vis_lines)
            if why is None:
                return  # a clear label where people see it: fine
            buried.append((m, why))
        flagged = sorted([(m.start, m, why) for m, why in buried]
                         + [(m.start, m, None) for m in weak], key=lambda t: t[0])
        clear_list = ", ".join(comp.disclosure_names[:4]) or "#ad"
        if flagged:
            if not ctx.wants("brand/weak-disclosure"):
                return
            _s, m, why = flagged[0]
            written = text[m.start:m.end]
            if why is None:
                msg = (f"'{written}' is a weak disclosure for the paid partner {pentry.name}; "
                       f"regulators ask for a clear label up front ({clear_list})")
            else:
                msg = (f"the disclosure '{written}' is buried {why}; put a clear label "
                       f"up front for the paid partner {pentry.name}")
            yield ctx.finding("brand/weak-disclosure", doc, m.start, m.end, msg)
            return
        if ctx.wants("brand/undisclosed-partnership"):
            what = "post" if doc.kind == "post" else "page"
            msg = (f"'{pwritten}' is a paid partner ({pentry.name}) but the {what} carries no disclosure; "
                   f"add a clear label up front ({clear_list})")
            f = ctx.finding("brand/undisclosed-partnership", doc, first.start, first.end, msg)
            yield f.with_severity(pentry.severity) if pentry.severity else f

    @staticmethod
    def _buried(doc, m: Hit, run_len: int, vis_chars: int, vis_lines: int) -> str | None:
        text = doc.text
        written = text[m.start:m.end]
        if written.startswith("#") and run_len > 0:
            run = _RUN.search(text, max(0, m.start - 600), m.start)
            count = run.group(0).count("#") if run else 0
            if count + 1 >= run_len:
                return f"at the end of a run of {count + 1} hashtags"
        if doc.kind == "post":
            seg_start = 0
            for seg in doc.segments:
                if seg.start <= m.start < seg.end:
                    seg_start = seg.start
                    break
            before = text[seg_start:m.start]
            if vis_lines > 0 and before.count("\n") >= vis_lines:
                return f"after the first {vis_lines} lines"
            if vis_chars > 0 and len(before) >= vis_chars:
                return f"after the first {vis_chars} characters"
        return None


CHECK = MentionsCheck()

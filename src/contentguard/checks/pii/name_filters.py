"""Judgement filters for person names: each says why a name-shaped span is not a private
individual (the way detect-secrets keeps its filters apart from its plugins). Every filter
takes the text, the span and the name, and the page's declared people; ``not_private``
asks them all."""
from __future__ import annotations

import re
from bisect import bisect_right

from .common import fold_latin, lazy_re, sentence_of

#: words after "Name," that show a person quoted by role, not a private individual
ROLE_TITLES = lazy_re(
    r"^\s*[,(]\s*(?:(?:our|the|a|an|its|their|his|her)\s+)?(?:[A-Za-z&'’.-]+\s+){0,4}?"
    r"(?:chief|director|manager|head|officer|president|vice|ceo|cto|cfo|coo|cmo|founder|"
    r"co-founder|chair|chairman|chairwoman|chairperson|spokesperson|spokesman|spokeswoman|"
    r"minister|secretary|professor|lecturer|councillor|cllr|mayor|leader|member|executive|"
    r"dean|provost|principal|captain|coach|partner|owner|editor|author|curator|ambassador|"
    r"governor|senator|representative|mp|mep|superintendent|commissioner|trustee|"
    r"press officer|director-general|general manager)\b", re.I)
SPEAKER_BEFORE = lazy_re(
    r"(?:\b(?:said|says|say|told|tells|according to|commented|added|explained|noted|"
    r"announced|recalled|remarked|quoted|written by|photos? by|words by|story by)\s+"
    r"(?:(?!(?:from|about|against|regarding)\b)[\w-]+\s+){0,4}|"
    r"\b(?:Cllr|Councillor|Mayor|Senator|Minister|President|Professor|Prof\.?|Sheikh|Sheikha|"
    r"Judge|Justice|Lord|Lady|Sir|Dame|Rev\.?|Reverend|Bishop)\.?\s+)$")
#: a professional named by the role before the name: "our recruitment coordinator Deepa Iyer",
#: "her occupational therapist, Dean Fitzgerald", "Dr Meera Raghavan"
ROLE_BEFORE = lazy_re(
    r"(?:\b(?:our|the|your|their|his|her|its|my)\s+(?:[\w-]+\s+){0,3}?(?:co-?ordinator|manager|officer|"
    r"director|lead|head|adviser|advisor|consultant|nurse|doctor|physician|surgeon|therapist|"
    r"physiotherapist|engineer|specialist|representative|agent|caseworker|case worker|social worker|"
    r"midwife|pharmacist|solicitor|lawyer|attorney|counsellor|counselor|supervisor|chair|ceo|founder|"
    r"spokesperson|spokesman|spokeswoman|gp|dentist|optometrist|psychologist|psychiatrist|"
    r"paramedic|inspector|investigator|auditor)\s*,?\s*|"
    r"\b(?-i:Dr|Doctor|Prof|Professor|Nurse|Sister|Matron)\.?\s+|"
    # a job title in title case right before the name: "FTC Chief Technologist) Jane Doe"
    r"\b(?-i:Technologist|Professor|Director|Officer|Manager|Advis[eo]r|Lead|Chief|Head|Fellow|"
    r"Researcher|Scientist|Engineer|Designer|Strategist|Specialist|Coordinator|Analyst|Architect)\)?,?\s+|"
    # a job title with no determiner, its first word in lower case: "nurse practitioner
    # Joanne Clegg", "exams officer Colin Marsh", "practice manager, Helen Rowntree"
    r"\b(?-i:[a-z][\w-]*)\s+(?:practitioner|officer|co-?ordinator|manager|administrator|"
    r"receptionist|lead|leader|adviser|advisor|consultant|nurse|therapist|engineer|specialist|"
    r"pharmacist|midwife|assistant|secretary|clerk|supervisor)\s*,?\s*)$", re.I)
#: introduced as joining the organisation in a role: "Priya Nair, who joins Finance as ..."
JOINS_AFTER = lazy_re(r"^\s*,?\s*(?:who\s+)?(?:joins|joined|has joined|will join|is joining|"
                       r"starts|started|has started|will start)\b[^.\n]{0,60}?\bas\b", re.I)
#: the name is the expansion of an abbreviation: "CBU (Clave Bancaria Uniforme", "IdNr (Steuerliche ..."
ACRONYM_BEFORE = lazy_re(r"\b[A-Z][A-Za-z.-]*[A-Z][A-Za-z.-]*\s*\(\s*(?:[\w-]+\s+){0,3}$")
#: the name is followed by a description of a thing: "(Spanish real estate property id)"
THING_AFTER = lazy_re(r"^\s*\((?:[\w'-]+\s+){0,6}(?:number|numbers|id|ids|identifier|code|codes|register|"
                       r"registry|format|standard|tax|vat|system|protocol|library|package|module|method|"
                       r"algorithm|function|class|format)\)", re.I)
#: the name as a modifier of a thing named after it, with an article before it: "names
#: listed on the Miller Smiles phishing list", "the Ada Lovelace building", "a Marie Curie
#: fellowship" (a person is not "the Jane Smith"; "the Jane Smith case" is a matter, not a thing)
ARTICLE_BEFORE = lazy_re(r"\b(?:the|a|an)\s+$", re.I)
THING_NOUN_AFTER = lazy_re(r"^\s+(?:(?-i:[a-z])[\w-]*\s+){0,2}(?:list|lists|database|databases|register|"
                            r"index|award|awards|prize|scholarship|fellowship|foundation|trust|lecture|"
                            r"library|collection|building|hall|centre|center|institute|method|scale|"
                            r"test|model|act|programme|program|project|fund|store|shop|show|theorem|"
                            r"algorithm|cipher|principle)\b", re.I)
#: a reference list or citation: authors of a paper, not private individuals
CITATION = lazy_re(r"\bdoi:|\bdoi\.org/|\bet al\b|\bPMID\b|\b(?:19|20)\d\d;\s*\d+|\bpp\.\s*\d|"
                    r"\bvol\.\s*\d|\bISBN\b|\barXiv\b|\bProceedings of\b", re.I)


def declared_person(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """The page's own author, speaker or contributor, a configured author, an allowed name."""
    key = name.casefold()
    return key in excluded or any(key in x or x in key for x in excluded if len(x) > 3 and " " in x)


def quoted_by_role(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """Quoted or introduced by role: "said Jane Doe", "our practice manager, Helen Rowntree",
    "Dr Meera Raghavan", "Jane Doe, Chief Executive", "Priya Nair, who joins Finance as ..."."""
    before = text[max(0, s - 60):s]
    if SPEAKER_BEFORE.search(before) or ROLE_BEFORE.search(before):
        return True
    after = text[e:e + 80]
    return bool(ROLE_TITLES.match(fold_latin(after)) or JOINS_AFTER.match(after))


def names_a_thing(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A term, not a person: the expansion of an abbreviation ("CBU (Clave Bancaria Uniforme"),
    a name followed by a description of a thing ("Referencia Catastral (Spanish property id)")
    or a thing named after someone ("the Miller Smiles phishing list")."""
    return bool(ACRONYM_BEFORE.search(text[max(0, s - 60):s]) or THING_AFTER.match(text[e:e + 80])
                or (ARTICLE_BEFORE.search(text[max(0, s - 8):s]) and THING_NOUN_AFTER.match(text[e:e + 60])))


class _LowerWords:
    """The lower-case word pairs of one text (``rich print``), so asking whether the page
    writes a name in lower case costs a set lookup: a search of the whole text for each
    name made a records file with thousands of names quadratic. Holds the last text asked
    about (a check reads one document at a time); answers are kept per name."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.pairs: set[int] = set()  # hashes of (word, next word): a collision only costs a search
        self.words: set[str] = set()
        self.answers: dict[str, bool] = {}

    def written(self, text: str, lower: str) -> bool:
        if text is not self.text:
            self.text, self.answers = text, {}
            self.words = set()
            self.pairs = set()
            prev = None
            for m in _WORD.finditer(text):
                w = m.group()
                if w == w.lower():
                    self.words.add(w)
                    if prev is not None:
                        self.pairs.add(hash((prev, w)))
                    prev = w
                else:
                    prev = None
        got = self.answers.get(lower)
        if got is None:
            toks = _WORD.findall(lower)
            if not toks or any(t not in self.words for t in toks) or any(
                    hash(p) not in self.pairs for p in zip(toks, toks[1:])):
                got = False  # a word of it, or two in a row, never written in lower case
            else:
                got = re.search(r"(?<!\w)" + re.escape(lower) + r"(?!\w)", text) is not None
            self.answers[lower] = got
        return got


_WORD = re.compile(r"\w+")
_LOWER = _LowerWords()


def written_in_lower_case(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A heading ("Rich Print") whose words the page also writes in lower case: a phrase."""
    return _LOWER.written(text, name.lower())


def in_citation(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A reference list or citation on the name's line: authors of a paper."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    return CITATION.search(text[ls:le if le >= 0 else len(text)]) is not None


#: a work field or role label right before the name: the staff member handling the matter
#: ("assigned_agent: ", "Investigating officer: ", "Adviser on duty: ", "Internal note (",
#: "chaired by ", "led by ")
STAFF_BEFORE = lazy_re(
    r"(?:^|[\s_|(\[>*])(?:agent|officer|handler|advis[eo]r|adviser on duty|moderator|mod|supervisor|assignee|"
    r"assigned to|owner|case ?worker|caseworker|approver|reviewer|investigator|manager|lead|"
    r"approved by|handled by|closed by|resolved by|escalated to|chaired by|led by|delivered by|presented by|"
    r"hosted by|facilitated by|signed by the|on duty|note)\s*[:(\-\u2013]?\s*[*_]*$", re.I)
#: a listing of people by their part in something: attendees, speakers, a team, thanks
LISTING_LINE = lazy_re(
    r"^\s*(?:[-*+>#|]+\s*)*[*_]*(?:present|attendees|in attendance|apologies|speakers?|panel(?:ists)?|"
    r"moderators?|hosts?|presenters?|team|contributors?|maintainers?|organi[sz]ers?|judges|committee|"
    r"members|authors?|editors?|credits|reviewers?|featuring|with|by|written by|posted by|words by|photo credits?|"
    r"photos? by|story by|interview(?:ed)? by|thanks|acknowledg(?:e?ments?)?|special thanks)\b[*_]*\s*[:\u2013\u2014-]", re.I)
#: a byline at the start of a line: "By Jane Doe", "Written by Jane Doe"
BYLINE = lazy_re(r"^\s*[*_>]*\s*(?:by|written by|posted by|author|words by|reported by the)\s*[:]?\s*[*_]*$", re.I)


def staff_field(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A member of staff in a work field or role of the record: the agent, officer, adviser,
    moderator or note-taker handling the matter ("Investigating officer: Rachel Dunn")."""
    ls = text.rfind("\n", 0, s) + 1
    return STAFF_BEFORE.search(text[max(ls, s - 40):s]) is not None


def listed_by_role(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A listing of people by their part: "Present: ...", "Speakers: ...", "Thanks: ...",
    "Team: ...", a byline ("By Jane Doe")."""
    ls = text.rfind("\n", 0, s) + 1
    return LISTING_LINE.match(text[ls:s]) is not None or BYLINE.match(text[ls:s]) is not None


def title_case_phrase(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """Part of a run of four or more capitalised words: a title, an event, an organisation
    ("Federal Plain Language Summit Planning Committee"), not a person's name."""
    a = s
    while True:
        m = re.search(r"(?:^|[ \t(])([A-Z][\w'’&.-]*)[ \t]+$", text[max(0, a - 40):a])
        if not m:
            break
        a = max(0, a - 40) + m.start(1)
    b = e
    while True:
        m = re.match(r"[ \t]+([A-Z][\w'’&.-]*)", text[b:b + 40])
        if not m:
            break
        b += m.end(1)
    return len(text[a:b].split()) >= 4


#: a change log entry's reference: an issue or pull request (#1583, GH-12), a commit (81283d0)
_CHANGE_REF = lazy_re(r"(?:#|\bGH-)\d+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b")


def change_credit(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """The author of a change, credited in brackets at the end of a change log entry that
    references an issue, a pull request or a commit: "Fix: padded-blocks incorrectly
    complained on comments (fixes #1416) (Mathias Schreck)". The entry's words
    ("complained", "redundant", "diagnostics") are about the code, not the person."""
    if text[s - 1:s] != "(" or text[e:e + 1] != ")":
        return False
    le = text.find("\n", e)
    if text[e + 1:le if le >= 0 else len(text)].strip(" \t.,;"):
        return False  # not the end of the entry
    ls = text.rfind("\n", 0, s) + 1
    return _CHANGE_REF.search(text, ls, s) is not None


#: the filters, in the order they are asked
FILTERS = (declared_person, quoted_by_role, staff_field, listed_by_role, names_a_thing, written_in_lower_case,
           in_citation, title_case_phrase, change_credit)


def not_private(text: str, s: int, e: int, name: str, excluded: set[str], skip=()) -> bool:
    """Whether any filter (but those in ``skip``) says the name at ``text[s:e]`` is not a
    private individual's."""
    return any(f(text, s, e, name, excluded) for f in FILTERS if f not in skip)


#: thanks and acknowledgements right before the name (only names and commas in between)
THANKS_BEFORE = lazy_re(
    r"(?:thanks?(?: you)?(?: so much)?(?: to)?|grateful to|acknowledge|credit(?:s)? to|kudos to|shout-?outs? to|"
    r"congratulations to|welcome to|welcomes?|joined by|with)\s+"
    r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*(?:\s*,\s*(?:and\s+)?|\s+and\s+))*$",
    re.I)
#: a sign-off line before a signature
SIGN_OFF = lazy_re(r"^\s*(?:(?:kind|best|warm|many)\s+(?:regards|wishes|thanks)|regards|best|cheers|thanks|"
                   r"thank you|sincerely|yours(?: sincerely| faithfully| truly)?|with thanks|love)\s*[,.!]?\s*$", re.I)
#: an attribution under a quote or testimonial: "- Tom Park, Department of Health"
ATTRIBUTION = lazy_re(r"^\s*(?:[-\u2013\u2014~]+|[>*]+\s*[-\u2013\u2014]+)\s*[*_]*$")


#: the head of a list item or line followed by a role or an organisation: a speaker or team
#: listing ("- **Jane Doe** — Design Lead, Example Agency", "Jane Doe, Office of ...")
LISTING_HEAD = lazy_re(r"^\s*(?:[-*+>#|]+\s*|\d+[.)]\s*)*[*_]*\s*$")
ROLE_AFTER = lazy_re(r"^[*_]*\s*(?:,|\u2014|\u2013|--?|\(|&mdash;|&ndash;)\s*[*_]*\s*(?:[A-Z]|the\b|an?\b)")


def listing_head(doc, text: str, s: int, e: int) -> bool:
    """The name heads a list item or a line and a role or an organisation follows:
    a speaker, panel or team listing ("- **Jane Doe** — Design Lead, Example Agency")."""
    ls = text.rfind("\n", 0, s) + 1
    return LISTING_HEAD.match(text[ls:s]) is not None and ROLE_AFTER.match(text[e:e + 20]) is not None


#: an attribute of markup or a shortcode: an image's alt text, a caption, a citation
IN_ATTRIBUTE = lazy_re(r"\b(?:alt|title|caption|cite|credit|aria-label)\s*=\s*[\"'][^\"'\n]*$", re.I)


def in_attribute(doc, text: str, s: int, e: int) -> bool:
    """The name is in an image's alt text, a caption or a citation attribute (photo
    captions of staff and speakers: alt="Jane Doe, policy advisor, ...")."""
    try:
        rs, _re = doc.raw_span(s, e)
    except (IndexError, TypeError, AttributeError):
        return False
    return IN_ATTRIBUTE.search(doc.source, max(0, rs - 300), rs) is not None


class _Headings:
    """The heading segments of the last document asked about, by start, with the furthest
    end reached so far at each: whether a heading holds a span is a bisect, not a scan of
    every segment for every name (quadratic in a long records file)."""

    def __init__(self) -> None:
        self.doc = None
        self.starts: list[int] = []
        self.reach: list[int] = []

    def holds(self, doc, s: int, e: int) -> bool:
        if doc is not self.doc:
            heads = sorted((seg.start, seg.end) for seg in doc.segments if seg.scope == "heading")
            self.doc, self.starts, self.reach, far = doc, [a for a, _ in heads], [], -1
            for _, b in heads:
                far = max(far, b)
                self.reach.append(far)
        i = bisect_right(self.starts, s)
        return i > 0 and self.reach[i - 1] >= e


_HEADINGS = _Headings()


def in_heading(doc, text: str, s: int, e: int) -> bool:
    """The name is (in) a heading: "Reset Password", "Next Steps", "Jane Doe, Design Lead"."""
    return _HEADINGS.holds(doc, s, e)


def link_text(doc, text: str, s: int, e: int) -> bool:
    """The name is the text of a link (a profile, an author page, a product): "[Jane Doe](/authors/jane)"."""
    try:
        rs, re_ = doc.raw_span(s, e)
    except (IndexError, TypeError, AttributeError):
        return False
    src = doc.source
    before, after = src[max(0, rs - 60):rs], src[re_:re_ + 6]
    if after.startswith("](") or after.startswith("][") or (before.endswith("[") and after.startswith("]")):
        return True
    return after.lower().startswith("</a>") and re.search(r"<a\b[^>]*>\s*$", before, re.I) is not None


def thanked(doc, text: str, s: int, e: int) -> bool:
    """Thanks and acknowledgements: "Thanks to Jane Doe and Tom Park for reviewing"."""
    ls = text.rfind("\n", 0, s) + 1
    return THANKS_BEFORE.search(text[max(ls, s - 120):s]) is not None


def signature(doc, text: str, s: int, e: int) -> bool:
    """A signature under a sign-off ("Kind regards,\\nJane Doe") or an attribution under a
    quote ("- Tom Park, Department of Health")."""
    ls = text.rfind("\n", 0, s) + 1
    if ATTRIBUTION.match(text[ls:s]):
        return True
    if text[ls:s].strip():
        return False
    prev_end = ls - 1
    while prev_end > 0:
        ps = text.rfind("\n", 0, prev_end) + 1
        prev = text[ps:prev_end]
        if prev.strip():
            return SIGN_OFF.match(prev) is not None
        prev_end = ps - 1
    return False


#: the page filters: they need the document (its headings, its links, its layout)
PAGE_FILTERS = (in_attribute, link_text, in_heading, listing_head, thanked, signature)


def not_private_on_page(doc, text: str, s: int, e: int, name: str, anchors: list[int]) -> bool:
    """Whether a page filter says the name is not a private individual's. Listings, thanks
    and signatures give way to a sensitive word in the name's own sentence ("Thank you to
    Harold Pemberton, who was admitted to hospital, ...")."""
    if in_attribute(doc, text, s, e) or link_text(doc, text, s, e):
        return True
    if (in_heading(doc, text, s, e) or listing_head(doc, text, s, e) or thanked(doc, text, s, e)
            or signature(doc, text, s, e)):
        # a sensitive word of the name's own sentence wins, unless it is written in title
        # case, inside the name of an organisation ("Mental Health Services")
        ss, se = sentence_of(text, s)
        return not any(ss <= a < se and not text[a].isupper() for a in anchors)
    return False

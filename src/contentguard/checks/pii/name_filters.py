"""Judgement filters for person names: each says why a name-shaped span is not a private
individual (the way detect-secrets keeps its filters apart from its plugins). Every filter
takes the text, the span and the name, and the page's declared people; ``not_private``
asks them all."""
from __future__ import annotations

import re

from .common import fold_latin, lazy_re

#: words after "Name," that show a person quoted by role, not a private individual
ROLE_TITLES = lazy_re(
    r"^\s*[,(]\s*(?:(?:our|the|a|an|its|their|his|her)\s+)?(?:[A-Za-z&-]+\s+){0,4}?"
    r"(?:chief|director|manager|head|officer|president|vice|ceo|cto|cfo|coo|cmo|founder|"
    r"co-founder|chair|chairman|chairwoman|chairperson|spokesperson|spokesman|spokeswoman|"
    r"minister|secretary|professor|lecturer|councillor|cllr|mayor|leader|member|executive|"
    r"dean|provost|principal|captain|coach|partner|owner|editor|author|curator|ambassador|"
    r"governor|senator|representative|mp|mep|superintendent|commissioner|trustee|"
    r"press officer|director-general|general manager)\b", re.I)
SPEAKER_BEFORE = lazy_re(
    r"(?:\b(?:said|says|say|told|tells|according to|commented|added|explained|noted|"
    r"announced|recalled|remarked|quoted|written by|photos? by|words by|story by)\s+(?:[\w-]+\s+){0,4}|"
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
    """A term, not a person: the expansion of an abbreviation ("CBU (Clave Bancaria Uniforme")
    or a name followed by a description of a thing ("Referencia Catastral (Spanish property id)")."""
    return bool(ACRONYM_BEFORE.search(text[max(0, s - 60):s]) or THING_AFTER.match(text[e:e + 80]))


def written_in_lower_case(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A heading ("Rich Print") whose words the page also writes in lower case: a phrase."""
    return re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", text) is not None


def in_citation(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """A reference list or citation on the name's line: authors of a paper."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    return CITATION.search(text[ls:le if le >= 0 else len(text)]) is not None


#: the filters, in the order they are asked
FILTERS = (declared_person, quoted_by_role, names_a_thing, written_in_lower_case, in_citation)


def not_private(text: str, s: int, e: int, name: str, excluded: set[str]) -> bool:
    """Whether any filter says the name at ``text[s:e]`` is not a private individual's."""
    return any(f(text, s, e, name, excluded) for f in FILTERS)

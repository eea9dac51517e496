"""Outgoing post queues → one document per post.

YAML and JSON: a list of posts, or a mapping with a ``posts`` list. CSV: a
bulk-scheduling export with a header row. A post's text is ``text``, ``message``
or ``body``; its schedule is ``scheduled_at`` (or ``date`` + ``time``); ``channel``
(or ``network``), ``author``, ``tags`` and ``id`` are kept for checks.
Positions point at the post's text in the file, escapes and all.

Field names are compared without case, spaces, hyphens or a parenthesised note, so
schedulers' own exports read as they are: Hootsuite's bulk composer (``Date and Time``,
``Message``, ``Link``; dates as mm/dd/yyyy or dd/mm/yyyy), Sprout Social's bulk scheduling
(``date``, ``time_24hr``, ``message_text``), Buffer's (``Text``, ``Posting Time``) and
Later's (``Caption``, ``Scheduled Date``/``Scheduled Time``). A numeric day/month schedule
(``11/12/2026``) is read in the configured ``dates.date-order`` (DMY by default), unless
its column header says the order (``Date and Time (mm/dd/yyyy hh:mm)``); one that can only
be read one way (``25/12/2026``, ``12/25/2026``) is read that way. A CSV export with no
schedule column found gets a notice saying so.
"""
from __future__ import annotations

import datetime as _dt
import re

from contentguard.document import Document, Link, MetaField, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources.base import Notice, SkipFile, SourceError
from contentguard.sources._text import find_urls
from contentguard.sources import yamlpos
from contentguard.sources.jsonpos import JSONPosError, JScalar, JStr, parse_json

TEXT_KEYS = ("text", "message", "body", "content", "caption", "post", "message_text", "post_text")
SCHEDULE_KEYS = ("scheduled_at", "scheduled", "schedule", "publish_at", "send_at", "datetime",
                 "date_and_time", "posting_time", "scheduled_date_and_time", "publish_date_and_time",
                 "date_time", "scheduled_for", "post_at")
DATE_KEYS = ("date", "publish_date", "scheduled_date", "post_date")
TIME_KEYS = ("time", "publish_time", "scheduled_time", "time_24hr", "post_time")
_NOTE = re.compile(r"\([^)]*\)")
_ORDER_HINT = re.compile(r"\b(dd?|mm?)\s*[/.\-]\s*(dd?|mm?)\s*[/.\-]\s*y{2,4}\b", re.I)
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")


def field_name(key) -> str:
    """A field or column name compared without case, spacing, hyphens or a note in brackets:
    ``Date and Time (mm/dd/yyyy hh:mm)`` -> ``date_and_time``."""
    return re.sub(r"[\s\-]+", "_", _NOTE.sub("", str(key)).strip().lower())


def order_hint(key) -> str | None:
    """``MDY``/``DMY`` when a column header spells its date format (``(mm/dd/yyyy)``)."""
    m = _ORDER_HINT.search(str(key))
    if not m:
        return None
    return "MDY" if m.group(1).lower().startswith("m") else "DMY"
CHANNEL_KEYS = ("channel", "network", "platform", "profile")
WRAPPER_KEYS = ("posts", "queue", "items", "updates", "messages")
#: words of a column or key that holds the person a record is about (a ticket's customer,
#: a claim's claimant, an application's applicant): a data export with one is read as
#: records (one ``record`` document per row) for the personal-data check
PERSON_KEY_WORDS = ("customer", "client", "patient", "applicant", "claimant", "complainant",
                    "requester", "requestor", "member", "employee", "tenant", "resident", "pupil",
                    "student", "candidate", "service user", "account holder", "next of kin",
                    "full name", "contact name", "reported by", "submitted by", "user name")


class NotAQueue(Exception):
    """A data file that is not a post queue (skipped, not an error)."""


class Field:
    """A post field: its value and where each character of it is written."""

    __slots__ = ("value", "start", "end", "starts", "ends")

    def __init__(self, value, start, end, starts=None, ends=None):
        self.value, self.start, self.end = value, start, end
        self.starts, self.ends = starts, ends


def parse_datetime(value: str, order: str = "DMY") -> _dt.datetime | None:
    """A schedule as written: ISO 8601, 'YYYY-MM-DD HH:MM', a numeric day and month in
    ``order`` (DMY or MDY; 12-hour times with AM/PM too), or a date alone."""
    v = str(value).strip()
    if not v:
        return None
    try:
        return _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return _dt.datetime.strptime(v, fmt)
        except ValueError:
            continue
    m = _NUMERIC.fullmatch(v)
    if m is None:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day, month = (b, a) if order == "MDY" else (a, b)
    if month > 12 and day <= 12:  # only one reading: 25/12/2026 or 12/25/2026
        day, month = month, day
    hour, minute, sec = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
    ampm = (m.group(7) or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        return _dt.datetime(year, month, day, hour, minute, sec)
    except ValueError:
        return None


def _first(post: dict, keys) -> tuple[str, Field] | tuple[None, None]:
    names = {field_name(k): k for k in post}
    for k in keys:
        if k in names:
            return names[k], post[names[k]]
    return None, None


def build_post(path: str, text: str, lines: LineIndex, index: int, post: dict[str, Field],
               notices: list, date_order: str = "DMY") -> Document | None:
    key, body = _first(post, TEXT_KEYS)
    if body is None:
        return None
    doc = Document(path=path, kind="post", source=text, lines=lines, post_index=index)
    b = TextBuilder()
    b.begin("post")
    val = body.value if isinstance(body.value, str) else "" if body.value is None else str(body.value)
    if body.starts is not None and len(body.starts) == len(val):
        b.add_offsets(val, body.starts, body.ends)
    else:
        b.add_mapped(val, body.start, body.end)
    b.into(doc)
    for s, e in find_urls(doc.text):
        rs, re_ = doc.raw_span(s, e)
        doc.links.append(Link(doc.text[s:e], rs, re_, "bare"))
    for k, f in post.items():
        if f is body:
            continue
        lk = field_name(k)
        doc.post[lk] = f.value
        doc.meta.append(MetaField(lk, f.value, f.start, f.end, "post"))
    sk, sched = _first(post, SCHEDULE_KEYS)
    if sched is None:  # a lone "scheduled_time" (Later) holding a whole date and time
        tk, t = _first(post, TIME_KEYS)
        if t is not None and _first(post, DATE_KEYS)[1] is None and "_" in field_name(tk):
            sk, sched = tk, t
    if sched is not None:
        dt = parse_datetime(sched.value, order_hint(sk) or date_order)
        if dt is None:
            notices.append(Notice("contentguard/parse-error",
                                  f"post {index + 1}: cannot read the schedule {str(sched.value)!r}", sched.start))
        else:
            doc.scheduled = MetaField(sk, dt, sched.start, sched.end, "post")
    else:
        _dk, d = _first(post, DATE_KEYS)
        _tk, t = _first(post, TIME_KEYS)
        if d is not None:
            order = order_hint(_dk) or date_order
            dt = parse_datetime(f"{d.value} {t.value}" if t is not None else str(d.value), order)
            if dt is None:
                dt = parse_datetime(str(d.value), order)
            if dt is None:
                notices.append(Notice("contentguard/parse-error",
                                      f"post {index + 1}: cannot read the date {str(d.value)!r}", d.start))
            else:
                doc.scheduled = MetaField(_dk, dt, d.start, d.end, "post")
    ck, ch = _first(post, CHANNEL_KEYS)
    if ch is not None:
        doc.post["channel"] = ch.value
    return doc


def _posts_list(root, wrapper_of):
    """The list of posts in a parsed file: a list, a mapping's ``posts`` (``queue``,
    ``items``, ...) list, or else the first list under any key whose entries carry a
    text field (``replies:``, ``drafts:``, ``scheduled:`` ... as tools name them)."""
    if isinstance(root, list):
        return root
    if isinstance(root, dict):
        for k in WRAPPER_KEYS:
            v = wrapper_of(root, k)
            if isinstance(v, list):
                return v
        for k in root:
            v = wrapper_of(root, k)
            if isinstance(v, list) and any(
                    isinstance(p, dict) and any(field_name(f) in TEXT_KEYS for f in p) for p in v):
                return v
        for k in root:  # else a list of records about people (a ticket or claims export)
            v = wrapper_of(root, k)
            if isinstance(v, list) and any(isinstance(p, dict) and any(is_person_key(f) for f in p) for p in v):
                return v
    raise NotAQueue("not a post queue (no list of posts)")


def is_person_key(key) -> bool:
    """Whether a column or key names the person a record is about ("customer_name", "Claimant")."""
    k = " " + str(key).lower().replace("_", " ").replace("-", " ") + " "
    return any(" " + w in k for w in PERSON_KEY_WORDS)


def build_record(path: str, text: str, lines: LineIndex, index: int, row: dict[str, Field]) -> Document:
    """One row of a data export as a ``record`` document: a "key: value" line per scalar field
    (the key stands for no source text; each value maps to where it is written)."""
    doc = Document(path=path, kind="record", source=text, lines=lines, post_index=index)
    b = TextBuilder()
    b.begin("record")
    for k, f in row.items():
        if isinstance(f.value, (list, dict)) or f.value is None:
            continue
        val = f.value if isinstance(f.value, str) else str(f.value)
        if not val.strip():
            continue
        b.add_mapped(f"{k}: ", f.start, f.start)
        if f.starts is not None and len(f.starts) == len(val):
            b.add_offsets(val, f.starts, f.ends)
        else:
            b.add_mapped(val, f.start, f.end)
        b.sep("\n")
        doc.post[str(k).lower()] = f.value
    return b.into(doc)


#: a value that is one link or path and nothing else
_LINK_ONLY = re.compile(r"(?:[a-z][a-z0-9+.-]*://|/|\./|\.\./)\S*", re.IGNORECASE)


def _links_only(posts: list) -> bool:
    """Whether every entry's text field is a ``post:`` that holds one link or path and no
    words: a site's data file naming its posts (Jekyll's ``_data/releases.yml``: ``post:
    /en/news/2026/07/14/ruby-4-0-6-released/`` beside a ``date:``), not posts to publish. A
    ``text``, ``message`` or ``body`` is a post's text whatever it holds."""
    found = [_first(p, TEXT_KEYS) for p in posts if isinstance(p, dict)]
    found = [(k, f) for k, f in found if f is not None]
    return bool(found) and all(field_name(k) == "post" and isinstance(f.value, str)
                               and _LINK_ONLY.fullmatch(f.value.strip()) for k, f in found)


def _finish(path, text, lines, posts: list, notices, date_order: str = "DMY") -> list[Document]:
    if posts and not any(isinstance(p, dict) and _first(p, TEXT_KEYS)[1] is not None for p in posts):
        rows = [p for p in posts if isinstance(p, dict)]
        if rows and any(is_person_key(k) for p in rows for k in p):
            return [build_record(path, text, lines, i, p) for i, p in enumerate(rows)]
    if _links_only(posts):
        raise NotAQueue("not a post queue (its text fields hold links and paths, no words)")
    docs = []
    saw_post = False
    for i, p in enumerate(posts):
        if not isinstance(p, dict):
            continue
        doc = build_post(path, text, lines, i, p, notices, date_order)
        if doc is not None:
            saw_post = True
            docs.append(doc)
    if not saw_post and posts:
        raise NotAQueue("not a post queue (no post has a text, message or body field)")
    return docs


NO_SCHEDULE = ("no schedule column found (scheduled_at, Date and Time, Posting Time, date + time, ...): "
               "posts are judged against the reference date, not their own")


def scheduled_before_now(value, today: _dt.date, now: _dt.datetime | None = None) -> bool:
    """A schedule on ``today`` at a time already gone: "earlier today" is in the past too.
    Only when ``today`` is the real current date (a pinned --today has no "now")."""
    now = now or _dt.datetime.now().astimezone()
    if not isinstance(value, _dt.datetime) or now.date() != today:
        return False
    if value.tzinfo is None:
        value = value.astimezone()  # a naive schedule is the machine's local time
    return value < now


# --- JSON ------------------------------------------------------------------

def _json_posts(path, text, lines, notices, date_order="DMY"):
    try:
        root = parse_json(text)
    except JSONPosError as e:
        raise SourceError(f"malformed JSON: {e}", e.offset) from None

    def wrap(d, k):
        return d.get(k)

    posts = []
    for p in _posts_list(root, wrap):
        if not isinstance(p, dict):
            continue
        fields = {}
        for k, v in p.items():
            if isinstance(v, JStr):
                fields[k] = Field(v.value, v.start, v.end, v.starts, v.ends)
            elif isinstance(v, JScalar):
                fields[k] = Field(v.value, v.start, v.end)
            elif isinstance(v, list):
                items = [x for x in v if isinstance(x, (JStr, JScalar))]
                # the span of the written items (a list node itself carries no position)
                fields[k] = Field([x.value for x in items], items[0].start if items else 0,
                                  items[-1].end if items else 0)
        posts.append(fields)
    return _finish(path, text, lines, posts, notices, date_order)


# --- YAML ------------------------------------------------------------------

def _yaml_posts(path, text, lines, notices, date_order="DMY"):
    import yaml

    try:
        root = yamlpos.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        reason = (getattr(e, "problem", None) or str(e).splitlines()[0]).strip()
        raise SourceError(f"malformed YAML: {reason}", mark.index if mark is not None else None) from None
    if root is None:
        return []

    def tree(node):
        if isinstance(node, yaml.SequenceNode):
            return [tree(n) for n in node.value]
        if isinstance(node, yaml.MappingNode):
            return {k.value if isinstance(k, yaml.ScalarNode) else "": n for k, n in node.value}
        return node

    def wrap(d, k):
        n = d.get(k)
        return tree(n) if n is not None else None

    top = tree(root)
    posts = []
    for p in _posts_list(top, wrap):
        if not isinstance(p, dict):
            continue
        fields = {}
        for k, node in p.items():
            if isinstance(node, yaml.ScalarNode):
                if field_name(k) in TEXT_KEYS:
                    v, starts, ends = yamlpos.scalar_offsets(text, node)
                    s, e = yamlpos.scalar_span(node)
                    fields[k] = Field(v, s, e, starts, ends)
                else:
                    s, e = yamlpos.scalar_span(node)
                    fields[k] = Field(node.value, s, e)
            else:
                fields[k] = Field(yamlpos.construct(node), node.start_mark.index, node.end_mark.index)
        posts.append(fields)
    return _finish(path, text, lines, posts, notices, date_order)


# --- CSV -------------------------------------------------------------------

def csv_rows(text: str, delim: str):
    """RFC 4180 rows of (value, raw start, raw end, starts, ends) cells."""
    rows = []
    row = []
    i, n = 0, len(text)
    while i <= n:
        if i == n:
            if row:
                rows.append(row)
            break
        if text[i] == '"':
            j = i + 1
            chars, starts, ends = [], [], []
            while True:
                if j >= n:
                    raise SourceError("unterminated quoted CSV field", i)
                c = text[j]
                if c == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        chars.append('"')
                        starts.append(j)
                        ends.append(j + 2)
                        j += 2
                        continue
                    break
                chars.append(c)
                starts.append(j)
                ends.append(j + 1)
                j += 1
            val = "".join(chars)
            cell = (val, i + 1, j, starts, ends)
            j += 1
            # anything between the closing quote and the delimiter is kept out
            while j < n and text[j] not in (delim, "\n", "\r"):
                j += 1
        else:
            j = i
            while j < n and text[j] not in (delim, "\n", "\r"):
                j += 1
            val = text[i:j]
            cell = (val, i, j, None, None)
        row.append(cell)
        if j < n and text[j] == delim:
            i = j + 1
            if i == n:
                row.append(("", i, i, None, None))
            continue
        if j < n and text[j] == "\r":
            j += 1
        if j < n and text[j] == "\n":
            j += 1
        rows.append(row)
        row = []
        i = j
        if i >= n:
            break
    return rows


def _csv_posts(path, text, lines, notices, date_order="DMY"):
    first = text.split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=first.count)
    rows = [r for r in csv_rows(text, delim) if any(c[0].strip() for c in r)]
    if not rows:
        return []
    header = [c[0].strip() for c in rows[0]]
    if not {field_name(h) for h in header} & set(TEXT_KEYS) and not any(is_person_key(h) for h in header):
        raise NotAQueue("not a post queue (the CSV header has no text, message or body column)")
    posts = []
    for r_i, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            notices.append(Notice("contentguard/parse-error",
                                  f"CSV row {r_i} has {len(row)} fields, the header has {len(header)}", row[0][1]))
        fields = {}
        for name, cell in zip(header, row):
            v, s, e, starts, ends = cell
            if starts is None:
                starts, ends = list(range(s, e)), list(range(s + 1, e + 1))
            fields[name] = Field(v, s, e, starts, ends)
        posts.append(fields)
    docs = _finish(path, text, lines, posts, notices, date_order)
    names = [field_name(h) for h in header]
    if docs and not set(names) & set(SCHEDULE_KEYS + DATE_KEYS + TIME_KEYS):
        # a scheduler's export whose date column we do not know: say so, or every post
        # would silently be judged against today (YAML/JSON drafts and replies often have none)
        notices.append(Notice("contentguard/notice", NO_SCHEDULE, 0))
    return docs


def parse_posts(path: str, text: str, lines: LineIndex, date_order: str = "DMY"):
    notices: list = []
    ext = path.rsplit(".", 1)[-1].lower()
    if not text.strip():
        return [], notices
    try:
        if ext == "json":
            docs = _json_posts(path, text, lines, notices, date_order)
        elif ext == "csv":
            docs = _csv_posts(path, text, lines, notices, date_order)
        else:
            docs = _yaml_posts(path, text, lines, notices, date_order)
    except NotAQueue as e:
        raise SkipFile(str(e)) from None
    return docs, notices




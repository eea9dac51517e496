"""Metadata values as dates (ISO, RFC 1123, then dateparser strictly) and the metadata keys
that say a page expires or was modified."""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from contentguard.checks.dates.grammar import _D, _digits, _mk

# --------------------------------------------------------------------------- metadata values

_ISO_VALUE = re.compile(rf"\s*({_D}{{4}})-({_D}{{1,2}})-({_D}{{1,2}})(?:[T ].*)?\s*$")


@lru_cache(maxsize=4096)
def _parse_value(value: str, languages: tuple[str, ...]) -> _dt.date | None:
    """A metadata value as a date: ISO first, then RFC 1123, then dateparser, strictly."""
    m = _ISO_VALUE.match(value)
    if m:
        return _mk(_digits(m.group(1)), _digits(m.group(2)), _digits(m.group(3)))
    if not re.search(rf"{_D}{{4}}", value):
        return None  # "0", "-1", "never": no date at all
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        dt = dateparser.parse(value, languages=list(languages), settings={
            "PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:
        return None
    return dt.date() if dt else None


def _as_date(value, languages: tuple[str, ...]) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _parse_value(value, languages)
    return None


_EXPIRY_KEYS = {"expirydate", "expiry_date", "expiry", "expires", "expiration", "expirationdate",
                "expiration_date", "unpublishdate", "unpublish_date", "validthrough",
                "pricevaliduntil", "expiredate"}
_MODIFIED_KEYS = {"lastmod", "last_modified", "lastmodified", "last-modified", "updated",
                  "updated_at", "modified", "datemodified", "article:modified_time",
                  "og:updated_time", "last_updated", "lastupdated"}
_META_ORIGINS = ("front-matter", "meta", "json-ld")
# keys compared without case, "_", "-" and ":"-free spelling: last_modified_at = lastModifiedAt
_EXPIRY_NORM = {re.sub(r"[_\-\s]", "", k) for k in _EXPIRY_KEYS} | {
    "expiresat", "expireson", "expiryat", "expirationat", "validuntil", "unpublishat", "unpublishon",
    "unpublishedat", "availableuntil", "offerexpires"}
_MODIFIED_NORM = {re.sub(r"[_\-\s]", "", k) for k in _MODIFIED_KEYS} | {
    "lastmodifiedat", "lastmodifieddate", "modifiedat", "modifiedon", "modifieddate", "modifiedtime",
    "updatedat", "updatedon", "updateddate", "lastupdatedat", "lastupdatedon", "dateupdated",
    "datemodified", "lastmod", "lastedited", "editedat", "revised", "lastrevised", "lastreviewed",
    "reviewedon", "dcterms.modified", "dc.date.modified"}


def _norm_key(key: str) -> str:
    """``last_modified_at`` → ``lastmodifiedat``; HTML names keep their ':' (article:modified_time)."""
    k = str(key).strip().lower()
    if ":" in k:
        return k if k in _MODIFIED_KEYS or k in _EXPIRY_KEYS else re.sub(r"[_\-\s]", "", k)
    return re.sub(r"[_\-\s]", "", k)

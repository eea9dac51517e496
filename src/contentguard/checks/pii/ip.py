"""Public IP addresses (of a poster, a customer): not private, documentation or service addresses."""
from __future__ import annotations

import ipaddress
import re

from contentguard.masking import mask_ip

from .common import Hit, lazy_re

IPV4_RE = lazy_re(r"\d(?<![\w.]\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?![\w/]|\.\d)")  # not a /24 network
IPV6_RE = lazy_re(r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}[0-9A-Fa-f]{0,4}(?![\w:/])")
VERSION_BEFORE = lazy_re(r"(?:\b(?:v|ver|version|release|build|firmware|rev|revision|update|"
                             r"chrome|firefox|safari|edge|ios|android|windows|macos|python|node|kernel|linux|section|"
                             r"chapter|oid|rfc|\u00a7)\.?\s*|[vV])$", re.I)
SERVICE_IP_BEFORE = lazy_re(r"\b(?:dns|nameserver|name server|resolver|gateway|router|server|servers|"
                                r"proxy|ntp|smtp|host|load ?balancer|balancer|cdn|mirror|endpoint|firewall|"
                                r"vpn|cluster|node|instance|origin|mx|ingress|egress|nat|resolves to|points to|pointing to|"
                                r"replica|primary|database|db|backend|backends|bastion|vm|pod|container|worker|"
                                r"cache|broker|failover|upstream|"
                                r"record)\b[^.\n]{0,25}$|(?:^|[|\n])\s*(?-i:A|AAAA)\s*(?:record)?\s*[|:][^\n]{0,40}$", re.I)
#: an object identifier, not an address: "OID" just before (same clause), or ASN.1's
#: "{joint-iso-itu-t(2) ... certificate-policies(1)} (2.23.140.1)" right before
OID_BEFORE = lazy_re(r"\b(?:OIDs?|object identifiers?)\b[^\n;]{0,40}$|\}\s*\(?$", re.I)
#: an example, not somebody's address: "addresses look like 54.215.62.21", "not as, say, "54..."
EXAMPLE_BEFORE = lazy_re(r"\b(?:like|such as|e\.g\.|eg|for example|for instance|say,|example:?)\s*[\"'\u201c(`]?$", re.I)
#: a host's own address: 'ny2.tmate.io (104.236.9.236)', "ny2.tmate.io,104.236.9.236",
#: "usasearch-elb.ec2.aws.com has address 52.0.72.176" (the `host` command's answer)
HOST_BEFORE = lazy_re(r"(?<![@\w.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}[\"']?"
                      r"(?:\s*[(,=:]\s*|\s+has\s+(?:IPv6\s+)?address\s+|\s+(?:is\s+at|resolves\s+to)\s+)$"
                      # a zone file's address record: "*.sites.infr IN A 52.86.186.226"
                      r"|\bIN\s+(?:A|AAAA)\s+$"
                      # "the service ... is provided from the IP addresses 54.215.62.21"
                      r"|\b(?i:served|provided|hosted|reachable)\s+(?i:from|at|on)\b[^.\n]{0,25}$")
#: what joins addresses of one list: "54.215.62.21 (IPv4) or 2600:...", "A and B", "A, B"
LIST_GAP = lazy_re(r"\s*(?:\([^()\n]{0,12}\))?\s*(?:,|;|/|\band\b|\bor\b)?\s*(?:<br\s*/?>)?\s*$", re.I)
#: a year, "::" and a time: how Erlang's error reports write a date-time ("=ERROR REPORT====
#: 7-Aug-2014::10:35:59 ===")
_DATE_TIME = re.compile(r"(?:19|20)\d\d::[0-2]?\d:[0-5]\d:[0-5]\d")
PUBLIC_RESOLVERS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112",
                               "208.67.222.222", "208.67.220.220", "2001:4860:4860::8888",
                               "2001:4860:4860::8844", "2606:4700:4700::1111", "2606:4700:4700::1001"})


def find_ips(text: str):
    """Public IP addresses in ``text`` (private, documentation and service addresses without a rule)."""
    cands = []
    if "." in text:
        cands += [(m.start(), m.end(), m.group(0)) for m in IPV4_RE.finditer(text)]
    if "::" in text or text.count(":") >= 7:
        cands += [(m.start(), m.end(), m.group(0)) for m in IPV6_RE.finditer(text)]
    cands.sort()
    quiet_end = -1  # where the last address silenced as a service's or an example ends
    for s, e, raw in cands:
        try:
            ip = ipaddress.ip_address(raw)
        except ValueError:
            continue
        if ip.version == 4:
            octets = raw.split(".")
            if any(len(p) > 1 and p[0] == "0" for p in octets):
                continue  # 01.02.2024 and friends: not how addresses are written
            if sum(len(p) == 1 for p in octets) >= 3:
                continue  # 2.3.4.1, 2.6.23.1: section and version numbers, OIDs
        if ip.version == 6 and raw.count(":") < 3:
            continue  # a:b::c is more likely a time or a label than an address
        if ip.version == 6 and _DATE_TIME.fullmatch(raw):
            continue  # 7-Aug-2014::10:35:59: an Erlang report's date and time, no address
        # an address that is not reported is still an address: no phone number in it
        if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
            yield Hit(s, e, "", raw, "", "")
            continue
        if raw in PUBLIC_RESOLVERS:
            yield Hit(s, e, "", raw, "", "")
            continue
        before = text[max(0, s - 40):s]
        if VERSION_BEFORE.search(before) or OID_BEFORE.search(text[max(0, s - 140):s]):
            continue
        if SERVICE_IP_BEFORE.search(before) or _not_a_connection(text, s, e, before, quiet_end):
            quiet_end = e
            yield Hit(s, e, "", raw, "", "")
            continue
        masked = mask_ip(raw)
        yield Hit(s, e, "pii/ip-address", raw, masked,
                   f"public IP address {masked}: it identifies a person's connection")


def _not_a_connection(text: str, s: int, e: int, before: str, quiet_end: int) -> bool:
    """An address that is a host's (named beside it), an example, or listed right after
    such an address. (Addresses alone on their source lines are the check's to judge:
    :func:`listed_alone`, as a code block is read one line at a time.)"""
    if EXAMPLE_BEFORE.search(before) or HOST_BEFORE.search(before):
        return True
    return quiet_end >= 0 and quiet_end <= s and s - quiet_end <= 40 and LIST_GAP.fullmatch(text, quiet_end, s) is not None


#: what may stand around an address alone on its line: a list marker, quotes, tags, a comment
_ALONE_BEFORE = lazy_re(r"(?:[ \t]|<[^<>\n]*>|[-*+][ \t])*[\"'`]?")
_ALONE_AFTER = lazy_re(r"[\"'`,]?(?:[ \t]|<[^<>\n]*>)*(?:#[^\n]*)?\r?")


_ALONE_REACH = 400  # how far from the address its line's ends are looked for


def listed_alone(source: str, s: int, e: int) -> bool:
    """Whether the address at ``source[s:e]`` stands alone on its source line: a list of
    addresses, as docs give a service's egress IPs, an allow list or known hosts, one per
    line; not a log line or a sentence, which name whose connection it was."""
    ls = source.rfind("\n", max(0, s - _ALONE_REACH), s) + 1
    le = source.find("\n", e, e + _ALONE_REACH)
    if ls == 0 and s > _ALONE_REACH or le < 0 and len(source) > e + _ALONE_REACH:
        return False  # a long line (a minified page): no list line, and no scan of all of it
    le = len(source) if le < 0 else le
    return _ALONE_BEFORE.fullmatch(source, ls, s) is not None and _ALONE_AFTER.fullmatch(source, e, le) is not None


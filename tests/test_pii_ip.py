"""The personal-data check on IP addresses (checks/pii/ip.py): a true positive at its exact
position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import spans
from piihelpers import run, at


def test_ipv4_and_ipv6_public():
    text = "Posted from 81.2.69.160, edited from 2a00:23c5:e381:f200::1b7.\n"
    fs = run("a.txt", text)
    assert [f.rule for f in fs] == ["pii/ip-address", "pii/ip-address"]
    at(fs[0], text, 1, "81.2.69.160")
    at(fs[1], text, 1, "2a00:23c5:e381:f200::1b7")
    assert fs[0].excerpt == "81.•••.•••.•••"
    assert fs[0].message == "public IP address 81.•••.•••.•••: it identifies a person's connection"
    assert fs[1].excerpt.startswith("2a00:") and "e381" not in fs[1].excerpt
    assert fs[0].kind == "pii.ip-address"


@pytest.mark.parametrize("text", [
    "Open http://192.168.1.1 to reset the router.",
    "Use 10.0.0.138 or 172.16.4.2 or 127.0.0.1 or 169.254.10.20.",
    "Docs use 192.0.2.44, 198.51.100.7, 203.0.113.9 and 2001:db8::1.",
    "Upgrade to version 10.2.3.4 today; see section 2.3.4.1.",
    "Set DNS server to 8.8.8.8.",
    "Meet at 12:30:45 in room 4.",
    "Allow 81.2.69.0/24 and 2a00:23c5::/32 through the firewall.",
])
def test_ip_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n")) == []

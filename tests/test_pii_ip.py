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


# real pages (letsencrypt.org, digital.gov, docs.travis-ci.com, the MoJ cloud platform
# guide): a host's address, an example, an egress list; none identifies a person
@pytest.mark.parametrize("text", [
    "IP addresses generally look like 54.215.62.21 (IPv4) or 2600:1f1c:446:4900::65 (IPv6).",
    "The website is provided from the IP addresses 54.215.62.21 and 2600:1f1c:446:4900::65, among others.",
    "It makes sense for the certificate to say \"letsencrypt.org\" and not, say, \"54.215.62.21\".",
    "The authenticity of host 'ny2.tmate.io (104.236.9.236)' can't be established.",
    "Warning: Permanently added 'ny2.tmate.io,104.236.9.236' (ECDSA) to the list of known hosts.",
    "<tt>usasearch-elb.ec2.aws.com has address 52.0.72.176<br /> usasearch-elb.ec2.aws.com has address 52.23.22.193</tt>",
    "<tt>*.sites.infr IN A 52.86.186.226<br /> *.sites.infr IN A 52.0.72.176</tt>",
    "The current IP addresses are:\n\n```\n54.173.229.200\n54.175.230.252\n```",
    "addons:\n  ssh_known_hosts:\n  - git.example.com\n  - 111.22.33.44",
])
def test_ip_of_a_host_an_example_or_a_list_does_not_fire(text):
    assert spans(run("a.md", text + "\n")) == []


def test_ip_of_a_client_in_a_log_line_still_fires():
    # a pasted log names the client's address: the connection of whoever made the request
    text = ("```\n2019/01/01 11:00:00 [error] 12647#12647: *1158975 [client 12.123.1.12] "
            "ModSecurity: Access denied with code 403\n```\n"
            "Blocked 81.2.69.160 and 81.2.69.161 after the attack.\n")
    fs = run("a.md", text)
    assert [f.rule for f in fs] == ["pii/ip-address"] * 3
    at(fs[0], text, 2, "12.123.1.12")
    at(fs[1], text, 4, "81.2.69.160")
    at(fs[2], text, 4, "81.2.69.161")


def test_ip_alone_on_its_line_is_looked_for_near_the_address_only():
    # a list line is short; on a long line (a minified page) the line's ends are not
    # searched for (bounded work per address): the address is judged as in running text
    text = "Egress:\n\n" + "<b></b>" * 70 + "81.2.69.160\n"
    fs = run("a.html", text)
    assert [f.rule for f in fs] == ["pii/ip-address"]
    at(fs[0], text, 3, "81.2.69.160")
    assert spans(run("a.html", "Egress:\n\n" + "<b></b>" * 5 + "81.2.69.160\n")) == []

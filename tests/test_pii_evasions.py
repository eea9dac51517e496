"""Issue 16, part 4 (personal data): obfuscated values are found through the CLI at the
exact span written in the file, and look-alikes (decimals, versions, dates) stay quiet."""
from __future__ import annotations

from conftest import write

LINES = [
    ("Write to maria.kowalska77 [at] gmail [dot] com today.", "pii/email", "maria.kowalska77 [at] gmail [dot] com"),
    ("Or maria.kowalska77\uff20gmail\uff0ecom from a phone.", "pii/email", "maria.kowalska77\uff20gmail\uff0ecom"),
    ("Mail maria.kow\u200balska77@gmail.com please.", "pii/email", "maria.kow\u200balska77@gmail.com"),
    ("Call 0784\u200b2 615\u200b903 after six.", "pii/phone", "0784\u200b2 615\u200b903"),
    ("Mobile 07842/615903 is hers.", "pii/phone", "07842/615903"),
    ("Card 4916.3381.2273.9419 on file.", "pii/payment-card", "4916.3381.2273.9419"),
    ("Refund to gb85barc20040441234567 by Friday.", "pii/iban", "gb85barc20040441234567"),
    ("Her SSN 412.68.3057 was shown.", "pii/national-id", "412.68.3057"),
]
QUIET = "Pi is 3.14, version 1.2.3.4, released 12/05/2024, order 1234.5678 and be [at] home [dot] now.\n"


def test_each_obfuscation_is_found_at_its_exact_span(cg, work):
    write(work / "page.md", "\n".join(line for line, _r, _v in LINES) + "\n" + QUIET)
    r = cg("check", "--format", "json", "page.md", pack_=False, select="pii")
    want = []
    for n, (line, rule, value) in enumerate(LINES, start=1):
        col = line.index(value) + 1
        want.append((rule, n, col, n, col + len(value)))
    got = [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in r.findings]
    assert got == want
    for f in r.findings:  # masked, never the clear value
        assert "kowalska77" not in f["excerpt"] and "615903" not in f["excerpt"]
        assert "3381" not in f["excerpt"] and "barc2004" not in f["excerpt"].lower()
    # the text report's source line is masked too
    r = cg("check", "page.md", pack_=False, select="pii")
    assert "kowalska77" not in r.out and "3381" not in r.out and "412.68" not in r.out

"""The CommonMark / GFM spec examples as a yardstick for the Markdown reader.

Each example of a spec file (``spec.txt``, cmark-gfm's ``extensions.txt``) is a Markdown
input and the HTML a conforming parser makes of it. From that HTML this script takes
what contentguard must read the same way:

* links: every ``<a href>`` and ``<img src>``, except GFM footnote references and
  back-references (a footnote is never a link to us);
* prose: the words of the visible text outside ``<code>``/``<pre>``, plus image ``alt``
  text; the text of an autolink (``<a>`` whose text is its own address) is a URL, not
  prose, except an e-mail address, which reads as text.

and compares them with the document contentguard reads (``Document.links`` and the words
of ``Document.text``). Usage: ``python tests/mdspec.py SPEC.txt [--show N]``.

The spec files are CC-BY-SA 4.0 and are not copied into this repository: the test that
uses this script looks for them (``CONTENTGUARD_SPEC_DIR``, or ``../realsites`` beside the
checkout) and skips when they are absent.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

FENCE = "`" * 32
_WORD = re.compile(r"\w+")


@dataclass
class Example:
    number: int
    line: int
    section: str
    extension: str
    markdown: str
    html: str


def examples(path: str) -> list[Example]:
    """The examples of a spec file, tabs written as ``→`` turned back into tabs."""
    out: list[Example] = []
    section = ""
    state, md, html, start, ext = 0, [], [], 0, ""
    with open(path, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if state == 0:
                if line.startswith(FENCE + " example"):
                    state, md, html, start = 1, [], [], no
                    ext = line[len(FENCE) + len(" example"):].strip()
                elif line.startswith("#"):
                    section = line.lstrip("#").strip()
            elif state == 1:
                if line.rstrip("\n") == ".":
                    state = 2
                else:
                    md.append(line)
            elif state == 2:
                if line.startswith(FENCE):
                    out.append(Example(len(out) + 1, start, section, ext,
                                       "".join(md).replace("→", "\t"), "".join(html).replace("→", "\t")))
                    state = 0
                else:
                    html.append(line)
    return out


def _norm(url: str) -> str:
    return unquote(url)


BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
          "blockquote", "div", "br", "hr", "dd", "dt", "dl", "section", "thead", "tbody", "img"}
SKIP = {"code", "pre", "script", "style", "textarea", "title"}


def expected(html: str) -> tuple[set[str], Counter]:
    """Links and prose words of a spec example's HTML, as a reader sees the page."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    from contentguard.sources.html import URL_ATTRS

    soup = BeautifulSoup(html, "html.parser")
    links: set[str] = set()
    parts: list[str] = []
    alts: list[str] = []

    def visit(node) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                name = child.name
                if name == "a" and _footnote(child):
                    continue
                if name == "sup" and "footnote-ref" in (child.get("class") or []):
                    continue
                for attr in URL_ATTRS.get(name, ()):
                    if attr != "srcset" and child.get(attr) is not None:
                        links.add(_norm(child[attr]))
                if name == "img":
                    alts.append(child.get("alt", ""))
                if name in SKIP or (name == "a" and _autolink(child)):
                    parts.append(" ")
                    continue
                if name in BLOCKS:
                    parts.append("\n")
                visit(child)
                if name in BLOCKS:
                    parts.append("\n")
            elif type(child) is NavigableString:  # not comments, doctypes, CDATA, PIs
                parts.append(str(child))

    visit(soup)
    words = Counter(_WORD.findall("".join(parts)))
    for alt in alts:
        words.update(_WORD.findall(alt))
    return links, words


def _footnote(a) -> bool:
    cls = a.get("class") or []
    return ("footnote-backref" in cls or "footnote-ref" in cls or a.has_attr("data-footnote-ref")
            or a.has_attr("data-footnote-backref")
            or (a.parent is not None and a.parent.name == "sup"
                and "footnote-ref" in (a.parent.get("class") or [])))


def _autolink(a) -> bool:
    href = a.get("href")
    if href is None:
        return False
    text = a.get_text()
    if href.startswith("mailto:"):
        return False
    return _norm(href) in (_norm(text), _norm("http://" + text))


def actual(markdown: str, gfm_autolinks: bool = False):
    """Links and prose words contentguard reads. Without ``gfm_autolinks`` (an example of
    core CommonMark), the bare URLs our GFM reading makes links of are left out of both
    sides: CommonMark leaves them as text, GFM's autolink extension makes them links."""
    from contentguard.sources import parse

    loaded = parse("example.md", markdown, "markdown")
    links: set[str] = set()
    words: Counter = Counter()
    bare: Counter = Counter()
    for doc in loaded.documents:
        for ln in doc.links:
            if ln.element == "bare" and not gfm_autolinks:
                if not ln.url.startswith("mailto:"):  # an e-mail address stays prose
                    bare.update(_WORD.findall(doc.source[ln.start:ln.end]))
                continue
            links.add(_norm(ln.url))
        words.update(_WORD.findall(doc.text))
    return links, words, bare


@dataclass
class Score:
    total: int = 0
    link_examples: int = 0
    link_exact: int = 0
    prose_examples: int = 0
    prose_exact: int = 0
    footnote_links: int = 0

    def line(self, name: str) -> str:
        return (f"{name}: {self.total} examples; links exact {self.link_exact}/{self.link_examples} "
                f"({100 * self.link_exact / max(1, self.link_examples):.1f}%); prose exact "
                f"{self.prose_exact}/{self.prose_examples} "
                f"({100 * self.prose_exact / max(1, self.prose_examples):.1f}%); "
                f"footnote links {self.footnote_links}")


def score(path: str, show: int = 0) -> tuple[Score, list]:
    """Per-example comparison; cmark-gfm's extensions.txt runs every example with the
    extensions on, the spec files only those tagged ``autolink``."""
    import os

    all_ext = os.path.basename(path) == "extensions.txt"
    sc = Score()
    misses = []
    for ex in examples(path):
        if ex.html.strip() == "<IGNORE>":  # cmark-gfm's "must not crash" examples
            continue
        sc.total += 1
        el, ew = expected(ex.html)
        al, aw, bare = actual(ex.markdown, all_ext or "autolink" in ex.extension)
        ew -= bare
        if "[^" in ex.markdown:
            sc.footnote_links += len(al - el)  # anything read as a link that is none
        if el or al:
            sc.link_examples += 1
            if el == al:
                sc.link_exact += 1
            else:
                misses.append(("links", ex, el, al))
        if ew or aw:
            sc.prose_examples += 1
            if ew == aw:
                sc.prose_exact += 1
            else:
                misses.append(("prose", ex, ew - aw, aw - ew))
    return sc, misses


def main(argv: list[str]) -> int:
    show = 0
    paths = []
    it = iter(argv)
    for a in it:
        if a == "--show":
            show = int(next(it))
        else:
            paths.append(a)
    for p in paths:
        sc, misses = score(p)
        print(sc.line(p))
        for what, ex, exp, got in misses[:show]:
            print(f"--- {what} example {ex.number} (line {ex.line}, {ex.section})\n{ex.markdown!r}\n"
                  f"    expected-only {exp!r}\n    read-only     {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

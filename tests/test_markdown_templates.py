"""A template tag opening a Markdown link's destination (sources/markdown.py,
``template_destinations``): ``[Jean Fox]({{< ref "fox.md" >}})`` is a link once the
generator has expanded its tags. On digital.gov (Hugo) 3,013 links in 944 pages are
written so; read as written they were prose, and the file names inside them made
findings: "2015-04-06-using-personas..." a dated statement, "...-mental-healthcare.md" a
health word beside "David Cooper"."""
from __future__ import annotations

from checkhelpers import col
from conftest import write
from contentguard.sources import parse
from contentguard.sources.markdown import template_destinations

LINE = ('Thanks to [David Cooper]({{< ref "2015-06-25-using-apps-for-mental-healthcare.md" >}}), '
        '[Jo]({% link _posts/2024-01-02-a.md %}) and [us]({{ site.baseurl }}/about/).\n')


def test_link_text_is_prose_and_the_tag_is_the_links_destination():
    doc = parse("a.md", LINE).documents[0]
    assert doc.text == "Thanks to David Cooper, Jo and us.\n"
    assert doc.source == LINE  # positions and excerpts come from the file as written
    got = [(LINE[link.start:link.end]) for link in doc.links]
    assert got == ['{{< ref "2015-06-25-using-apps-for-mental-healthcare.md" >}}',
                   "{% link _posts/2024-01-02-a.md %}", "{{ site.baseurl }}/about/"]
    assert doc.links[0].start == LINE.index("{{< ref")


def test_tags_elsewhere_are_left_as_written():
    # a tag in prose, in link text, or a destination that only contains one later
    text = ('Use {{< ref "a.md" >}} in a page. [{{ title }}](https://x.org/) and '
            '[a](https://x.org/{{ id }}).\n')
    assert template_destinations(text) == text
    doc = parse("a.md", text).documents[0]
    assert '{{< ref "a.md" >}}' in doc.text and "{{ title }}" in doc.text


def test_hugo_ref_in_a_destination_is_still_checked_and_makes_no_prose_findings(cg, work):
    write(work / "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(work / "content/news/fox.md", "---\ntitle: Fox\n---\nHello.\n")
    write(work / "content/news/post.md",
          '---\ntitle: Post\n---\nAsk [Jean Fox]({{< ref "fox.md" >}}) or [Ann]({{< ref "gone.md" >}}).\n'
          'Read [the notes]({{< ref "2015-04-06-complaint-handling.md" >}}).\n')
    run = cg("check", "content", "--format", "json", "--today", "2026-12-06", select="link,date,pii")
    got = sorted((f["rule"], f["line"], f["column"]) for f in run.findings if f["path"] == "content/news/post.md")
    # the missing targets are still broken links, at the ref's argument; nothing else
    post = (work / "content/news/post.md").read_text()
    assert got == [("link/broken", 4, col(post, 4, "gone.md")),
                   ("link/broken", 5, col(post, 5, "2015-04-06"))]

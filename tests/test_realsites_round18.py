"""False-alarm classes found on public sites no earlier round was tuned on (round 18):
eslint.org (Eleventy, release notes since 2014), www.ruby-lang.org (Jekyll, news since
2001), babel's website (Docusaurus: docs and a blog) and 2024.djangocon.us (Eleventy, a
conference). Each class is rebuilt here from the lines that showed it, at their own
positions: the true finding still fires, the look-alike does not."""
from __future__ import annotations

import pytest

from conftest import write
from realpages import assert_replays, load

JUDGED = load("round18.jsonl")


def test_a_template_that_writes_the_hosts_redirects_file(cg, work):
    """eslint.org: 2,221 of its 2,223 broken-link findings were links to /docs/rules/...,
    /docs/latest/..., /docs/2.0.0/...: the docs are another site, reached through the
    _redirects file that src/static/redirects.njk writes (permalink: _redirects). A link no
    rule covers is still broken, at its column; so is one under a lone {% if %}."""
    write(work / ".eleventy.js", 'module.exports = function (c) {\n  c.addPassthroughCopy({ "./src/static": "/" });\n'
          '  return { dir: { input: "src", output: "_site" } };\n};\n')
    write(work / "src/static/redirects.njk",
          "---\nlayout: false\npermalink: _redirects\neleventyExcludeFromCollections: true\n---\n\n"
          "# Netlify Redirect Rules\n{% for redirect in site.redirects %}\n"
          "{{ redirect.from }}                 {{ redirect.to }} {{ redirect.status }}\n{% endfor %}\n"
          "{% if site.locals.docs_latest %}\n/docs/rules/*                       /docs/latest/rules/:splat 301!\n"
          "/docs/latest/*                      https://{{ site.locals.docs_latest }}/:splat 200!\n{% else %}\n"
          "/docs/*                             https://eslint.org/docs/:splat 302!\n{% endif %}\n"
          "{% if site.locals.blog == false %}\n/blog/*                             https://eslint.org/blog/:splat 302!\n"
          "{% endif %}\n")
    write(work / "src/static/favicon.ico", "")
    line = ("* Fix: `no-undef` ([rule](/docs/rules/no-undef)), [guide](/docs/2.0.0/user-guide/migrating-to-2.0.0), "
            "[icon](/favicon.ico), [post](/blog/2020/07/eslint-v7.4.0-released), [x](/doc/rules/no-undef)")
    write(work / "src/content/blog/2020-07-18-eslint-v7.5.0-released.md", "---\ntitle: v7.5.0\n---\n\n" + line + "\n")
    r = cg("check", "--format", "json", "src/content", select="link", pack_=False)
    got = [(f["rule"], f["line"], f["column"]) for f in r.json()["findings"]]
    assert got == [("link/broken", 5, line.index("/blog/") + 1), ("link/broken", 5, line.index("/doc/") + 1)]


def _conference(work, year: int) -> str:
    write(work / "eleventy.config.js", 'export default function (c) {\n  return { dir: { input: "src" } };\n}\n')
    write(work / "CNAME", f"{year}.djangocon.us\n")
    line = f"Our Call for Proposals is now closed. Decision notifications will be sent by July 8th, {year}."
    write(work / "src/speaking/index.html", "---\nlayout: default\ntitle: Speaking at DjangoCon US\n---\n\n"
          "<div class=\"hero\">\n" + line + "\n</div>\n")
    write(work / "src/_content/posts/cfp-last-call.md",
          f"---\nauthor: Jason Judkins\npublished_datetime: {year}-04-18 06:00:00\ntitle: Last call\n---\n\n"
          f"Submit your proposal by April 29, {year}.\n")
    return line


def test_a_conference_site_named_for_a_past_year_is_a_record(cg, work):
    """2024.djangocon.us: 19 expired deadlines and past events at error, on the site of a
    conference that is over. Its posts date themselves with published_datetime; its
    standing pages belong to the year the site is named for (CNAME 2024.djangocon.us).
    Both are history now (date/archived, info), at their own positions."""
    line = _conference(work, 2024)
    r = cg("check", "--format", "json", "--today", "2026-12-06", "src", select="date", pack_=False)
    got = sorted((f["path"], f["line"], f["column"], f["rule"], f["severity"]) for f in r.json()["findings"])
    assert got == [("src/_content/posts/cfp-last-call.md", 7, len("Submit your proposal by ") + 1, "date/archived", "info"),
                   ("src/speaking/index.html", 7, line.index("July") + 1, "date/archived", "info")]
    said = {f["path"]: f["message"] for f in r.json()["findings"]}
    assert "(the site is named for 2024: CNAME 2024.djangocon.us)" in said["src/speaking/index.html"]
    assert "(front matter 'published_datetime')" in said["src/_content/posts/cfp-last-call.md"]


def test_the_site_of_this_years_conference_is_live(cg, work):
    """The same pages on 2026.djangocon.us in December 2026: the deadline on the standing
    page has passed and the page still says so, an error at its column."""
    line = _conference(work, 2026)
    r = cg("check", "--format", "json", "--today", "2026-12-06", "src", select="date", pack_=False)
    got = sorted((f["path"], f["line"], f["column"], f["rule"]) for f in r.json()["findings"]
                 if f["severity"] == "error")
    assert ("src/speaking/index.html", 7, line.index("July") + 1, "date/expired-deadline") in got


def test_which_sites_are_named_for_a_year(tmp_path):
    from contentguard.sites import named_year
    from contentguard.sites.base import Site

    def year(base_url=None, cname=None):
        root = tmp_path / str(abs(hash((base_url, cname))))
        root.mkdir()
        if cname is not None:
            (root / "CNAME").write_text(cname + "\n", encoding="utf-8")
        got = named_year(Site(profile="jekyll", root=str(root), config=None, how="", base_url=base_url))
        return got and got[0]

    assert year(cname="2024.djangocon.us") == 2024 and year(base_url="https://2019.jsconf.eu/") == 2019
    assert year(base_url="https://us.pycon.org/2024/") == 2024
    assert not year(cname="www.ruby-lang.org") and not year(base_url="https://example.org/2024/report/")
    assert not year(base_url="https://2024-site.example.org/") and not year(cname="2024.example")


def _jekyll(work, markdown: str) -> None:
    write(work / "_config.yml", f"markdown: {markdown}\nurl: https://www.ruby-lang.org\npermalink: pretty\n"
          "kramdown:\n  auto_ids: true\n")
    write(work / "en/about/index.md", "---\ntitle: About Ruby\n---\n\n"
          "> our human body<sup>[1](#fn1)</sup>.\n\n"
          "Read the FAQ<sup>[2](#fn2)</sup>.\n\n"
          "### References\n\n<sup>1</sup> Matz, speaking on the Ruby-Talk mailing list.\n{: #fn1}\n")
    write(work / "en/news/_posts/2003-01-31-raa-2-3-0.md", "---\ntitle: RAA 2.3.0\n---\n\n"
          "* Change URL: www.ruby-lang.org/raa -&gt; raa.ruby-lang.org.\n"
          "* See <https://www.ruby-lang.org/en/raa.html> and [the list](/en/raa-list/).\n")


def test_kramdown_ids_and_bare_urls_on_a_jekyll_site(cg, work):
    """www.ruby-lang.org (Jekyll, kramdown): 11 missing anchors were footnotes written by
    hand, whose target paragraph takes its id from an attribute list ({: #fn1}); 17
    broken links were bare URLs in old news, which kramdown leaves as text (it makes no
    GFM autolinks). A footnote with no such id is still missing; a link written as
    <...> or [...](...) to nothing is still broken, each at its column."""
    _jekyll(work, "kramdown")
    r = cg("check", "--format", "json", "en", select="link", pack_=False)
    got = sorted((f["path"], f["line"], f["column"], f["rule"]) for f in r.json()["findings"])
    news = "* See <https://www.ruby-lang.org/en/raa.html> and [the list](/en/raa-list/)."
    assert got == [("en/about/index.md", 7, len("Read the FAQ<sup>[2](") + 1, "link/missing-fragment"),
                   ("en/news/_posts/2003-01-31-raa-2-3-0.md", 6, news.index("<https") + 2, "link/broken"),
                   ("en/news/_posts/2003-01-31-raa-2-3-0.md", 6, news.index("/en/raa-list/") + 1, "link/broken")]


def test_with_a_commonmark_converter_bare_urls_are_links_and_ials_text(cg, work):
    _jekyll(work, "CommonMarkGhPages")
    r = cg("check", "--format", "json", "en", select="link", pack_=False)
    got = {(f["path"], f["line"], f["rule"]) for f in r.json()["findings"]}
    assert ("en/news/_posts/2003-01-31-raa-2-3-0.md", 5, "link/broken") in got  # www.ruby-lang.org/raa
    assert ("en/about/index.md", 5, "link/missing-fragment") in got  # {: #fn1} is text there


def test_docusaurus_heading_ids_in_mdx_comments(tmp_path):
    """babel's website (Docusaurus): "### Stage 0: Class Properties { /*#stage-0:-class-properties*/ }"
    has the id its table of contents links to; a comment that does not start with "#",
    or one that is not at the heading's end, names no id."""
    from contentguard.sites.docusaurus import DOCUSAURUS
    from contentguard.sites.base import Site

    site = Site(profile="docusaurus", root=str(tmp_path), config=None, how="")
    text = ("## New Proposals\n\n### Stage 0: Class Properties { /*#stage-0:-class-properties*/ }\n\n"
            "### Stage 1: Decorators {/* #stage-1:-decorators keep */}\n\n"
            "### Other {/* not-an-id */}\n\n### Mid {/* #mid */} text\n\nA /* #para */ comment\n")
    assert DOCUSAURUS.page_anchors(site, str(tmp_path / "blog/2015-03-31-5.0.0.md"), text) == {
        "stage-0:-class-properties", "stage-1:-decorators"}


VERSION_SUPPORT = """## Current Release Lines

| **Release Line** | **Status** | **First Release** | **Last Release** | **EOL Start** | **Commercial Support** |
|-------------------|------------|-------------------|-----------------|---------------|------------------------|
| v10.x            | Current    | 2026-02-06        | TBD              | TBD | [Tidelift][tidelift] |
| v9.0.0-v9.39.5   | EOL        | 2024-04-05        | 2026-07-10       | 2026-08-06 | [HeroDevs][herodevs] |
| v8.0.0-v8.57.1   | EOL        | 2021-10-09        | 2024-09-16       | 2024-10-05 | [HeroDevs][herodevs] |
| v7.0.0-v7.32.0   | EOL        | 2020-05-08        | 2021-07-30       | 2022-04-09 | [HeroDevs][herodevs] |
"""


def _dates(path: str, text: str):
    from contentguard.checks.registry import all_checks
    from contentguard.engine import make_context
    from contentguard.sources import parse

    ctx = make_context(today="2026-12-06", select=["date"])
    chk = all_checks()["dates"]
    chk.setup(ctx)
    return [(f.rule, f.line, f.column) for d in parse(path, text).documents for f in chk.check(d, ctx)
            if f.severity in ("warning", "error")]


def test_a_table_of_dates_over_years_is_a_record():
    """eslint.org's version support page: 9 past events at error, one per release line's
    "EOL Start" (2016 to 2026). A column whose past dates span three years or more is a
    record of what happened, not announcements. A table of this year's sessions whose
    start has passed is still reported, at the date's column."""
    assert _dates("src/content/pages/version-support.md", VERSION_SUPPORT) == []
    sessions = ("| Session | Starts |\n|---|---|\n| Keynote | 2026-09-03 |\n| Sprints | 2026-09-05 |\n")
    assert _dates("src/content/pages/sprints.md", sessions) == [
        ("date/past-event", 3, len("| Keynote | ") + 1), ("date/past-event", 4, len("| Sprints | ") + 1)]


def test_an_eleventy_permalink_through_a_custom_filter(cg, work):
    """eslint.org's posts are at blog/{{ page.date | blogPermalinkDate }}/{{ page.fileSlug }}/
    (a filter of its config, read as text and never run): 36 links between posts were
    reported broken. The parts that cannot be known match anything; the post's slug must
    still be right, so a link to a release that has no post is broken, at its column. A
    slug with a version in it ("eslint-v7.4.0-released") has no file extension: the link
    without its trailing slash is the post's folder."""
    write(work / ".eleventy.js", 'module.exports = function (c) {\n'
          '  c.addFilter("blogPermalinkDate", d => DateTime.fromJSDate(new Date(d)).toFormat("yyyy/MM"));\n'
          '  return { dir: { input: "src", output: "_site" } };\n};\n')
    write(work / "src/content/blog/blog.11tydata.json",
          '{"layout": "post.html", "permalink": "blog/{{ page.date | blogPermalinkDate }}/{{ page.fileSlug }}/index.html"}')
    write(work / "src/content/blog/2020-07-03-eslint-v7.4.0-released.md", "---\ntitle: v7.4.0\n---\n\nText.\n")
    line = ("* See [v7.4.0](/blog/2020/07/eslint-v7.4.0-released), [v7.4.0 again](/blog/2020/07/eslint-v7.4.0-released/)"
            " and [v7.4.1](/blog/2020/07/eslint-v7.4.1-released/)")
    write(work / "src/content/blog/2020-07-18-eslint-v7.5.0-released.md", "---\ntitle: v7.5.0\n---\n\n" + line + "\n")
    r = cg("check", "--format", "json", "src/content", select="link", pack_=False)
    got = [(f["path"], f["line"], f["column"], f["rule"]) for f in r.json()["findings"]]
    assert got == [("src/content/blog/2020-07-18-eslint-v7.5.0-released.md", 5, line.index("/blog/2020/07/eslint-v7.4.1") + 1,
                    "link/broken")]


# --- the judged findings (tests/fixtures/realsites/round18.jsonl) ---------------------------
# Every finding at warning or above that main reported on the four sites at the start of the
# round (eslint.org's 2,223 broken links grouped by class, with a count and examples), and
# the findings the round's changes added, each judged: "verdict" true (the editor would act)
# or false, "why", and "after" (reported at its position at the end of the round). Links and
# dates that need the site (its config, its CNAME, other pages) are replayed above, one
# class at a time; the lines that carry their own evidence are replayed here.


def test_the_judged_set():
    sites = {r["site"] for r in JUDGED}
    assert sites == {"2024.djangocon.us", "www.ruby-lang.org", "babel-website", "eslint.org"}
    assert all(r["verdict"] in ("true", "false") and r["why"] for r in JUDGED)
    before = sum(r.get("count", 1) for r in JUDGED if not r.get("new"))
    assert before == 2457
    # no true finding lost: each is still reported, at its place or at its link's definition,
    # or moved to info by the lead's pii/work-email (a named person's address as a contact)
    lost = [r for r in JUDGED if r["verdict"] == "true" and not r.get("after") and "count" not in r
            and "now reported at the definition" not in r["why"] and r["rule"] != "pii/email"]
    assert lost == []


def _replayable(r) -> bool:
    if "count" in r or "text" not in r or r.get("after") != (r["verdict"] == "true"):
        return False  # a class left as it was is reported in the docs, not asserted
    return r["rule"].startswith(("pii/phone", "pii/person-name", "content/")) or (
        r["rule"].startswith("date/") and r["path"].startswith("src/_content/posts/"))


@pytest.mark.parametrize("rec", [r for r in JUDGED if _replayable(r)],
                         ids=lambda r: f"{r['site']}:{r['path']}:{r['line']}:{r['col']}")
def test_a_judged_line_replays(rec):
    assert_replays(rec, "2026-12-06")


def _flux(work, hook: bool) -> str:
    write(work / "hugo.yaml", "baseURL: https://fluxcd.io/\ntitle: Flux\ncontentDir: content/en\n")
    if hook:
        write(work / "layouts/_default/_markup/render-link.html",
              '{{ $link := .Destination }}\n{{- with .Page.GetPage (urls.Parse .Destination).Path }}'
              '{{ $link = .RelPermalink }}{{ end -}}\n<a href="{{ $link | safeURL }}">{{ .Text | safeHTML }}</a>')
    write(work / "content/en/flux/integrations/aws.md", "---\ntitle: AWS\n---\n\n## Bootstrap\n")
    line = "See [AWS](/flux/integrations/aws.md), [bootstrap](/flux/integrations/aws.md#bootstrap) and [GCP](/flux/integrations/gcp.md)."
    write(work / "content/en/flux/security/contextual-authorization.md", "---\ntitle: Authorization\n---\n\n" + line + "\n")
    return line


def test_a_hugo_link_hook_that_looks_pages_up(cg, work):
    """fluxcd.io (Hugo, a site no round was tuned on, checked after this round's fixes): 27
    links to a page's source (/flux/integrations/aws.md) work, because its render-link.html
    looks each destination up with GetPage. A source that does not exist is still broken,
    at its column; without such a hook, Hugo writes the .md link as it is."""
    line = _flux(work, hook=True)
    r = cg("check", "--format", "json", "content", select="link", pack_=False)
    got = [(f["line"], f["column"], f["rule"]) for f in r.json()["findings"]]
    assert got == [(5, line.index("/flux/integrations/gcp.md") + 1, "link/broken")]


def test_without_a_hook_a_link_to_a_source_is_broken(cg, work):
    line = _flux(work, hook=False)
    r = cg("check", "--format", "json", "content", select="link", pack_=False)
    got = [(f["line"], f["column"]) for f in r.json()["findings"] if f["rule"] == "link/broken"]
    assert (5, line.index("/flux/integrations/aws.md") + 1) in got


def test_a_hugo_shortcode_in_a_subfolder_writes_its_ids(cg, work):
    """fluxcd.io: 55 links to /#calendar, an id its home page gets from
    {{< home/calendar_dark >}} (layouts/shortcodes/home/calendar_dark.html: <h3 id="calendar">).
    Shortcodes in subfolders are called by their path. An id nothing writes is still
    missing, at its column."""
    write(work / "hugo.yaml", "baseURL: https://fluxcd.io/\ntitle: Flux\ncontentDir: content/en\n")
    write(work / "layouts/shortcodes/home/calendar_dark.html", '<div class="calendar-dark">\n<h3 id="calendar">Our Team Calendar</h3>\n</div>\n')
    write(work / "content/en/_index.html", "---\ntitle: Flux\n---\n\n<div class=\"section-community\">\n"
          "  {{< blocks/section color=\"dark\" type=\"calendar-row\">}}\n  {{< home/calendar_dark >}}\n  {{< /blocks/section >}}\n</div>\n")
    line = "Join us: see the [calendar](/#calendar) or the [meetings](/#meetings)."
    write(work / "content/en/blog/2021-02-01-february-update.md", "---\ntitle: February\n---\n\n" + line + "\n")
    r = cg("check", "--format", "json", "content", select="link", pack_=False)
    got = [(f["path"], f["line"], f["column"], f["rule"]) for f in r.json()["findings"]]
    assert got == [("content/en/blog/2021-02-01-february-update.md", 5, line.index("/#meetings") + 1, "link/missing-fragment")]

"""Brand-risk check (checks/mentions.py, CHECK name "brands"): every rule with a true
positive at its exact position, look-alikes that must not fire, and the message."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from checkhelpers import findings_of, spans
from contentguard import fastyaml
from contentguard.checks.brandtext import fold
from contentguard.checks.mentions import CHECK
from contentguard.config import ConfigError
from contentguard.engine import make_context
from contentguard.findings import Fix
from contentguard.packs import load_packs

CORPUS_PACK = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev" / "brand-pack.yaml"

PACK = """\
watchlist:
  - {name: Lamees Al-Tawash, aliases: [Lamees Al Tawash, "@lamees.tawash", "#lameestawash", لميس الطواش], risk: high, reason: partnership suspended 2026-10}
  - {name: Zoë Marchetti, aliases: ["@zoemarchetti.beauty"], risk: medium, reason: legal dispute}
  - {name: Hala Al-Sabti, aliases: [هلا السبتي], risk: low, reason: contract ended}
  - {name: GlamDealz KW, aliases: ["@glamdealz_kw"], risk: high, reason: sells counterfeits}
  - {name: Ahmad Al-Qattan, aliases: [أحمد القطان]}
competitors:
  - {name: Musk Lane, aliases: ["@musklane", Musk Lane Cosmetics]}
  - {name: Saffron, aliases: ["@saffron.beauty"], case_sensitive: true}
  - {name: Dune, aliases: [Dune Cosmetics], case_sensitive: true}
  - {name: Apple}
partners:
  - {name: Desert Rose Spa, aliases: ["@desertrosespa"]}
  - {name: Hessa Kareem, aliases: ["@hessakareem", حصة كريم]}
disclosures: ["#ad", "#sponsored", paid partnership, إعلان]
weak_disclosures: ["#sp", "#spon", "#collab", "#gifted", "#partner"]
trademarks:
  - {term: iPhone}
  - {term: YouTube}
  - {term: LinkedIn}
  - {term: OudGlow}
embargoed:
  - {term: Project Sandstorm, until: 2027-01-15}
"""


@pytest.fixture
def pack(tmp_path) -> Path:
    p = tmp_path / "brand-pack.yaml"
    p.write_text(PACK, encoding="utf-8")
    return p


def ctx_for(pack: Path, today: str = "2026-11-23"):
    return make_context(today=today, rules=[str(pack)], select=["brand"])


def run(pack: Path, name: str, text: str, today: str = "2026-11-23", ctx=None):
    ctx = ctx or ctx_for(pack, today)
    return findings_of(CHECK, ctx, name, text)


# --- watchlist -------------------------------------------------------------------------

def test_watchlist_in_html_exact_position_message_and_severity(pack):
    html = "<html><body>\n<p>Meet&nbsp;our guest <b>Lamees Al Tawash</b> on Friday &amp; more.</p>\n</body></html>\n"
    f = run(pack, "page.html", html)
    assert spans(f) == [("brand/watchlist", 2, 27, 43, "Lamees Al Tawash")]
    assert f[0].severity == "error"
    assert f[0].message == ("'Lamees Al Tawash' is on the brand watchlist (Lamees Al-Tawash, risk high): "
                            "partnership suspended 2026-10")


@pytest.mark.parametrize("written", [
    "Lamees Al-Tawash", "Lamees Al Tawash", "Lamees AlTawash", "LAMEES AL-TAWASH", "lamees al-tawash",
    "Lamees  Al\u2011Tawash", "@lamees.tawash", "#lameestawash", "#LameesAlTawash", "Lamees Al’Tawash",
])
def test_watchlist_variants_people_type(pack, written):
    text = f"Back to work glam with {written}, see you soon.\n"
    f = run(pack, "post.md", text)
    assert spans(f) == [("brand/watchlist", 1, 24, 24 + len(written), written)]


@pytest.mark.parametrize("written", ["Zoë Marchetti", "Zoe Marchetti", "Zoe\u0308 Marchetti", "ZOË MARCHETTI"])
def test_watchlist_diacritics(pack, written):
    f = run(pack, "a.md", f"Throwback with {written}!\n")
    assert spans(f) == [("brand/watchlist", 1, 16, 16 + len(written), written)]
    assert f[0].severity == "warning"  # risk medium


@pytest.mark.parametrize("text", [
    "Ask Lamees, our store adviser, about shades.",  # a first name alone
    "Hala! Welcome to our store.",  # the Gulf greeting
    "The best glam deals of the week are here.",  # ordinary words, not @glamdealz_kw
    "Follow @lamees.tawash_fans for updates.",  # somebody else's handle
    "Write to lamees.tawash@example.com today.",  # an e-mail address
    "See https://example.com/#lameestawash for the archive.",  # a URL
    "Lamees Al-Tawashi is a different person.",  # a longer word
    "Zoe Marchettini is another creator.",
])
def test_watchlist_lookalikes_do_not_fire(pack, text):
    assert spans(run(pack, "a.md", text + "\n"), "brand/watchlist") == []


def test_watchlist_low_risk_is_info_and_arabic_greeting_alone_is_not_a_mention(pack):
    f = run(pack, "a.md", "هلا والله! شكراً هلا السبتي على الزيارة\n")
    assert spans(f) == [("brand/watchlist", 1, 18, 28, "هلا السبتي")]
    assert f[0].severity == "info"


# --- Arabic-script aliases -------------------------------------------------------------

@pytest.mark.parametrize("written,col", [
    ("لميس الطواش", 21),
    ("لَمِيس الطّواش", 21),  # harakat
    ("لميس الطـــواش", 21),  # tatweel
])
def test_arabic_alias_after_normalisation(pack, written, col):
    text = f"لا تفوتوا لقاءنا مع {written} الليلة\n"
    f = run(pack, "ar.md", text)
    assert spans(f) == [("brand/watchlist", 1, col, col + len(written), written)]


def test_arabic_alef_forms_are_unified(pack):
    # the pack writes أحمد (alef with hamza); people also type احمد or إحمد
    for written in ("أحمد القطان", "احمد القطان", "آحمد القطان"):
        f = run(pack, "ar.md", f"مع {written}\n")
        assert spans(f) == [("brand/watchlist", 1, 4, 4 + len(written), written)]


def test_arabic_attached_conjunction_is_allowed_but_not_inside_a_word(pack):
    f = run(pack, "ar.md", "شكراً ولميس الطواش\n")
    assert spans(f) == [("brand/watchlist", 1, 8, 19, "لميس الطواش")]
    assert run(pack, "ar.md", "شكراً سلميس الطواش\n") == []


# --- competitors and ordinary words -----------------------------------------------------

def test_competitor_longest_alias_wins_and_position(pack):
    md = "# Shade guide\n\n| Dune Cosmetics Second Skin 04 | ours |\n| --- | --- |\n| Musk Lane Cosmetics x | y |\n"
    f = run(pack, "guide.md", md)
    assert spans(f) == [("brand/competitor", 3, 3, 17, "Dune Cosmetics"),
                        ("brand/competitor", 5, 3, 22, "Musk Lane Cosmetics")]
    assert f[0].message == "'Dune Cosmetics' names a competitor (Dune)"


@pytest.mark.parametrize("text", [
    "A pinch of saffron in the rice.",
    "Walks across the dunes at sunset.",
    "We love dune buggies.",
    "Our apple pie recipe.",  # 'Apple' has no case_sensitive flag: one capitalised word is still not 'apple'
])
def test_ordinary_word_lookalikes_do_not_fire(pack, text):
    assert run(pack, "a.md", text + "\n") == []


def test_ordinary_word_brand_capitalised_mid_sentence_fires(pack):
    f = run(pack, "a.md", "Coming from Saffron? Their shades run golden. Try @saffron.beauty too.\n")
    assert spans(f) == [("brand/competitor", 1, 13, 20, "Saffron"),
                        ("brand/competitor", 1, 51, 66, "@saffron.beauty")]


class _Ent:
    def __init__(self, s, e, label):
        self.start_char, self.end_char, self.label_ = s, e, label


class _FakeNLP:
    def __init__(self, label):
        self.label = label

    def __call__(self, text):
        class D:
            pass
        d = D()
        word = text.split()[0].strip("?,.")
        d.ents = [_Ent(0, len(word), self.label)] if self.label else []
        return d


@pytest.mark.parametrize("label,expected", [(None, 0), ("ORG", 1), ("DATE", 0)])
def test_sentence_initial_ordinary_word_asks_the_entity_recogniser(pack, monkeypatch, label, expected):
    ctx = ctx_for(pack)
    monkeypatch.setattr(type(ctx), "nlp", lambda self, purpose="": _FakeNLP(label))
    f = run(pack, "a.md", "We tested it. Saffron threads add colour to rice.\n", ctx=ctx)
    assert len(f) == expected


def test_sentence_initial_ordinary_word_without_a_model_is_reported(pack, monkeypatch):
    ctx = ctx_for(pack)
    monkeypatch.setattr(type(ctx), "nlp", lambda self, purpose="": None)
    f = run(pack, "a.md", "Dune makes a good matte formula too.\n", ctx=ctx)
    assert spans(f) == [("brand/competitor", 1, 1, 5, "Dune")]


# --- disclosures, per post ---------------------------------------------------------------

QUEUE = """\
- id: p1
  scheduled_at: 2026-12-02T19:00:00+03:00
  text: |
    #ad Our friend @hessakareem tried the new shades.
- id: p2
  scheduled_at: 2026-12-03T19:00:00+03:00
  text: |
    Pamper weekend with @desertrosespa and Desert Rose Spa again.
- id: p3
  scheduled_at: 2026-12-04T19:00:00+03:00
  text: "These shades on @hessakareem, which one? #gifted"
- id: p4
  scheduled_at: 2026-12-05T19:00:00+03:00
  text: |
    The stylists at @desertrosespa picked favourites
    #skincare #kuwait #makeup #glowup #ad
- id: p5
  scheduled_at: 2026-12-06T19:00:00+03:00
  text: 'Desert camping with @hessakareem #adventure #spa'
- id: p6
  scheduled_at: 2026-12-07T19:00:00+03:00
  text: "Huge thanks to our volunteers! #collab"
- id: p7
  scheduled_at: 2026-12-08T19:00:00+03:00
  text: "Paid partnership. Tap to shop Hessa Kareem's picks."
"""


def test_disclosure_logic_per_post_in_a_yaml_queue(pack):
    f = run(pack, "social/queue.yaml", QUEUE)
    assert spans(f) == [
        ("brand/undisclosed-partnership", 8, 25, 39, "@desertrosespa"),  # p2: first mention only
        ("brand/weak-disclosure", 11, 51, 58, "#gifted"),  # p3: weak marker
        ("brand/weak-disclosure", 16, 39, 42, "#ad"),  # p4: at the end of a run of 5 hashtags
        ("brand/undisclosed-partnership", 19, 30, 42, "@hessakareem"),  # p5: #adventure is not #ad
    ]  # p1 clear first; p6 weak marker but no partner; p7 clear marker, possessive mention
    assert f[0].message.startswith(
        "'@desertrosespa' is a paid partner (Desert Rose Spa) but the post carries no disclosure")
    weak = [x for x in f if x.rule == "brand/weak-disclosure"]
    assert weak[0].message.startswith("'#gifted' is a weak disclosure for the paid partner Hessa Kareem")
    assert weak[1].message.startswith("the disclosure '#ad' is buried at the end of a run of 5 hashtags")


def test_weak_marker_lookalike_spa_is_not_sp(pack):
    f = run(pack, "q.yaml", '- text: "Brunch at @desertrosespa #spa #selfcare"\n')
    assert spans(f) == [("brand/undisclosed-partnership", 1, 20, 34, "@desertrosespa")]


def test_clear_marker_after_the_visible_lines_is_buried(pack):
    q = ('- text: "Desert Rose Spa picks.\\nline two\\nline three\\n#ad"\n')
    f = run(pack, "q.yaml", q)
    assert [x.rule for x in f] == ["brand/weak-disclosure"]
    assert "after the first 2 lines" in f[0].message


def test_disclosure_in_a_json_queue_with_escapes(pack):
    js = ('{"posts": [\n'
          '  {"scheduled_at": "2026-12-09T18:00:00+03:00", "body": "Caf\\u00e9 day with Hessa Kareem! #spon"},\n'
          '  {"scheduled_at": "2026-12-10T18:00:00+03:00", "body": "\\u0625\\u0639\\u0644\\u0627\\u0646 | @hessakareem"}\n'
          ']}\n')
    f = run(pack, "queue.json", js)
    # columns count characters of the raw file: the \u00e9 escape counts six
    assert spans(f) == [("brand/weak-disclosure", 2, 91, 96, "#spon")]


def test_disclosure_in_a_csv_export(pack):
    csv = ("date,time,channel,text\n"
           "2026-12-29,18:30,instagram,\"Meet the stylists from @desertrosespa, Saturday\"\n"
           "2026-12-30,18:30,linkedin,\"إعلان | بالتعاون مع حصة كريم\"\n")
    f = run(pack, "export.csv", csv)
    assert spans(f) == [("brand/undisclosed-partnership", 2, 52, 66, "@desertrosespa")]


def test_arabic_partner_alias_without_disclosure(pack):
    q = '- text: "جربت حصة كريم سيروم عود جلو الجديد"\n'
    f = run(pack, "ar.yaml", q)
    assert spans(f) == [("brand/undisclosed-partnership", 1, 15, 23, "حصة كريم")]


def test_page_counts_as_one_document_and_scope_option(pack, tmp_path):
    md = "# Our stockists\n\nFind us at Desert Rose Spa.\n"
    assert spans(run(pack, "stockists.md", md)) == [("brand/undisclosed-partnership", 3, 12, 27, "Desert Rose Spa")]
    cfg_file = tmp_path / "contentguard.toml"
    cfg_file.write_text('[brands]\ndisclosure-scope = "posts"\n')
    from contentguard.config import load_config

    ctx = make_context(config=load_config(str(cfg_file)), today="2026-11-23", rules=[str(pack)],
                       select=["brand"])
    assert run(pack, "stockists.md", md, ctx=ctx) == []


# --- trademarks --------------------------------------------------------------------------

def test_trademark_spellings_positions_message_and_fix(pack):
    md = "Watch it on Youtube, or on You Tube.\nGot an I-phone? IPhone users: OudGlow, Oud Glow.\n"
    f = run(pack, "a.md", md)
    assert spans(f) == [
        ("brand/trademark", 1, 13, 20, "Youtube"),
        ("brand/trademark", 1, 28, 36, "You Tube"),
        ("brand/trademark", 2, 8, 15, "I-phone"),
        ("brand/trademark", 2, 17, 23, "IPhone"),
        ("brand/trademark", 2, 40, 48, "Oud Glow"),
    ]
    assert f[0].message == "'Youtube' should be spelt 'YouTube'"
    assert f[0].fix == Fix(12, 19, "YouTube", "Youtube")
    assert f[2].fix == Fix(md.index("I-phone"), md.index("I-phone") + 7, "iPhone", "I-phone")


@pytest.mark.parametrize("text", [
    "Our YouTube channel and our iPhone app.",
    "See https://www.youtube.com/@zahrat for more.",
    "Follow @youtube and #youtube.",
    "I phone him every day.",
    "We are linked in to the network.",
    "WATCH IT ON YOUTUBE",
    "Mail press@linkedin.com today.",
])
def test_trademark_lookalikes_do_not_fire(pack, text):
    assert run(pack, "a.md", text + "\n") == []


def test_trademark_in_html_with_an_entity_has_no_fix(pack):
    html = "<p>Watch on You&nbsp;Tube</p>\n"
    f = run(pack, "a.html", html)
    assert spans(f) == [("brand/trademark", 1, 13, 26, "You&nbsp;Tube")]
    assert f[0].fix is None  # the raw text is not the prose: no blind replacement


# --- embargo -----------------------------------------------------------------------------

def test_embargo_against_today(pack):
    txt = "Press note\n\nProject Sandstorm launches soon. A sandstorm hit the city.\n"
    f = run(pack, "press.txt", txt, today="2026-11-23")
    assert spans(f) == [("brand/embargo", 3, 1, 18, "Project Sandstorm")]
    assert f[0].message == "'Project Sandstorm' is embargoed until 2027-01-15 (today is 2026-11-23)"
    assert run(pack, "press.txt", txt, today="2027-01-15") == []


def test_embargo_against_a_posts_scheduled_time(pack):
    q = textwrap.dedent("""\
        - scheduled_at: 2026-12-10T09:00:00+03:00
          text: "Our lab team is busy on project sandstorm"
        - scheduled_at: 2027-01-20T19:00:00+03:00
          text: "It's here: Project Sandstorm, in store today."
        - date: 2027-01-14
          time: "23:00"
          text: "Project Sandstorm tomorrow!"
        """)
    # today is after the embargo, but the first and last posts go out before it lifts
    f = run(pack, "q.yaml", q, today="2027-02-01")
    assert spans(f) == [("brand/embargo", 2, 34, 51, "project sandstorm"),
                        ("brand/embargo", 7, 10, 27, "Project Sandstorm")]
    assert "the post is scheduled for 2026-12-10" in f[0].message


# --- packs -------------------------------------------------------------------------------

def test_corpus_brand_pack_loads_as_is():
    if not CORPUS_PACK.exists():
        pytest.skip("development corpus not present")
    packs = load_packs([str(CORPUS_PACK)], include_defaults=False)
    assert len(packs.entries("watchlist")) == 5
    assert packs.entries("embargoed")[0][0]["until"] == dt.date(2027, 1, 15)
    text = CORPUS_PACK.read_text(encoding="utf-8-sig")
    assert fastyaml.read_subset(text) == yaml.safe_load(text)


@pytest.mark.parametrize("body,problem", [
    ("watchlist:\n  - {name: Omar Zarrouk, risk: extreme}\n", "entry 1 (Omar Zarrouk): 'risk' must be one of high, medium, low"),
    ("embargoed:\n  - {term: Project Falcon}\n", "entry 1 (Project Falcon): 'until' must be a date"),
    ("embargoed:\n  - {term: Project Falcon, until: soon}\n", "entry 1 (Project Falcon): 'until' must be a date"),
    ("competitors:\n  - {name: Acme, alias: [ACME]}\n", "entry 1 (Acme): unknown key 'alias' (did you mean 'aliases'?)"),
    ("partners:\n  - {name: X Spa}\n  - {aliases: [\"@x\"]}\n", "entry 2 (?): 'name' must be a non-empty string"),
    ("watchlist:\n  - {name: Layla Haddad, aliases: \"@layla\"}\n", "entry 1 (Layla Haddad): 'aliases' must be a list"),
    ("disclosures: [\"#ad\", 42]\n", "entry 2: a marker must be a non-empty string"),
    ("trademarks:\n  - {term: iPhone, severity: fatal}\n", "entry 1 (iPhone): 'severity' must be one of"),
])
def test_invalid_pack_is_a_config_error_naming_file_and_entry(tmp_path, body, problem):
    p = tmp_path / "bad-pack.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_packs([str(p)], include_defaults=False)
    assert str(p) in str(e.value)
    assert problem in str(e.value)


def test_entry_severity_and_message_override(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("competitors:\n  - {name: Northwind Cola, severity: error, message: ask legal first}\n")
    f = run(p, "a.md", "Better than Northwind Cola.\n")
    assert [(x.severity, x.message) for x in f] == [("error", "'Northwind Cola': ask legal first")]


@pytest.mark.parametrize("text", [
    PACK,
    "watchlist:\n- {name: A B, aliases: ['it''s', \"x\"], risk: high}\n",
    "embargoed:\n  - {term: P X, until: 2027-01-15}  # comment\n",
    "disclosures: [\"#ad\", yes, 12, null, 1.5]\nname: demo pack\n",
    "watchlist:\n  - name: Block Style\n    risk: low\n",  # block mapping: PyYAML reads it
    "watchlist:\n  - {name: \"esc\\u00e9\"}\n",  # an escape: PyYAML reads it
    "a: &x [1]\nb: *x\n",  # anchors: PyYAML
    "watchlist:\n  - {name: A, reason: a: b}\n",
    "# only a comment\n",
    "k: [a, b]\nk: [c]\n",
])
def test_fast_yaml_reader_matches_pyyaml(text):
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            fastyaml.safe_load(text)
        return
    assert fastyaml.safe_load(text) == expected


def test_generated_pack_compiles_and_matches(tmp_path):
    lines = ["watchlist:"]
    for i in range(3000):
        lines.append(f'  - {{name: Person{i} Al-Name{i}, aliases: ["@person{i}", "#tag{i}"], risk: low}}')
    p = tmp_path / "big.yaml"
    p.write_text("\n".join(lines) + "\n")
    f = run(p, "a.md", "Hello Person17 Al Name17 and @person2999 but not Person17 alone or @person29999.\n")
    assert spans(f) == [("brand/watchlist", 1, 7, 25, "Person17 Al Name17"),
                        ("brand/watchlist", 1, 30, 41, "@person2999")]


def test_fold_normalises_the_variants():
    assert fold("Al-Qattan") == fold("Al Qattan") == fold("AlQattan") == "alqattan"
    assert fold("Zoë") == fold("Zoe") == "zoe"
    assert fold("أحمد") == fold("احمد")


def test_a_posts_own_paid_partnership_field_counts_as_disclosure(pack):
    q = ('- text: "Pamper weekend with @desertrosespa"\n  paid_partnership: true\n'
         '- {"text": "Brunch at Desert Rose Spa", "branded_content": false}\n')
    f = run(pack, "q.yaml", q)
    assert spans(f) == [("brand/undisclosed-partnership", 3, 23, 38, "Desert Rose Spa")]


def test_camel_case_account_name_matches_in_lower_case(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("watchlist:\n  - {name: GlamDealz, risk: high}\n")
    f = run(p, "a.md", "Do not buy from glamdealz or GLAMDEALZ.\n")
    assert [x.excerpt for x in f] == ["glamdealz", "GLAMDEALZ"]


def test_nothing_selected_means_no_work(pack):
    ctx = make_context(today="2026-11-23", rules=[str(pack)], select=["date"])
    assert run(pack, "a.md", "Lamees Al Tawash and Youtube\n", ctx=ctx) == []


def test_sentence_initial_ordinary_word_the_document_decides(pack, monkeypatch):
    ctx = ctx_for(pack)
    monkeypatch.setattr(type(ctx), "nlp", lambda self, purpose="": _FakeNLP("ORG"))  # would say brand
    # the word in lower case elsewhere in the document: the spice, not the brand
    assert run(pack, "a.md", "Saffron is prized in Persian cooking.\nAdd the saffron last.\n", ctx=ctx) == []
    monkeypatch.setattr(type(ctx), "nlp", lambda self, purpose="": _FakeNLP(None))  # would say word
    # an unambiguous mention of the same brand (its handle) in the document: the brand
    f = run(pack, "a.md", "Saffron launched a palette.\nFollow @saffron.beauty for swatches.\n", ctx=ctx)
    assert spans(f) == [("brand/competitor", 1, 1, 8, "Saffron"), ("brand/competitor", 2, 8, 23, "@saffron.beauty")]


# --- unseen-content hardening ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We camped at Dune Road, two miles past the harbour.",   # case-sensitive ordinary word in a place name
    "Planning an Apple Valley trip? Read our packing list.",  # one capitalised word without the flag
    "The Big Apple never sleeps.",
])
def test_ordinary_word_inside_a_longer_name_is_not_the_brand(pack, text):
    assert run(pack, "a.md", text + "\n") == []


def test_ordinary_word_next_to_lower_case_words_still_fires(pack):
    text = "Compared with Apple, our tents pitch in half the time.\n"
    f = run(pack, "a.md", text)
    assert spans(f) == [("brand/competitor", 1, 15, 20, "Apple")]
    assert f[0].message == "'Apple' names a competitor (Apple)"


def test_ordinary_word_in_a_title_case_line_is_left_to_the_other_rules(pack):
    # capitals say nothing in a title-case line: the longer-name rule does not apply
    f = run(pack, "a.md", "Why We Switched From Saffron To Zahrat\n\nWe like Saffron a lot.\n")
    assert [s[:3] for s in spans(f)] == [("brand/competitor", 1, 22), ("brand/competitor", 3, 9)]


@pytest.mark.parametrize("text", [
    "|pypi| |youtube-actions| |codecov|",
    "Thanks to sam-youtube for the patch.",
    "Update youtube\\_reporter to 1.5.3.",
    "See the .youtube directory for the workflows.",
])
def test_trademark_inside_identifiers_slugs_and_dotfiles_does_not_fire(pack, text):
    assert run(pack, "a.md", text + "\n") == []


def test_trademark_lower_case_in_prose_still_fires(pack):
    f = run(pack, "a.md", "Clips go on youtube every Friday.\n")
    assert spans(f) == [("brand/trademark", 1, 13, 20, "youtube")]
    assert f[0].message == "'youtube' should be spelt 'YouTube'"

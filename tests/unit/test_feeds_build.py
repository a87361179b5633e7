"""build_feed on hand-made entries: every field parsed back from the XML, in both formats."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedgen.entry
import feedgen.feed
import feedparser
import lxml.html
import pytest
from lxml import etree

from griot.content.header import Header
from griot.content.model import Entry, TermRef
from griot.core import urls
from griot.feeds.build import (
    FeedSite,
    FeedSpec,
    _repair_void_elements,
    absolute_html,
    atom_bytes,
    build_feed,
    entry_id,
    feed_documents,
    low_memory_order,
    rss_bytes,
    tag_authority,
)
from tests.schemas import atom_errors

TZ = ZoneInfo("Africa/Bamako")
NS = {"a": "http://www.w3.org/2005/Atom", "georss": "http://www.georss.org/georss",
      "dc": "http://purl.org/dc/elements/1.1/",
      "content": "http://purl.org/rss/1.0/modules/content/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE = FeedSite(siteurl="https://example.org", sitename="Voix du Mali", authority="example.org",
                default_language="fr", default_license="CC BY 4.0",
                license_url="https://creativecommons.org/licenses/by/4.0/")
SPEC = FeedSpec("fr/hashtags/malisansvbg/", "Voix du Mali · #MaliSansVBG",
                "Les articles de la campagne", "fr", "fr/hashtags/malisansvbg/")


def make_entry(slug: str, lang: str = "fr", title: str = "Titre", day: int = 25,
               body: str = "<p>Texte.</p>", summary: str = "Texte.", key: str | None = None,
               terms: dict | None = None, **meta) -> Entry:
    date = meta.pop("date", datetime(2025, 11, day, 9, 30, tzinfo=TZ))
    header = Header(kind="article", path=f"articles/{slug}.{lang}.md", slug=slug, lang=lang,
                    title=title, translation_key=key or slug, date=date,
                    authors=meta.pop("authors", ("mariam",)), **meta)
    entry = Entry(header, body, f"<p>{summary}</p>", summary, urls.article(lang, date, slug),
                  terms=terms or {})
    entry.translations = {lang: entry}
    return entry


def pair(fr: Entry, en: Entry) -> None:
    fr.translations = en.translations = {"fr": fr, "en": en}


def atom(fg) -> etree._Element:
    return etree.fromstring(atom_bytes(fg))


def rss(fg) -> etree._Element:
    return etree.fromstring(rss_bytes(fg))


def parsed(data: bytes):
    result = feedparser.parse(data)
    assert not result.bozo, result.get("bozo_exception")
    return result


# ---------------------------------------------------------------- feed metadata


def test_feed_metadata_in_both_formats():
    old = make_entry("ancien", day=1)
    new = make_entry("nouveau", day=20, modified=datetime(2025, 12, 2, 8, 0, tzinfo=TZ))
    fg = build_feed(SPEC, [old, new], replace(SITE, icon="https://example.org/theme/icon.png"))
    feed = atom(fg)
    assert feed.get(XML_LANG) == "fr"
    assert feed.findtext("a:title", namespaces=NS) == "Voix du Mali · #MaliSansVBG"
    assert feed.findtext("a:subtitle", namespaces=NS) == "Les articles de la campagne"
    assert feed.findtext("a:id", namespaces=NS) == (
        "https://example.org/fr/hashtags/malisansvbg/feed.atom")
    links = {link.get("rel"): link for link in feed.findall("a:link", NS)}
    assert links["self"].get("href") == "https://example.org/fr/hashtags/malisansvbg/feed.atom"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == "https://example.org/fr/hashtags/malisansvbg/"
    assert feed.findtext("a:icon", namespaces=NS) == "https://example.org/theme/icon.png"
    generator = feed.find("a:generator", NS)
    assert generator.text == "Griot" and generator.get("version") is None
    assert feed.findtext("a:rights", namespaces=NS) == (
        "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)")
    # The newest change among the entries, never the clock.
    assert feed.findtext("a:updated", namespaces=NS) == "2025-12-02T08:00:00+00:00"

    channel = rss(fg).find("channel")
    assert channel.findtext("title") == "Voix du Mali · #MaliSansVBG"
    assert channel.findtext("description") == "Les articles de la campagne"
    assert channel.findtext("link") == "https://example.org/fr/hashtags/malisansvbg/"
    assert channel.findtext("language") == "fr"
    assert channel.findtext("generator") == "Griot"
    assert channel.findtext("copyright").startswith("CC BY 4.0")
    assert channel.findtext("lastBuildDate") == "Tue, 02 Dec 2025 08:00:00 +0000"
    self_link = channel.find("a:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "https://example.org/fr/hashtags/malisansvbg/feed.rss"
    assert self_link.get("type") == "application/rss+xml"


def test_entries_newest_first_and_capped():
    entries = [make_entry(f"a{day}", day=day) for day in (3, 17, 9, 25, 1)]
    fg = build_feed(SPEC, entries, replace(SITE, max_entries=3))
    titles = [e.link for e in parsed(atom_bytes(fg)).entries]
    assert titles == [f"https://example.org/fr/2025/a{day}/" for day in (25, 17, 9)]
    assert [e.link for e in parsed(rss_bytes(fg)).entries] == titles


def test_an_empty_feed_is_valid_and_dated_without_the_clock(tmp_path):
    fg = build_feed(SPEC, [], SITE)
    assert atom(fg).findtext("a:updated", namespaces=NS) == "2000-01-01T00:00:00+00:00"
    path = tmp_path / "feed.atom"
    path.write_bytes(atom_bytes(fg))
    assert atom_errors([path]) == []
    parsed(rss_bytes(fg))


def test_the_clock_never_reaches_the_bytes(monkeypatch):
    entries = [make_entry("a", day=3), make_entry("b", day=4)]
    first = atom_bytes(build_feed(SPEC, entries, SITE)), rss_bytes(build_feed(SPEC, entries, SITE))

    class AnyDatetime(type):  # feedgen checks isinstance(value, datetime) on our dates
        def __instancecheck__(cls, obj):
            return isinstance(obj, datetime)

    class Later(datetime, metaclass=AnyDatetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz or UTC)

    monkeypatch.setattr(feedgen.feed, "datetime", Later)
    monkeypatch.setattr(feedgen.entry, "datetime", Later)
    second = atom_bytes(build_feed(SPEC, entries, SITE)), rss_bytes(build_feed(SPEC, entries, SITE))
    assert first == second
    assert b"2031" not in first[0] + first[1]


# ---------------------------------------------------------------- entry fields


def test_entry_id_survives_title_slug_and_site_name_changes():
    before = make_entry("greve-generale", title="Grève", key="greve")
    after = make_entry("la-greve", title="La grève générale", key="greve")
    renamed_site = replace(SITE, sitename="Voix du Sahel")
    assert entry_id(before, "example.org") == "tag:example.org,2025-11-25:fr/greve"
    ids = [parsed(atom_bytes(build_feed(SPEC, [e], s))).entries[0].id
           for e, s in ((before, SITE), (after, renamed_site))]
    assert ids == ["tag:example.org,2025-11-25:fr/greve"] * 2
    english = make_entry("strike", lang="en", key="greve")
    assert entry_id(english, "example.org") != ids[0]  # one id per language
    modified = make_entry("x", key="greve", modified=datetime(2026, 1, 1, tzinfo=TZ))
    assert entry_id(modified, "example.org") == ids[0]


def test_rss_guid_is_the_tag_uri_and_not_a_permalink():
    fg = build_feed(SPEC, [make_entry("a", key="k")], SITE)
    guid = rss(fg).find("channel/item/guid")
    assert guid.text == "tag:example.org,2025-11-25:fr/k"
    assert guid.get("isPermaLink") == "false"


def test_tag_authority_is_the_host():
    assert tag_authority("https://VoixDuMali.example.org:8443/blog") == "voixdumali.example.org"
    assert tag_authority("") == "localhost"


def test_dates_keep_their_time_zone():
    date = datetime(2025, 3, 8, 23, 30, tzinfo=ZoneInfo("Africa/Lagos"))
    entry = make_entry("a", date=date, modified=date + timedelta(days=2))
    item = atom(build_feed(SPEC, [entry], SITE)).find("a:entry", NS)
    assert item.findtext("a:published", namespaces=NS) == "2025-03-08T23:30:00+01:00"
    assert item.findtext("a:updated", namespaces=NS) == "2025-03-10T23:30:00+01:00"
    assert rss(build_feed(SPEC, [entry], SITE)).findtext("channel/item/pubDate") == (
        "Sat, 08 Mar 2025 23:30:00 +0100")


@pytest.mark.parametrize("title", [
    'Femmes & "droits" <script>alert(1)</script>',
    "L'égalité < 50 % & « après »",
    "]]> &amp; <![CDATA[",
])
def test_titles_with_markup_characters_come_back_as_text(title):
    entry = make_entry("a", title=title, summary=f"Résumé : {title}", content_warning=title)
    fg = build_feed(replace(SPEC, title=title), [entry], SITE)
    # feedparser reads RSS titles as possible HTML and re-escapes a literal "<![CDATA[";
    # the XML is right (checked with lxml below), so that case is parsed back from Atom only.
    for data in (atom_bytes(fg), rss_bytes(fg))[: 1 if "CDATA" in title else 2]:
        result = parsed(data)
        assert result.feed.title == title
        assert result.entries[0].title == title
    assert atom(fg).findtext("a:entry/a:title", namespaces=NS) == title
    assert rss(fg).findtext("channel/item/title") == title


def test_authors_are_pen_names_with_their_pages_else_the_header():
    refs = [TermRef("authors", "mariam", "Mariam la Griotte", "fr/authors/mariam/")]
    with_pages = make_entry("a", terms={"authors": refs})
    plain = make_entry("b", day=24, authors=("Oumar", "Fatou"))
    fg = build_feed(SPEC, [with_pages, plain], SITE)
    first, second = atom(fg).findall("a:entry", NS)
    assert [a.findtext("a:name", namespaces=NS) for a in first.findall("a:author", NS)] == [
        "Mariam la Griotte"]
    assert first.findtext("a:author/a:uri", namespaces=NS) == (
        "https://example.org/fr/authors/mariam/")
    assert [a.findtext("a:name", namespaces=NS) for a in second.findall("a:author", NS)] == [
        "Oumar", "Fatou"]
    items = rss(fg).findall("channel/item")
    assert [c.text for c in items[0].findall("dc:creator", NS)] == ["Mariam la Griotte"]
    assert [c.text for c in items[1].findall("dc:creator", NS)] == ["Oumar", "Fatou"]


def test_one_category_per_hashtag_and_region():
    terms = {
        "hashtags": [TermRef("hashtags", "malisansvbg", "MaliSansVBG", "fr/hashtags/malisansvbg/"),
                     TermRef("hashtags", "antidiscri", "AntiDiscri", "fr/hashtags/antidiscri/")],
        "regions": [TermRef("regions", "tombouctou", "Tombouctou", "fr/regions/tombouctou/")],
    }
    fg = build_feed(SPEC, [make_entry("a", terms=terms)], SITE)
    categories = atom(fg).findall("a:entry/a:category", NS)
    assert [(c.get("term"), c.get("label"), c.get("scheme")) for c in categories] == [
        ("malisansvbg", "MaliSansVBG", "https://example.org/fr/hashtags/"),
        ("antidiscri", "AntiDiscri", "https://example.org/fr/hashtags/"),
        ("tombouctou", "Tombouctou", "https://example.org/fr/regions/"),
    ]
    rss_categories = rss(fg).findall("channel/item/category")
    assert [(c.text, c.get("domain")) for c in rss_categories] == [
        ("MaliSansVBG", "https://example.org/fr/hashtags/"),
        ("AntiDiscri", "https://example.org/fr/hashtags/"),
        ("Tombouctou", "https://example.org/fr/regions/"),
    ]


def test_georss_point_from_the_first_region_with_coordinates():
    terms = {"regions": [
        TermRef("regions", "nara", "Nara", "fr/regions/nara/"),
        TermRef("regions", "tombouctou", "Tombouctou", "fr/regions/tombouctou/",
                latitude=16.7735, longitude=-3.0074),
    ]}
    without = make_entry("b", day=24, terms={"regions": terms["regions"][:1]})
    fg = build_feed(SPEC, [make_entry("a", terms=terms), without], SITE)
    for root, item in ((atom(fg), "a:entry"), (rss(fg), "channel/item")):
        points = [e.findtext("georss:point", namespaces=NS) for e in root.findall(item, NS)]
        assert points == ["16.7735 -3.0074", None]
    assert parsed(atom_bytes(fg)).entries[0].where["coordinates"] == pytest.approx(
        (-3.0074, 16.7735))


def test_translations_are_alternates_with_hreflang_and_the_link_stays_home():
    fr = make_entry("ecole", title="École", key="school")
    en = make_entry("school", lang="en", title="School", key="school")
    pair(fr, en)
    fg = build_feed(replace(SPEC, lang="en"), [en], SITE)
    entry = atom(fg).find("a:entry", NS)
    assert entry.get(XML_LANG) == "en"
    alternates = [(link.get("hreflang"), link.get("href"), link.get("title"))
                  for link in entry.findall("a:link[@rel='alternate']", NS)]
    assert alternates == [("en", "https://example.org/en/2025/school/", None),
                          ("fr", "https://example.org/fr/2025/ecole/", "École")]
    for data in (atom_bytes(fg), rss_bytes(fg)):
        assert parsed(data).entries[0].link == "https://example.org/en/2025/school/"
    assert rss(fg).findtext("channel/item/dc:language", namespaces=NS) == "en"


def test_the_all_languages_feed_labels_each_entry_with_its_language():
    fr, en = make_entry("a"), make_entry("b", lang="en", day=26)
    fg = build_feed(FeedSpec("", "Voix du Mali", "Tous", None, ""), [fr, en], SITE)
    feed = atom(fg)
    assert feed.get(XML_LANG) == "fr"
    assert [e.get(XML_LANG) for e in feed.findall("a:entry", NS)] == ["en", "fr"]
    assert [e.findtext("dc:language", namespaces=NS) for e in rss(fg).findall("channel/item")] == [
        "en", "fr"]
    assert feed.find("a:link[@rel='self']", NS).get("href") == "https://example.org/feed.atom"


def test_summary_content_note_and_full_content():
    translate = {("fr", "Content note:"): "Avertissement :"}
    site = replace(SITE, translate=lambda lang, message: translate.get((lang, message), message))
    entry = make_entry("a", body="<p>Le <em>corps</em>.</p>", summary="Le résumé.",
                       content_warning="violences conjugales")
    fg = build_feed(SPEC, [entry], site)
    item = atom(fg).find("a:entry", NS)
    assert item.findtext("a:summary", namespaces=NS) == (
        "Avertissement : violences conjugales\nLe résumé.")
    content = item.find("a:content", NS)
    assert content.get("type") == "html"
    fragment = etree.fromstring(f"<div>{content.text}</div>", etree.HTMLParser())
    assert fragment.xpath("string(//p[@class='cw'])") == "Avertissement : violences conjugales"
    assert fragment.xpath("string(//p[2])") == "Le corps."
    result = parsed(rss_bytes(fg)).entries[0]
    assert result.summary == "Avertissement : violences conjugales\nLe résumé."
    assert "Le <em>corps</em>." in result.content[0].value


def test_summary_only_setting_leaves_the_body_out(tmp_path):
    entry = make_entry("a", body="<p>Secret du corps.</p>", summary="Résumé.")
    fg = build_feed(SPEC, [entry], replace(SITE, content="summary"))
    assert atom(fg).find("a:entry/a:content", NS) is None
    item = rss(fg).find("channel/item")
    assert item.find("content:encoded", NS) is None
    assert item.findtext("description") == "Résumé."
    path = tmp_path / "feed.atom"
    path.write_bytes(atom_bytes(fg))
    assert atom_errors([path]) == []


def test_licence_per_entry_else_the_site_default():
    own = make_entry("a", license="CC BY-SA 4.0")
    default = make_entry("b", day=24)
    fg = build_feed(SPEC, [own, default], SITE)
    assert [e.findtext("a:rights", namespaces=NS) for e in atom(fg).findall("a:entry", NS)] == [
        "CC BY-SA 4.0", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"]
    assert [e.findtext("dc:rights", namespaces=NS) for e in rss(fg).findall("channel/item")] == [
        "CC BY-SA 4.0", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"]


def test_cover_becomes_an_enclosure_with_type_and_length():
    asked: list[str] = []

    def enclosure(path):
        asked.append(path)
        if path == "images/2025/missing.jpg":
            return None
        return f"https://example.org/images/{path.rsplit('/', 1)[-1]}", "image/jpeg", 48213

    site = replace(SITE, enclosure=enclosure)
    covered = make_entry("a", cover="images/2025/radio.jpg", cover_alt="Une radio")
    missing = make_entry("b", day=24, cover="images/2025/missing.jpg", cover_alt="x")
    bare = make_entry("c", day=23)
    fg = build_feed(SPEC, [covered, missing, bare], site)
    assert asked == ["images/2025/radio.jpg", "images/2025/missing.jpg"]
    entries = atom(fg).findall("a:entry", NS)
    link = entries[0].find("a:link[@rel='enclosure']", NS)
    assert (link.get("href"), link.get("type"), link.get("length")) == (
        "https://example.org/images/radio.jpg", "image/jpeg", "48213")
    assert [e.find("a:link[@rel='enclosure']", NS) for e in entries[1:]] == [None, None]
    items = rss(fg).findall("channel/item")
    enclosure_el = items[0].find("enclosure")
    assert dict(enclosure_el.attrib) == {
        "url": "https://example.org/images/radio.jpg", "length": "48213", "type": "image/jpeg"}
    assert [i.find("enclosure") for i in items[1:]] == [None, None]
    result = parsed(rss_bytes(fg)).entries[0].enclosures[0]
    assert (result.href, result.type, result.length) == (
        "https://example.org/images/radio.jpg", "image/jpeg", "48213")


def test_without_an_enclosure_provider_there_is_no_enclosure():
    entry = make_entry("a", cover="images/2025/radio.jpg", cover_alt="Une radio")
    fg = build_feed(SPEC, [entry], SITE)
    assert atom(fg).find("a:entry/a:link[@rel='enclosure']", NS) is None
    assert rss(fg).find("channel/item/enclosure") is None


# ---------------------------------------------------------------- absolute URLs


def test_every_link_and_image_in_the_content_becomes_absolute():
    body = (
        '<p><a href="/fr/hashtags/x/">tag</a> <a href="../autre/">rel</a> '
        '<a href="#note">note</a> <a href="https://ailleurs.example/p">ext</a> '
        '<a href="mailto:a@example.org">mail</a></p>\n'
        '<figure><picture><source srcset="/images/a-320.webp 320w, /images/a-640.webp 640w" '
        'type="image/webp"><img src="/images/a-480.jpg" alt="A &amp; B" width="480"></picture>'
        "<figcaption>Légende</figcaption></figure>\n"
        '<p>fin<wbr>de ligne <img src="photo.jpg" alt=""></p>'
    )
    out = absolute_html(body, "https://example.org/fr/2025/article/")
    tree = etree.fromstring(f"<div>{out}</div>", etree.HTMLParser()).find(".//div")
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert hrefs == ["https://example.org/fr/hashtags/x/", "https://example.org/fr/2025/autre/",
                     "https://example.org/fr/2025/article/#note", "https://ailleurs.example/p",
                     "mailto:a@example.org"]
    assert [i.get("src") for i in tree.iter("img")] == [
        "https://example.org/images/a-480.jpg", "https://example.org/fr/2025/article/photo.jpg"]
    assert tree.find(".//source").get("srcset") == (
        "https://example.org/images/a-320.webp 320w, https://example.org/images/a-640.webp 640w")
    # Structure kept: the <img> is the picture's child, not swallowed by <source>.
    assert [c.tag for c in tree.find(".//picture")] == ["source", "img"]
    assert tree.find(".//img").get("alt") == "A & B"
    assert tree.xpath("string(.//figcaption)") == "Légende"
    assert tree.xpath("string(.//p[last()])").strip() == "finde ligne"


def _lxml_html_reading(fragment: str, base: str) -> str:
    """absolute_html as lxml.html's own fragment functions give it (slower: Python classes)."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    _repair_void_elements(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in ("href", "src", "poster", "cite", "action", "formaction", "longdesc",
                     "background"):
            if element.get(attr) is not None:
                element.set(attr, urljoin(base, element.get(attr).strip()))
        for attr in ("srcset", "imagesrcset"):
            if element.get(attr) is not None:
                element.set(attr, ", ".join(
                    " ".join([urljoin(base, c.split()[0]), *c.split()[1:]])
                    for c in element.get(attr).split(",") if c.split()))
    parts = [html.escape(root.text, quote=False)] if root.text else []
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


@pytest.mark.parametrize("fragment", [
    "", "  \n", "texte seul & <b>gras</b> fin", "  <p>x</p>", "\n<p>a</p>\n\n<p>b</p>\n",
    "avant <a href='/a b'>x</a> &amp; <img src=x.png srcset='a.png 1x, /b.png 2x'>",
    "<!-- c --><p>a</p><?pi x?>", "<p>a<wbr>b<br>c</p><video poster=p.jpg><track src=t.vtt>x",
    "<picture><source srcset='/a.webp 640w'><img src='/a.jpg'></picture>après",
    "<body class='x'><p>dans body</p></body>", "<html><body><p>document</p></body></html>",
    "<!doctype html><p>x</p>", '<meta http-equiv="Content-Type" content="x"><p>y</p>',
    "<p>é — «\u202fx\u202f» ’</p>", "<table><tr><td>x</td></tr></table> fin",
    "<a HREF=' https://ex.org/a?b=1&c=2#f '>x</a><SOURCE SRCSET='/s.webp'>y",
    "<form action='go'><button formaction='/x'>b</button></form><q cite='q'>q</q>",
    "<p>non fermé <b>gras", "&lt;entité&gt; &eacute;", "<head><title>t</title></head><p>b</p>",
])
def test_absolute_html_reads_and_writes_html_as_lxml_html_does(fragment):
    base = "https://example.org/fr/2025/article/"
    assert absolute_html(fragment, base) == _lxml_html_reading(fragment, base)


def test_content_in_the_feed_has_only_absolute_urls():
    entry = make_entry("a", body='<p><a href="/fr/x/">x</a><img src="/images/y.jpg" alt=""></p>')
    fg = build_feed(SPEC, [entry], SITE)
    content = atom(fg).findtext("a:entry/a:content", namespaces=NS)
    tree = etree.fromstring(f"<div>{content}</div>", etree.HTMLParser())
    values = tree.xpath("//@href | //@src")
    assert values and all(v.startswith("https://example.org/") for v in values)


# ---------------------------------------------------------------- forbidden characters


def test_control_characters_are_removed_and_reported_once_per_file_and_field(tmp_path):
    warnings: list[str] = []
    entry = make_entry("sale", title="Titre\x1b sale\x0b", summary="Ré\x00sumé",
                       body="<p>Corps\x0c avec\x1f contrôle</p>", content_warning="cw\x08")
    spec = replace(SPEC, title="Flux\x01")
    fg = build_feed(spec, [entry], SITE, warn=warnings.append)
    build_feed(spec, [entry], SITE, warn=warnings.append)  # same feed twice: same messages
    data = atom_bytes(fg), rss_bytes(fg)
    for raw in data:
        result = parsed(raw)
        assert result.entries[0].title == "Titre sale"
        assert result.feed.title == "Flux"
    path = tmp_path / "feed.atom"
    path.write_bytes(data[0])
    assert atom_errors([path]) == []
    assert "Corps avec contrôle" in parsed(data[0]).entries[0].content[0].value
    unique = list(dict.fromkeys(warnings))
    assert len(unique) == 5
    fields = {"title": "U+000B, U+001B", "summary": "U+0000", "text": "U+000C, U+001F",
              "Content_Warning": "U+0008"}
    for what, codes in fields.items():
        assert any(w.startswith(f"articles/sale.fr.md: the {what} contains") and codes in w
                   for w in unique), (what, unique)
    assert any(w.startswith("feed /fr/hashtags/malisansvbg/feed.atom: the title") for w in unique)


# ---------------------------------------------------------------- schema


def test_a_rich_feed_validates_against_rfc_4287(tmp_path):
    fr = make_entry(
        "ecole", key="school", cover="images/a.jpg", cover_alt="A", content_warning="cw",
        terms={"hashtags": [TermRef("hashtags", "antidiscri", "AntiDiscri", "fr/hashtags/a/")],
               "regions": [TermRef("regions", "gao", "Gao", "fr/regions/gao/", 16.27, -0.04)],
               "authors": [TermRef("authors", "mariam", "Mariam", "fr/authors/mariam/")]})
    en = make_entry("school", lang="en", key="school")
    pair(fr, en)
    site = replace(SITE, enclosure=lambda path: ("https://example.org/a.jpg", "image/jpeg", 10),
                   icon="https://example.org/theme/icon.png")
    path = tmp_path / "feed.atom"
    path.write_bytes(atom_bytes(build_feed(SPEC, [fr], site)))
    assert atom_errors([path]) == []


def test_the_schema_rejects_an_invalid_atom_document(tmp_path):
    """The validator can fail: a feed without <id>, and an entry with an element Atom lacks."""
    good = atom_bytes(build_feed(SPEC, [make_entry("a")], SITE))
    root = etree.fromstring(good)
    root.remove(root.find("a:id", NS))
    no_id = tmp_path / "no-id.atom"
    no_id.write_bytes(etree.tostring(root))
    root = etree.fromstring(good)
    etree.SubElement(root.find("a:entry", NS), "{http://www.w3.org/2005/Atom}pubDate").text = "x"
    stray = tmp_path / "stray.atom"
    stray.write_bytes(etree.tostring(root))
    ok = tmp_path / "ok.atom"
    ok.write_bytes(good)
    errors = atom_errors([no_id, stray, ok])
    assert any("no-id.atom" in e and '"id"' in e for e in errors), errors
    assert any("stray.atom" in e and "pubDate" in e for e in errors), errors
    assert not any("ok.atom" in e for e in errors)


def test_entries_shared_between_feeds_through_the_memo_serialise_the_same():
    fr = make_entry("ecole", key="school", content_warning="cw",
                    terms={"regions": [TermRef("regions", "gao", "Gao", "fr/regions/gao/", 16.2,
                                               -0.04)]})
    en = make_entry("school", lang="en", key="school")
    pair(fr, en)
    other = make_entry("autre", day=3)
    specs = [SPEC, replace(SPEC, path="fr/", page_url="fr/", title="Voix du Mali"),
             FeedSpec("", "Voix du Mali", "Tous", None, "")]
    groups = [[fr], [fr, other], [fr, en, other]]
    memo: dict = {}
    shared = [feed_documents(s, g, SITE, memo=memo) for s, g in zip(specs, groups, strict=True)]
    alone = [(atom_bytes(fg), rss_bytes(fg)) for fg in
             (build_feed(s, g, SITE) for s, g in zip(specs, groups, strict=True))]
    assert len(memo) == 3
    assert shared == alone


def _every_kind_of_entry() -> list[Entry]:
    """Entries exercising every element feedgen and Griot's extensions write."""
    regions = [TermRef("regions", "nara", "Nara", "fr/regions/nara/"),
               TermRef("regions", "tombouctou", "Tombouctou", "fr/regions/tombouctou/",
                       latitude=16.7735, longitude=-3.0074)]
    hashtags = [TermRef("hashtags", "malisansvbg", "MaliSansVBG", "fr/hashtags/malisansvbg/")]
    authors = [TermRef("authors", "mariam", "Mariam la Griotte", "fr/authors/mariam/")]
    fr = make_entry("ecole", title="L'école < 50 % & « après » ]]>", key="school", day=20,
                    body='<p>Le <a href="/fr/x/">corps</a>\n<img src="a.jpg" alt=""></p>',
                    summary="Résumé\x0b sale", content_warning="violences",
                    cover="images/radio.jpg", cover_alt="Une radio", license="CC BY-SA 4.0",
                    modified=datetime(2025, 12, 2, 8, 0, tzinfo=TZ),
                    terms={"regions": regions, "hashtags": hashtags, "authors": authors})
    en = make_entry("school", lang="en", title="School", key="school", day=21, body="",
                    summary="", authors=("Oumar", "Fatou"))
    pair(fr, en)
    bare = make_entry("nu", day=2, body="texte sans balise & <b>gras", summary="s")
    return [fr, en, bare]


@pytest.mark.parametrize("content", ["full", "summary"])
@pytest.mark.parametrize("spec", [SPEC, FeedSpec("", "Voix du Mali\x01", "", None, "")])
def test_feed_documents_are_the_bytes_of_the_whole_feed(spec, content):
    site = replace(SITE, content=content, icon="https://example.org/theme/icon.png",
                   enclosure=lambda path: (f"https://example.org/{path}", "image/jpeg", 123),
                   translate=lambda lang, message: f"[{lang}] {message}")
    for entries in (_every_kind_of_entry(), [], _every_kind_of_entry()[2:]):
        warned: list[str] = []
        documents = feed_documents(spec, entries, site, warn=warned.append)
        expected: list[str] = []
        fg = build_feed(spec, entries, site, warn=expected.append)
        assert documents == (atom_bytes(fg), rss_bytes(fg))
        assert warned == expected
        etree.fromstring(documents[0]), etree.fromstring(documents[1])


def test_the_lowest_memory_order_builds_every_feed_once_and_lets_entries_go_early():
    feeds = [["a", "b", "c", "d"], ["a"], ["b"], [], ["c", "d"], ["e"], ["a", "e"]]
    order = low_memory_order(feeds)
    assert sorted(order) == list(range(len(feeds)))

    def most_waiting(order: list[int]) -> int:
        left = Counter(key for keys in feeds for key in keys)
        waiting: set[str] = set()
        worst = 0
        for index in order:
            waiting.update(feeds[index])
            worst = max(worst, len(waiting))
            left.subtract(feeds[index])
            waiting -= {key for key in feeds[index] if not left[key]}
        return worst

    assert most_waiting(order) <= most_waiting(list(range(len(feeds))))
    assert most_waiting(order) == 4  # the feed holding a, b, c and d holds them together
    assert low_memory_order([]) == []

"""The live preview's incremental updates write exactly what a clean full build writes: same
files, same bytes, after every kind of edit; what they cannot handle falls back to a full build.
"""

from __future__ import annotations

import gc
import re
import threading
import urllib.request
import weakref
from datetime import datetime
from pathlib import Path

import pytest

from griot.checks import new as new_article
from griot.core.errors import BuildError
from griot.preview.cli import finish_before_serving, make_pelican, serve
from griot.preview.incremental import LiveSite
from griot.sitefiles.generator import SiteFilesStage
from tests.conftest import PREVIEW, PUBLISH, SITEURL, build, tree_digest

ARTICLE = "articles/2025/femmes-deplacees-gao-menaka.fr.md"  # body image, two regions, a twin


def built_live_site(root: Path, image_cache: Path, settings_file: str = PUBLISH,
                    **overrides) -> LiveSite:
    """A LiveSite of root/content into root/output, built once."""
    pelican, _ = make_pelican(settings_file, {
        "PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"),
        "SITEURL": SITEURL, "CACHE_PATH": str(root / "cache"),
        "GRIOT_IMAGE_CACHE_DIR": str(image_cache), **overrides})
    site = LiveSite(pelican)
    assert site.build().kind == "full"
    return site


@pytest.fixture
def live(sample_copy, image_cache):
    """A copy of the sample content, built once by a LiveSite."""
    return built_live_site(sample_copy, image_cache)


def clean_build(site: LiveSite, image_cache: Path, name: str) -> Path:
    """A full build of the same content into a new folder, without any cache but the images',
    with the same settings file (the preview's when drafts show)."""
    root = Path(site.settings["OUTPUT_PATH"]).parent
    out = root / name
    settings_file = PREVIEW if site.settings.get("GRIOT_SHOW_DRAFTS") else PUBLISH
    return build(root, out, settings_file, GRIOT_IMAGE_CACHE_DIR=str(image_cache),
                 GRIOT_CONTENT_CACHE=False,
                 GRIOT_SEARCH=False,  # as the live preview: no search index
                 GRIOT_PER_PAGE=site.settings["GRIOT_PER_PAGE"])


def edit(site: LiveSite, rel: str, change) -> Path:
    path = Path(site.settings["PATH"]) / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def header(key: str, value: str):
    def change(text: str) -> str:
        head, body = text.split("\n\n", 1)
        lines = [line for line in head.splitlines() if not re.match(rf"{key}s?:", line)]
        return "\n".join([*lines, f"{key}: {value}"]) + "\n\n" + body
    return change


def left(site: LiveSite) -> set[str]:
    """The files an update left for later (names only: a failed assertion's repr of their
    pages, whose entries link the whole model, would never end)."""
    return set(site.deferred)


def assert_same_as_clean(site: LiveSite, image_cache: Path, name: str) -> None:
    """The output, once the pages an update left for later are written, is a clean build's."""
    site.finish()
    output = Path(site.settings["OUTPUT_PATH"])
    expected = tree_digest(clean_build(site, image_cache, name))
    actual = tree_digest(output)
    assert sorted(actual) == sorted(expected)  # the same set of files...
    assert [rel for rel in expected if actual[rel] != expected[rel]] == []  # ...and bytes


def test_an_edited_article_gives_the_bytes_of_a_clean_build(live, image_cache):
    before = tree_digest(Path(live.settings["OUTPUT_PATH"]))
    path = edit(live, ARTICLE, lambda text: text)
    unchanged = live.update([path])
    assert (unchanged.kind, unchanged.written, unchanged.removed) == ("incremental", 0, 0)

    def everything(text: str) -> str:
        for change in (header("Title", "Déplacées de Gao : un titre tout neuf"),
                       header("Hashtags", "#MaliSansVBG #Résilience"),
                       header("Region", "kayes"),
                       header("Date", "2024-03-01 08:00")):  # another year: another URL
            text = change(text)
        return text

    outcome = live.update([edit(live, ARTICLE, everything)])
    assert outcome.kind == "incremental"
    output = Path(live.settings["OUTPUT_PATH"])
    assert (output / "fr/2024/femmes-deplacees-gao-menaka/index.html").is_file()
    assert not (output / "fr/2025/femmes-deplacees-gao-menaka").exists()
    assert (output / "fr/hashtags/resilience/index.html").is_file()
    assert "fr/hashtags/resilience/index.html" in outcome.paths
    assert "en/2025/femmes-deplacees-gao-menaka/index.html" in before
    assert "en/2025/femmes-deplacees-gao-menaka/index.html" in outcome.paths  # its hreflang
    assert outcome.removed >= 1
    assert_same_as_clean(live, image_cache, "clean")


def test_successive_edits_and_a_broken_one(live, image_cache):
    output = Path(live.settings["OUTPUT_PATH"])
    for n, change in enumerate([
        header("Title", "Un autre titre"),
        lambda text: text.replace("\n\n", "\n\nUn nouveau premier paragraphe.\n\n", 1),
        header("Status", "hidden"),  # unlisted: out of listings, feeds and sitemap
        header("Status", "published"),
    ]):
        assert live.update([edit(live, ARTICLE, change)]).kind == "incremental"
        assert_same_as_clean(live, image_cache, f"clean-{n}")

    good = tree_digest(output)
    with pytest.raises(BuildError, match="femmes-deplacees-gao-menaka.fr.md"):
        live.update([edit(live, ARTICLE, header("Date", "hier"))])
    assert tree_digest(output) == good  # not one byte changed
    # Another article saved meanwhile: the broken one is read again, and still refused.
    other = edit(live, "articles/2025/esclavage-par-ascendance.fr.md", header("Title", "Autre"))
    with pytest.raises(BuildError, match="femmes-deplacees-gao-menaka.fr.md"):
        live.update([other])
    assert tree_digest(output) == good
    assert live.update([edit(live, ARTICLE, header("Date", "2025-02-19"))]).kind == "incremental"
    assert_same_as_clean(live, image_cache, "clean-fixed")


def test_new_deleted_and_renamed_articles_are_updates(live, image_cache):
    content = Path(live.settings["PATH"])
    output = Path(live.settings["OUTPUT_PATH"])
    twin = content / "articles/2025/loi-des-30-pour-cent-tombouctou.en.md"
    twin.write_text("Title: The 30 percent law\nDate: 2025-05-02\nAuthor: mariam\n"
                    "Region: tombouctou\nHashtags: #AntiDiscri\n\nA translation added later.\n",
                    encoding="utf-8")
    outcome = live.update([twin])  # a new article, the translation of one already there
    assert outcome.kind == "incremental"
    assert "en/2025/loi-des-30-pour-cent-tombouctou/index.html" in outcome.paths
    assert "fr/2025/loi-des-30-pour-cent-tombouctou/index.html" in outcome.paths  # hreflang
    assert_same_as_clean(live, image_cache, "clean-translation")

    # Renamed: the editor's save is a deletion and a new file in one batch.
    renamed = twin.with_name("the-30-percent-law.en.md")
    twin.rename(renamed)
    outcome = live.update([twin, renamed])
    assert outcome.kind == "incremental" and outcome.removed >= 1
    assert not (output / "en/2025/loi-des-30-pour-cent-tombouctou").exists()
    assert_same_as_clean(live, image_cache, "clean-renamed")

    renamed.unlink()
    outcome = live.update([renamed])
    assert outcome.kind == "incremental" and outcome.removed >= 1
    assert not (output / "en/2025/the-30-percent-law").exists()
    assert_same_as_clean(live, image_cache, "clean-deleted")
    # A file made and removed between two looks: nothing to do.
    assert live.update([content / "articles/2025/jamais-lu.fr.md"]).kind == "unchanged"


def test_a_hashtag_added_then_removed(live, image_cache):
    output = Path(live.settings["OUTPUT_PATH"])
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #NouveauTag"))])
    assert outcome.kind == "incremental" and outcome.patched  # the model patched in place
    assert {"fr/hashtags/nouveautag/index.html", "fr/hashtags/nouveautag/feed.atom",
            "sitemap.xml"} <= set(outcome.paths)
    assert "fr/hashtags/index.html" in outcome.paths  # the index lists it
    assert_same_as_clean(live, image_cache, "clean-added")
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG"))])
    assert outcome.kind == "incremental" and outcome.patched and outcome.removed >= 3
    assert not (output / "fr/hashtags/nouveautag").exists()  # its page and feeds
    assert_same_as_clean(live, image_cache, "clean-removed")


def test_the_sitemap_a_hashtag_patch_wrote_is_made_again_by_the_next_model(
        live, image_cache):
    """A hashtag patch writes the sitemap from the last one's texts (patch_sitemap), with no
    signature: two patches in a row, then an update that makes a new model (a new article
    with a new hashtag), each give a clean build's sitemap."""
    output = Path(live.settings["OUTPUT_PATH"])
    first = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #Tag1"))])
    second = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #Tag2"))])
    assert first.patched and second.patched and "sitemap.xml" in second.paths
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/fr/hashtags/tag2/" in sitemap and "/fr/hashtags/tag1/" not in sitemap
    assert_same_as_clean(live, image_cache, "clean-twice")
    new = Path(live.settings["PATH"]) / "articles/2025/un-de-plus.fr.md"
    new.write_text("Title: Un de plus\nDate: 2025-06-01\nAuthor: mariam\nHashtags: #Neuf\n\n"
                   "Texte.\n", encoding="utf-8")
    outcome = live.update([new])
    assert not outcome.patched and "sitemap.xml" in outcome.paths
    assert_same_as_clean(live, image_cache, "clean-twice-then-new")


def test_a_hashtag_edit_that_only_adds_a_later_page_leaves_the_sitemap(
        sample_copy, image_cache, monkeypatch):
    """A listing's later pages are not in the sitemap: a hashtag that gives a term its second
    page (two articles a page) patches the pages and leaves sitemap.xml unwritten, with a
    clean build's bytes; so does taking it off (the normal update: the display form's count
    drops)."""
    live = built_live_site(sample_copy, image_cache, GRIOT_PER_PAGE=2)
    output = Path(live.settings["OUTPUT_PATH"])
    later = output / "fr/hashtags/orangetheworld/page/2/index.html"
    assert not later.exists()
    made = []  # (the writer skips a file of the same bytes: the sitemap must not be made)
    monkeypatch.setattr(SiteFilesStage, "_write", lambda *args: made.append(args))
    tags = header("Hashtags", "#MaliSansVBG, #Déplacées, #OrangeTheWorld")
    outcome = live.update([edit(live, ARTICLE, tags)])
    assert outcome.patched and later.exists()
    assert made == [] and "sitemap.xml" not in outcome.paths
    monkeypatch.undo()
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/fr/hashtags/orangetheworld/page/" not in sitemap
    assert_same_as_clean(live, image_cache, "clean-later-page")
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG, #Déplacées"))])
    assert not later.exists()
    assert_same_as_clean(live, image_cache, "clean-later-page-gone")


def test_hashtags_moved_between_terms_patch_listings_feeds_and_related_articles(
        live, image_cache):
    """The article leaves a hashtag only it uses and joins one two others use: both terms'
    pages and feeds, the indexes, and the related articles of those who now see it change as
    a clean build makes them; a later text edit of an article listed on the term's old page
    does not bring that page back."""
    slavery = "articles/2025/esclavage-par-ascendance.fr.md"  # #AntiDiscri, 2 related
    outcome = live.update([edit(live, slavery, header("Hashtags", "#AntiDiscri #Handicap"))])
    assert outcome.patched and "fr/hashtags/handicap/index.html" in outcome.paths
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #Handicap"))])
    assert outcome.patched
    assert {"fr/hashtags/handicap/index.html", "fr/hashtags/handicap/feed.rss",
            "fr/hashtags/index.html", "sitemap.xml"} <= set(outcome.paths)
    assert not (Path(live.settings["OUTPUT_PATH"]) / "fr/hashtags/deplacees").exists()
    # Through #Handicap, the article with two related articles gets this one as a third.
    assert "fr/2025/esclavage-par-ascendance/index.html" in outcome.paths
    assert_same_as_clean(live, image_cache, "clean-moved")
    outcome = live.update([edit(live, slavery, first_paragraph("Une phrase de plus."))])
    assert outcome.patched
    assert_same_as_clean(live, image_cache, "clean-moved-then-text")


def test_a_hashtag_edit_that_moves_more_than_its_terms_makes_the_model_again(
        live, image_cache):
    # The only use of #Déplacées written #deplacees: the hashtag's shown form changes on
    # every page that links it, which a patch does not follow.
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #deplacees"))])
    assert outcome.kind == "incremental" and not outcome.patched
    assert_same_as_clean(live, image_cache, "clean-respelled")
    # One more #AntiDiscri article: the campaigns change order on every home page.
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #AntiDiscri"))])
    assert outcome.kind == "incremental" and not outcome.patched
    assert_same_as_clean(live, image_cache, "clean-campaigns")


def test_a_hashtag_page_another_article_links_stays_until_the_link_goes(live, image_cache):
    output = Path(live.settings["OUTPUT_PATH"])
    other = "articles/2025/radio-contre-les-violences.fr.md"
    assert live.update([edit(live, other, first_paragraph(
        "Voir [les déplacées](/fr/hashtags/deplacees/)."))]).patched
    good = tree_digest(output)
    # #Déplacées leaves its one article: the other's link would lead nowhere.
    with pytest.raises(BuildError, match="radio-contre-les-violences.fr.md.*hashtags/deplacees"):
        live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG"))])
    assert tree_digest(output) == good  # not one byte changed
    outcome = live.update([edit(live, ARTICLE, header("Hashtags", "#MaliSansVBG #Déplacées"))])
    assert outcome.patched and outcome.written == 0  # back as it was: the model intact
    assert_same_as_clean(live, image_cache, "clean-link-kept")


def test_a_broken_new_article_then_its_fix(live, image_cache):
    output = Path(live.settings["OUTPUT_PATH"])
    good = tree_digest(output)
    new = Path(live.settings["PATH"]) / "articles/2025/nouvel-article.fr.md"
    new.write_text("Title: Nouvel article\nDate: demain\nAuthor: mariam\n\nTexte.\n",
                   encoding="utf-8")
    with pytest.raises(BuildError, match="nouvel-article.fr.md"):
        live.update([new])
    assert tree_digest(output) == good  # not one byte changed
    new.write_text("Title: Nouvel article\nDate: 2025-06-01\nAuthor: mariam\n\nTexte.\n",
                   encoding="utf-8")
    assert live.update([new]).kind == "incremental"  # the state survived the failure
    assert (output / "fr/2025/nouvel-article/index.html").is_file()
    assert_same_as_clean(live, image_cache, "clean-fixed")


def test_what_an_update_cannot_do_falls_back_to_a_full_build(live, image_cache):
    content = Path(live.settings["PATH"])
    region = edit(live, "regions/kayes.fr.md", lambda text: text + "\nUne phrase de plus.\n")
    assert live.update([region]).kind == "full"
    campaign = content / "campaigns/egalitefemmeshommes.fr.md"  # its hashtag stays, plain
    campaign.unlink()
    outcome = live.update([campaign])
    assert outcome.kind == "full" and "campaigns/egalitefemmeshommes.fr.md was deleted" in (
        outcome.reason)
    assert_same_as_clean(live, image_cache, "clean-campaign")
    image = content / "images/2025/fleuve-gao.jpg"
    image.rename(image.with_name("fleuve-a-gao.jpg"))
    twin = ARTICLE.replace(".fr.md", ".en.md")
    for rel in (ARTICLE, twin):  # both show it
        edit(live, rel, lambda text: text.replace("fleuve-gao.jpg", "fleuve-a-gao.jpg"))
    outcome = live.update([image, image.with_name("fleuve-a-gao.jpg"), content / ARTICLE,
                           content / twin])
    assert outcome.kind == "full" and "images/2025/fleuve-" in outcome.reason
    assert_same_as_clean(live, image_cache, "clean-image")
    assert live.update([content / ".#scratch.md", content / "notes.md~"]).kind == "unchanged"


def test_links_of_files_not_read_again_are_checked_against_the_new_site(live, image_cache):
    """An update looks for links only in the files it reads again; every link found before is
    still checked, and rewritten, against the site as it is now."""
    content = Path(live.settings["PATH"])
    output = Path(live.settings["OUTPUT_PATH"])
    linking = content / "articles/2025/un-lien.fr.md"
    linking.write_text("Title: Un lien\nDate: 2025-06-01\nAuthor: mariam\n\n"
                       f"Lisez [ce texte]({{filename}}/{ARTICLE}).\n", encoding="utf-8")
    assert live.update([linking]).kind == "incremental"
    page = output / "fr/2025/un-lien/index.html"
    assert 'href="/fr/2025/femmes-deplacees-gao-menaka/"' in page.read_text(encoding="utf-8")

    # The article it links moves to another URL: the unchanged page follows it.
    outcome = live.update([edit(live, ARTICLE, header("Date", "2024-03-01 08:00"))])
    assert outcome.kind == "incremental"
    assert "fr/2025/un-lien/index.html" in outcome.paths
    assert 'href="/fr/2024/femmes-deplacees-gao-menaka/"' in page.read_text(encoding="utf-8")
    assert_same_as_clean(live, image_cache, "clean-moved")

    # ...and is deleted: the link to nothing is reported in the file that was not saved.
    target = content / ARTICLE
    saved = target.read_text(encoding="utf-8")
    target.unlink()
    good = tree_digest(output)
    with pytest.raises(BuildError, match=r"un-lien\.fr\.md:5: .*leads to no file"):
        live.update([target])
    assert tree_digest(output) == good
    target.write_text(saved, encoding="utf-8")
    assert live.update([target]).kind == "incremental"
    assert_same_as_clean(live, image_cache, "clean-back")


def test_an_update_prints_only_the_warnings_its_save_brought(live, capfd):
    capfd.readouterr()
    new = Path(live.settings["PATH"]) / "articles/2025/sans-traduction.fr.md"
    new.write_text("Title: Sans traduction\nDate: 2025-06-01\nAuthor: mariam\n\nTexte.\n",
                   encoding="utf-8")
    assert live.update([new]).kind == "incremental"
    err = capfd.readouterr().err
    assert "sans-traduction.fr.md: warning: no English version" in err  # new: printed
    # The sample's own missing translation, printed by the first build: not again.
    assert "loi-des-30-pour-cent-tombouctou.fr.md" not in err
    assert live.update([edit(live, "articles/2025/sans-traduction.fr.md",
                             lambda text: text + "\nUne phrase.\n")]).kind == "incremental"
    assert "sans-traduction.fr.md" not in capfd.readouterr().err  # shown once is enough
    # A full build says everything again.
    live.build()
    assert "loi-des-30-pour-cent-tombouctou.fr.md" in capfd.readouterr().err


def first_paragraph(words: str):
    return lambda text: text.replace("\n\n", f"\n\n{words}\n\n", 1)


def test_a_text_edit_patches_the_last_model_and_writes_what_shows_the_text(live, image_cache):
    """A save that keeps the header patches the entry in the last build's model: only the
    pages and feeds that read it are rendered again, and the site is a clean build's."""
    outcome = live.update([edit(live, ARTICLE, first_paragraph("Un premier paragraphe neuf."))])
    assert outcome.kind == "incremental" and outcome.patched
    article = "fr/2025/femmes-deplacees-gao-menaka/index.html"
    # Its page, and the listings and feeds that show its summary (home, its hashtags, regions,
    # author): not its neighbours or its English version, which show its title only.
    assert {article, "fr/index.html", "fr/feed.atom", "fr/hashtags/malisansvbg/index.html",
            "fr/regions/gao/feed.rss", "fr/authors/oumar/index.html"} <= set(outcome.paths)
    assert all(rel.startswith(("fr/", "feed.")) for rel in outcome.paths)
    assert [rel for rel in outcome.paths if re.match(r"fr/20\d\d/", rel)] == [article]
    page = (Path(live.settings["OUTPUT_PATH"]) / article).read_text(encoding="utf-8")
    assert 'content="Un premier paragraphe neuf."' in page  # its card's description
    assert_same_as_clean(live, image_cache, "clean-text")

    # A region moves the entry in the model: a normal update (the model made again), and the
    # next text edit patches the model that one left.
    outcome = live.update([edit(live, ARTICLE, header("Regions", "gao, kidal"))])
    assert outcome.kind == "incremental" and not outcome.patched
    outcome = live.update([edit(live, ARTICLE, first_paragraph("Et un autre encore."))])
    assert outcome.patched
    assert_same_as_clean(live, image_cache, "clean-text-after-hashtag")


def test_a_new_title_or_content_note_patches_and_draws_the_card_again(live, image_cache):
    output = Path(live.settings["OUTPUT_PATH"])
    cards = output / "images/cards"

    def card() -> set[str]:
        return {p.name for p in cards.glob("article-fr-femmes-deplacees-gao-menaka-*")}

    before = card()
    outcome = live.update([edit(live, ARTICLE, header("Title", "Déplacées : un titre neuf"))])
    assert outcome.patched
    after = card()
    assert len(after) == 1 and after != before  # drawn again; the old card is gone
    assert outcome.removed == 1
    # The pages that show the title: its English version's switcher, its neighbours' links.
    assert "en/2025/femmes-deplacees-gao-menaka/index.html" in outcome.paths
    assert_same_as_clean(live, image_cache, "clean-title")
    outcome = live.update([edit(live, ARTICLE, header("Content_Warning", "violences"))])
    assert outcome.patched and card() != after
    assert_same_as_clean(live, image_cache, "clean-note")
    # Feed items are kept from one patch to the next: not those showing the new title (its
    # English version's items link it by its title).
    outcome = live.update([edit(live, ARTICLE, header("Title", "Déplacées : encore un titre"))])
    assert outcome.patched and "en/feed.atom" in outcome.paths
    assert_same_as_clean(live, image_cache, "clean-title-again")


def test_a_broken_text_edit_leaves_the_model_and_output_as_they_were(live, image_cache):
    output = Path(live.settings["OUTPUT_PATH"])
    good = tree_digest(output)
    saved = (Path(live.settings["PATH"]) / ARTICLE).read_text(encoding="utf-8")
    broken = first_paragraph("Voir [ce texte]({filename}/articles/2025/nulle-part.fr.md).")
    with pytest.raises(BuildError, match=r"femmes-deplacees-gao-menaka\.fr\.md:\d+: .*leads to "
                                         "no file"):
        live.update([edit(live, ARTICLE, broken)])
    assert tree_digest(output) == good  # not one byte changed
    # Fixed: a patch again, of a model the failure left intact.
    outcome = live.update([edit(live, ARTICLE, lambda _: saved)])
    assert outcome.patched and outcome.written == 0
    assert tree_digest(output) == good
    twin = ARTICLE.replace(".fr.", ".en.")
    linked = first_paragraph(f"Voir [ce texte]({{filename}}/{twin}).")
    outcome = live.update([edit(live, ARTICLE, linked)])
    assert outcome.patched
    assert 'href="/en/2025/femmes-deplacees-gao-menaka/"' in (
        output / "fr/2025/femmes-deplacees-gao-menaka/index.html").read_text(encoding="utf-8")
    assert_same_as_clean(live, image_cache, "clean-linked")


def test_only_an_update_that_made_a_new_model_leaves_one_to_collect(live):
    live.collect()
    assert not live.garbage
    assert live.update([edit(live, ARTICLE, first_paragraph("Encore."))]).patched
    assert not live.garbage  # a patch keeps the model: nothing to wait for when idle
    outcome = live.update([edit(live, ARTICLE, header("Regions", "gao"))])
    assert not outcome.patched and live.garbage
    live.collect()
    assert not live.garbage


def test_a_replaced_model_is_freed_without_a_full_collection(live, image_cache):
    # A full collection walks the whole live model (a second at 10,000 pairs): the previous
    # model's cycles are broken instead, and reference counting frees it.
    live.collect()  # after the first build: a full collection
    old = weakref.ref(live.pelican.last_build.build)
    entry = weakref.ref(live.pelican.last_build.build.site.entries[0])
    was_enabled = gc.isenabled()
    gc.disable()  # no automatic collection may free it for us
    try:
        outcome = live.update([edit(live, ARTICLE, header("Regions", "gao"))])
        # (Booleans: pytest would print the whole model to explain a failure.)
        alive = old() is not None
        assert not outcome.patched and alive
        live.collect()
        alive = (old() is not None, entry() is not None)
        assert alive == (False, False)
        assert gc.get_freeze_count() > 0  # the live model: frozen
        # The model that replaced it is whole: a patch of it gives a clean build's bytes.
        outcome = live.update([edit(live, ARTICLE, first_paragraph("Après le gel."))])
        assert outcome.patched
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()
    assert_same_as_clean(live, image_cache, "clean-after-release")


def test_a_sitemap_past_its_page_limit_becomes_an_index_of_parts_and_back(
        live, image_cache, monkeypatch):
    """Past SITEMAP_URLS listed pages sitemap.xml is an index of parts (the protocol's limit
    per file): a hashtag patch that adds the one page too many writes the index and its parts,
    the patch that removes it writes one file again and removes the parts; both as a clean
    build does."""
    from griot.sitefiles import generator as sitefiles

    output = Path(live.settings["OUTPUT_PATH"])
    listed = (output / "sitemap.xml").read_text(encoding="utf-8").count("<url>")
    monkeypatch.setattr(sitefiles, "SITEMAP_URLS", listed)  # exactly full
    original = (Path(live.settings["PATH"]) / ARTICLE).read_text(encoding="utf-8")
    one_more = header("Hashtags", "#MaliSansVBG, #Déplacées, #UnDePlus")  # a new hashtag page
    grown = live.update([edit(live, ARTICLE, one_more)])
    assert grown.patched and {"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"} <= set(
        grown.paths)
    index = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and f"{SITEURL}/sitemap-2.xml" in index
    parts = [(output / f"sitemap-{n}.xml").read_text(encoding="utf-8") for n in (1, 2)]
    assert [part.count("<url>") for part in parts] == [listed, 1]
    assert "/fr/hashtags/undeplus/" in "".join(parts)
    assert_same_as_clean(live, image_cache, "clean-parts")
    back = live.update([edit(live, ARTICLE, lambda _: original)])
    assert back.patched and not (output / "sitemap-1.xml").exists()
    assert (output / "sitemap.xml").read_text(encoding="utf-8").count("<url>") == listed
    assert_same_as_clean(live, image_cache, "clean-one-file")


NEW_ARTICLE = ("Title: Nioro : une radio donne la parole aux femmes\nDate: 2025-06-01 10:00\n"
               "Author: fatou\nRegion: nioro\nHashtags: #MaliSansVBG\n\n"
               "Chaque samedi, une émission laisse les femmes raconter leur quartier.\n")


def test_a_new_then_deleted_article_patches_the_model_in_place(live, image_cache):
    """No model rebuilt: the article joins its listings, terms, neighbours and feeds (and
    leaves them), and the output is a clean build's, byte for byte."""
    output = Path(live.settings["OUTPUT_PATH"])
    new = Path(live.settings["PATH"]) / "articles/2025/radio-nioro.fr.md"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    outcome = live.update([new])
    assert outcome.kind == "incremental" and outcome.patched
    assert {"fr/2025/radio-nioro/index.html", "fr/hashtags/malisansvbg/index.html",
            "fr/regions/nioro/index.html", "fr/authors/fatou/index.html", "fr/index.html",
            "fr/feed.atom", "fr/hashtags/malisansvbg/feed.atom", "sitemap.xml",
            "fr/regions/index.html"} <= set(outcome.paths)
    assert not any(path.startswith("en/") for path in outcome.paths)  # another language
    # The home's second page, shifted, is left for later: written once the editor is idle.
    assert "fr/page/2/index.html" in left(live)
    assert "fr/page/2/index.html" not in outcome.paths
    shifted = (output / "fr/page/2/index.html").read_bytes()
    assert live.finish() >= 1 and not left(live)
    assert (output / "fr/page/2/index.html").read_bytes() != shifted
    assert_same_as_clean(live, image_cache, "clean-new")
    # Asked for before the editor is idle, the preview writes it first.
    another = new.with_name("radio-nioro-2.fr.md")
    another.write_text(NEW_ARTICLE.replace("2025-06-01", "2025-06-03"), encoding="utf-8")
    assert live.update([another]).patched and "fr/page/2/index.html" in left(live)
    server = serve(str(output), "127.0.0.1", 0,
                   prepare=lambda path: finish_before_serving(live, threading.Lock(), path))
    try:
        url = "http://{}:{}/fr/page/2/".format(*server.server_address[:2])
        with urllib.request.urlopen(url) as response:
            served = response.read()
    finally:
        server.shutdown()
        server.server_close()
    assert not left(live) and served == (output / "fr/page/2/index.html").read_bytes()
    assert_same_as_clean(live, image_cache, "clean-served")
    another.unlink()
    assert live.update([another]).patched
    new.unlink()
    outcome = live.update([new])
    assert outcome.kind == "incremental" and outcome.patched and outcome.removed >= 2
    assert not (output / "fr/2025/radio-nioro").exists()  # its page and its card
    assert_same_as_clean(live, image_cache, "clean-deleted")
    # Its last article (#Loi30Pourcent goes with it), and a campaign's rank on the home page
    # moves: the model is made again.
    old = Path(live.settings["PATH"]) / "articles/2025/loi-des-30-pour-cent-tombouctou.fr.md"
    old.unlink()
    outcome = live.update([old])
    assert outcome.kind == "incremental" and not outcome.patched
    assert_same_as_clean(live, image_cache, "clean-fallback")


def test_the_pages_a_patch_retires_are_forgotten_while_the_editor_reads(live, image_cache):
    """A new article replaces every page of the listings it joins. Forgetting the old ones as
    readers of each article they listed waits for the editor's idle time (Signer.retire and
    settle), or for the next patch, which forgets them before it looks: a text edit of an
    article the old home page listed writes the new home page, as a clean build does."""
    state = live.pelican.last_build
    old_home = next(page for page in state.build.pages if page.url == "fr/")
    listed = old_home.vars["articles"][0]
    new = Path(live.settings["PATH"]) / "articles/2025/radio-nioro.fr.md"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    assert live.update([new]).patched
    # (booleans only: a failed assertion's repr of a reader, which links the whole model,
    # would never end)
    readers = state.build.signer.readers
    kept = id(old_home) in readers[id(listed)]
    assert kept  # not forgotten yet: the save did not wait
    live.idle()
    kept = id(old_home) in readers[id(listed)]
    assert not kept
    # Another one, then an edit before any idle time: the patch forgets them first.
    another = new.with_name("radio-nioro-2.fr.md")
    another.write_text(NEW_ARTICLE.replace("2025-06-01", "2025-06-02"), encoding="utf-8")
    old_home = next(page for page in state.build.pages if page.url == "fr/")
    assert live.update([another]).patched
    home = next(page for page in state.build.pages if page.url == "fr/")
    path = next(p for p in Path(live.settings["PATH"]).rglob("*.md")
                if p.resolve() == Path(listed.source_path).resolve())
    outcome = live.update([edit(live, str(path.relative_to(live.settings["PATH"])),
                                first_paragraph("Une phrase de plus."))])
    read_by_home = id(home) in readers.get(id(listed), {})
    kept = id(old_home) in readers.get(id(listed), {})
    assert outcome.patched and read_by_home and not kept
    assert_same_as_clean(live, image_cache, "clean-retired")


def test_an_article_another_one_links_cannot_be_deleted_until_the_link_goes(live, image_cache):
    content, output = Path(live.settings["PATH"]), Path(live.settings["OUTPUT_PATH"])
    first = content / "articles/2025/radio-nioro.fr.md"
    first.write_text(NEW_ARTICLE, encoding="utf-8")
    second = content / "articles/2025/radio-nioro-suite.fr.md"
    second.write_text(NEW_ARTICLE.replace("Title: Nioro", "Title: Suite à Nioro").replace(
        "2025-06-01", "2025-06-02") + "\nLire [le début]({filename}/articles/2025/radio-"
        "nioro.fr.md) et [la page](/fr/2025/radio-nioro/).\n", encoding="utf-8")
    for path in (first, second):
        assert live.update([path]).patched
    assert 'href="/fr/2025/radio-nioro/"' in (
        output / "fr/2025/radio-nioro-suite/index.html").read_text(encoding="utf-8")
    live.finish()  # (the next update would write them first)
    good = tree_digest(output)
    first.unlink()
    with pytest.raises(BuildError, match=r"radio-nioro-suite.fr.md.*\n.*radio-nioro-suite"):
        live.update([first])
    assert tree_digest(output) == good  # not one byte changed
    second.write_text(NEW_ARTICLE.replace("2025-06-01", "2025-06-02"), encoding="utf-8")
    outcome = live.update([second])  # the link gone; the deletion is read again with it
    assert outcome.kind == "incremental" and not (output / "fr/2025/radio-nioro").exists()
    assert_same_as_clean(live, image_cache, "clean-unlinked")


@pytest.fixture
def live_short_pages(sample_copy, image_cache):
    """As `live`, with three articles a page: every listing has later pages."""
    return built_live_site(sample_copy, image_cache, GRIOT_PER_PAGE=3)


def test_pages_left_for_later_are_written_in_slices_and_survive_the_next_saves(
        live_short_pages, image_cache):
    live = live_short_pages
    content = Path(live.settings["PATH"])
    new = content / "articles/2025/radio-nioro.fr.md"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    assert live.update([new]).patched
    later = left(live)
    assert len(later) >= 3 and "fr/page/4/index.html" in later  # shifted by the article
    assert live.finish(budget=0) <= 1 and len(live.deferred) == len(later) - 1  # one slice
    # A text edit of an article a page left for later lists: that page stays left for
    # later (it shows the new text once written).
    older = "articles/2024/filles-a-l-ecole-kayes.fr.md"
    outcome = live.update([edit(live, older, header("Summary", "Un résumé tout neuf."))])
    assert outcome.patched and len(live.deferred) == len(later) - 1
    # A hashtag added to it: #MaliSansVBG's pages, in every language, are described again and
    # written now; what was left for later of them is dropped.
    assert "en/hashtags/malisansvbg/page/3/index.html" in left(live)
    outcome = live.update([edit(live, older, header(
        "Hashtags", "#EgaliteFemmesHommes, #JourneeDeLaFille, #MaliSansVBG"))])
    assert outcome.patched and "fr/hashtags/malisansvbg/page/3/index.html" in outcome.paths
    assert not any("/malisansvbg/" in rel for rel in left(live))
    assert "fr/page/5/index.html" in left(live)  # the home's are still left for later
    # Another new article, the oldest: the last page, left for later by the first one, now
    # shows it and is written at once (what was left for later of it is dropped).
    another = new.with_name("radio-nioro-2.fr.md")
    another.write_text(NEW_ARTICLE.replace("2025-06-01", "2024-01-10"), encoding="utf-8")
    outcome = live.update([another])
    assert outcome.patched and "fr/page/5/index.html" in outcome.paths
    assert_same_as_clean(live, image_cache, "clean-another")
    # Both deleted.
    new.unlink()
    assert live.update([new]).patched
    assert_same_as_clean(live, image_cache, "clean-one-left")
    another.unlink()
    assert live.update([another]).patched
    assert_same_as_clean(live, image_cache, "clean-none-left")


def test_a_draft_written_by_invoke_new_in_the_preview_is_patched_in(sample_copy, image_cache):
    """The editors' preview (drafts and future dates shown): `invoke new`'s draft joins the
    model in place, and leaves it when deleted."""
    live = built_live_site(sample_copy, image_cache, PREVIEW)
    files = new_article.plan(
        new_article.NewArticle("Une radio à Nioro", "fr", hashtags=("MaliSansVBG",),
                               regions=("nioro",), authors=("fatou",)),
        sample_copy / "content", ("fr", "en"), datetime(2025, 6, 1, 10, 0))
    (path, text), = files.items()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    outcome = live.update([path])
    assert outcome.patched and "fr/2025/une-radio-a-nioro/index.html" in outcome.paths
    assert_same_as_clean(live, image_cache, "clean-draft")
    path.unlink()
    assert live.update([path]).patched
    assert_same_as_clean(live, image_cache, "clean-draft-deleted")


def test_a_new_article_patches_in_unless_its_spelling_changes_a_hashtags_display(
        live, image_cache):
    """#Loi30Pourcent, written once: one more `#loi30pourcent` ties, and the spelling with more
    capitals stays shown (patched); then `#LOI30POURCENT` would be shown: the model is made
    again."""
    folder = Path(live.settings["PATH"]) / "articles/2025"
    for name, spelling, patched in (("loi-a-nioro", "loi30pourcent", True),
                                    ("loi-a-kayes", "LOI30POURCENT", False)):
        path = folder / f"{name}.fr.md"
        path.write_text(NEW_ARTICLE.replace("#MaliSansVBG", f"#MaliSansVBG #{spelling}"),
                        encoding="utf-8")
        assert live.update([path]).patched is patched
        assert_same_as_clean(live, image_cache, f"clean-{name}")
    page = Path(live.settings["OUTPUT_PATH"]) / "fr/2025/loi-a-nioro/index.html"
    assert "#LOI30POURCENT" in page.read_text(encoding="utf-8")


def test_an_article_with_a_hidden_translation_leaves_and_comes_back_by_the_normal_update(
        live, image_cache):
    """A hidden version links its published translations (no one links it): the French one,
    deleted or written back, moves the hidden page too, so the model is made again."""
    content = Path(live.settings["PATH"])
    french = content / "articles/2025/radio-nioro.fr.md"
    french.write_text(NEW_ARTICLE, encoding="utf-8")
    assert live.update([french]).patched
    hidden = content / "articles/2025/radio-nioro.en.md"
    hidden.write_text("Title: A radio in Nioro\nDate: 2025-06-01 10:00\nAuthor: mariam\n"
                      "Status: hidden\n\nA version for a partner only.\n", encoding="utf-8")
    assert not live.update([hidden]).patched
    french.unlink()
    assert not live.update([french]).patched
    assert_same_as_clean(live, image_cache, "clean-french-gone")
    french.write_text(NEW_ARTICLE, encoding="utf-8")
    assert not live.update([french]).patched
    assert "/fr/2025/radio-nioro/" in (Path(live.settings["OUTPUT_PATH"]) /
                                       "en/2025/radio-nioro/index.html").read_text("utf-8")
    assert_same_as_clean(live, image_cache, "clean-french-back")

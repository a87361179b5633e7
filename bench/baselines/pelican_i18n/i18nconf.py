"""Baseline for the benchmark: plain Pelican 4.12 + i18n_subsites, configured for our corpus.

fr is the main site (at the root of the output), en a subsite under /en/. Each language gets
its own index, tag (hashtag), category (region) and author pages, with Atom and RSS feeds for
each. `corpus_taxonomy` maps our `Hashtags`/`Region` headers onto Pelican's tags and category.
Run: python3 -m pelican <corpus>/content -s bench/baselines/pelican_i18n/i18nconf.py -o <out>
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent

SITENAME = "Blogs du Mali"
SITEURL = "https://blogs.example.org"
TIMEZONE = "Africa/Bamako"
DEFAULT_LANG = "fr"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
THEME = "simple"

PLUGIN_PATHS = [str(_HERE)]
PLUGINS = ["pelican.plugins.i18n_subsites", "corpus_taxonomy"]
# The `simple` theme has no {% trans %} blocks, so the i18n Jinja extension (and its gettext
# catalogs) would only add an error log per subsite here; a localized theme would enable it.
I18N_SUBSITES = {"en": {"SITENAME": "Mali Blogs"}}
# Closest to the contract: a language's listings only show articles written in it, and no
# drafts/ pages are written for the missing translations.
I18N_UNTRANSLATED_ARTICLES = "remove"
I18N_UNTRANSLATED_PAGES = "remove"

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["authors", "regions", "campaigns", "pages", "images"]
PAGE_EXCLUDES = ["authors", "regions", "campaigns", "articles", "images"]
STATIC_PATHS = []
# Year folders are not categories: regions are (see corpus_taxonomy).
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "sans-region"
FILENAME_METADATA = r"(?P<slug>[a-z0-9-]+)\.(?P<lang>[a-z]{2,3})"

ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
TAG_URL = "hashtags/{slug}/"
TAG_SAVE_AS = "hashtags/{slug}/index.html"
TAGS_SAVE_AS = "hashtags/index.html"
CATEGORY_URL = "regions/{slug}/"
CATEGORY_SAVE_AS = "regions/{slug}/index.html"
CATEGORIES_SAVE_AS = "regions/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: the home, every hashtag, region and author, in Atom and RSS, per language,
# with full content and the same item limit as the Hugo baseline.
FEED_ATOM = "feed.atom"
FEED_RSS = "feed.rss"
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = "hashtags/{slug}/feed.atom"
TAG_FEED_RSS = "hashtags/{slug}/feed.rss"
CATEGORY_FEED_ATOM = "regions/{slug}/feed.atom"
CATEGORY_FEED_RSS = "regions/{slug}/feed.rss"
AUTHOR_FEED_ATOM = "authors/{slug}/feed.atom"
AUTHOR_FEED_RSS = "authors/{slug}/feed.rss"
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

# Cold builds: the harness measures a full build from scratch.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

"""Local preview settings: drafts and future-dated articles visible, pages reload on change.

Production settings (publishconf.py) import these and override what differs.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from griot.engine import GriotPelican  # noqa: E402

PELICAN_CLASS = GriotPelican  # builds into a staging folder, swapped in only on success

SITENAME = "Voix du Mali"
SITEURL = ""
GRIOT_SITE_DESCRIPTION = {
    "fr": "Blogueuses et blogueurs du Mali contre les violences et les discriminations",
    "en": "Malian bloggers against violence and discrimination",
}
PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "themes" / "griot")
TIMEZONE = "Africa/Bamako"

# Languages, in order; the first is the default. A new language needs a line here and a
# catalog under themes/griot/translations/ (invoke i18n-init --lang bm).
GRIOT_LANGUAGES = ["fr", "en"]
DEFAULT_LANG = GRIOT_LANGUAGES[0]
GRIOT_PER_PAGE = 10
GRIOT_DEFAULT_LICENSE = "CC BY 4.0"

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["griot.engine"]  # with PELICAN_CLASS: runs every stage of griot.engine.STAGES

# Preview: editors see drafts and scheduled articles. Production turns both off.
GRIOT_SHOW_DRAFTS = True
WITH_FUTURE_DATES = True
GRIOT_STRICT = False

# Pelican reads; Griot's generators write every page. Everything Pelican would write itself
# is switched off, so nothing (drafts above all) lands at a URL nobody checked.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []  # images are only ever published as re-encoded copies
ARTICLE_TRANSLATION_ID = None  # Griot pairs translations itself (slug or Translation_Key)
PAGE_TRANSLATION_ID = None
FILENAME_METADATA = ""
USE_FOLDER_AS_CATEGORY = False
DEFAULT_METADATA = {"category": "articles"}  # Pelican's draft writer expects one, even unused
ARTICLE_URL = ARTICLE_LANG_URL = DRAFT_URL = DRAFT_LANG_URL = "{lang}/{date:%Y}/{slug}/"
PAGE_URL = PAGE_LANG_URL = DRAFT_PAGE_URL = DRAFT_PAGE_LANG_URL = "{lang}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict = {}
FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None

"""Production settings: absolute URLs, no drafts, no scheduled articles, warnings are errors."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("GRIOT_SITEURL", "https://voixdumali.example.org")
GRIOT_SHOW_DRAFTS = False
WITH_FUTURE_DATES = False  # a future-dated article waits for its date, like a draft
GRIOT_LIVERELOAD = False
GRIOT_STRICT = True

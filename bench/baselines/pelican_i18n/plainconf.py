"""Baseline for the benchmark: plain Pelican, the i18n_subsites conf without the plugin.

A reference point only: Pelican core builds one set of indexes (fr) and writes the English
translations next to them under /en/<yyyy>/<slug>/, with no English listings or feeds.
"""

import sys
from pathlib import Path

# Pelican loads a settings file by path, not as a package: make its sibling importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from i18nconf import *  # noqa: E402,F403

PLUGINS = ["corpus_taxonomy"]
I18N_SUBSITES = {}

"""The theme's UI catalogs (gettext, compiled by Babel), one per site language."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .errors import SettingsError

logger = logging.getLogger(__name__)
DOMAIN = "messages"


def catalog_path(translations_dir: Path, lang: str, suffix: str) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def load_catalogs(translations_dir: Path, languages: tuple[str, ...]) -> dict[str, Translations]:
    """One gettext catalog per language, from compiled .mo files.

    A .mo missing or older than its .po is compiled from the .po in memory (with a notice), so a
    plain `pelican content` works on a fresh clone; `invoke i18n-compile` writes the .mo files.
    """
    catalogs = {}
    for lang in languages:
        po = catalog_path(translations_dir, lang, "po")
        mo = catalog_path(translations_dir, lang, "mo")
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                catalogs[lang] = Translations(handle, domain=DOMAIN)
            continue
        if not po.exists():
            raise SettingsError(
                f"no UI catalog for language '{lang}': {po} is missing.\n"
                f"    fix: run `invoke i18n-init --lang {lang}`, translate the new .po file, "
                "then build again"
            )
        logger.info("compiling %s in memory (run `invoke i18n-compile` to keep it)", po)
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogs[lang] = Translations(buffer, domain=DOMAIN)
    return catalogs

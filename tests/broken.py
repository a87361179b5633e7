"""A broken copy of the sample content: each bad input of issue 11, at a known file and line.

`break_sample(site)` edits `site/content` (a copy of the sample) and returns
{case: (path as the blogger types it, line or None)}."""

from __future__ import annotations

from pathlib import Path

# The first bytes of an iPhone photo (ISO BMFF, brand heic), saved under a .jpg name.
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64

CASES = {
    "content/articles/2025/sans-titre.fr.md": (
        "Date: 2025-11-20\nAuteur: mariam\n\nUn article sans titre.\n"),
    "content/articles/2025/date-francaise.fr.md": (
        "Titre: Date à la française\nDate: 28/11/2025\nAuteur: mariam\n\nTexte.\n"),
    "content/articles/2025/hashtag-proche.fr.md": (
        "Titre: Une faute de frappe\nDate: 2025-11-21\nAuteur: mariam\n\n"
        "Premier paragraphe.\n\nRejoignez #MaliSansVGB ce samedi.\n"),
    "content/articles/2025/region-inconnue.fr.md": (
        "Titre: Région mal écrite\nDate: 2025-11-22\nAuteur: mariam\nRégion: Tombouctu\n\n"
        "Texte.\n"),
    "content/articles/2025/auteur-inconnu.fr.md": (
        "Titre: Auteur inconnu\nDate: 2025-11-23\nAuteur: aminata\n\nTexte.\n"),
    "content/articles/2025/liens-morts.fr.md": (
        "Titre: Liens vers rien\nDate: 2025-11-24\nAuteur: mariam\n\n"
        "Voir [cet article](/fr/2025/nexiste-pas/).\n\n"
        "Et [celui-ci]({filename}/articles/nope.fr.md).\n"),
    "content/articles/2025/x.fr.md.txt": (
        "Titre: Mauvais suffixe\nDate: 2025-11-25\nAuteur: mariam\n\nTexte.\n"),
    "content/article/mauvais-dossier.fr.md": (
        "Titre: Mauvais dossier\nDate: 2025-11-25\nAuteur: mariam\n\nTexte.\n"),
    "content/articles/2025/couverture-sans-alt.fr.md": (
        "Titre: Couverture sans texte\nDate: 2025-11-26\nAuteur: mariam\n"
        "Couverture: images/2025/fleuve-gao.jpg\n\nTexte.\n"),
    "content/articles/2025/photo-iphone.fr.md": (
        "Titre: Photo d’iPhone\nDate: 2025-11-27\nAuteur: mariam\n"
        "Couverture: images/2025/iphone.jpg\nCouverture_Alt: Une rue de Bamako\n\nTexte.\n"),
    "content/articles/2025/cle-mal-ecrite.fr.md": (
        "Titre: Clé mal écrite\nDate: 2025-11-28\nAuteur: mariam\n"
        "Avertisement: violences\n\nTexte.\n"),
}

EXPECTED = {  # case -> (path, line)
    "titre": ("content/articles/2025/sans-titre.fr.md", 1),
    "date": ("content/articles/2025/date-francaise.fr.md", 2),
    "hashtag": ("content/articles/2025/hashtag-proche.fr.md", 7),
    "region": ("content/articles/2025/region-inconnue.fr.md", 4),
    "author": ("content/articles/2025/auteur-inconnu.fr.md", 3),
    "site-path": ("content/articles/2025/liens-morts.fr.md", 5),
    "filename": ("content/articles/2025/liens-morts.fr.md", 7),
    "suffix": ("content/articles/2025/x.fr.md.txt", None),
    "folder": ("content/article/mauvais-dossier.fr.md", None),
    "alt": ("content/articles/2025/couverture-sans-alt.fr.md", 4),
    "heic": ("content/articles/2025/photo-iphone.fr.md", None),
    "key": ("content/articles/2025/cle-mal-ecrite.fr.md", 4),
}


def break_sample(site: Path) -> dict[str, tuple[str, int | None]]:
    for rel, text in CASES.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "content/images/2025/iphone.jpg").write_bytes(HEIC)
    return EXPECTED

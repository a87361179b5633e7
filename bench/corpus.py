"""Writes a deterministic bilingual corpus in the CONTENT.md format, for the build benchmarks.

`generate(root, pairs, seed)` writes `root/content/` and returns its `CorpusStats`. The same
(pairs, seed) always gives the same bytes, and a smaller corpus is a prefix of a larger one
(item i only depends on seed and i), so sizes can be compared article for article.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

# Bump when the output of generate() changes for reasons the source hash cannot see
# (it already changes with every edit of this file).
GENERATOR_VERSION = 1

LANGS = ("fr", "en")

# One item in ten is written in a single language, alternating fr-only and en-only.
SINGLE_LANGUAGE_EVERY = 10

FIRST_DATE = datetime(2015, 1, 5, 8, 0)
DATE_SPAN_DAYS = 10 * 365

# key -> display name. Accents and a pen name, like the real network.
AUTHORS = {
    "aminata-traore": "Aminata Traoré",
    "moussa-keita": "Moussa Keïta",
    "fatoumata-diarra": "Fatoumata Diarra",
    "oumar-coulibaly": "Oumar Coulibaly",
    "mariam-sidibe": "Mariam Sidibé",
    "boubacar-toure": "Boubacar Touré",
    "kadiatou-sangare": "Kadiatou Sangaré",
    "ibrahim-maiga": "Ibrahim Maïga",
    "awa-dembele": "Awa Dembélé",
    "seydou-cisse": "Seydou Cissé",
    "hawa-kone": "Hawa Koné",
    "adama-sanogo": "Adama Sanogo",
    "rokia-doumbia": "Rokia Doumbia",
    "mamadou-diallo": "Mamadou Diallo",
    "djeneba-samake": "Djénéba Samaké",
    "souleymane-dicko": "Souleymane Dicko",
    "assitan-tangara": "Assitan Tangara",
    "yacouba-ballo": "Yacouba Ballo",
    "nana-haidara": "Nana Haïdara",
    "la-plume-du-sahel": "La Plume du Sahel",
}

# key -> (French name, English name, latitude, longitude): Bamako district and the ten regions.
REGIONS = {
    "bamako": ("Bamako", "Bamako", 12.6392, -8.0029),
    "kayes": ("Kayes", "Kayes", 14.4469, -11.4456),
    "koulikoro": ("Koulikoro", "Koulikoro", 12.8627, -7.5598),
    "sikasso": ("Sikasso", "Sikasso", 11.3176, -5.6665),
    "segou": ("Ségou", "Segou", 13.4317, -6.2157),
    "mopti": ("Mopti", "Mopti", 14.4843, -4.1827),
    "tombouctou": ("Tombouctou", "Timbuktu", 16.7666, -3.0026),
    "gao": ("Gao", "Gao", 16.2717, -0.0447),
    "kidal": ("Kidal", "Kidal", 18.4411, 1.4078),
    "menaka": ("Ménaka", "Menaka", 15.9182, 2.4022),
    "taoudenit": ("Taoudénit", "Taoudenni", 22.6783, -3.9836),
}

# Display forms, most used first: popularity falls off like a Zipf law (see _HASHTAG_WEIGHTS).
HASHTAGS = (
    "MaliSansVBG",
    "ÉgalitéFemmesHommes",
    "AntiDiscri",
    "Sécurité",
    "Éducation",
    "SantéMaternelle",
    "Paix",
    "JeunesseMalienne",
    "DroitsHumains",
    "StopExcision",
    "ÉcolePourTous",
    "AccèsÀLaJustice",
    "Climat",
    "Sahel",
    "FemmesLeaders",
    "MariageDesEnfants",
    "Inclusion",
    "Handicap",
    "EauPotable",
    "Agriculture",
    "Élections",
    "LibertéDeLaPresse",
    "CitoyennetéNumérique",
    "Santé",
    "Réfugiés",
    "Déplacés",
    "Covid19",
    "Alphabétisation",
    "DroitsDesEnfants",
    "Résilience",
    "Cohésion",
    "Dialogue",
    "Gouvernance",
    "Transparence",
    "Corruption",
    "Emploi",
    "Entrepreneuriat",
    "Migration",
    "Culture",
    "Musique",
)
_HASHTAG_WEIGHTS = tuple(1 / (rank + 1) ** 0.8 for rank in range(len(HASHTAGS)))

# Hashtags that have a campaign page: display form -> (French title, English title).
CAMPAIGNS = {
    "MaliSansVBG": (
        "Un Mali sans violences basées sur le genre",
        "A Mali free of gender-based violence",
    ),
    "ÉgalitéFemmesHommes": (
        "Égalité entre les femmes et les hommes",
        "Equality between women and men",
    ),
    "AntiDiscri": ("Contre toutes les discriminations", "Against all discrimination"),
    "StopExcision": ("Stop à l'excision", "End female genital mutilation"),
    "ÉcolePourTous": ("L'école pour tous les enfants", "School for every child"),
}

CONTENT_WARNINGS = (
    ("violences conjugales", "domestic violence"),
    ("mutilations génitales féminines", "female genital mutilation"),
    ("violence armée", "armed violence"),
    ("mariage forcé", "forced marriage"),
)


def _pool(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = {
    "fr": _pool(
        "le la les des du de un une et en pour avec dans sur par qui que est sont ont "
        "le la les des de et à au aux dans pour qui "
        "femmes hommes enfants jeunes filles familles communauté village quartier ville région "
        "école santé sécurité justice droits accès eau marché travail association collectif "
        "campagne témoignage histoire avenir paix dialogue respect égalité dignité liberté "
        "gouvernement mairie chef tradition coutume radio journal réseau téléphone internet "
        "militantes bénévoles éducatrices sages-femmes médecins juges élèves enseignants "
        "développement formation sensibilisation protection prévention violence discrimination "
        "fleuve saison pluie récolte mil riz coton troupeau route marché foire atelier "
        "parle écoute explique raconte défend soutient accompagne organise rassemble forme "
        "demande refuse change construit protège partage apprend reçoit porte ouvre "
        "nouvelle important difficile possible nécessaire public local national rural urbain "
        "ensemble toujours encore aujourd'hui demain souvent vraiment aussi déjà enfin "
        "plus moins très bien mieux beaucoup chaque toutes tous notre leur cette ces "
        "Bamako Sahel Niger Mali"
    ),
    "en": _pool(
        "the a an and of to in for with on by who that is are have "
        "the the of and to in for that "
        "women men children young girls families community village neighbourhood town region "
        "school health safety justice rights access water market work association collective "
        "campaign testimony story future peace dialogue respect equality dignity freedom "
        "government town-hall chief tradition custom radio newspaper network phone internet "
        "activists volunteers educators midwives doctors judges pupils teachers "
        "development training awareness protection prevention violence discrimination "
        "river season rain harvest millet rice cotton herd road fair workshop "
        "speaks listens explains tells defends supports helps organises gathers trains "
        "asks refuses changes builds protects shares learns receives carries opens "
        "new important hard possible necessary public local national rural urban "
        "together always still today tomorrow often really also already finally "
        "more less very well better many each every our their this these "
        "Bamako Sahel Niger Mali"
    ),
}

_SLUG_WORDS = sorted(
    {w for w in _WORDS["fr"] if w.isascii() and w.isalpha() and w.islower() and len(w) > 3}
)

_QUOTE_BY = {"fr": "a confié une participante", "en": "one participant told us"}
_LINK_TEXT = {"fr": "le rapport complet", "en": "the full report"}
_ABOUT = {
    "fr": (
        "À propos",
        "Ce réseau rassemble des blogueuses et blogueurs de toutes les régions du Mali.",
    ),
    "en": ("About", "This network brings together bloggers from every region of Mali."),
}


@dataclass(frozen=True)
class CorpusStats:
    """What generate() wrote: enough to compute per-file costs and to check the corpus."""

    root: Path
    pairs: int
    seed: int
    translated_items: int
    single_language_items: int
    article_files: int
    markdown_files: int
    words: int

    @property
    def content(self) -> Path:
        return self.root / "content"


def hashtag_key(text: str) -> str:
    """CONTENT.md's hashtag key: no `#`, lowercase, accents removed, only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text.lstrip("#"))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", ascii_only.lower())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def source_fingerprint() -> str:
    """Changes whenever the generator's output may change: its version and its own source."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"v{GENERATOR_VERSION}-{digest}"


def generate(root: Path, pairs: int, seed: int = 1) -> CorpusStats:
    """Write `pairs` articles (90% in fr and en, 10% in one language) plus their taxonomy files.

    `root/content` must not exist yet or be empty: stale files from another size would be counted.
    """
    if pairs < 1:
        raise ValueError(f"pairs must be at least 1, got {pairs}")
    root = Path(root)
    content = root / "content"
    if content.exists() and any(content.iterdir()):
        raise FileExistsError(
            f"{content} is not empty: remove it or pick another root, a corpus is written only once"
        )
    writer = _Writer(content)
    translated = single = words = 0
    for index in range(pairs):
        rng = random.Random(f"griot-bench:{seed}:{index}")
        item = _Item(index, rng)
        if (index + 1) % SINGLE_LANGUAGE_EVERY == 0:
            # Alternate which language is missing, so both languages have orphans.
            langs = (LANGS[(index // SINGLE_LANGUAGE_EVERY) % 2],)
            single += 1
        else:
            langs = LANGS
            translated += 1
        for lang in langs:
            words += writer.write(*item.article(lang))
    _write_taxonomy_files(writer, random.Random(f"griot-bench:{seed}:taxonomies"))
    return CorpusStats(
        root=root,
        pairs=pairs,
        seed=seed,
        translated_items=translated,
        single_language_items=single,
        article_files=2 * translated + single,
        markdown_files=writer.files,
        words=words,
    )


class _Writer:
    def __init__(self, content: Path):
        self.content = content
        self.files = 0
        self._dirs: set[Path] = set()

    def write(self, relative: str, header: dict[str, str], body: str) -> int:
        path = self.content / relative
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        lines = [f"{key}: {value}" for key, value in header.items()]
        text = "\n".join(lines) + "\n\n" + body.rstrip("\n") + "\n"
        # newline="" so Windows runs write the same bytes.
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        self.files += 1
        return len(body.split())


class _Item:
    """One article and its translation: shared facts (date, tags, region) drawn once."""

    def __init__(self, index: int, rng: random.Random):
        self.index = index
        self.rng = rng
        self.date = FIRST_DATE + timedelta(
            days=rng.randrange(DATE_SPAN_DAYS), minutes=rng.randrange(12 * 60)
        )
        self.with_time = rng.random() < 0.5
        title_words = rng.choices(_SLUG_WORDS, k=rng.randint(3, 5))
        self.slug = "-".join(title_words) + f"-{index + 1}"
        if rng.random() < 0.05:
            self.authors = rng.sample(sorted(AUTHORS), 2)
        else:
            self.authors = [rng.choice(sorted(AUTHORS))]
        self.hashtags = _pick_hashtags(rng)
        self.hashtag_style = rng.randrange(4)
        roll = rng.random()
        if roll < 0.15:
            self.regions: list[str] = []
        elif roll < 0.25:
            self.regions = rng.sample(sorted(REGIONS), 2)
        else:
            self.regions = [rng.choice(sorted(REGIONS))]
        self.region_by_name = rng.random() < 0.25
        self.summary = rng.random() < 0.3
        self.warning = rng.choice(CONTENT_WARNINGS) if rng.random() < 0.1 else None

    def article(self, lang: str) -> tuple[str, dict[str, str], str]:
        rng = self.rng
        # A translation is usually published a few days after the original.
        date = self.date if lang == LANGS[0] else self.date + timedelta(days=rng.randrange(4))
        header = {"Title": _sentence(rng, lang, 5, 9).rstrip(".")}
        header["Date"] = date.strftime("%Y-%m-%d %H:%M" if self.with_time else "%Y-%m-%d")
        if len(self.authors) > 1:
            header["Authors"] = ", ".join(self.authors)
        else:
            header["Author"] = self.authors[0]
        header["Hashtags"] = _format_hashtags(rng, self.hashtags, self.hashtag_style)
        if self.regions:
            names = [
                REGIONS[key][LANGS.index(lang)] if self.region_by_name else key
                for key in self.regions
            ]
            header["Regions" if len(names) > 1 else "Region"] = ", ".join(names)
        if self.summary:
            header["Summary"] = _sentence(rng, lang, 12, 20)
        if self.warning:
            header["Content_Warning"] = self.warning[LANGS.index(lang)]
        body = _body(rng, lang, self.hashtags)
        return f"articles/{date.year}/{self.slug}.{lang}.md", header, body


def _pick_hashtags(rng: random.Random) -> list[str]:
    wanted = rng.randint(2, 4)
    chosen: list[str] = []
    while len(chosen) < wanted:
        tag = rng.choices(HASHTAGS, weights=_HASHTAG_WEIGHTS)[0]
        if tag not in chosen:
            chosen.append(tag)
    return chosen


def _spelling(rng: random.Random, tag: str) -> str:
    """Bloggers do not all type a hashtag the same way: same key, other spellings."""
    roll = rng.random()
    if roll < 0.10:
        return tag.lower()
    if roll < 0.15:
        return _strip_accents(tag)
    if roll < 0.17:
        return tag.upper()
    return tag


def _format_hashtags(rng: random.Random, tags: list[str], style: int) -> str:
    spelled = [_spelling(rng, tag) for tag in tags]
    if style == 0:
        return ", ".join("#" + tag for tag in spelled)
    if style == 1:
        return " ".join("#" + tag for tag in spelled)
    if style == 2:
        return ", ".join(spelled)
    return " ".join(spelled)


def _sentence(rng: random.Random, lang: str, low: int = 9, high: int = 20) -> str:
    words = rng.choices(_WORDS[lang], k=rng.randint(low, high))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, lang: str, sentences: int) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(sentences))


def _with_hashtag(rng: random.Random, paragraph: str, tag: str) -> str:
    words = paragraph.split(" ")
    position = rng.randrange(1, len(words))
    words.insert(position, "#" + tag)
    return " ".join(words)


def _body(rng: random.Random, lang: str, hashtags: list[str]) -> str:
    target = rng.randint(620, 780)
    inline = rng.sample(hashtags, min(len(hashtags), rng.randint(1, 3)))
    # Text that only looks like a hashtag (a URL fragment) must stay plain text.
    fragment = "#resume" if rng.random() < 0.2 else ""
    link = f"[{_LINK_TEXT[lang]}](https://example.org/rapports/{rng.randrange(1000)}{fragment})"
    blocks = [
        _with_hashtag(rng, _paragraph(rng, lang, 3), inline[0]),
        "## " + _sentence(rng, lang, 3, 6).rstrip("."),
        _paragraph(rng, lang, rng.randint(4, 6)),
        "\n".join("- " + _sentence(rng, lang, 4, 10) for _ in range(rng.randint(3, 5))),
        (
            _sentence(rng, lang)
            + f" *{_sentence(rng, lang, 2, 4).rstrip('.')}*, "
            + _sentence(rng, lang, 4, 8)
            + f" {link}. **{_sentence(rng, lang, 2, 4).rstrip('.')}**. "
            + _sentence(rng, lang)
        ),
        f"> {_sentence(rng, lang, 10, 18)} {_sentence(rng, lang)}\n>\n> — {_QUOTE_BY[lang]}",
        "## " + _sentence(rng, lang, 3, 6).rstrip("."),
    ]
    words = sum(len(block.split()) for block in blocks)
    while words < target:
        paragraph = _paragraph(rng, lang, rng.randint(3, 6))
        words += len(paragraph.split())
        blocks.append(paragraph)
    for tag in inline[1:]:
        spot = rng.randrange(7, len(blocks))
        blocks[spot] = _with_hashtag(rng, blocks[spot], tag)
    return "\n\n".join(blocks) + "\n"


def _write_taxonomy_files(writer: _Writer, rng: random.Random) -> None:
    region_keys = sorted(REGIONS)
    for key, display in sorted(AUTHORS.items()):
        region = rng.choice(region_keys)
        for lang in LANGS:
            header = {"Title": display, "Region": region}
            writer.write(f"authors/{key}.{lang}.md", header, _paragraph(rng, lang, 3))
    for key, (name_fr, name_en, latitude, longitude) in sorted(REGIONS.items()):
        for lang, name in zip(LANGS, (name_fr, name_en), strict=True):
            header = {"Title": name, "Latitude": f"{latitude}", "Longitude": f"{longitude}"}
            writer.write(f"regions/{key}.{lang}.md", header, _paragraph(rng, lang, 4))
    for tag, titles in sorted(CAMPAIGNS.items()):
        for lang, title in zip(LANGS, titles, strict=True):
            header = {"Hashtag": tag, "Title": title, "Start": "2019-11-25"}
            body = _paragraph(rng, lang, 4) + "\n\n" + _paragraph(rng, lang, 3)
            writer.write(f"campaigns/{hashtag_key(tag)}.{lang}.md", header, body)
    for lang in LANGS:
        title, intro = _ABOUT[lang]
        writer.write(
            f"pages/about.{lang}.md", {"Title": title}, intro + "\n\n" + _paragraph(rng, lang, 5)
        )

"""The build's stages, in the order they run: each reads what the stages above it made.

Like Pelican.run's generators: every stage describes (reads the model, adds pages, listings,
template helpers, problems), then, once every problem is reported, every stage writes.
"""

from griot.checks.generator import ChecksStage
from griot.content.generator import ContentStage
from griot.feeds.generator import FeedsStage
from griot.images.generator import ImagesStage
from griot.languages.generator import LanguagesStage
from griot.render.generator import RenderStage
from griot.sitefiles.generator import SiteFilesStage
from griot.taxonomies.generator import TaxonomiesStage

STAGES = (
    ContentStage,  # the site model, from what Pelican read (build.site)
    TaxonomiesStage,  # terms of every entry, related and neighbours; term pages and listings
    ChecksStage,  # links ({filename} ones resolved), ignored files, GPS, missing translations
    ImagesStage,  # every image a page uses, published; social cards started; picture()
    LanguagesStage,  # articles, pages, homes, chooser and 404 of every language
    FeedsStage,  # Atom and RSS per listing; feed links on every page
    RenderStage,  # every page, with one Jinja environment
    SiteFilesStage,  # sitemap.xml, robots.txt, the live preview's build id
)

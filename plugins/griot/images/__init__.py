"""Responsive images without metadata: settings, planning, rendering, cache, markup, cards.

Pure modules (no Pelican import): settings, pipeline, cache, markup, mdext (the Markdown
extension), body (what the content reader uses), cards and social (social cards).
generator.py is the Pelican adapter: it publishes images and cards and offers templates
`picture()` and `social()`, and feeds `griot_enclosure`.
"""


def register() -> None:
    # Imported here: the content reader imports griot.images.body, and the generator imports
    # that reader.
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)

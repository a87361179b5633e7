"""Responsive images without metadata: settings, planning, rendering, cache, markup, cards.

Pure modules (no Pelican import): settings, pipeline, cache, markup, mdext (the Markdown
extension), body (what the content reader uses), cards and social (social cards).
generator.py is the stage: it publishes images and cards and offers templates `picture()` and
`social()`, and feeds the covers' enclosures.
"""

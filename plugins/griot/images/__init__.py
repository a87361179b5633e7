"""Responsive images without metadata: settings, planning, rendering, cache, markup, cards.

register() (Pelican wiring) comes with generator.py; the other modules never import Pelican.
"""

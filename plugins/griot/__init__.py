"""Griot: Pelican plugins for a bilingual advocacy blog network. Each sub-package is one concern."""

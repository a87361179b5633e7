"""Griot render plugin: one Jinja environment renders every page every stage described, each
in its own language (gettext, dates and numbers read the page's language)."""

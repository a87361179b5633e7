"""Griot content: the header table (every key parsed and checked in one place), the site
settings, and the site model built from what Pelican read (the content stage)."""

"""Griot site files plugin: sitemap.xml, robots.txt and the live preview's build id."""

"""Griot feeds plugin: Atom and RSS 2.0 for every listing and for the whole site, with feedgen."""

"""Griot languages plugin: every language's articles, pages, homes, chooser and 404, described
from one reading (griot.render renders them); gettext and Babel per page language (i18n)."""

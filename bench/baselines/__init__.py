"""Peers the benchmark builds the same corpus with: Pelican + i18n_subsites, and Hugo."""

"""Hugo baseline: site config, layouts, and the corpus converter."""

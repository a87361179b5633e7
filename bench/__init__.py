"""Build-speed benchmark: a generated corpus, and a harness building it with Griot and peers."""

"""Site search with Pagefind: one index per language, written into the staged site just
before it is swapped in (see index.py)."""

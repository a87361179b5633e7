"""Griot's core: what every stage shares and that imports no feature. Errors, the build's one
clock, the content contract's URLs, what a page is (PageOut), the one output writer, the
staged (atomic) output folder and its manifest, page signatures, worker processes."""

"""Griot's generators run in a fixed order whatever order Pelican's signal gave them."""

import itertools

from griot.engine.runner import STAGES, ordered


def make(name):
    return type(name, (), {})


def test_any_signal_order_gives_the_stage_order():
    articles, pages = make("ArticlesGenerator"), make("PagesGenerator")
    static = make("StaticGenerator")
    griot = [make(name) for name in STAGES]
    for shuffled in itertools.permutations(griot):
        result = ordered([articles, pages, *shuffled, static])
        assert [c.__name__ for c in result] == [
            "ArticlesGenerator", "PagesGenerator", *sorted(STAGES, key=STAGES.get),
            "StaticGenerator"]

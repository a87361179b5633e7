"""The Pelican class Griot runs (PELICAN_CLASS): atomic output and a fixed generator order."""

from __future__ import annotations

from pelican import Pelican

from .atomic import staged_output

# Griot's generators depend on each other's context (the model, then terms, then images, then
# pages, then feeds). Plugins connect them to Pelican's get_generators signal, whose receivers
# blinker keeps in a set: their order is not guaranteed, so it is fixed here.
STAGES = {
    "ContentGenerator": 10,
    "TaxonomiesGenerator": 20,
    "ImagesGenerator": 30,
    "LanguagesGenerator": 40,
    "FeedsGenerator": 50,
}


def ordered(classes: list[type]) -> list[type]:
    """Griot's generators in stage order, where the first of them stood; others untouched."""
    griot = sorted((c for c in classes if c.__name__ in STAGES), key=lambda c: STAGES[c.__name__])
    if not griot:
        return list(classes)
    first = next(i for i, c in enumerate(classes) if c.__name__ in STAGES)
    rest = [c for c in classes if c.__name__ not in STAGES]
    return rest[:first] + griot + rest[first:]


class GriotPelican(Pelican):
    """Pelican whose every run (plain, --autoreload, invoke) writes atomically."""

    def _get_generator_classes(self):
        return ordered(super()._get_generator_classes())

    def run(self):
        final = self.output_path
        with staged_output(final) as staging:
            self.output_path = str(staging)
            try:
                super().run()
            finally:
                self.output_path = final

"""The settings layer every feature's settings module goes through: each value checked, every
problem reported at once (not the first of each module), unknown GRIOT_* keys warned with the
closest known name, as MkDocs' config does."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import SettingsError

logger = logging.getLogger(__name__)
PREFIX = "GRIOT_"


class Checks:
    """Runs each check of a settings module and keeps every SettingsError it raises.

        checks = Checks()
        per_page = checks.run(_per_page, settings, fallback=10)
        ...
        checks.done()  # raises: the one error as it was, or one SettingsError listing all
    """

    def __init__(self) -> None:
        self.errors: list[SettingsError] = []

    def run(self, check: Callable[..., Any], *args: Any, fallback: Any = None) -> Any:
        try:
            return check(*args)
        except SettingsError as exc:
            self.errors.append(exc)
            return fallback

    @property
    def problems(self) -> list[str]:
        return [problem for exc in self.errors for problem in exc.problems]

    def done(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise SettingsError(*self.problems)


def unknown_keys(settings: Mapping, known: Iterable[str]) -> list[str]:
    """One warning per GRIOT_* key no Griot module reads (a typo is otherwise silently
    ignored), with the closest known name."""
    known = sorted(set(known))
    messages = []
    for key in sorted(k for k in settings if isinstance(k, str) and k.startswith(PREFIX)):
        if key in known:
            continue
        # Compared without the prefix every key shares (it would make any two look alike).
        close = difflib.get_close_matches(key[len(PREFIX):],
                                          [k[len(PREFIX):] for k in known if k.startswith(PREFIX)],
                                          n=1)
        hint = f" Did you mean {PREFIX}{close[0]}?" if close else ""
        messages.append(f"Unknown setting {key} is ignored.{hint}")
    return messages


def whole_number(key: str, value: object, at_least: int, meaning: str = "") -> int:
    """`value` when it is an int (not a bool) of at least `at_least`."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= at_least:
        return value
    raise SettingsError(f"{key}: Expected a whole number of at least {at_least}{meaning}, "
                        f"but received: {value!r}")


def boolean(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise SettingsError(f"{key}: Expected True or False, but received: {value!r}")

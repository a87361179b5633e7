"""Pelican's article and page objects give their body on access, so that other Pelican plugins
reading `article.content` or `article._content` (reading time, statistics, search indexes) see
the text.

Griot's reader hands the body to Griot's model as UTF-8 bytes in metadata[BODY_KEY] and gives
Pelican an empty text: holding the body twice, the second time as a str up to four times the
size, cost tens of MB on a large site. Here each content object's class becomes a subclass of
its own, of the same name (plugins such as pelican-readtime check the class name), whose
`_content` is a property over those bytes: decoded when read, stored back as bytes when a
plugin sets it (Griot's model then publishes the plugin's text).
"""

from __future__ import annotations

from pelican.contents import Content

from griot.content.model import BODY_KEY, encode_body

_LAZY: dict[type, type] = {}


class LazyBody:
    """Mixed into a Pelican content class: the body read from the bytes the model holds."""

    @property
    def _content(self) -> str:
        body = self.metadata.get(BODY_KEY)
        if body is None:
            return self.__dict__.get("_griot_text", "")
        return body.decode("utf-8", "surrogatepass") if isinstance(body, bytes) else body

    @_content.setter
    def _content(self, value: str) -> None:
        if BODY_KEY in self.metadata:
            self.metadata[BODY_KEY] = encode_body(value)
        else:
            self.__dict__["_griot_text"] = value


def lazy_class(cls: type) -> type:
    lazy = _LAZY.get(cls)
    if lazy is None:
        lazy = _LAZY[cls] = type(cls.__name__, (LazyBody, cls),
                                 {"__module__": cls.__module__, "__qualname__": cls.__qualname__})
    return lazy


def give_body(content: Content) -> None:
    """content_object_init: a content Griot's reader read gets its lazy body."""
    if BODY_KEY not in getattr(content, "metadata", {}) or isinstance(content, LazyBody):
        return
    content.__dict__.pop("_content", None)  # the empty text Pelican was given
    content.__class__ = lazy_class(type(content))

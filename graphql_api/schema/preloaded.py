"""Async fields whose data is usually loaded before execution, with a synchronous read of it.

A phase's `content` is an async resolver because a page of projects loads texts through
a DataLoader; but `project(id)` reads them with the outline, so the value is already
there. A resolver marked here tells the compiled path how to read it without awaiting:
`read(source, context)` returns the value, or NOT_LOADED when only the resolver can
answer (the compiled path then hands that one field to graphql-core).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
Read = Callable[[Any, Any], Any]
READ_ATTRIBUTE: Final = "__read_when_loaded__"


class _NotLoaded:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_LOADED"


NOT_LOADED: Final = _NotLoaded()


def read_when_loaded(read: Read) -> Callable[[F], F]:
    """Marks an async resolver: `read(source, context)` answers the same, or NOT_LOADED."""

    def mark(resolver: F) -> F:
        setattr(resolver, READ_ATTRIBUTE, read)
        return resolver

    return mark


def reader_of(resolver: object) -> Read | None:
    read = getattr(resolver, READ_ATTRIBUTE, None)
    return read if callable(read) else None

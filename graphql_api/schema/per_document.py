"""Work done once per parsed document, found again by the document's identity.

Strawberry's ParserCache hands every request of the same text the same DocumentNode, so
a document's checks can be kept. functools.lru_cache would key them by the document's
hash, which graphql-core computes over every node of it on each call: the lookup would
cost as much as a walk of the document. Here the key is the node's identity, and the
entry keeps the document alive so that identity cannot be reused by another.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def per_document(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Caches `f(document, *rest)` by the document's identity and `rest`, least recent out."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        entries: OrderedDict[tuple[int, tuple[Hashable, ...]], tuple[object, R]] = OrderedDict()

        def cached(*args: P.args, **kwargs: P.kwargs) -> R:
            document, *rest = args
            key = (id(document), tuple(rest))
            found = entries.get(key)
            if found is not None and found[0] is document:
                entries.move_to_end(key)
                return found[1]
            value = function(*args, **kwargs)
            entries[key] = (document, value)
            if len(entries) > maxsize:
                entries.popitem(last=False)
            return value

        return cached

    return decorate

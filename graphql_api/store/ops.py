"""What a write may ask of storage: conditions, and the operations a transaction is made of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql_api.store.base import Item, Key, Scalar


# ----------------------------------------------------------------- conditions
@dataclass(frozen=True, slots=True)
class NotExists:
    """The item is absent (an expired TTL item counts as absent)."""


@dataclass(frozen=True, slots=True)
class Exists:
    """The item is present and not expired."""


@dataclass(frozen=True, slots=True)
class AttrEquals:
    """The item is present and `name` holds `value`."""

    name: str
    value: Scalar


Condition = NotExists | Exists | AttrEquals


# ----------------------------------------------------------------- transactions
@dataclass(frozen=True, slots=True)
class Put:
    table: str
    item: Item
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class Delete:
    table: str
    key: Key
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """SET `values` and ADD `increments`, creating the item when absent."""

    table: str
    key: Key
    values: Mapping[str, Scalar] = field(default_factory=dict)
    increments: Mapping[str, int | float] = field(default_factory=dict)
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """A condition on an item that the transaction does not write."""

    table: str
    key: Key
    condition: Condition


WriteOp = Put | Delete | Update | Check

MAX_TRANSACTION_ITEMS = 100

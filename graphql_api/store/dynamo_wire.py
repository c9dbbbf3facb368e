"""DynamoDB's wire shapes: typed attribute values, expression builders, table definitions, the client.

Kept apart from `DynamoStore` so the store reads as the interface it implements and the
low-level encoding can be checked on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from graphql_api.store.base import Item, Scalar, now_epoch
from graphql_api.store.ops import AttrEquals, Condition, NotExists
from graphql_api.store.tables import TableSpec

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


def to_attr(value: Scalar) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, float):
        return {"N": str(Decimal(repr(value)))}
    msg = f"unsupported attribute type {type(value).__name__}"
    raise TypeError(msg)


def from_attr(attr: Mapping[str, Any]) -> Scalar:
    if "S" in attr:
        return str(attr["S"])
    if "N" in attr:
        number = Decimal(attr["N"])
        return int(number) if number == number.to_integral_value() else float(number)
    if "B" in attr:
        return bytes(attr["B"])
    if "BOOL" in attr:
        return bool(attr["BOOL"])
    msg = f"unsupported DynamoDB attribute {sorted(attr)}"
    raise TypeError(msg)


def to_item(item: Mapping[str, Scalar]) -> dict[str, Any]:
    return {name: to_attr(value) for name, value in item.items()}


def from_item(raw: Mapping[str, Any]) -> Item:
    return {name: from_attr(value) for name, value in raw.items()}


class Expr:
    """Builds placeholder names and values for one expression."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def name(self, attr: str) -> str:
        placeholder = f"#n{len(self.names)}"
        self.names[placeholder] = attr
        return placeholder

    def value(self, value: Scalar) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = to_attr(value)
        return placeholder

    def condition(self, spec: TableSpec, condition: Condition) -> str:
        pk = self.name(spec.pk)
        if isinstance(condition, NotExists):
            if spec.ttl:
                return f"attribute_not_exists({pk}) OR {self.name(spec.ttl)} <= {self.value(now_epoch())}"
            return f"attribute_not_exists({pk})"
        clause = f"attribute_exists({pk})"
        if isinstance(condition, AttrEquals):
            clause += f" AND {self.name(condition.name)} = {self.value(condition.value)}"
        if spec.ttl:
            ttl, now = self.name(spec.ttl), self.value(now_epoch())
            clause += f" AND (attribute_not_exists({ttl}) OR {ttl} > {now})"
        return clause

    def apply(self, request: dict[str, Any]) -> dict[str, Any]:
        if self.names:
            request["ExpressionAttributeNames"] = self.names
        if self.values:
            request["ExpressionAttributeValues"] = self.values
        return request


def table_definition(spec: TableSpec, name: str) -> dict[str, Any]:
    """CreateTable arguments; `template.yaml` declares the same shape."""
    attrs: dict[str, str] = {spec.pk: "S"}
    schema = [{"AttributeName": spec.pk, "KeyType": "HASH"}]
    if spec.sk:
        attrs[spec.sk] = "S"
        schema.append({"AttributeName": spec.sk, "KeyType": "RANGE"})
    indexes = []
    for index in spec.indexes:
        attrs[index.pk] = "S"
        key_schema = [{"AttributeName": index.pk, "KeyType": "HASH"}]
        if index.sk:
            attrs[index.sk] = "S"
            key_schema.append({"AttributeName": index.sk, "KeyType": "RANGE"})
        indexes.append(
            {"IndexName": index.name, "KeySchema": key_schema, "Projection": {"ProjectionType": "ALL"}}
        )
    definition: dict[str, Any] = {
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": k, "AttributeType": t} for k, t in attrs.items()],
        "KeySchema": schema,
        "BillingMode": "PAY_PER_REQUEST",
    }
    if indexes:
        definition["GlobalSecondaryIndexes"] = indexes
    return definition


def make_client(
    *,
    region: str,
    endpoint_url: str | None,
    connect_timeout: float = 2.0,
    read_timeout: float = 5.0,
    max_attempts: int = 4,
) -> DynamoDBClient:
    """A DynamoDB client with bounded, jittered retries and short timeouts.

    boto3 is imported here, not at module import, to keep the cold start lean.
    """
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    config = Config(
        region_name=region,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
        tcp_keepalive=True,
    )
    client: DynamoDBClient = boto3.client("dynamodb", endpoint_url=endpoint_url, config=config)
    return client

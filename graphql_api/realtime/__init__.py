"""Subscriptions over API Gateway's WebSocket API: the gateway that answers its events and the publisher."""

"""Persistence behind one small interface, with a DynamoDB and a SQLite backend."""

"""Intelligent Engineering Platform: the GraphQL API.

Kept import-free on purpose: `graphql_api.handler` is the Lambda entry point and its
cold start pays for every import made here.
"""

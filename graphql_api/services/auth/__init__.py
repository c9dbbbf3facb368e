"""Accounts, sessions, passwords, reset tokens and login rate limits."""

"""Business rules: plain Python, no GraphQL. Ownership checks live here."""

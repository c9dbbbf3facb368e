"""The shared vocabulary: errors, the clock and the enums every layer speaks.

It imports nothing from the rest of the package, so `ai/`, `services/` and `schema/`
can all depend on it without depending on each other.
"""

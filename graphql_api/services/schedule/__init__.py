"""Dates derived from the plan: pure functions of the outline, no I/O."""

"""A project's activity: one event per committed write, kept and published."""

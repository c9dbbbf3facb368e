"""Project templates: the built-in lifecycles and the ones users draft with the AI engine."""

"""AI engines behind one call: generate(task, request) -> (validated output, meta)."""

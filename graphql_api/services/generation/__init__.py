"""AI generation as background jobs: job records, submitting (API side) and running (worker side)."""

"""Projects, their phases, sprints and tasks: specs, storage, user edits and AI results."""

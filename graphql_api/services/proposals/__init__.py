"""AI proposes, people decide: generation results that would change existing work, as reviewable diffs."""

"""`tqa gate ...`: the CI quality gate (issue 7; filled in by its implementation)."""

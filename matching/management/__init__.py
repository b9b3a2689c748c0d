"""Management commands of matching (rematch; evaluate_matching)."""

"""Writes of matching: the engine's matches and rematch runs (matching.py), their review (review.py)."""

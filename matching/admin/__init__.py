"""Django admin of matching: the review queue of matches (`matches`) and the rematch runs (`runs`)."""

from matching.admin import matches, runs

__all__ = ["matches", "runs"]

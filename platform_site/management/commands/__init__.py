"""`manage.py seed` and the other project-wide commands."""

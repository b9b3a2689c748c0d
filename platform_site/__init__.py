"""Chainmatch Django project.

The package is `platform_site`, not `platform`: a `platform` package would shadow Python's standard
`platform` module (Django refuses the name and `import uuid` fails inside such a tree).
"""

from platform_site.celery import app as celery_app

__all__ = ("celery_app",)

"""Settings for the test suite: the environment's settings with a fixed key and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")

from platform_site.settings import *  # noqa: F403

# A fast hasher: the suite creates hundreds of users and PBKDF2 would dominate its run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
# The worker process started by tests/test_celery_worker.py prints its e-mail instead of sending it.
if "MAILERS" in globals():
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

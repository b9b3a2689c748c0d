"""Settings for the test suite: the environment's settings with a fixed key and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")

# Parallel test processes (pytest-xdist: gw0, gw1, ...) each get a Redis database of their own, counting
# down from REDIS_URL's: tests flush the cache, which would wipe the other processes' counters and
# queued tasks. Worker processes that tests start inherit the URL already chosen (tests/celery_workers.py).
_xdist = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist.startswith("gw") and os.environ.get("REDIS_URL"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{_base}/{(int(_db or 0) - int(_xdist[2:])) % 16}"

from platform_site.settings import *  # noqa: E402, F403 - after the environment is set

# A fast hasher: the suite creates hundreds of users and PBKDF2 would dominate its run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
# The worker process started by tests/test_celery_worker.py prints its e-mail instead of sending it.
if "MAILERS" in globals():
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

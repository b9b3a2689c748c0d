"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")

application = get_asgi_application()

from platform_site.warmup import warm_up  # noqa: E402 - needs the apps loaded above

warm_up()

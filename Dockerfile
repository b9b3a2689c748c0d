# syntax=docker/dockerfile:1
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext provides msgfmt for `manage.py compilemessages`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Install the runtime dependencies declared in pyproject.toml first, so this layer is
# reused as long as pyproject.toml does not change.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project'].get('dependencies', []); open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Copy the source, compile translations (before installing, so packaged app locales carry
# their .mo files), install the project itself and collect static files for whitenoise.
# `mkdir -p locale` keeps compilemessages from failing while no catalogues exist yet.
# The secret key is a throwaway value scoped to this RUN line; it is not part of the image env.
COPY . .
RUN mkdir -p locale \
    && DJANGO_SECRET_KEY=build-only python manage.py compilemessages \
    && pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

USER app

EXPOSE 8000

CMD ["gunicorn", "platform_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

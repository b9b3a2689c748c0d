"""`manage.py check --deploy` is clean with production-like settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_has_no_warnings() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "platform_site.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k7#Vq2!mZ9pL4xR8wT1yB6nC3sD5fG0hJ-uE_aQ+oI*vN&bM^cX%zW@eY(rK)tU=",
        "DJANGO_ALLOWED_HOSTS": "chainmatch.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "platform_site.settings", "DJANGO_DEBUG": "false"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr

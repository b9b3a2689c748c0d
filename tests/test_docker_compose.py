"""Static checks of the container setup: docker-compose.yml and the Dockerfile."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
APP_SERVICES = ("migrate", "web", "worker", "worker-background", "beat")
DEPENDENT_SERVICES = ("web", "worker", "worker-background", "beat")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    found: dict[str, Any] = compose["services"]
    return found


def _command(service: dict[str, Any]) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def _depends_on(service: dict[str, Any]) -> dict[str, str | None]:
    depends = service.get("depends_on", {})
    if isinstance(depends, list):
        return dict.fromkeys(depends)
    return {name: (spec or {}).get("condition") for name, spec in depends.items()}


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def test_all_services_are_defined(services: dict[str, Any]) -> None:
    # Given the compose file / When listing its services / Then the full stack is there
    expected = {"postgres", "redis", *APP_SERVICES}
    assert expected <= services.keys(), f"missing services: {sorted(expected - services.keys())}"


def test_backing_services_use_pinned_major_versions(services: dict[str, Any]) -> None:
    # Given the backing services / Then they run postgres 16 and redis 7
    assert services["postgres"]["image"].startswith("postgres:16"), services["postgres"]["image"]
    assert services["redis"]["image"].startswith("redis:7"), services["redis"]["image"]


def test_app_services_share_one_image_built_from_dockerfile(services: dict[str, Any]) -> None:
    # Given the app services / When comparing their images / Then all are the one locally built image
    images = {name: services[name].get("image") for name in APP_SERVICES}
    assert len(set(images.values())) == 1 and None not in images.values(), f"images differ: {images}"
    for name in APP_SERVICES:
        assert "build" in services[name], f"{name} has no build section for the Dockerfile"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("web", r"\bgunicorn\b.*\bplatform_site\.wsgi"),
        ("worker", r"\bcelery -A platform_site worker\b"),
        ("worker-background", r"\bcelery -A platform_site worker\b"),
        ("beat", r"\bcelery -A platform_site beat\b"),
        ("migrate", r"\bmanage\.py migrate\b"),
    ],
)
def test_service_runs_expected_command(services: dict[str, Any], name: str, expected: str) -> None:
    # Given a service / When reading its command / Then it runs the right process
    command = _command(services[name])
    assert re.search(expected, command), f"{name} command {command!r} does not match {expected!r}"


def test_every_queue_a_task_is_routed_to_has_a_worker(services: dict[str, Any]) -> None:
    # Given the task routes and the default queue / When reading each worker's -Q / Then all are consumed
    from django.conf import settings

    routed = {settings.CELERY_BACKGROUND_QUEUE, "celery"}
    consumed: set[str] = set()
    for service in services.values():
        command = service.get("command", [])
        if isinstance(command, list) and "worker" in command:
            queues = command[command.index("-Q") + 1] if "-Q" in command else "celery"
            consumed |= set(queues.split(","))
    assert routed <= consumed, f"queues without a worker: {sorted(routed - consumed)}"


@pytest.mark.parametrize("name", DEPENDENT_SERVICES)
def test_long_running_services_wait_for_migrations_and_healthy_backends(
    services: dict[str, Any], name: str
) -> None:
    # Given a long-running app service / When inspecting depends_on / Then it waits for the right states
    depends = _depends_on(services[name])
    expected = {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "migrate": "service_completed_successfully",
    }
    for target, condition in expected.items():
        assert depends.get(target) == condition, f"{name} should wait for {target} with {condition}"


@pytest.mark.parametrize("name", ["postgres", "redis", "web"])
def test_service_has_healthcheck(services: dict[str, Any], name: str) -> None:
    # Given a service others wait on / Then it declares a healthcheck test
    assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_postgres_data_lives_on_declared_named_volume() -> None:
    # Given the compose file / When reading postgres volumes / Then data sits on a top-level named volume
    compose: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    mounts = [str(v) for v in compose["services"]["postgres"].get("volumes", [])]
    data_mounts = [m for m in mounts if m.endswith(":/var/lib/postgresql/data")]
    assert data_mounts, f"postgres data directory is not mounted: {mounts}"
    volume_name = data_mounts[0].split(":", 1)[0]
    assert not volume_name.startswith((".", "/")), f"{volume_name!r} is a bind mount, not a named volume"
    assert volume_name in (compose.get("volumes") or {}), f"volume {volume_name!r} not declared at top level"


def test_redis_keeps_the_task_queue_across_a_restart(services: dict[str, Any]) -> None:
    # Given Redis is the broker / Then it writes an append-only file to a named volume
    redis = services["redis"]
    command = " ".join(str(part) for part in redis.get("command", []))
    assert "--appendonly yes" in command, command
    assert any(str(mount).endswith(":/data") for mount in redis.get("volumes", [])), redis.get("volumes")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_env_points_at_compose_services(services: dict[str, Any], name: str) -> None:
    # Given an app service environment / Then database and broker URLs target the compose services
    env = _environment(services[name])
    assert re.match(r"postgres(ql)?://[^@]+@postgres:5432/", env.get("DATABASE_URL", "")), env
    assert re.match(r"redis://redis:6379/", env.get("REDIS_URL", "")), env


def test_every_depends_on_target_is_a_defined_service(services: dict[str, Any]) -> None:
    # Given every service / When collecting depends_on targets / Then none refers to an unknown service
    unknown = {
        f"{name} -> {target}"
        for name, service in services.items()
        for target in _depends_on(service)
        if target not in services
    }
    assert not unknown, f"depends_on refers to undefined services: {sorted(unknown)}"


def test_dockerfile_builds_on_modern_python_and_runs_gunicorn() -> None:
    # Given the Dockerfile / When reading FROM and CMD / Then it uses Python >= 3.12 and runs gunicorn
    assert DOCKERFILE.is_file(), "Dockerfile is missing at the repository root"
    text = DOCKERFILE.read_text(encoding="utf-8")
    base = re.search(r"^FROM\s+python:(\d+)\.(\d+)", text, re.MULTILINE)
    assert base, "Dockerfile should start FROM a python:X.Y image"
    assert (int(base[1]), int(base[2])) >= (3, 12), f"base image python {base[1]}.{base[2]} is too old"
    cmd = re.findall(r"^CMD\s+(.+)$", text, re.MULTILINE)
    assert cmd and "gunicorn" in cmd[-1], f"Dockerfile CMD should run gunicorn, got {cmd}"

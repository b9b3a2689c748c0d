"""The Redis cache, made optional: when Redis cannot be reached, reads miss and writes are dropped.

Everything the platform caches can be recomputed from the database (figures, facet counts, versions
that start a new epoch when lost), so an unreachable Redis must slow pages down, not break them. After
a failure the cache is skipped for `RETRY_AFTER` seconds, so that a request does not wait for a
connection timeout on each of its cache calls.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
_T = TypeVar("_T")


class Breaker:
    """Open for `seconds` after a failure: callers skip the service meanwhile (one per process)."""

    def __init__(self, name: str, seconds: float = RETRY_AFTER) -> None:
        self.name, self.seconds = name, seconds
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException) -> None:
        with self._lock:
            if not self.open:
                logger.warning("%s unreachable (%s); skipping it for %.0f s", self.name, error, self.seconds)
            self._open_until = time.monotonic() + self.seconds

    def reset(self) -> None:
        self._open_until = 0.0


breaker = Breaker("Redis cache")


def _or(fallback: Callable[..., Any]) -> Callable[[Callable[..., _T]], Callable[..., _T]]:
    """Run the client method unless Redis is known to be down; else, or when it fails, `fallback`
    (called with the method's arguments)."""

    def decorate(method: Callable[..., _T]) -> Callable[..., _T]:
        @wraps(method)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            if breaker.open:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                breaker.trip(error)
                return fallback(*args, **kwargs)

        return guarded

    return decorate


def _none(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _zero(*args: Any, **kwargs: Any) -> int:
    return 0


def _empty(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def _default(key: Any, default: Any = None) -> Any:
    return default


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with every call guarded (see the module's docstring)."""

    get = _or(_default)(RedisCacheClient.get)
    get_many = _or(_empty)(RedisCacheClient.get_many)
    has_key = _or(_false)(RedisCacheClient.has_key)
    # An add that cannot happen did not happen: a caller using it as a lock does not get the lock.
    add = _or(_false)(RedisCacheClient.add)
    set = _or(_none)(RedisCacheClient.set)
    set_many = _or(_none)(RedisCacheClient.set_many)
    touch = _or(_false)(RedisCacheClient.touch)
    delete = _or(_false)(RedisCacheClient.delete)
    delete_many = _or(_none)(RedisCacheClient.delete_many)
    # Counters live in Redis only; a lost increment is a lost cache invalidation, which the cached
    # entries' timeouts bound. Not ValueError: that means "missing key" to callers, who would retry.
    incr = _or(_zero)(RedisCacheClient.incr)
    clear = _or(_false)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    """settings.CACHES backend: Redis, or a cache that misses while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

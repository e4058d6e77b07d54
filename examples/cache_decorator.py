"""The article's distributed cache decorator, unchanged but for host and port: get, and setex with a TTL."""
import json
import time
from functools import wraps

import redis

from grainsystem import RESP_HOST, RESP_PORT


class DistributedCache:
    def __init__(self):
        self.redis_client = redis.Redis(host=RESP_HOST, port=RESP_PORT, db=0)

    def cache_result(self, expiration=3600):
        def decorator(func):
            @wraps(func)
            def wrapper(*args, **kwargs):
                # Create a cache key from function name and arguments
                key = f"{func.__name__}:{json.dumps(args)}:{json.dumps(kwargs)}"

                # Try to get result from cache
                cached_result = self.redis_client.get(key)
                if cached_result:
                    return json.loads(cached_result)

                # Calculate result and store in cache
                result = func(*args, **kwargs)
                self.redis_client.setex(key, expiration, json.dumps(result))
                return result
            return wrapper
        return decorator


cache = DistributedCache()


@cache.cache_result(expiration=60)
def expensive_computation(n):
    # Simulate expensive calculation
    time.sleep(2)
    return n * n


if __name__ == "__main__":
    n = time.time_ns() % 1_000_000  # a fresh argument, so the first call misses
    for attempt in ("first", "second"):
        started = time.monotonic()
        result = expensive_computation(n)
        elapsed = time.monotonic() - started
        print(f"{attempt} call: {result == n * n} in {'under' if elapsed < 1 else 'over'} a second")
    key = f"expensive_computation:{json.dumps([n])}:{json.dumps({})}"
    ttl = cache.redis_client.ttl(key)
    print(f"cached for about a minute: {0 < ttl <= 60}")

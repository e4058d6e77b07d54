"""
The lock again, fenced: GS.LOCK grants carry a fencing token that grows with every grant, so the storage a lock
protects can refuse a write from a holder whose lease ran out while it was paused (a stop-the-world GC, a slow
network) and whose lock someone else now holds. SET NX EX cannot tell the two apart.
"""
import time

import redis

from grainsystem import RESP_HOST, RESP_PORT


class FencedLock:
    def __init__(self, redis_client, name, owner, lease_ms=1000):
        self.redis, self.name, self.owner, self.lease_ms = redis_client, name, owner, lease_ms
        self.token = self.fencing = None

    def acquire(self, wait_ms=5000):
        grant = self.redis.execute_command("GS.LOCK.ACQUIRE", self.name, self.owner, self.lease_ms, "WAIT", wait_ms)
        if grant is None:
            return False
        self.token, self.fencing = grant[0].decode(), int(grant[1])
        return True

    def release(self):
        return self.redis.execute_command("GS.LOCK.RELEASE", self.name, self.token) == 1


class Storage:
    """A store that remembers the highest fencing token it has seen and refuses writes carrying a lower one."""

    def __init__(self):
        self.highest, self.value = 0, None

    def write(self, value, fencing):
        if fencing < self.highest:
            return False
        self.highest, self.value = fencing, value
        return True


if __name__ == "__main__":
    r = redis.Redis(host=RESP_HOST, port=RESP_PORT)
    name, storage = f"report-{time.time_ns()}", Storage()
    slow, fast = FencedLock(r, name, "worker-slow"), FencedLock(r, name, "worker-fast")
    assert slow.acquire()
    print(f"worker-slow holds the lock, fencing token {slow.fencing}")
    time.sleep(1.5)  # paused past its 1 s lease
    assert fast.acquire()
    print(f"worker-fast holds the lock, fencing token {fast.fencing}")
    print(f"worker-fast writes: {storage.write('fast', fast.fencing)}")
    print(f"worker-slow wakes up and writes: {storage.write('slow', slow.fencing)}")
    print(f"worker-slow releases: {slow.release()}")
    print(f"worker-fast releases: {fast.release()}")
    print(f"stored: {storage.value}")

"""The article's distributed lock, unchanged but for host and port: SET NX EX, released by a pipeline of GET and DEL."""
import threading
import time
import uuid

import redis

from grainsystem import RESP_HOST, RESP_PORT


class DistributedLock:
    def __init__(self, redis_client, lock_name, expire_seconds=10):
        self.redis = redis_client
        self.lock_name = lock_name
        self.expire_seconds = expire_seconds
        self.lock_id = str(uuid.uuid4())

    def acquire(self, retry_times=3, retry_delay=0.2):
        for _ in range(retry_times):
            # Try to acquire lock with expiration
            if self.redis.set(
                self.lock_name,
                self.lock_id,
                ex=self.expire_seconds,
                nx=True
            ):
                return True
            time.sleep(retry_delay)
        return False

    def release(self):
        # Release lock only if we own it
        pipeline = self.redis.pipeline()
        pipeline.get(self.lock_name)
        pipeline.delete(self.lock_name)
        lock_value, delete_result = pipeline.execute()

        return lock_value.decode() == self.lock_id if lock_value else False


def perform_critical_operation(name, inside, done):
    redis_client = redis.Redis(host=RESP_HOST, port=RESP_PORT, db=0)
    lock = DistributedLock(redis_client, "critical_section")

    if lock.acquire():
        try:
            # Perform critical operation
            print(f"{name}: executing critical section")
            inside.set()
            done.wait(10)
        finally:
            print(f"{name}: released {lock.release()}")
    else:
        print(f"{name}: failed to acquire lock")


if __name__ == "__main__":
    redis.Redis(host=RESP_HOST, port=RESP_PORT).delete("critical_section")
    inside, done = threading.Event(), threading.Event()
    holder = threading.Thread(target=perform_critical_operation, args=("worker-1", inside, done))
    holder.start()
    inside.wait(10)
    perform_critical_operation("worker-2", threading.Event(), done)  # three tries 0.2 s apart, while worker-1 holds it
    done.set()
    holder.join()
    perform_critical_operation("worker-3", threading.Event(), done)  # free again

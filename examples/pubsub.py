"""The article's event bus on Redis pub/sub: psubscribe('user.*') receives user.created, not order.created."""
import json
import time

import redis

from grainsystem import RESP_HOST, RESP_PORT


class EventBus:
    def __init__(self):
        self.redis = redis.Redis(host=RESP_HOST, port=RESP_PORT)

    def publish_event(self, event_type, data):
        message = json.dumps({"type": event_type, "data": data, "timestamp": time.time()})
        return self.redis.publish(event_type, message)

    def subscribe_to_event(self, pattern):
        pubsub = self.redis.pubsub()
        pubsub.psubscribe(pattern)
        pubsub.get_message(timeout=5)  # the psubscribe confirmation
        return pubsub


def handle_user_event(event):
    print(f"Received user event: {event['type']} {event['data']}")


if __name__ == "__main__":
    event_bus = EventBus()
    subscription = event_bus.subscribe_to_event("user.*")
    event_bus.publish_event("order.created", {"id": 7})
    receivers = event_bus.publish_event("user.created", {"id": 1, "name": "John"})
    print(f"published to {receivers} subscriber(s)")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        message = subscription.get_message(timeout=1)
        if message and message["type"] == "pmessage":
            print(f"on {message['channel'].decode()} matching {message['pattern'].decode()}")
            handle_user_event(json.loads(message["data"]))
            break
    else:
        print("no event arrived")
    subscription.close()

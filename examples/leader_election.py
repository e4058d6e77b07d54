"""
Leader election, the article's Raft job done by a fenced lock: the node holding GS.LOCK 'leader' leads, renews its
lease as its heartbeat, and the fencing token serves as the term (it grows with every new leader). When the leader
stops, a waiting node takes over within the lease.
"""
import threading
import time

import redis

from grainsystem import RESP_HOST, RESP_PORT

LEASE_MS = 2000


def run_node(node_id, election, terms, stop):
    r = redis.Redis(host=RESP_HOST, port=RESP_PORT)
    while not stop.is_set():
        grant = r.execute_command("GS.LOCK.ACQUIRE", election, node_id, LEASE_MS, "WAIT", 1000)
        if grant is None:
            continue  # a follower: someone else leads
        token, term = grant[0].decode(), int(grant[1])
        terms.append((node_id, term))
        print(f"{node_id} became leader for term {term}")
        for _ in range(3):  # lead for three heartbeats, then step down
            time.sleep(LEASE_MS / 4000)
            if r.execute_command("GS.LOCK.RENEW", election, token, LEASE_MS) is None:
                print(f"{node_id} lost leadership")
                break
        r.execute_command("GS.LOCK.RELEASE", election, token)
        return


if __name__ == "__main__":
    election, terms, stop = f"leader-{time.time_ns()}", [], threading.Event()
    nodes = [threading.Thread(target=run_node, args=(f"node-{i}", election, terms, stop)) for i in range(1, 4)]
    for node in nodes:
        node.start()
    for node in nodes:
        node.join(30)
    stop.set()
    leaders = [node for node, _ in terms]
    print(f"leaders: {len(leaders)}, distinct: {len(set(leaders))}")
    print(f"terms grow: {all(a[1] < b[1] for a, b in zip(terms, terms[1:]))}")

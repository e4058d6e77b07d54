"""
The article's Celery task, process_large_dataset, on GrainSystem's jobs API: the dataset is cut into chunks that run
on the silos' workers (retried with backoff, surviving a silo's loss), and the results come back in item order.
"""
import json
import time
import urllib.request

from grainsystem import HTTP_URL


def call(method, path, body=None):
    request = urllib.request.Request(HTTP_URL + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def process_large_dataset(dataset, chunk_size=1000):
    job = call("POST", "/jobs", {"operation": "square", "items": dataset, "chunkSize": chunk_size, "maxAttempts": 3})
    print(f"submitted job {job['id']} in {job['totalChunks']} chunks")

    # Wait for all chunks to complete
    deadline = time.monotonic() + 60
    while (status := call("GET", f"/jobs/{job['id']}"))["state"] not in ("Completed", "Failed", "Cancelled"):
        if time.monotonic() > deadline:
            raise TimeoutError("the job did not finish in a minute")
        time.sleep(0.1)
    print(f"job {status['state']}: {status['completedChunks']} of {status['totalChunks']} chunks")
    return call("GET", f"/jobs/{job['id']}/results")["results"]


if __name__ == "__main__":
    dataset = list(range(10_000))
    results = process_large_dataset(dataset, chunk_size=1000)
    print(f"results: {len(results)}, in order and correct: {results == [x * x for x in dataset]}")

"""A small closed-loop HTTP load generator for loopback only: N threads, each requesting in a bounded loop."""

import http.client
import statistics
import threading
import time


def run(*, host: str, port: int, paths: list[str], clients: int = 50, seconds: float = 30.0,
        headers: dict | None = None, max_requests_per_client: int = 100_000) -> dict:
    """{path: {"requests", "errors", "p95_ms", "median_ms"}, "_all": {... "rps"}}. host must be loopback."""
    assert host in ("127.0.0.1", "localhost", "::1"), "loopback only"
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    samples: dict[str, list[float]] = {p: [] for p in paths}
    errors: dict[str, int] = {p: 0 for p in paths}

    def client(index: int):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        local = {p: [] for p in paths}
        local_errors = {p: 0 for p in paths}
        n = 0
        while time.monotonic() < deadline and n < max_requests_per_client:
            path = paths[(index + n) % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    local_errors[path] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=30)
            except (OSError, http.client.HTTPException):
                local_errors[path] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            local[path].append(time.perf_counter() - start)
        conn.close()
        with lock:
            for p in paths:
                samples[p] += local[p]
                errors[p] += local_errors[p]

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - started
    result = {}
    everything = []
    for p in paths:
        values = sorted(samples[p])
        everything += values
        result[p] = {"requests": len(values), "errors": errors[p], "rps": len(values) / elapsed,
                     "median_ms": 1000 * statistics.median(values) if values else None,
                     "p95_ms": 1000 * values[int(0.95 * (len(values) - 1))] if values else None}
    everything.sort()
    result["_all"] = {"requests": len(everything), "errors": sum(errors.values()), "rps": len(everything) / elapsed,
                      "p95_ms": 1000 * everything[int(0.95 * (len(everything) - 1))] if everything else None}
    return result

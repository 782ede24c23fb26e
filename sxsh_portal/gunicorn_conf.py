"""gunicorn's settings, in one place for the web container (Dockerfile, docker-compose.yml) and `make bench`,
so that the bench measures what is deployed. Every value can be overridden from the environment.

Sync workers, 2 × cores + 1 of them: the portal's requests are short and CPU-bound (a few queries and a
template); reports and other slow work run in Celery, never in a web worker.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Recycle a worker after this many requests (staggered), so that memory a request may leave behind is returned.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10

"""Infrastructure tasks (no domain code)."""

from celery import shared_task


@shared_task(name="sxsh_portal.ping")
def ping(value: str) -> str:
    """Echo a value back, so that health checks and tests can prove the queue end to end."""
    return f"pong:{value}"

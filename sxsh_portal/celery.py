"""The Celery app. Settings come from Django's, under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sxsh_portal.settings.local")

app = Celery("sxsh_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # every app's tasks.py
app.autodiscover_tasks(["sxsh_portal"])  # infrastructure tasks (ping)

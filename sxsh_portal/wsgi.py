import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sxsh_portal.settings.production")
application = get_wsgi_application()

# Import every view now (Django would on the first request), then put everything start-up made out of the
# garbage collector's reach: a full collection in a request then walks only what requests allocate, not the
# whole of Django (the sweep's 170 ms outliers were such collections). See gc.freeze().
get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
gc.collect()
gc.freeze()

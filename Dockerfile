# One image for web, Celery worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=sxsh_portal.settings.production

# WeasyPrint's libraries, fonts with every Vietnamese glyph (Liberation Serif is metric-compatible with
# Times New Roman, as Decree 30/2020 asks), poppler for checking PDFs, gettext for the catalogues.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-liberation fonts-dejavu-core poppler-utils gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 sxsh && mkdir -p /app/media /backups && chown -R sxsh /app/media /backups
USER sxsh

EXPOSE 8000
CMD ["gunicorn", "sxsh_portal.wsgi:application", "--config", "python:sxsh_portal.gunicorn_conf"]

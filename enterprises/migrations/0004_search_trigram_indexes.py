"""Trigram indexes for the registry's text search (PostgreSQL only).

The registry page (`q`), the API (`search`) and the admin search name, tax code, address and contact person
with `icontains`, which Django writes as `UPPER("col"::text) LIKE UPPER('%…%')`: without an index, a scan of
the whole table (184 ms at 100,000 facilities). A GIN trigram index on that very expression answers it from
the index. pg_trgm is a trusted extension (PostgreSQL 13+); where it cannot be created, the search still
works, unindexed, and the migration says so.
"""

from django.db import migrations, transaction

COLUMNS = ("name", "tax_code", "address", "contact_person")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - no right to create it: search stays unindexed
        print(f"\n  pg_trgm not available ({exc}); the registry search stays unindexed")
        return
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "enterprise_{column}_trgm" ON "enterprises_enterprise" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "enterprise_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_list_order_indexes")]

    operations = [migrations.RunPython(create, drop)]

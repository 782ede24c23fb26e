"""Bulk demo data: `seed_demo --facilities N` makes N facilities with their CP history, fast.

Rows go in without model instances, full_clean or history rows (demo data needs no audit trail):
PostgreSQL `COPY ... FROM STDIN` through psycopg 3, any other database `executemany` in batches of 10,000.
Ids are allocated up front (PostgreSQL: the table's sequence; elsewhere: after the largest id), so child rows
are built in the same pass as their parents. Facilities are keyed by tax code: a tax code already present is
skipped, so running it again with the same N adds nothing and a larger N tops the demo registry up to N.
"""

import datetime
import random
import time
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

BATCH = 10_000


def fmt(n: int) -> str:
    """50000 → "50.000" (the Vietnamese thousands separator) for progress lines."""
    return f"{n:,}".replace(",", ".")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def allocate_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys for `model`'s table."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def columns_of(model, given: Sequence[str]) -> tuple[list[str], list]:
    """The concrete columns of `model` (the given ones first) and the defaults for the others."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields]
    by_name = {f.attname: f for f in fields}
    # Columns not given take their defaults; an auto primary key not given is left to the database.
    rest = [f for f in fields if f.attname not in given and not (f.primary_key and f.get_internal_type().endswith(
        "AutoField"))]
    defaults = []
    for f in rest:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults.append(now)
        elif f.has_default():
            defaults.append(f.get_default())
        elif f.null:
            defaults.append(None)
        elif f.empty_strings_allowed:
            defaults.append("")
        else:
            raise ValueError(f"{model.__name__}.{f.attname} needs a value")
    missing = [name for name in given if name not in by_name]
    if missing:
        raise ValueError(f"{model.__name__} has no column {missing}")
    return [by_name[name].column for name in given] + [f.column for f in rest], defaults


def load(model, given: Sequence[str], rows: Iterable[Sequence], *, progress=None) -> int:
    """Insert rows (values for the `given` attnames, in order; other columns take their defaults). Returns count."""
    columns, defaults = columns_of(model, given)
    table = model._meta.db_table
    quoted = ", ".join(f'"{c}"' for c in columns)
    count = 0
    if is_postgres():
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row((*row, *defaults))
                    count += 1
                    if progress and count % BATCH == 0:
                        progress(count)
    else:
        fields = {f.column: f for f in model._meta.concrete_fields}
        prep = [fields[c] for c in columns]
        sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join(["%s"] * len(columns))})'
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                values = (*row, *defaults)
                batch.append([f.get_db_prep_save(v, connection) for f, v in zip(prep, values, strict=True)])
                count += 1
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
                    if progress:
                        progress(count)
            if batch:
                cursor.executemany(sql, batch)
    if progress and (count % BATCH or not count):
        progress(count)
    return count


def generate(*, facilities: int, random_seed: int = 5768, stdout=None, tax_code=None) -> dict:
    """Make demo facilities 1..`facilities` (skipping tax codes that exist) with their awareness records, CP officers,
    requests, assessments, options and 2016–2020 consumption. Returns {table: rows inserted}."""
    from enterprises.models import (
        Assessment,
        AssessmentRequest,
        AwarenessRecord,
        ConsumptionRecord,
        CPOfficer,
        CPOption,
        Enterprise,
        IndustrialArea,
        Sector,
    )
    from enterprises.validators import size_class_for
    from plan.models import AdministrativeUnit

    started = time.monotonic()

    def say(text):
        if stdout:
            stdout.write(text)

    rng = random.Random(random_seed)
    districts = list(AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY).order_by("code"))
    sectors = list(Sector.objects.order_by("code"))
    if not districts or not sectors:
        return {}
    # One industrial cluster per district besides the named zones: most facilities outside the centre sit in one.
    for district in districts:
        IndustrialArea.objects.get_or_create(kind=IndustrialArea.Kind.CCN, name=f"Cụm công nghiệp {district.name}",
                                             district=district)
    areas_of: dict[int, list[int]] = {}
    for area_id, district_id in IndustrialArea.objects.values_list("id", "district_id"):
        areas_of.setdefault(district_id, []).append(area_id)
    # Outer districts hold most of the industry: weight them up.
    weights = [1 if d.type == AdministrativeUnit.Kind.URBAN_DISTRICT else 3 for d in districts]
    sector_weights = [1 + (i * 7919) % 5 for i in range(len(sectors))]
    existing = set(Enterprise.objects.values_list("tax_code", flat=True))
    wanted = [(i, tax_code(i)) for i in range(1, facilities + 1)]
    todo = [(i, code) for i, code in wanted if code not in existing]
    say(f"enterprises: {fmt(len(wanted) - len(todo))} demo facilities already present, {fmt(len(todo))} to make")
    if not todo:
        return {}
    ids = allocate_ids(Enterprise, len(todo))
    sizes = [(5, 2), (30, 30), (80, 40), (150, 150), (400, 500)]  # (workers, revenue in billions)
    now = timezone.now()
    ent_rows, aware, officers, requests, assessments, options, consumption = [], [], [], [], [], [], []
    kinds = AwarenessRecord.Kind.values
    categories = CPOption.Category.values
    for (i, code), pk in zip(todo, ids, strict=True):
        district = districts[0] if i == 1 else rng.choices(districts, weights)[0]
        local = areas_of.get(district.pk, [])
        workers, revenue_bn = rng.choices(sizes, [35, 35, 15, 8, 7])[0]
        workers = max(1, workers + rng.randint(-workers // 3, workers // 3))
        revenue = revenue_bn * 1_000_000_000
        registered = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3900))
        closed = None
        if rng.random() < 0.05:
            closed = registered + datetime.timedelta(days=rng.randrange(200, 2000))
            if closed > datetime.date(2024, 12, 31):
                closed = None
        ent_rows.append((pk, code, f"Cơ sở sản xuất {i:03d} – {district.name}", f"Số {i}, {district.full_name}",
                         district.pk, rng.choice(local) if local and rng.random() < 0.55 else None,
                         rng.choices(sectors, sector_weights)[0].pk,
                         size_class_for(workers=workers, revenue_vnd=revenue, capital_vnd=None), workers, revenue,
                         "closed" if closed else "active", registered, closed, "Nguyễn Văn Minh", now))
        year = rng.choice([2016, 2017, 2018, 2019, 2020])
        if rng.random() < 0.6:
            aware.append((pk, datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(kinds)))
        if rng.random() < 0.4:
            since = datetime.date(year, rng.randint(1, 12), 1)
            until = since + datetime.timedelta(days=rng.randrange(365, 1500)) if rng.random() < 0.2 else None
            officers.append((pk, "Trần Thị Hoa", "Phó giám đốc", since, until))
        if rng.random() < 0.25:
            done = rng.random() < 0.8
            requests.append((pk, "rapid_assessment", "done" if done else rng.choice(["requested", "accepted"]),
                             year, now))
            if done:
                assessments.append((len(requests) - 1, datetime.date(year, rng.randint(3, 11), 1)))
                base = rng.randint(100, 2000) * 1000
                factor = 1.0
                for y in range(2016, 2021):
                    if y > year:
                        factor *= rng.choice([0.9, 0.93, 0.95, 0.98])
                    consumption.append((pk, y, "electricity", "kWh", round(base * factor), 1000, "tấn", y == 2016))
                for _n in range(rng.randint(1, 3)):
                    implemented = rng.random() < 0.6
                    options.append((len(assessments) - 1, rng.choice(categories), implemented,
                                    datetime.date(year, 12, rng.randint(1, 28)) if implemented else None))
    del existing
    say(f"enterprises: data built in {time.monotonic() - started:.1f} s")

    def progress(label, total):
        return lambda n: say(f"{label}: {fmt(n)}/{fmt(total)}")

    counts = {}
    counts["enterprises"] = load(Enterprise, ["id", "tax_code", "name", "address", "district_id", "industrial_area_id",
                                              "sector_id", "size", "workers", "revenue_vnd", "status", "registered_on",
                                              "closed_on", "contact_person", "created_at"], ent_rows,
                                 progress=progress("enterprises", len(ent_rows)))
    del ent_rows
    counts["awareness"] = load(AwarenessRecord, ["enterprise_id", "date", "kind"], aware,
                               progress=progress("awareness", len(aware)))
    counts["officers"] = load(CPOfficer, ["enterprise_id", "name", "position", "since", "until"], officers,
                              progress=progress("cp officers", len(officers)))
    request_ids = allocate_ids(AssessmentRequest, len(requests))
    counts["requests"] = load(AssessmentRequest, ["id", "enterprise_id", "kind", "status", "year", "created_at"],
                              ((rid, *row) for rid, row in zip(request_ids, requests, strict=True)),
                              progress=progress("requests", len(requests)))
    assessment_ids = allocate_ids(Assessment, len(assessments))
    counts["assessments"] = load(
        Assessment, ["id", "request_id", "date", "consultant", "consultancy_cost_vnd", "support_vnd"],
        ((aid, request_ids[r], d, "Trung tâm TKNL Hà Nội", 100_000_000, 50_000_000)
         for aid, (r, d) in zip(assessment_ids, assessments, strict=True)),
        progress=progress("assessments", len(assessments)))
    counts["options"] = load(
        CPOption, ["assessment_id", "category", "description", "investment_vnd", "yearly_saving_vnd", "status",
                   "implemented_on"],
        ((assessment_ids[a], cat, "Thu hồi nước ngưng, bảo ôn đường hơi", 80_000_000, 40_000_000,
          "implemented" if impl else "identified", on) for a, cat, impl, on in options),
        progress=progress("cp options", len(options)))
    counts["consumption"] = load(
        ConsumptionRecord, ["enterprise_id", "year", "resource", "unit", "quantity", "output_quantity", "product_unit",
                            "is_baseline"], consumption, progress=progress("consumption", len(consumption)))
    say(f"enterprises: {fmt(counts['enterprises'])} facilities and their records loaded in "
        f"{time.monotonic() - started:.1f} s")
    return counts

"""`make bench` (`python -m bench.run`): the portal's figures at scale, printed, never asserted.

Needs PostgreSQL: DATABASE_URL, or postgres://postgres@127.0.0.1:5432/sxsh_bench, which is DROPPED and re-created,
migrated, loaded (load_plan) and seeded with BENCH_N facilities (default 100000; seed_demo --facilities).
BENCH_RUNS (20) repetitions per figure; BENCH_LOAD_SECONDS (30) and BENCH_CLIENTS (50) for the load test;
BENCH_KEEP=1 reuses an already seeded database instead of re-creating it. The report is made by a real Celery
worker on BENCH_REDIS_URL (default: REDIS_URL, else redis://127.0.0.1:6379/6) when Redis answers there; the
pages then use it as their cache (CACHE_URL), as deployed. BENCH_SECTIONS (pages,sweep,import,report,
load) picks the figures to take, e.g. BENCH_SECTIONS=pages,sweep at 1,000,000 facilities. The sweep opens every
page and API list of the URL conf that takes no argument, and every admin changelist, as DoIT staff.
"""

import io
import logging
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sxsh_bench"
N = int(os.environ.get("BENCH_N", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECTIONS = set(os.environ.get("BENCH_SECTIONS", "pages,sweep,import,report,load").split(","))
SWEEP_RUNS = int(os.environ.get("BENCH_SWEEP_RUNS", "5"))
# Not pages: downloads of whole tables (measured as exports), the schema (generated once, cached), log-out.
SWEEP_SKIP = ("export", "schema", "logout", "feed", "sitemap", "set_language", "backup")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def say(text=""):
    print(text, flush=True)


def recreate_database(url: str):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup():
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sxsh_portal.settings.local")
    os.environ.setdefault("DEBUG", "0")
    # Celery eager in this process; the report section uses a real worker on BENCH_REDIS_URL (or REDIS_URL).
    os.environ.setdefault("BENCH_REDIS_URL", os.environ.pop("REDIS_URL", "redis://127.0.0.1:6379/6"))
    # Pages are measured as deployed: the cache (and the sessions read through it) on Redis.
    if "CACHE_URL" not in os.environ and _redis_reachable(os.environ["BENCH_REDIS_URL"]):
        os.environ["CACHE_URL"] = os.environ["BENCH_REDIS_URL"]
    keep = os.environ.get("BENCH_KEEP") == "1"
    if not keep:
        recreate_database(url)
    sys.path.insert(0, ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    if not keep:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("load_plan", stdout=io.StringIO())
        say(f"migrate + load_plan: {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        call_command("seed_demo", facilities=N, stdout=sys.stdout)
        say(f"seed_demo --facilities {N}: {time.monotonic() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return url


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(fn, runs=RUNS, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), pct(times, 0.95)


def timed_pair(page, sql, runs=RUNS, warmup=2):
    """timed() for a page and its plain SQL, run in turn: both are measured under the same load of a shared
    machine, so that their ratio does not swing with it."""
    for _ in range(warmup):
        page()
        sql()
    times = {page: [], sql: []}
    for _ in range(runs):
        for fn in (page, sql):
            start = time.perf_counter()
            fn()
            times[fn].append(1000 * (time.perf_counter() - start))
    return [(statistics.median(times[fn]), pct(times[fn], 0.95)) for fn in (page, sql)]


def sql_runner(statements):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
    return run


def page_figures():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from enterprises.models import Enterprise
    from plan.models import AdministrativeUnit

    User = get_user_model()
    doit = User.objects.get(username="sct.canbo")
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench.admin", "bench@example.vn", "bench-admin-2016")
    district = (AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)
                .order_by("-enterprises__id").first())
    counts = dict(Enterprise.objects.filter(district=district).values_list("district_id").annotate(
        n=__import__("django.db.models", fromlist=["Count"]).Count("id")))
    d_id, d_code = district.pk, district.code
    anon, as_doit, as_admin = Client(), Client(), Client()
    as_doit.force_login(doit)
    as_admin.force_login(admin)
    today = time.strftime("%Y-%m-%d")
    active = "registered_on <= %s AND (closed_on IS NULL OR closed_on > %s)"
    indicator_sql = [(
        f"""SELECT e.district_id, count(*),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM enterprises_awarenessrecord a
                                                   WHERE a.enterprise_id = e.id AND a.date <= %s)),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM enterprises_cpoption o
                        JOIN enterprises_assessment s ON s.id = o.assessment_id
                        JOIN enterprises_assessmentrequest r ON r.id = s.request_id
                        WHERE r.enterprise_id = e.id AND o.status = 'implemented' AND o.implemented_on <= %s)),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM enterprises_cpofficer c WHERE c.enterprise_id = e.id
                        AND c.since <= %s AND (c.until IS NULL OR c.until >= %s))),
                   count(*) FILTER (WHERE e.size = 'large')
            FROM enterprises_enterprise e WHERE {active} GROUP BY e.district_id""",
        [today] * 6)]
    page_cols = """e.*, d.code, d.name, s.code, s.name, ia.name"""
    joins = """FROM enterprises_enterprise e JOIN plan_administrativeunit d ON d.id = e.district_id
               JOIN enterprises_sector s ON s.id = e.sector_id
               LEFT JOIN enterprises_industrialarea ia ON ia.id = e.industrial_area_id"""
    # What a page shows besides its rows: the registry's filter lists the districts, sectors and industrial
    # areas; the admin's sidebar the districts and sectors. The plain SQL fetches those rows too.
    districts_sql = ("SELECT id, code, name, type FROM plan_administrativeunit WHERE type <> 'city' ORDER BY code", [])
    sectors_sql = ("SELECT id, code, name, name_en FROM enterprises_sector ORDER BY code", [])
    areas_sql = ("SELECT a.id, a.kind, a.name FROM enterprises_industrialarea a "
                 "JOIN plan_administrativeunit d ON d.id = a.district_id ORDER BY d.code, a.kind, a.name", [])
    list_district = [(f"SELECT {page_cols} {joins} WHERE e.district_id = %s ORDER BY e.name, e.tax_code LIMIT 50",
                      [d_id]),
                     ("SELECT count(*) FROM enterprises_enterprise WHERE district_id = %s", [d_id])]
    list_page = list_district + [districts_sql, sectors_sql, areas_sql]
    list_all = [(f"SELECT {page_cols} {joins} ORDER BY e.name, e.tax_code LIMIT 50", []),
                ("SELECT reltuples FROM pg_class WHERE relname = 'enterprises_enterprise'", [])]
    admin_sql = [(f"SELECT {page_cols} {joins} ORDER BY e.name, e.tax_code LIMIT 50", []),
                 ("SELECT reltuples FROM pg_class WHERE relname = 'enterprises_enterprise'", []),
                 districts_sql, sectors_sql]
    # The home page: the plan and its targets, the city's stored T1–T5 of the latest period ended (and of the
    # earliest, for the trend), the three latest news, the coming public classes (seats taken) and workshops.
    latest_plan = "(SELECT id FROM plan_plan ORDER BY start_year DESC LIMIT 1)"
    home_sql = [
        ("SELECT * FROM plan_plan ORDER BY start_year DESC LIMIT 1", []),
        (f'SELECT * FROM plan_target WHERE plan_id = {latest_plan} ORDER BY "order", code', []),
        ('SELECT s.*, p.* FROM reports_indicatorsnapshot s JOIN plan_reportingperiod p ON p.id = s.period_id '
         'WHERE s.district_id IS NULL AND p."end" <= %s ORDER BY p."end" DESC, p.start DESC LIMIT 1', [today]),
        ('SELECT * FROM reports_indicatorsnapshot WHERE period_id IN ((SELECT id FROM plan_reportingperiod '
         'WHERE "end" <= %s ORDER BY "end" DESC, start DESC LIMIT 1), (SELECT id FROM plan_reportingperiod '
         'ORDER BY "end", start LIMIT 1))', [today]),
        ("SELECT * FROM outreach_news WHERE status IN ('published', 'scheduled') AND publish_at <= now() "
         "ORDER BY publish_at DESC, id DESC LIMIT 3", []),
        ("SELECT c.*, count(r.id) FILTER (WHERE r.status IN ('pending', 'confirmed')) FROM training_trainingclass c "
         "LEFT JOIN training_registration r ON r.training_class_id = c.id WHERE c.is_public AND c.status <> "
         "'cancelled' AND c.start_date >= %s GROUP BY c.id ORDER BY c.start_date, c.id", [today]),
        ("SELECT * FROM outreach_outreachactivity WHERE is_public AND kind = 'workshop' "
         "AND (date >= %s OR end_date >= %s)", [today, today]),
    ]
    budget_sql = [("""SELECT l.code, q.year, sum(q.quantity) FROM budget_plannedquantity q
                      JOIN budget_budgetline l ON l.id = q.line_id GROUP BY l.code, q.year""", []),
                  ("SELECT line_id, year, sum(amount_vnd) FROM budget_estimate GROUP BY line_id, year", []),
                  ("SELECT line_id, year, sum(amount_vnd) FROM budget_expenditure "
                   "WHERE NOT superseded AND NOT withdrawn GROUP BY line_id, year", [])]

    def url(name, fallback):
        try:
            return reverse(name)
        except NoReverseMatch:
            return fallback

    targets = [
        ("home page /", anon, "/", home_sql),
        ("indicator dashboard /chi-so/", as_doit, url("reports:indicators", None), indicator_sql),
        (f"enterprise list ?district={d_code}", as_doit, f"/doanh-nghiep/?district={d_code}", list_page),
        ("admin changelist enterprises", as_admin, url("admin:enterprises_enterprise_changelist", None), admin_sql),
        ("API enterprises page_size=50", as_doit, "/api/v1/enterprises/?page_size=50", list_all),
        (f"API enterprises district={d_code}", as_doit, f"/api/v1/enterprises/?page_size=50&district={d_code}",
         list_district),
        ("API /api/v1/indicators/", as_doit, url("v1:indicators", None), indicator_sql),
        ("API /api/v1/budget/summary/", as_doit, "/api/v1/budget/summary/", budget_sql),
    ]
    rows = []
    for label, client, path, sql in targets:
        if path is None:
            rows.append((label, None, None, None, None, None, "skipped: URL missing"))
            continue
        response = client.get(path)
        if response.status_code != 200:
            rows.append((label, None, None, None, None, None, f"HTTP {response.status_code}"))
            continue
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        queries = len(ctx.captured_queries)
        (median, p95), (sql_median, _sql_p95) = timed_pair(lambda c=client, p=path: c.get(p), sql_runner(sql))
        rows.append((label, median, p95, queries, sql_median, median / sql_median if sql_median else None, ""))
    say()
    say(f"Server time at N={N:,} facilities (district {d_code}: {counts.get(d_id, 0):,} facilities); "
        f"{RUNS} runs each, ms")
    say(f"{'target':<40} {'median':>8} {'p95':>8} {'queries':>8} {'SQL med':>8} {'ratio':>6}  note")
    for label, median, p95, queries, sql_median, ratio, note in rows:
        if median is None:
            say(f"{label:<40} {'':>8} {'':>8} {'':>8} {'':>8} {'':>6}  {note}")
            continue
        flag = "  > 150 ms target" if p95 > (250 if "indicator" in label else 150) else ""
        say(f"{label:<40} {median:8.1f} {p95:8.1f} {queries:8d} {sql_median:8.2f} {ratio:6.1f}{flag}")
    # The fixed cost of a request, whatever the rows: what a ratio to a 1 ms query cannot go below.
    floors = [("/healthz", "SELECT 1, no session"), ("/api/v1/plans/", "session, user, permissions, one row")]
    say("floor, median ms as DoIT staff: " + "; ".join(
        f"{path} ({what}) {timed(lambda p=path: as_doit.get(p))[0]:.1f}" for path, what in floors)
        + f"; /admin/ (the admin's index, no rows) {timed(lambda: as_admin.get('/admin/'))[0]:.1f}")
    admin_path = url("admin:enterprises_enterprise_changelist", None)
    if admin_path:
        view, rendering, frame, sql_median, size = admin_changelist_split(admin, admin_path, sql_runner(admin_sql))
        say(f"admin changelist of enterprises without the middleware, median ms: the view {view:.1f} "
            f"({view / sql_median:.1f}x its plain SQL's {sql_median:.2f}, the queries included), "
            f"the rendering of its {size / 1000:.0f} kB by Django's templates {rendering:.1f}, of which the "
            f"admin's frame alone (admin/base_site.html: header, sidebar, no list) {frame:.1f}; view and frame "
            f"{(view + frame) / sql_median:.1f}x the SQL before any row, filter or action is drawn")
    return doit


def admin_changelist_split(user, path, sql):
    """Where the admin changelist's time goes: its view (the changelist, its queries, the context) and the
    rendering of its template, each timed alone, run after run with the plain SQL, without the middleware; and
    the admin's frame (admin/base_site.html from the same context: header, sidebar, the empty content), what
    any admin page draws, rows or not."""
    from django.conf import settings
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.middleware.csrf import get_token
    from django.template.loader import get_template
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation

    view_func, factory = resolve(path).func, RequestFactory()
    frame_template = get_template("admin/base_site.html")
    views, renderings, frames, sqls, size = [], [], [], [], 0
    with translation.override(settings.LANGUAGE_CODE):
        for run in range(RUNS + 2):
            request = factory.get(path)
            request.user, request.session = user, {}
            request._messages = FallbackStorage(request)
            get_token(request)
            start = time.perf_counter()
            response = view_func(request)
            middle = time.perf_counter()
            response.render()
            end = time.perf_counter()
            frame_template.render(response.context_data, request)
            framed = time.perf_counter()
            sql()
            if run >= 2:  # the first two warm up
                views.append(1000 * (middle - start))
                renderings.append(1000 * (end - middle))
                frames.append(1000 * (framed - end))
                sqls.append(1000 * (time.perf_counter() - framed))
            size = len(response.content)
    return (statistics.median(views), statistics.median(renderings), statistics.median(frames),
            statistics.median(sqls), size)


def _sweep_urls():
    from django.contrib import admin
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    from plan.registry import PORTAL_APPS

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                yield from walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
                yield f"{namespace}{entry.name}"

    urls = set()
    for name in walk(get_resolver()):
        if not any(word in name for word in SWEEP_SKIP):
            urls.add(reverse(name))
    for model in admin.site._registry:
        if model._meta.app_label in PORTAL_APPS:
            urls.add(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    return sorted(urls)


def sweep_figures(doit):
    """Every GET page and API list without arguments, and every admin changelist: p95 server time as DoIT staff."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    say()
    admin_user = get_user_model().objects.filter(is_superuser=True).first()
    as_doit, as_admin = Client(), Client()
    as_doit.force_login(doit)
    as_admin.force_login(admin_user or doit)
    results, failures = [], []
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 403 is noted below, not logged with a traceback
    for path in _sweep_urls():
        client = as_admin if path.startswith("/admin/") else as_doit
        response = client.get(path)
        if response.status_code != 200:
            failures.append(f"{path} HTTP {response.status_code}")
            continue
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        queries = len(ctx.captured_queries)  # read now: the next request clears the connection's query log
        median, p95 = timed(lambda c=client, p=path: c.get(p), runs=SWEEP_RUNS, warmup=1)
        results.append((p95, median, queries, path))
    results.sort(reverse=True)
    say(f"sweep at N={N:,}: {len(results)} pages, API lists and admin changelists as DoIT staff, {SWEEP_RUNS} runs each; "
        f"p95 over 150 ms: {sum(r[0] > 150 for r in results)}, over 500 ms: {sum(r[0] > 500 for r in results)}")
    say(f"  slowest {min(12, len(results))} (p95 ms, median ms, queries):")
    for p95, median, queries, path in results[:12]:
        say(f"  {p95:8.1f} {median:8.1f} {queries:4d}  {path}")
    for failure in failures:
        say(f"  not measured: {failure}")


def import_export_figures(doit):
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction

    from enterprises import bulk, imports
    from enterprises.demo import _tax_code
    from enterprises.models import Enterprise, Sector
    from plan.models import AdministrativeUnit

    say()
    districts = list(AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY).values_list("code", flat=True))
    sectors = list(Sector.objects.values_list("code", flat=True))
    count = 10_000
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([header for _f, header in imports.COLUMNS])
    codes = [_tax_code(N + 1_000_000 + i) for i in range(count)]
    for i, code in enumerate(codes):
        sheet.append([code, f"Cơ sở nhập thử {i}", f"Số {i}", districts[i % len(districts)], sectors[i % len(sectors)],
                      "", "nhỏ", 30, 20_000_000_000, None, "đang hoạt động", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    class Rollback(Exception):
        """Raised to undo a timed write: the bench measures, it does not keep what it wrote."""

    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = imports.enterprise_import(
                upload=SimpleUploadedFile("nhap.xlsx", data), dry_run=False, user=doit)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        ...  # rolled back on purpose
    say(f"xlsx import of {count:,} facilities: {elapsed:.1f} s = {count / elapsed:,.0f} rows/s "
        f"(created {result['created']:,}, errors {len(result['errors'])}; rolled back)")
    ids = {c: d for c, d in AdministrativeUnit.objects.values_list("code", "id")}
    sector_ids = {c: s for c, s in Sector.objects.values_list("code", "id")}
    from django.utils import timezone

    now = timezone.now()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            bulk.load(Enterprise, ["tax_code", "name", "address", "district_id", "sector_id", "size", "workers",
                                   "revenue_vnd", "status", "created_at"],
                      ((code, f"Cơ sở nhập thử {i}", f"Số {i}", ids[districts[i % len(districts)]],
                        sector_ids[sectors[i % len(sectors)]], "small", 30, 20_000_000_000, "active", now)
                       for i, code in enumerate(codes)))
            copy_elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        ...  # rolled back on purpose
    say(f"  yardstick: COPY of the same rows: {copy_elapsed:.2f} s = {count / copy_elapsed:,.0f} rows/s "
        f"(import is {elapsed / copy_elapsed:.0f}× slower)")
    total = Enterprise.objects.count()
    def xlsx_size(queryset):  # what the page streams: a write-only workbook in a temporary file
        handle = imports.export_xlsx_file(queryset)
        try:
            return handle.seek(0, 2)
        finally:
            handle.close()

    def csv_size(queryset):  # what the page streams: csv chunks
        return sum(len(chunk.encode("utf-8")) for chunk in imports.export_csv_chunks(queryset))

    for name, fn in (("xlsx", xlsx_size), ("csv", csv_size)):
        queryset = Enterprise.objects.order_by("name", "pk")
        tracemalloc.start()
        started = time.perf_counter()
        size = fn(queryset)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        say(f"export of {total:,} facilities to {name} (streamed): {elapsed:.1f} s = {total / elapsed:,.0f} rows/s, "
            f"peak Python memory {peak / 2**20:,.1f} MB (tracemalloc, slows the run), output {size / 2**20:.1f} MB")
    connection.close()


def _redis_reachable(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def _peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM), read while it still runs."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _report_through_a_worker(period, doit, redis_url):
    """Ask for the report as DoIT does, with a real `celery worker` on Redis making it: (seconds, status,
    worker's peak memory in MB)."""
    import uuid

    from django.db import connection, transaction

    from reports import services
    from reports.models import CityReportJob
    from sxsh_portal.celery import app

    queue = f"sxsh-bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sxsh_portal.settings.local", "DEBUG": "0",
           "REDIS_URL": redis_url, "CELERY_QUEUE": queue}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sxsh_portal", "worker", "--pool=solo", "-Q", queue,
         "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    previous = (app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = redis_url, False, queue
    try:
        node = f"{queue}@{os.uname().nodename}"
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=1):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        started = time.perf_counter()
        with transaction.atomic():
            job = services.city_report_request(period=period, user=doit)
        status, peak = job.status, None
        while time.perf_counter() - started < 600:
            status = CityReportJob.objects.filter(pk=job.pk).values_list("status", flat=True).get()
            peak = _peak_rss_mb(worker.pid) or peak
            if status in ("done", "failed"):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        connection.close()
        return elapsed, status, peak
    finally:
        app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = previous
        worker.terminate()
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()


def report_figures(doit):
    from django.db import transaction
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from plan.models import ReportingPeriod
    from reports import services
    from reports.models import CityReportJob
    from reports.selectors import city_report_data

    say()
    period = ReportingPeriod.objects.filter(kind="year").order_by("-end").first() or \
        ReportingPeriod.objects.order_by("-end").first()
    if period is None:
        say("city annual report: skipped (no reporting period)")
        return
    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    if redis_url and _redis_reachable(redis_url):
        total, status, peak = _report_through_a_worker(period, doit, redis_url)
        how = f"through a Celery worker on Redis, worker's peak memory {peak or 0:,.0f} MB"
    else:  # no Redis: Celery eager, the job runs on commit in this process
        started = time.perf_counter()
        with transaction.atomic():
            job = services.city_report_request(period=period, user=doit)
        total, status = time.perf_counter() - started, CityReportJob.objects.get(pk=job.pk).status
        how = (f"eager Celery (no Redis at BENCH_REDIS_URL), process peak memory "
               f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    started = time.perf_counter()
    context = city_report_data(period=period, district=None)
    gather = time.perf_counter() - started
    started = time.perf_counter()
    html = render_to_string("reports/print/city_report.html", {"document_date": period.end, **context})
    document = HTML(string=html, base_url=ROOT).render()
    document.write_pdf()
    weasy = time.perf_counter() - started
    say(f"city annual report {period.code}: end to end {total:.1f} s, status {status} ({how}); "
        f"measured alone in this process: data gathering {gather:.2f} s ({100 * gather / max(total, 1e-9):.0f} %), "
        f"WeasyPrint {weasy:.1f} s, {len(document.pages)} pages")


def load_figures(url):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from bench import load

    say()
    token, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username="sct.canbo"))
    connection.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "sxsh_portal.settings.local", "DEBUG": "0"}
    # The deployed configuration (sxsh_portal/gunicorn_conf.py; WEB_CONCURRENCY and GUNICORN_THREADS override it).
    from sxsh_portal import gunicorn_conf

    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "sxsh_portal.wsgi",
         "--config", "python:sxsh_portal.gunicorn_conf", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        paths = ["/", "/api/v1/budget/summary/"]
        load.run(host="127.0.0.1", port=port, paths=paths, clients=4, seconds=2)  # warm the workers
        result = load.run(host="127.0.0.1", port=port, paths=paths, clients=CLIENTS, seconds=LOAD_SECONDS,
                          headers={"Authorization": f"Token {token.key}"})
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    say(f"load: {CLIENTS} clients for {LOAD_SECONDS:.0f} s against gunicorn ({gunicorn_conf.workers} "
        f"{gunicorn_conf.worker_class} workers × {gunicorn_conf.threads} threads) on loopback")
    for path in paths + ["_all"]:
        r = result[path]
        say(f"  {path:<28} {r['requests']:7,d} requests  {r['rps']:7.1f} req/s  p95 {r['p95_ms']:7.1f} ms  "
            f"errors {r['errors']}")


def main():
    from django.contrib.auth import get_user_model

    url = setup()
    # As a web worker does (sxsh_portal/wsgi.py): every view loaded, start-up's objects frozen out of the GC.
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
    gc.collect()
    gc.freeze()
    doit = page_figures() if "pages" in SECTIONS else get_user_model().objects.get(username="sct.canbo")
    for name, section in (("sweep", sweep_figures), ("import", import_export_figures), ("report", report_figures)):
        if name not in SECTIONS:
            continue
        try:
            section(doit)
        except Exception as exc:  # a figure that cannot be taken is reported, the bench goes on
            say(f"{section.__name__}: failed: {exc.__class__.__name__}: {exc}")
    if "load" in SECTIONS:
        try:
            load_figures(url)
        except Exception as exc:
            say(f"load test: failed: {exc.__class__.__name__}: {exc}")


if __name__ == "__main__":
    main()

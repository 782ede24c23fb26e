"""The portal's pagination, and counting large tables cheaply: no admin changelist or API list runs
`SELECT COUNT(*)` over a whole table (the registry, consumption records, …) on every page view.

LargeTablePagination is every API list's pagination (settings.REST_FRAMEWORK), EstimatedCountPaginator every
admin changelist's (plan.admin_lists.PortalAdmin).

Unfiltered on PostgreSQL, the count is the planner's estimate (pg_class.reltuples, kept fresh by autovacuum/ANALYZE);
filtered, or on another database, it is an exact count capped at COUNT_CAP rows (COUNT over a LIMITed subquery),
so a count never reads more than COUNT_CAP index entries. The trade-off: the total shown for the whole registry is
approximate (within a few per cent), and above the cap a filtered total reads "COUNT_CAP or more".
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


COUNT_CAP = 50_000
# Below this many estimated rows an exact (capped) count is cheap, and the planner's statistics may be stale
# enough to be wrong by thousands on a small table: count exactly. (settings.COUNT_ESTIMATE_ABOVE overrides it.)
ESTIMATE_ABOVE = COUNT_CAP


def _unfiltered(queryset) -> bool:
    query = queryset.query
    return not query.where and not query.combinator and not query.distinct and not query.is_sliced


def table_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of the rows in the queryset's table; None elsewhere or before the first ANALYZE."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                       [queryset.model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None and row[0] >= 0 else None


def capped_count(queryset, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, exact): an exact count up to `cap`; `cap` and False beyond it."""
    n = queryset.order_by()[: cap + 1].count()
    return (n, True) if n <= cap else (cap, False)


def fast_count(queryset) -> tuple[int, bool]:
    """(count, exact) for a queryset, without an unbounded COUNT(*) over a large table."""
    if _unfiltered(queryset):
        estimate = table_estimate(queryset)
        if estimate is not None and estimate >= getattr(settings, "COUNT_ESTIMATE_ABOVE", ESTIMATE_ABOVE):
            return estimate, False
    return capped_count(queryset)


class EstimatedCountPaginator(Paginator):
    """A Django paginator whose count is fast_count's (for the admin's changelist)."""

    count_is_estimate = False  # the count is PostgreSQL's estimate, or the cap of a capped count
    count_is_capped = False  # the count is the cap: there are at least that many rows

    def __init__(self, *args, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values  # read the page's rows as values(*values) dicts; count the model's rows by key

    def _get_page(self, object_list, *args, **kwargs):
        if self.values:
            object_list = object_list.values(*self.values)
        return super()._get_page(object_list, *args, **kwargs)

    @cached_property
    def count(self):
        n, exact = fast_count(self.object_list)
        self.count_is_estimate = not exact
        self.count_is_capped = not exact and not _unfiltered(self.object_list) and n == COUNT_CAP
        return n


class LargeTablePagination(PortalPagination):
    """The portal's pagination (page, page_size ≤ 500) with a cheap count: see the module docstring.

    The response keeps `count`, `next`, `previous`, `results` and adds `count_is_estimate` (true when `count`
    is PostgreSQL's estimate of the whole table or the cap of a capped count).
    """

    values = None  # set by plan.api_fast.ValuesListMixin: the page's rows as values() dicts

    def django_paginator_class(self, queryset, page_size):
        return EstimatedCountPaginator(queryset, page_size, values=self.values)

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_is_estimate": getattr(self.page.paginator, "count_is_estimate", False),
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {"type": "boolean", "example": False}
        return schema


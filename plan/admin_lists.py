"""The base of every portal changelist: fast with many rows, whatever the table.

- The count is plan.pagination's: PostgreSQL's estimate for a whole large table, an exact count capped at
  50,000 rows when filtered; and no second COUNT(*) of the whole table for "N of M" (show_full_result_count).
- No facet counts ("Hiện số lượng"): they count the whole table once per filter on every view.
- 50 rows a page, as the portal's pages and API lists.
- The row checkbox is written directly, not through a widget template: Django renders every row's checkbox
  with `forms.CheckboxInput.render`, a quarter of the registry changelist's time. The markup is the same
  (`_selected_action`, class `action-select`, the same aria-label), so the admin's actions script works as before.
"""

from django.contrib.admin import ShowFacets, helpers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from plan.pagination import EstimatedCountPaginator


class QuickActionCheckboxMixin:
    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, obj.pk, format_html(_("Select this object for an action - {}"), str(obj)))


class PortalAdmin(QuickActionCheckboxMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin (every change kept, with its history page) with the fast changelist above."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER
    list_per_page = 50

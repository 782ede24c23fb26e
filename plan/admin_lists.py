"""The base of every portal changelist: fast with many rows, whatever the table.

- The count is plan.pagination's: PostgreSQL's estimate for a whole large table, an exact count capped at
  50,000 rows when filtered; and no second COUNT(*) of the whole table for "N of M" (show_full_result_count).
- No facet counts ("Hiện số lượng"): they count the whole table once per filter on every view.
- 50 rows a page, as the portal's pages and API lists.
- The row checkbox is written directly, not through a widget template: Django renders every row's checkbox
  with `forms.CheckboxInput.render`, a quarter of the registry changelist's time. The markup is the same
  (`_selected_action`, class `action-select`, the same aria-label), so the admin's actions script works as before.
- The rows themselves are made by quick_results (through templates/admin/change_list.html): Django's markup,
  cell for cell, with each column looked up once per page instead of once per cell.
- So are the filters on the right, by quick_filter: admin/filter.html's markup, written directly.
And two things of the change form: an autocomplete field re-drawn with a value that is no key of its model
(KeysOnlyAutocompleteSelect), and a many-to-many field given a number past its column's range
(KeysOnlyModelMultipleChoiceField), show the field's error instead of failing (KeysOnlyFieldsMixin, which
Django's own user and group admins take too).
"""

from html import escape as html_escape
from urllib.parse import quote_plus

from django import forms
from django.contrib.admin import AllValuesFieldListFilter, FieldListFilter, ShowFacets, helpers
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import FieldIsAForeignKeyColumnName, _get_non_gfk_field, display_for_field
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.fields.related import ForeignObjectRel
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import reverse
from django.utils import numberformat
from django.utils.encoding import iri_to_uri
from django.utils.formats import get_format
from django.utils.http import urlencode
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from plan.admin_history import HistoryLabelsMixin
from plan.admin_links import RequestFormsMixin
from plan.admin_page import take_object_tools
from plan.pagination import EstimatedCountPaginator

CHECKBOX_LABEL = gettext_noop("Select this object for an action - {}")  # Django's own message


def _escaped(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper (called for every cell)."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else html_escape(str(value))


def _action_checkbox(obj, label):
    """Django's checkbox markup; the label is a format string (not escaped), the object's name is."""
    return mark_safe(f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" value="{_escaped(obj.pk)}" '
                     f'class="action-select" aria-label="{label.format(_escaped(str(obj)))}">')


class QuickActionCheckboxMixin:
    def action_checkbox(self, obj):
        return _action_checkbox(obj, _(CHECKBOX_LABEL))


def _taken(key, value):
    """`value` as the key field `key` takes it; None if it cannot take it ("abc" for a number)."""
    try:
        return key.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return None


def _past_range(key, taken, using) -> bool:
    """Whether a key, as its field takes it, is a number past its column's range: SQLite fails on one in a query
    (OverflowError), where PostgreSQL finds no row."""
    if not (isinstance(key, models.IntegerField) and isinstance(taken, int)):
        return False
    low, high = connections[using or DEFAULT_DB_ALIAS].ops.integer_field_range(key.get_internal_type())
    return (low is not None and taken < low) or (high is not None and taken > high)


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, which looks the submitted value up to draw it again: a value that is not a key
    of the related model (a tampered form, "?industrial_area=abc") or past its column's range failed there with a 500.
    Such a value is left out of the look-up; the form says "Select a valid choice" under the field, as for an unknown
    key."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        kept = [item for item in value
                if (taken := _taken(key, item)) is not None and not _past_range(key, taken, self.db)]
        return super().optgroups(name, kept, attr)


class KeysOnlyModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, which looks all the submitted keys up in one IN query: on SQLite a number past the column's range
    failed there with a 500. Such a number is refused as an unknown key is ("Select a valid choice"); a value that is
    no number is left to Django's own check ("not a valid value")."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for item in value:
            if _past_range(key, _taken(key, item), self.queryset.db):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": item})
        return super()._check_values(value)


class KeysOnlyFieldsMixin:
    """A model admin whose autocomplete and many-to-many fields take only keys (the two classes above): the portal's
    admins (PortalAdmin), and Django's own admins of users and groups (plan.admin)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", KeysOnlyModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PortalAdmin(QuickActionCheckboxMixin, KeysOnlyFieldsMixin, HistoryLabelsMixin, RequestFormsMixin,
                  SimpleHistoryAdmin):
    """SimpleHistoryAdmin (every change kept, with its history page) with the fast changelist above, choice labels
    in the history (plan.admin_history) and read-only links only to what the viewer may open (plan.admin_links)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER
    list_per_page = 50

    # The fields the changelist's rows read (list_display, str() of the row and of its related rows), when a table
    # has many more: its page then fetches only those. Every other use of the changelist's queryset (the actions,
    # the count) reads whole rows. None: whole rows.
    list_only = None

    def get_changelist_instance(self, request):
        cl = super().get_changelist_instance(request)
        cl.get_query_string = QueryStrings(cl)
        if self.list_only and isinstance(cl.result_list, models.QuerySet) and cl.result_list._result_cache is None:
            cl.result_list = cl.result_list.only(*self.list_only)
        return cl

    def changelist_view(self, request, extra_context=None):
        return take_object_tools(super().changelist_view(request, extra_context))


class _Column:
    """What Django's items_for_result works out again for every cell, worked out once per column."""

    def __init__(self, name, field, tag, empty):
        self.name, self.field, self.tag, self.empty = name, field, tag, empty
        self.empty_html = _escaped(empty)
        classes = ["action-checkbox"] if field is None else [f"field-{name}"]
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes.append("nowrap")
        self.row_class = mark_safe(f' class="{" ".join(classes)}"')
        self.is_fk = isinstance(field, models.ForeignKey)
        # Labels translated once per page, not once per cell; the same for related objects shown by str().
        self.choices = ({value: str(label) for value, label in field.flatchoices}
                        if field is not None and field.flatchoices else None)
        self.shown_related = {}
        # A text column without choices shows its text, or the empty value: display_for_field's own answer
        # for a str, without its chain of isinstance tests.
        self.is_text = (self.choices is None and isinstance(field, (models.CharField, models.TextField))
                        and not isinstance(field, models.URLField))
        # A whole-number column (not a year): display_for_field's number_format, with the page's language's
        # separators looked up once per page instead of three times per cell.
        self.number = None
        if self.choices is None and isinstance(field, models.IntegerField) and not is_year_field(field):
            language = get_language()
            self.number = (get_format("DECIMAL_SEPARATOR", language), get_format("NUMBER_GROUPING", language),
                           get_format("THOUSAND_SEPARATOR", language))
        self.opening = (f'<{tag}{self.row_class}><a href="' if tag else f"<td{self.row_class}>")
        self.closing = f"</a></{tag}>" if tag else "</td>"


def _columns(cl):
    """The changelist's columns, or None when a column is anything but the checkbox or a plain model field
    (a method, a property, a many-to-many, an editable column): those go through Django's own rows."""
    if cl.formset or cl.is_popup or cl.to_field or cl.list_display_links is None:
        return None
    if not isinstance(cl.lookup_opts.pk, (models.AutoField, models.BigAutoField)):
        return None
    empty = cl.model_admin.get_empty_value_display()
    columns, first = [], True
    for name in cl.list_display:
        if name == "action_checkbox":
            if name in cl.list_display_links:
                return None
            columns.append(_Column(name, None, None, empty))
            continue
        if not isinstance(name, str):
            return None
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            return None
        if (field.auto_created or field.many_to_many or isinstance(field, ForeignObjectRel)
                or (field.is_relation and not isinstance(field, models.ForeignKey))
                or isinstance(field, (models.FileField, models.URLField, models.JSONField))):
            return None
        linked = (first and not cl.list_display_links) or name in cl.list_display_links
        tag = None
        if linked:
            tag, first = ("th" if first else "td"), False
        columns.append(_Column(name, field, tag, empty))
    return columns


def quick_results(cl):
    """The rows of a changelist, as Django's admin_list.results(cl) renders them, cell for cell (a test compares
    them on every changelist of the portal), in a fraction of its time: Django looks each column up, reverses the
    change URL and resolves it again for the kept filters, for every cell and row. None when a column is not one
    of those handled here (see _columns)."""
    columns = _columns(cl)
    if columns is None:
        return None
    rows = list(cl.result_list)
    if not rows:
        return []
    marker = "0"
    path = reverse(f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change", args=(marker,),
                   current_app=cl.model_admin.admin_site.name)
    head, _sep, tail = path.rpartition(f"/{marker}/")
    head, tail = head + "/", "/" + tail
    preserved = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, path)
    if not preserved.startswith(path):
        return None
    query = preserved[len(path):]  # the same kept filters for every row's link
    pk_attname = cl.lookup_opts.pk.attname
    checkbox = None
    if type(cl.model_admin).action_checkbox is QuickActionCheckboxMixin.action_checkbox:
        label = _(CHECKBOX_LABEL)  # translated once, not once per row

        def checkbox(obj):
            return _action_checkbox(obj, label)
    out = []
    for obj in rows:
        pk = getattr(obj, pk_attname)
        cells = []
        for column in columns:
            field = column.field
            if field is None:  # the action checkbox
                value = checkbox(obj) if checkbox else cl.model_admin.action_checkbox(obj)
                cells.append(f"{column.opening}{_escaped(value)}{column.closing}")
                continue
            try:
                value = getattr(obj, field.name)
            except ObjectDoesNotExist:
                shown = column.empty_html
            else:
                if isinstance(value, str) and value.strip() == "":
                    value = ""
                if column.is_text and (value is None or isinstance(value, str)):
                    shown = html_escape(value) if value else column.empty_html
                elif column.is_fk:
                    if value is None:
                        shown = column.empty_html
                    else:
                        related_pk = value.pk
                        shown = column.shown_related.get(related_pk)
                        if shown is None:
                            shown = column.shown_related[related_pk] = _escaped(value)
                elif column.choices is not None:
                    shown = _escaped(column.choices.get(value, column.empty))
                elif column.number is not None and type(value) is int:
                    decimal, grouping, thousands = column.number
                    shown = html_escape(numberformat.format(value, decimal, None, grouping, thousands, use_l10n=True))
                else:
                    shown = _escaped(display_for_field(value, field, column.empty,
                                                       avoid_link=column.tag is not None))
            if column.tag:
                url = html_escape(f"{head}{pk}{tail}{query}")
                cells.append(f'{column.opening}{url}">{shown}{column.closing}')
            else:
                cells.append(f"{column.opening}{shown}{column.closing}")
        # One item a row: change_list_results.html joins a row's items, so the page is the same, and the
        # template loops over rows, not over every cell.
        out.append(ResultList(None, [mark_safe("".join(cells))]))
    return out


FILTER_TITLE = gettext_noop(" By %(filter_title)s ")  # Django's own message, in admin/filter.html
_AUTOESCAPE = Context(autoescape=True)


def _shown(value) -> str:
    """{{ value }} in an autoescaping template; a plain string (most filter choices) without the detour."""
    return html_escape(value) if type(value) is str else render_value_in_context(value, _AUTOESCAPE)


def _iriencoded(value) -> str:
    """{{ value|iriencode }} in an autoescaping template: iriencode keeps a safe string safe."""
    uri = iri_to_uri(value)
    return uri if isinstance(value, SafeData) else html_escape(uri)


class QueryStrings:
    """A changelist's get_query_string, giving the same strings with each parameter encoded once per page instead of
    once per link: a registry page writes about a hundred links (filter choices, pages, sort headers), each of
    which Django builds by copying and encoding all the page's parameters again. PortalAdmin's changelists take
    it (get_changelist_instance)."""

    def __init__(self, cl):
        self.filter_params = cl.filter_params
        self.kept = {}

    @staticmethod
    def _encoded(key, value) -> str:
        if isinstance(value, (str, int)) and not isinstance(value, bool) and isinstance(key, str):
            return f"{quote_plus(key)}={quote_plus(str(value))}"  # what urlencode writes for one such pair
        return urlencode([(key, value)], doseq=True)

    def __call__(self, new_params=None, remove=None):
        remove = tuple(remove or ())
        kept = self.kept.get(remove)
        if kept is None:
            params = self.filter_params.copy()
            for prefix in remove:
                for key in list(params):
                    if key.startswith(prefix):
                        del params[key]
            kept = self.kept[remove] = {key: self._encoded(key, value) for key, value in params.items()}
        if new_params:
            kept = dict(kept)
            for key, value in new_params.items():
                if value is None:
                    kept.pop(key, None)
                else:
                    kept[key] = self._encoded(key, value)
        return "?" + "&".join(pair for _key, pair in sorted(kept.items()) if pair)


def quick_filter(cl, spec):
    """What Django's {% admin_list_filter cl spec %} renders through admin/filter.html, character for character
    (a test compares whole changelist pages with those of Django's own change_list.html), written directly: 40 %
    less time for the registry changelist's five filters (0.4 ms). None for a filter with a template of its own."""
    if spec.template != "admin/filter.html":
        return None
    title = render_value_in_context(spec.title, _AUTOESCAPE)
    selected = ' class="selected"'
    items = "".join(
        f'\n    <li{selected if choice["selected"] else ""}>\n'
        f'    <a href="{_iriencoded(choice["query_string"])}">{_shown(choice["display"])}</a></li>\n  '
        for choice in spec.choices(cl))
    summary = _(FILTER_TITLE) % {"filter_title": title}
    return mark_safe(f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {summary}\n  </summary>\n'
                     f"  <ul>\n  {items}\n  </ul>\n</details>\n")


# --- years -----------------------------------------------------------------------------------------------------------
# The admin writes every whole number grouped ("2.017" on a Vietnamese page, "2,017" in English), years too: Django
# has no notion of a year field. A year field here is an integer field named `year` or `…_year`; the admin's cells,
# read-only fields and filters write its values plainly.


def is_year_field(field) -> bool:
    return isinstance(field, models.IntegerField) and (field.name == "year" or field.name.endswith("_year"))


def year_aware(display):
    """display_for_field, writing a year field's value as it is (2017)."""

    def display_for_field_with_years(value, field, empty_value_display, *args, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool) and is_year_field(field):
            return str(value)
        return display(value, field, empty_value_display, *args, **kwargs)

    display_for_field_with_years.wrapped = display
    return display_for_field_with_years


class YearValuesFieldListFilter(AllValuesFieldListFilter):
    """Django's list of a field's values, each year written as it is."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            display = choice["display"]
            if isinstance(display, int) and not isinstance(display, bool):
                choice = {**choice, "display": str(display)}
            yield choice


def install_year_display():
    """Called once at start-up (plan.apps): every place the admin calls display_for_field, and the year fields'
    list filters."""
    import django.contrib.admin.helpers
    import django.contrib.admin.templatetags.admin_list
    import django.contrib.admin.utils

    import plan.admin_lists as this

    for module in (django.contrib.admin.utils, django.contrib.admin.helpers,
                   django.contrib.admin.templatetags.admin_list, this):
        if not hasattr(module.display_for_field, "wrapped"):
            module.display_for_field = year_aware(module.display_for_field)
    FieldListFilter.register(is_year_field, YearValuesFieldListFilter, take_priority=True)

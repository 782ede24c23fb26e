"""{% portal_result_list cl %}: Django's {% result_list cl %} with the rows of plan.admin_lists.quick_results.
{% portal_list_filter cl spec %}: Django's {% admin_list_filter cl spec %}, by plan.admin_lists.quick_filter.
{% sidebar_app_list %}: the admin sidebar's list of apps, as PortalAdminSite keeps it."""

from django import template
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter, result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plan.admin_lists import quick_filter, quick_results

register = template.Library()


def portal_result_list(cl):
    rows = quick_results(cl)
    if rows is None:
        return result_list(cl)
    original = cl.result_list
    cl.result_list = []  # Django's context without its rows: they are the ones made here
    try:
        context = result_list(cl)
    finally:
        cl.result_list = original
    context["results"] = rows
    return context


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser, token):
    return InclusionAdminNode(parser, token, func=portal_result_list, template_name="change_list_results.html",
                              takes_context=False)


@register.simple_tag(takes_context=True)
def sidebar_app_list(context):
    return admin.site.sidebar_app_list(context["request"], context["available_apps"])


@register.simple_tag
def portal_list_filter(cl, spec):
    html = quick_filter(cl, spec)
    return admin_list_filter(cl, spec) if html is None else html


@register.filter
def field_label(opts, name):
    """A model field's label ("Số lao động") for its name ("workers"), as the import's refused rows show it; the name
    itself for anything that is not one of the model's fields."""
    try:
        return capfirst(opts.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError, TypeError):
        return name


# The reasons the services give a change (stored as codes in the history), as the history page names them.
CHANGE_REASONS = {
    "save": gettext_noop("Lưu"),
    "submit": gettext_noop("Gửi Sở Công Thương"),
    "return": gettext_noop("Sở Công Thương trả lại"),
    "approve": gettext_noop("Sở Công Thương duyệt"),
}
SUPERSEDED = "superseded by a correction from "  # budget.services._supersede, followed by the user name


@register.filter
def change_reason(reason):
    """A history record's reason in words ("submit" → "Gửi Sở Công Thương"); "—" when none was given; any other
    reason (written by a person) as it is."""
    if not reason:
        return "—"
    if reason in CHANGE_REASONS:
        return _(CHANGE_REASONS[reason])
    if reason.startswith(SUPERSEDED):
        return _("Được thay bằng bản ghi điều chỉnh của %(user)s") % {"user": reason[len(SUPERSEDED):]}
    return reason

"""{% portal_result_list cl %}: Django's {% result_list cl %} with the rows of plan.admin_lists.quick_results, the
whole table written by plan.admin_page where Django's own change_list_results.html would draw it.
{% portal_actions %}, {% portal_search_form cl %}, {% portal_pagination cl %}: Django's {% admin_actions %},
{% search_form cl %} and {% pagination cl %}, written by plan.admin_page where their templates are Django's own.
{% portal_list_filter cl spec %}: Django's {% admin_list_filter cl spec %}, by plan.admin_lists.quick_filter.
{% sidebar_app_list %}: the admin sidebar's list of apps, as PortalAdminSite keeps it."""

from django import template
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import (
    admin_actions,
    admin_list_filter,
    pagination,
    result_list,
    search_form,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plan.admin_lists import quick_filter, quick_results
from plan.admin_page import (
    actions_bar,
    object_tools,
    page_breadcrumbs,
    page_scripts,
    page_style,
    page_title,
    pagination_bar,
    results_table,
    search_bar,
    takes_django_s_template,
    user_tools,
)

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


class ResultListNode(InclusionAdminNode):
    def render(self, context):
        if takes_django_s_template(context, self.template_name):
            cl = self.args[0].resolve(context)
            rows = quick_results(cl)
            if rows is not None:
                return results_table(cl, rows, context)
        return super().render(context)


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser, token):
    return ResultListNode(parser, token, func=portal_result_list, template_name="change_list_results.html",
                          takes_context=False)


class ActionsNode(InclusionAdminNode):
    def render(self, context):
        if takes_django_s_template(context, self.template_name):
            html = actions_bar(context)
            if html is not None:
                return html
        return super().render(context)


@register.tag(name="portal_actions")
def portal_actions_tag(parser, token):
    return ActionsNode(parser, token, func=admin_actions, template_name="actions.html")


class WrittenNode(InclusionAdminNode):
    """An admin inclusion tag of one argument (the changelist), written by `writer(cl, context)` where the
    template is Django's own."""

    writer = None

    def render(self, context):
        if takes_django_s_template(context, self.template_name):
            return type(self).writer(self.args[0].resolve(context), context)
        return super().render(context)


class SearchNode(WrittenNode):
    writer = search_bar


class PaginationNode(WrittenNode):
    writer = pagination_bar


@register.tag(name="portal_search_form")
def portal_search_form_tag(parser, token):
    return SearchNode(parser, token, func=search_form, template_name="search_form.html", takes_context=False)


@register.tag(name="portal_pagination")
def portal_pagination_tag(parser, token):
    return PaginationNode(parser, token, func=pagination, template_name="pagination.html", takes_context=False)


@register.simple_tag(takes_context=True)
def portal_object_tools(context):
    """The object-tools block (import, export, add) of the page that admin/portal_change_list.html extends."""
    return object_tools(context, context["portal_object_tools"])


@register.simple_tag(takes_context=True)
def portal_changelist_part(context, part):
    """A block of the changelist's head or frame (title, style, scripts, breadcrumbs), as plan.admin_page
    writes it."""
    return {"title": page_title, "style": page_style, "scripts": page_scripts,
            "breadcrumbs": page_breadcrumbs}[part](context)


@register.simple_tag(takes_context=True)
def portal_user_tools(context):
    """The usertools block of Django's admin/base.html (welcome, links, log-out form, theme toggle)."""
    return user_tools(context)


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

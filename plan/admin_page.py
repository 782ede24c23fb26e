"""The parts of a portal changelist page that Django draws through template loops, includes and tags, written
directly: the table of rows with its headers (admin/change_list_results.html), the actions bar (actions.html),
the search bar (search_form.html), the pages (pagination.html), the object tools (import, export, add: Django's
and django-import-export's templates), and the title, styles, scripts, breadcrumbs and user tools of
admin/change_list.html and admin/base.html. Character for character what those templates give
(plan/tests/test_admin_quick.py compares whole pages, for several roles and in both languages), in a fraction of
their time: the registry's changelist went through about 500 template nodes for these.

Each is used only where the template it replaces is Django's (or import-export's) own: not where a model or an
app has its own, nor for a changelist with editable rows or hidden fields, nor, for the object tools, in a popup.
The head's blocks include the portal's templates/admin/base_site.html's icon and stylesheet: keep them in step
(the page test fails if they are not).
"""

from functools import cache
from html import escape as html_escape

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import paginator_number, result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ALL_VAR, IS_FACETS_VAR, IS_POPUP_VAR, SEARCH_VAR
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import select_template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DJANGO_ADMIN_TEMPLATES = "/django/contrib/admin/templates/admin/"


@cache
def _django_s_own(engine, app_label, model_name, name) -> bool:
    """Whether the admin's template `name` for this model is Django's own (no override for the model, its app or
    the whole admin), as InclusionAdminNode would choose it."""
    template = engine.select_template([f"admin/{app_label}/{model_name}/{name}", f"admin/{app_label}/{name}",
                                       f"admin/{name}"])
    return DJANGO_ADMIN_TEMPLATES in str(template.origin.name).replace("\\", "/")


def takes_django_s_template(context, name) -> bool:
    opts = context["opts"]
    return _django_s_own(context.template.engine, opts.app_label.lower(), opts.model_name, name)


def _text(value, context) -> str:
    """{{ value }} in an autoescaping template."""
    return render_value_in_context(value, context)


def _header(header, num_sorted_fields, context) -> str:
    sort = ""
    if header["sortable"] and header["sort_priority"] > 0:
        priority = ""
        if num_sorted_fields > 1:
            title = _("Sorting priority: %(priority_number)s") % {
                "priority_number": _text(header["sort_priority"], context)}
            priority = f'<span class="sortpriority" title="{title}">{_text(header["sort_priority"], context)}</span>'
        direction = "ascending" if header["ascending"] else "descending"
        sort = (f'\n       <div class="sortoptions">\n'
                f'         <a class="sortremove" href="{_text(header["url_remove"], context)}" '
                f'title="{html_escape(_("Remove from sorting"))}"></a>\n'
                f"         {priority}\n"
                f'         <a href="{_text(header["url_toggle"], context)}" class="toggle {direction}" '
                f'title="{html_escape(_("Toggle sorting"))}"></a>\n'
                f"       </div>\n   ")
    text = header["text"]
    shown = capfirst(text)
    shown = str(shown) if isinstance(text, SafeData) else html_escape(str(shown))
    label = (f'<a href="{_text(header["url_primary"], context)}">{shown}</a>' if header["sortable"]
             else f"<span>{shown}</span>")
    return (f'\n<th scope="col"{header["class_attrib"]}>\n   {sort}\n   <div class="text">{label}</div>\n'
            f'   <div class="clear"></div>\n</th>')


def results_table(cl, rows, context) -> str:
    """admin/change_list_results.html for rows made by plan.admin_lists.quick_results (one joined item a row), with
    no hidden fields and no forms (see quick_results: no editable changelist takes them)."""
    if not rows:
        return mark_safe("\n\n\n")
    headers = list(result_headers(cl))
    num_sorted_fields = sum(1 for header in headers if header["sortable"] and header["sorted"])
    head = "".join(_header(header, num_sorted_fields, context) for header in headers)
    body = "".join(f"\n\n<tr>{row[0]}</tr>\n" for row in rows)
    return mark_safe(f'\n\n\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n{head}\n</tr>\n</thead>\n'
                     f"<tbody>\n{body}\n</tbody>\n</table>\n</div>\n\n")


def actions_bar(context):
    """admin/actions.html for Django's own action form (a choice of action and the hidden "select across"), or
    None for any other form."""
    form = context.get("action_form")
    if type(form) is not helpers.ActionForm or list(form.fields) != ["action", "select_across"]:
        return None
    action, across = form["action"], form["select_across"]
    widget = action.field.widget
    if type(widget).__name__ != "Select" or widget.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _value, label in action.field.choices):
        return None
    chosen = action.value()
    chosen = "" if chosen is None else str(chosen)
    options = "".join(
        f'\n  <option value="{html_escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
        f"{_text(label, context)}</option>\n"
        for value, label in action.field.choices)
    required = " required" if action.field.required else ""
    select = f'<select name="{action.html_name}"{required}>{options}\n</select>'
    across_value = across.value()
    hidden = (f'<input type="hidden" name="{across.html_name}" value="{html_escape(str(across_value))}" '
              f'class="select-across">' if across_value is not None
              else f'<input type="hidden" name="{across.html_name}" class="select-across">')
    index = context.get("action_index", -1) + 1
    context["action_index"] = index
    counter = ""
    if context.get("actions_selection_counter"):
        cl = context["cl"]
        shown = len(cl.result_list)
        counter = (f'\n        <span class="action-counter" data-actions-icnt="{shown}">'
                   f'{_text(context.get("selection_note"), context)}</span>\n        ')
        if cl.result_count != shown:
            select_all = _("Select all %(total_count)s %(module_name)s") % {
                "total_count": _text(cl.result_count, context),
                "module_name": _text(context.get("module_name"), context)}
            counter += (f'\n        <span class="all hidden">{_text(context.get("selection_note_all"), context)}'
                        f'</span>\n        <span class="question hidden">\n'
                        f'            <a role="button" href="#" title="'
                        f'{html_escape(_("Click here to select the objects across all pages"))}">{select_all}</a>\n'
                        f'        </span>\n        <span class="clear hidden"><a role="button" href="#">'
                        f'{html_escape(_("Clear selection"))}</a></span>\n        ')
        counter += "\n    "
    label = _text(action.label, context)
    return mark_safe(
        f'\n<div class="actions">\n  \n    \n    <label>{label} {select}</label>{hidden}\n    \n    \n'
        f'    <button type="submit" class="button" title="{html_escape(_("Run the selected action"))}" name="index" '
        f'value="{index}">{html_escape(_("Go"))}</button>\n    \n    \n    {counter}\n    \n  \n</div>\n')


def pagination_bar(cl, context) -> str:
    """admin/pagination.html."""
    links = ""
    if (not cl.show_all or not cl.can_show_all) and cl.multi_page:
        links = "\n" + "".join(f"\n    {paginator_number(cl, i)}\n" for i in cl.paginator.get_elided_page_range(
            cl.page_num)) + "\n"
    name = cl.opts.verbose_name if cl.result_count == 1 else cl.opts.verbose_name_plural
    show_all = ""
    if cl.can_show_all and not cl.show_all and cl.multi_page:
        show_all = (f'<a href="{_text(cl.get_query_string({ALL_VAR: ""}), context)}" class="showall">'
                    f'{html_escape(_("Show all"))}</a>')
    save = (f'<input type="submit" name="_save" class="default" value="{html_escape(_("Save"))}">'
            if cl.formset and cl.result_count else "")
    return mark_safe(f'\n\n<p class="paginator">\n{links}\n{_text(cl.result_count, context)} '
                     f"{_text(name, context)}\n{show_all}\n{save}\n</p>\n")


def search_bar(cl, context) -> str:
    """admin/search_form.html."""
    if not cl.search_fields:
        return mark_safe("\n\n")
    described = ' aria-describedby="searchbar_helptext"' if cl.search_help_text else ""
    count = ""
    if cl.result_count != cl.full_result_count:
        results = ngettext("%(counter)s result", "%(counter)s results", cl.result_count) % {
            "counter": _text(cl.result_count, context)}
        query = ""
        if cl.is_popup:
            query = f"{IS_POPUP_VAR}=1" + ("&" if cl.add_facets else "")
        if cl.add_facets:
            query += IS_FACETS_VAR
        total = (_("%(full_result_count)s total") % {"full_result_count": _text(cl.full_result_count, context)}
                 if cl.show_full_result_count else html_escape(_("Show all")))
        count = f'\n    <span class="small quiet">{results} (<a href="?{query}">{total}</a>)</span>\n'
    hidden = "".join(
        "\n    " + (f'<input type="hidden" name="{_text(key, context)}" value="{_text(value, context)}">'
                    if key != SEARCH_VAR else "") + "\n"
        for key, value in cl.params.items())
    help_text = (f'\n<br class="clear">\n<div class="help" id="searchbar_helptext">'
                 f"{_text(cl.search_help_text, context)}</div>\n" if cl.search_help_text else "")
    return mark_safe(
        f'\n\n<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        f"<div><!-- DIV needed for valid HTML -->\n"
        f'<label for="searchbar"><img src="{static("admin/img/search.svg")}" alt="Search"></label>\n'
        f'<input type="text" size="40" name="{SEARCH_VAR}" value="{_text(cl.query, context)}" '
        f'id="searchbar"{described}>\n'
        f'<input type="submit" value="{html_escape(_("Search"))}">\n{count}\n{hidden}\n</div>\n{help_text}\n'
        f"</form></div>\n\n")


def _theme_toggle() -> str:
    """admin/color_theme_toggle.html."""
    labels = ((_("Toggle theme (current theme: auto)"), "auto"), (_("Toggle theme (current theme: light)"), "light"),
              (_("Toggle theme (current theme: dark)"), "dark"))
    spans = "".join(f'  <span class="visually-hidden theme-label-when-{when}">{html_escape(label)}</span>\n'
                    for label, when in labels)
    icons = "".join(f'  <svg aria-hidden="true" class="theme-icon-when-{when}">\n    <use xlink:href="#icon-{icon}" />\n'
                    f"  </svg>\n" for when, icon in (("auto", "auto"), ("dark", "moon"), ("light", "sun")))
    return f'\n<button class="theme-toggle">\n{spans}{icons}</button>\n'


def user_tools(context) -> str:
    """The usertools block of admin/base.html."""
    if not context.get("has_permission"):
        return mark_safe("\n        \n        ")
    user = context["user"]
    name = user.get_short_name() or user.get_username()
    site_url = context.get("site_url")
    site = (f'\n                    <a href="{_text(site_url, context)}">{html_escape(_("View site"))}</a> /\n'
            f"                " if site_url else "")
    docs = ""
    if user.is_active and user.is_staff:
        try:
            docsroot = reverse("django-admindocs-docroot")
        except NoReverseMatch:
            docsroot = ""
        link = (f'\n                        <a href="{_text(docsroot, context)}">{html_escape(_("Documentation"))}</a>'
                f" /\n                    " if docsroot else "")
        docs = f"\n                    \n                    {link}\n                "
    password = (f'\n                <a href="{reverse("admin:password_change")}">{html_escape(_("Change password"))}'
                f"</a> /\n                " if user.has_usable_password() else "")
    return mark_safe(
        f'\n        \n        <div id="user-tools">\n            \n                {html_escape(_("Welcome,"))}\n'
        f"                <strong>{_text(name, context)}</strong>.\n            \n            \n"
        f"                {site}\n                {docs}\n                {password}\n"
        f'                <form id="logout-form" method="post" action="{reverse("admin:logout")}">\n'
        f"                    {CsrfTokenNode().render(context)}\n"
        f'                    <button type="submit">{html_escape(_("Log out"))}</button>\n'
        f"                </form>\n                {_theme_toggle()}\n            \n        </div>\n        \n        ")


# The object tools (import, export, add) as each changelist template draws them: Django's own, and
# django-import-export's, whose templates wrap Django's block in their own and add their links before it.
IMPORT_EXPORT = "admin/import_export/"
TOOL_TEMPLATES = {
    "admin/change_list.html": None,
    f"{IMPORT_EXPORT}change_list.html": (),
    f"{IMPORT_EXPORT}change_list_import.html": ("import",),
    f"{IMPORT_EXPORT}change_list_export.html": ("export",),
    f"{IMPORT_EXPORT}change_list_import_export.html": ("import", "export"),
}


def object_tools(context, links) -> str:
    """The object-tools block of the changelist template that TOOL_TEMPLATES maps to `links`."""
    cl, opts = context["cl"], context["opts"]
    current_app = cl.model_admin.admin_site.name
    add = ""
    if context.get("has_add_permission"):
        add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add", current_app=current_app)
        add_url = add_preserved_filters(context, add_url, context.get("is_popup"), context.get("to_field"))
        add = (f'\n  <li>\n    \n    <a href="{html_escape(add_url)}" class="addlink">\n'
               f'      {_("Add %(name)s") % {"name": _text(cl.opts.verbose_name, context)}}\n    </a>\n  </li>\n  ')
    tools = f"\n\n\n  {add}\n\n"
    if links is None:
        return mark_safe(f'\n        <ul class="object-tools">\n          \n            {tools}\n          \n'
                         f"        </ul>\n    ")
    items = "\n      " + (f"\n        \n            {tools}\n          \n      " if add else "") + "\n    "
    written = []
    for link in links:
        shown = ""
        if link == "import" and context.get("has_import_permission"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import", current_app=current_app)
            shown = f"\n<li><a href='{html_escape(url)}' class=\"import_link\">{html_escape(_('Import'))}</a></li>\n"
        elif link == "export" and context.get("has_export_permission"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export", current_app=current_app)
            shown = (f'\n<li><a href="{html_escape(url + cl.get_query_string())}" class="export_link">'
                     f"{html_escape(_('Export'))}</a></li>\n")
        written.append(f"\n\n\n{shown}\n")
    if links:
        items = "".join(f"\n  {link}" for link in written) + f"\n  {items}\n"
    return mark_safe(f'\n  <ul class="object-tools">\n    {items}\n  </ul>\n')


def take_object_tools(response):
    """Let the changelist's object tools be written by object_tools: the response's template becomes
    admin/portal_change_list.html, which extends the one chosen (kept as portal_page_template) and only replaces
    its object-tools block. Only for the templates of TOOL_TEMPLATES, as Django's and import-export's own; a model
    with a changelist template of its own keeps it whole, and so does a popup."""
    context = getattr(response, "context_data", None) or {}  # none on a redirect (after an action, say)
    if not context.get("cl") or context.get("is_popup") or not getattr(response, "template_name", None):
        return response
    names = response.template_name
    template = select_template([names] if isinstance(names, str) else names)
    origin = str(template.origin.name).replace("\\", "/")
    name = template.origin.template_name
    if name not in TOOL_TEMPLATES:
        return response
    if name != "admin/change_list.html" and "/import_export/templates/" not in origin:
        return response
    response.context_data = {**context, "portal_page_template": template, "portal_page_template_names": names,
                             "portal_object_tools": TOOL_TEMPLATES[name]}
    response.template_name = "admin/portal_change_list.html"
    return response


# The blocks of a changelist's head and frame, as Django's admin/change_list.html fills them on top of the
# portal's templates/admin/base_site.html (its icon and its stylesheet).
def page_title(context) -> str:
    cl = context["cl"]
    error = f'{html_escape(_("Error:"))} ' if cl.formset and cl.formset.errors else ""
    subtitle = context.get("subtitle")
    subtitle = f"{_text(subtitle, context)} | " if subtitle else ""
    site_title = context.get("site_title") or _("Django site admin")
    return mark_safe(f"{error}{subtitle}{_text(context.get('title'), context)} | {_text(site_title, context)}")


def page_style(context) -> str:
    cl = context["cl"]
    forms_css = (f'\n    <link rel="stylesheet" href="{static("admin/css/forms.css")}">\n  ' if cl.formset else "")
    jsi18n = ""
    if cl.formset or context.get("action_form"):
        url = reverse("admin:jsi18n", current_app=cl.model_admin.admin_site.name)
        jsi18n = f'\n    <script src="{url}"></script>\n  '
    style = ("\n    <style>\n      #changelist table thead th:first-child {width: inherit}\n    </style>\n  "
             if not context.get("actions_on_top") and not context.get("actions_on_bottom") else "")
    return mark_safe(f'\n  <link rel="stylesheet" href="{static("css/admin.css")}">\n'
                     f'  <link rel="stylesheet" href="{static("admin/css/changelists.css")}">\n  {forms_css}\n'
                     f'  {jsi18n}\n  {_text(context["media"]["css"], context)}\n  {style}\n')


def page_scripts(context) -> str:
    return mark_safe(f'\n<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">\n'
                     f'{_text(context["media"]["js"], context)}\n'
                     f'<script src="{static("admin/js/filters.js")}" defer></script>\n')


def page_breadcrumbs(context) -> str:
    opts, site = context["cl"].opts, context["cl"].model_admin.admin_site.name
    return mark_safe(
        f'\n<div class="breadcrumbs">\n<a href="{reverse("admin:index", current_app=site)}">'
        f'{html_escape(_("Home"))}</a>\n&rsaquo; <a href="'
        f'{reverse("admin:app_list", kwargs={"app_label": opts.app_label}, current_app=site)}">'
        f"{_text(opts.app_config.verbose_name, context)}</a>\n"
        f"&rsaquo; {html_escape(str(capfirst(opts.verbose_name_plural)))}\n</div>\n")

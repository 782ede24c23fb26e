"""A read-only related object on an admin page is a link to its page only when the viewer may open that page.

Django's AdminReadonlyField.get_admin_url links it whatever the viewer's permissions: DoIT staff, who may not view
users, were sent to a 403 by an expenditure's "Người ghi" or a report's "Người gửi". PortalAdmin gives its forms,
and its inlines' forms, the request (RequestFormsMixin); install_permitted_links, called once at start-up
(plan.apps), writes the object as plain text when that request's user may not view it in the admin.
"""

from django.contrib.admin import helpers


def _with_request(form_class, request):
    return type(form_class.__name__, (form_class,), {"admin_request": request})


class RequestFormsMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_request(super().get_form(request, obj, change=change, **kwargs), request)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = _with_request(formset.form, request)  # a class made for this call by the factory
            yield formset, inline


def install_permitted_links():
    original = helpers.AdminReadonlyField.get_admin_url
    if getattr(original, "permitted_only", False):
        return

    def get_admin_url(self, remote_field, remote_obj):
        request = getattr(self.form, "admin_request", None)
        site = getattr(self.model_admin, "admin_site", None)
        related_admin = site._registry.get(remote_field.model) if site is not None else None
        if request is None or related_admin is None or not related_admin.has_view_permission(request, remote_obj):
            return str(remote_obj)  # as Django writes an object without an admin page
        return original(self, remote_field, remote_obj)

    get_admin_url.permitted_only = True
    helpers.AdminReadonlyField.get_admin_url = get_admin_url

"""Helpers for tests that post the admin's forms back as a browser would."""


def admin_form_data(response) -> dict:
    """What the browser sends back from an admin change page as drawn: the form's and its inlines' values."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = value if not isinstance(value, bool) else "on"

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data

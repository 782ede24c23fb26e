"""The news body's editor: a textarea enhanced with a vendored WYSIWYG editor (pell).

Whatever the browser sends is still cleaned by outreach.text on save; the editor is a convenience.
"""

from django import forms


class RichTextarea(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__(attrs={"data-richtext": "1", "rows": 20, "class": "vLargeTextField", **(attrs or {})})

    class Media:
        css = {"all": ("vendor/pell/pell.min.css", "css/richtext.css")}
        js = ("vendor/pell/pell.min.js", "js/richtext.js")

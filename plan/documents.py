"""Official documents as PDF: a Django template in the Decree 30/2020/NĐ-CP format, rendered by WeasyPrint.

Any app may use it (training certificates, the city's reports). Child templates extend
`print/document.html` and fill its blocks (issuer, number, date, title, body, recipients, signature).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` and return the PDF's bytes.

    Relative URLs in the HTML (images, stylesheets) resolve against the project's BASE_DIR.
    WeasyPrint is imported here so that importing this module stays cheap for the web process.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, {"document_date": timezone.localdate(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

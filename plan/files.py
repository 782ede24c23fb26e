"""Serving uploaded files. Uploads are never under a public URL: each goes through a view that first
decides who may see the record, then hands the file over with this helper."""

import mimetypes
import os

from django.http import FileResponse, Http404


def file_response(field_file, *, as_attachment=False):
    """A streaming response for a FieldFile; a missing file is a 404, never a 500."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    name = os.path.basename(field_file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=as_attachment, filename=name, content_type=content_type)

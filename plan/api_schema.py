"""The error answers of the API, documented once for every operation: a drf-spectacular postprocessing hook
(SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

drf-spectacular documents what an operation answers when it succeeds. Which errors it gives follows from what
its view is, so they are derived here from the view, rather than written on every endpoint:

- 400, the fields refused, each with its messages: every POST, PUT and PATCH (the body is validated, and the
  service may refuse the change); a list whose documented query parameters its filter backends validate (any
  filter of a FilterSet can refuse a value: a number, a date, a choice, and a text filter refuses a NUL character;
  so does `search`). A view that validates its own query parameters declares `400` in its extend_schema
  responses, without a body: the body is added here.
- 401: every operation. Where the permissions want a user, a request without credentials; everywhere, a token
  that is not valid (TokenAuthentication refuses it before any permission is asked, on an open endpoint too).
- 403: where the permissions refuse some signed-in users. An open endpoint (AllowAny, a public read) never does.
- 404: every path that names an object (none with that id, or none the user may see: the same answer), and every
  paginated list (a page past the last).
- 409: a DELETE that can succeed, of a row that others may still point to (sxsh_portal.api_exceptions.InUse).

Every error has the same body, the `Error` component; an error response that an endpoint declares without a
body, or with any object (OpenApiTypes.OBJECT) as its body, gets it too. An open operation's `security` also
lists `{}`: it needs no credentials (drf-spectacular knows AllowAny, not the portal's public reads).
"""

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.plumbing import get_manager, get_view_model
from rest_framework.filters import SearchFilter
from rest_framework.test import APIRequestFactory

ERROR = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR}"}
_ERROR_OBJECT = {
    "type": "object",
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {"oneOf": [{"type": "array", "items": {}}, {"type": "object"}]},
}
ERROR_SCHEMA = {
    "description": (
        "An error. `detail` says what went wrong, in the request's language (Vietnamese; English with "
        "`Accept-Language: en`). A 400 names instead each field it refuses, the body's or a query parameter's: "
        "the field → its messages (an object for a nested field), and `non_field_errors` (or `detail`) for what "
        "concerns no one field."
    ),
    **_ERROR_OBJECT,
    "example": {"detail": "Không tìm thấy."},
}

WRITES = {"POST", "PUT", "PATCH"}


def anonymous_request(view, method: str, path: str = "/"):
    """A request of `method` by an anonymous user, as the view sees it (its get_queryset's visible_to gives an
    empty queryset: no query is made)."""
    request = view.initialize_request(APIRequestFactory().generic(method.upper(), path))
    request.user = AnonymousUser()
    return request


def is_open(view, method: str, path: str = "/") -> bool:
    """Whether anyone, signed in or not, passes the view's permissions for `method`: AllowAny, a public read."""
    request = anonymous_request(view, method, path)
    return all(permission.has_permission(request, view) for permission in view.get_permissions())


def validated_query_names(view) -> set[str]:
    """The query parameters the view's filter backends validate (a 400 when refused): its FilterSet's, and
    SearchFilter's `search` (DRF refuses a NUL character in it). `view.request` must be set (anonymous_request)."""
    backends = getattr(view, "filter_backends", [])
    names = {backend.search_param for backend in backends if issubclass(backend, SearchFilter)}
    filtersets = [backend for backend in backends if issubclass(backend, DjangoFilterBackend)]
    model = get_view_model(view) if filtersets else None
    for backend in filtersets if model is not None else []:
        filterset_class = backend().get_filterset_class(view, get_manager(model).none())
        names |= set(filterset_class.base_filters) if filterset_class else set()
    return names


def held_by_others(model, seen=None) -> bool:
    """Whether deleting a row of `model` can be refused because rows point to it with PROTECT or RESTRICT, or to
    a row its deletion cascades to."""
    seen = set() if seen is None else seen
    if model in seen:
        return False
    seen.add(model)
    for relation in model._meta.related_objects:
        on_delete = getattr(relation, "on_delete", None)
        if on_delete in (models.PROTECT, models.RESTRICT):
            return True
        if on_delete is models.CASCADE and held_by_others(relation.related_model, seen):
            return True
    return False


def _views(generator) -> dict:
    """(path, method) → a view instance, made as drf-spectacular made the one it documented."""
    views = {}
    for path, _regex, method, callback in generator.endpoints or []:
        view = generator.create_view(callback, method)
        views[(generator.coerce_path(path, method, view), method.lower())] = view
    return views


def error_responses(view, method: str, path: str, operation: dict) -> dict[str, str]:
    """Status → description of the errors the operation can give (see the module's docstring)."""
    method = method.upper()
    if view is not None:
        view.request = anonymous_request(view, method, path)
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    succeeds = any(code.startswith("2") for code in operation.get("responses", {}))
    names_object = "{" in path
    errors = {}
    if method in WRITES:
        errors["400"] = "Refused: each field refused (of the body) with its messages, or why the change is not allowed."
    elif method == "GET" and view is not None and query & validated_query_names(view):
        errors["400"] = "A query parameter refused: each one named with its messages."
    if view is None or not is_open(view, method, path):
        errors["401"] = "No credentials, or a token that is not valid."
        errors["403"] = "Signed in, but the user's role may not do this."
    else:
        errors["401"] = "A token that is not valid (the endpoint is open: send none, or a valid one)."
    paginator = getattr(view, "pagination_class", None)
    if names_object:
        errors["404"] = "No such object, or none the user may see: the same answer either way."
    elif paginator is not None and getattr(paginator, "page_query_param", None) in query:
        errors["404"] = "No such page."
    if method == "DELETE" and succeeds and view is not None:
        model = get_view_model(view)
        if model is not None and held_by_others(model):
            errors["409"] = "Other records still point to it: the message says which, and how many."
    return errors


def _generic_body(response: dict) -> bool:
    """Whether a response has no body, or a JSON body that is any object (OpenApiTypes.OBJECT): no more than the
    Error component says."""
    content = response.get("content")
    if not content:
        return True
    schema = content.get("application/json", {}).get("schema") if len(content) == 1 else None
    return schema is not None and schema.get("type") == "object" and set(schema) <= {"type", "additionalProperties"}


def document_error_responses(result, generator, request, public):
    """The postprocessing hook: every operation's error responses, with the shared Error body."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR] = ERROR_SCHEMA
    views = _views(generator)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            view = views.get((path, method))
            responses = operation["responses"]
            for status, description in error_responses(view, method, path, operation).items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status.startswith("4") and _generic_body(response):
                    response["content"] = {"application/json": {"schema": ERROR_REF}}
            operation["responses"] = dict(sorted(responses.items()))
            security = operation.get("security")
            if view is not None and security and {} not in security and is_open(view, method.upper(), path):
                security.append({})
    return result

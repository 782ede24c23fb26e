"""Fields shared by the API's serializers."""

from rest_framework import serializers


def code_or_none(data, model, field_name: str) -> str | None:
    """`data` as the code (of a district, a sector, a budget line) it may be, or None when it cannot be one: not text or
    a whole number, holding a control character (PostgreSQL refuses a NUL: the request failed with a 500), or longer
    than the column. So a look-up is made only for a value that a code could be."""
    if isinstance(data, bool) or not isinstance(data, (str, int)):
        return None
    code = str(data)
    max_length = model._meta.get_field(field_name).max_length
    if not code.isprintable() or (max_length and len(code) > max_length):
        return None
    return code


def shown(data) -> str:
    """A value as an error message may quote it: printable, at most 40 characters."""
    text = str(data)
    return "".join(ch if ch.isprintable() else "?" for ch in text[:40]) + ("…" if len(text) > 40 else "")


class CodeRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField for a code, which refuses a value that cannot be a code (see code_or_none) as it refuses
    an unknown code, before any query."""

    def to_internal_value(self, data):
        code = code_or_none(data, self.get_queryset().model, self.slug_field)
        if code is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=shown(data))
        return super().to_internal_value(code)


def body_object(data):
    """`data` (a request's body) when it is a JSON object; otherwise DRF's own 400, as Serializer.to_internal_value
    gives it ("Expected a dictionary, but got list", from DRF's catalogue): a body of [1] or "abc" failed with a 500
    where code read it as a mapping (a partial update's merge, request.data.get)."""
    from collections.abc import Mapping

    from rest_framework.settings import api_settings

    if not isinstance(data, Mapping):
        message = serializers.Serializer.default_error_messages["invalid"].format(datatype=type(data).__name__)
        raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
    return data


class AbsoluteURLField(serializers.URLField):
    """A path of the portal (a page, a permission-checked download) as the absolute URL an API client needs, with
    the request's scheme and host; null for no path (None or empty: give allow_null=True then). The path is the
    attribute named by `source`, or `path(obj)`. Read only; the schema says string, format uri."""

    def __init__(self, path=None, **kwargs):
        self.path = path
        kwargs["read_only"] = True
        if path is not None:
            kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, value):
        value = self.path(value) if self.path is not None else value
        if not value:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(str(value)) if request is not None else str(value)


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """DRF's PrimaryKeyRelatedField over the objects the request's user may see (the model's `visible_to`): an id
    outside the user's scope is refused with the very message of an id that does not exist, so a client cannot
    tell which ids exist in other districts or facilities."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return queryset.visible_to(user) if user is not None else queryset.none()

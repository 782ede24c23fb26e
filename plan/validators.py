"""Checks of values every app takes from people: a telephone number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 .()\-]+$")


def validate_phone(value: str) -> None:
    """A telephone number as people write it in Vietnam: digits with spaces, dots, dashes or brackets, an optional
    leading +; 8 to 15 digits (0243 555 0101, 0912.345.678, +84 24 3555 0101, 1900 1234)."""
    if not value:
        return
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.match(value) or not 8 <= digits <= 15:
        raise ValidationError(_("Số điện thoại không hợp lệ: chỉ gồm 8–15 chữ số (có thể có dấu cách, dấu chấm, "
                                "dấu gạch ngang, dấu ngoặc, dấu + ở đầu)."), code="invalid_phone")

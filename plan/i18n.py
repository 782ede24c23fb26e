"""Bilingual fields: the Vietnamese text is the field itself, the English one has the suffix `_en`."""

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """The English text when the page is in English and one exists, the Vietnamese otherwise."""
    if (get_language() or "vi").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)

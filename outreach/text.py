"""Accent-insensitive search and rich-text sanitising for the e-information section."""

import re
import unicodedata

import nh3

_SPACES = re.compile(r"\s+")


def search_normalize(text: str) -> str:
    """Lower case, without Vietnamese diacritics, single spaces: "Sản xuất SẠCH hơn" → "san xuat sach hon".

    Stored in a column by the services, so the same search works on SQLite and PostgreSQL. Control characters
    become spaces: no text holds them, and PostgreSQL refuses a NUL in a query ("?q=%00").
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(" " if unicodedata.category(ch) == "Cc" else ch
                       for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "code", "pre",
    "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


def sanitize_html(html: str) -> str:
    """Keep the editor's formatting; drop scripts, event handlers, styles and javascript: links."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")

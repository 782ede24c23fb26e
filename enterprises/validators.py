"""Rules of the registry that forms, imports and the API share: tax codes and size classes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

_TEN = re.compile(r"^\d{10}$")
_BRANCH = re.compile(r"^\d{10}-\d{3}$")
_PERSONAL = re.compile(r"^\d{12}$")  # household businesses since 1 July 2025: personal ID, no check digit

# Decree 80/2021/NĐ-CP art. 5, industry and construction: (size, max workers, max revenue, max capital).
SIZE_LIMITS = (
    ("micro", 10, 3_000_000_000, 3_000_000_000),
    ("small", 100, 50_000_000_000, 20_000_000_000),
    ("medium", 200, 200_000_000_000, 100_000_000_000),
)


def tax_code_normalize(value: str) -> str:
    return (value or "").strip().replace(" ", "")


def validate_tax_code(value: str) -> None:
    """10 digits, or 10 + '-' + a 3-digit branch (never 000), check digit verified; or a 12-digit personal ID."""
    code = tax_code_normalize(value)
    if _PERSONAL.match(code):
        return
    if not (_TEN.match(code) or _BRANCH.match(code)):
        raise ValidationError(
            _("Mã số thuế %(code)s sai độ dài: cần 10 chữ số, hoặc 10 chữ số kèm mã chi nhánh -001."),
            code="length", params={"code": value},
        )
    if code.endswith("-000"):
        raise ValidationError(_("Mã chi nhánh của mã số thuế %(code)s không được là 000."), code="branch",
                              params={"code": value})
    try:
        mst.validate(code)
    except InvalidChecksum as exc:
        raise ValidationError(_("Mã số thuế %(code)s sai chữ số kiểm tra."), code="checksum",
                              params={"code": value}) from exc
    except StdnumError as exc:
        raise ValidationError(_("Mã số thuế %(code)s không hợp lệ."), code="invalid", params={"code": value}) from exc


def size_class_for(*, workers: int, revenue_vnd: int | None, capital_vnd: int | None) -> str:
    """The size class by Decree 80/2021: workers within the cap and either revenue or capital within its limit."""
    for size, max_workers, max_revenue, max_capital in SIZE_LIMITS:
        if workers <= max_workers and (
            (revenue_vnd is not None and revenue_vnd <= max_revenue)
            or (capital_vnd is not None and capital_vnd <= max_capital)
        ):
            return size
    return "large"


def size_matches_workers(size: str, workers: int) -> bool:
    """A size class contradicts the workers when the workers exceed its cap (or fit a smaller one for large)."""
    caps = {s: w for s, w, _r, _c in SIZE_LIMITS}
    if size == "large":
        return True  # a large enterprise may have few workers but big revenue and capital
    return workers <= caps[size]

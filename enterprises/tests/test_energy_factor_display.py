"""An energy factor reads as officials write numbers: "1 kWh điện = 3,6 MJ", not the field's "3.6000" (found by QA:
the admin's lists and drop-downs showed "0.0001000")."""

from decimal import Decimal

import pytest
from django.utils import translation

from enterprises.models import EnergyFactor


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("0.0001000"), "0,0001"),
    (Decimal("3.6000"), "3,6"),
    (Decimal("41868.0000"), "41.868"),
    (Decimal("29307.6"), "29.307,6"),
    (Decimal("100.0000"), "100"),
])
def test_the_factor_is_written_the_vietnamese_way_without_trailing_zeros(value, shown):
    factor = EnergyFactor(resource="electricity", unit="kWh", mj_per_unit=value)
    with translation.override("vi"):
        assert str(factor) == f"1 kWh điện = {shown} MJ"


def test_in_english_the_factor_takes_the_english_separators():
    factor = EnergyFactor(resource="oil", unit="kg", mj_per_unit=Decimal("41868.5000"))
    with translation.override("en"):
        assert str(factor).endswith(" = 41,868.5 MJ")


@pytest.mark.django_db
def test_a_stored_factor_is_written_without_the_columns_trailing_zeros():
    stored = EnergyFactor.objects.create(resource="electricity", unit="MWh", mj_per_unit=Decimal("3600"),
                                         source="1 MWh = 3.600 MJ")
    stored.refresh_from_db()  # the column gives back 3600.0000
    with translation.override("vi"):
        assert str(stored) == "1 MWh điện = 3.600 MJ"

import datetime

import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory
from enterprises.validators import size_class_for, validate_tax_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["0100109106", "0314409058-002", "012345678901"])
def test_valid_tax_codes_pass(code):
    validate_tax_code(code)


def test_a_wrong_check_digit_is_refused_with_its_reason():
    with pytest.raises(ValidationError) as exc:
        validate_tax_code("0101234567")
    assert "chữ số kiểm tra" in exc.value.messages[0]


@pytest.mark.parametrize("code", ["010010910", "01001091061", "0100109106-00", "0100109106-000"])
def test_wrong_lengths_and_branch_000_are_refused(code):
    with pytest.raises(ValidationError):
        validate_tax_code(code)


def test_size_classes_follow_decree_80():
    assert size_class_for(workers=10, revenue_vnd=3_000_000_000, capital_vnd=None) == "micro"
    assert size_class_for(workers=10, revenue_vnd=4_000_000_000, capital_vnd=2_000_000_000) == "micro"
    assert size_class_for(workers=11, revenue_vnd=1, capital_vnd=None) == "small"
    assert size_class_for(workers=100, revenue_vnd=60_000_000_000, capital_vnd=20_000_000_000) == "small"
    assert size_class_for(workers=150, revenue_vnd=1, capital_vnd=None) == "medium"
    assert size_class_for(workers=201, revenue_vnd=1, capital_vnd=1) == "large"
    assert size_class_for(workers=50, revenue_vnd=300_000_000_000, capital_vnd=200_000_000_000) == "large"


def test_a_size_contradicting_the_workers_is_refused(plan_loaded):
    e = EnterpriseFactory.build(size=Enterprise.Size.MICRO, workers=50, revenue_vnd=1)
    with pytest.raises(ValidationError) as exc:
        e.full_clean()
    assert "size" in exc.value.message_dict


def test_active_as_of_counts_registration_and_closing(plan_loaded):
    EnterpriseFactory(registered_on=datetime.date(2017, 1, 1))
    EnterpriseFactory(registered_on=datetime.date(2016, 1, 1), status="closed", closed_on=datetime.date(2018, 6, 1))
    assert Enterprise.objects.active_as_of(datetime.date(2016, 6, 1)).filter(name__startswith="Công ty").count() == 1
    assert Enterprise.objects.active_as_of(datetime.date(2017, 6, 1)).filter(name__startswith="Công ty").count() == 2
    assert Enterprise.objects.active_as_of(datetime.date(2018, 6, 1)).filter(name__startswith="Công ty").count() == 1

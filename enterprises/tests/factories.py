import datetime

import factory
from stdnum.vn import mst

from enterprises.models import Assessment, AssessmentRequest, CPOption, Enterprise, Sector
from plan.models import AdministrativeUnit


def valid_tax_code(n: int) -> str:
    """A distinct valid 10-digit tax code for each n (prefixes whose check digit would be 10 are skipped)."""
    prefix = f"01{n * 2:07d}"
    if mst.calc_check_digit(prefix) == "10":
        prefix = f"01{n * 2 + 1:07d}"
    return prefix + mst.calc_check_digit(prefix)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    tax_code = factory.Sequence(lambda n: valid_tax_code(n + 100))
    name = factory.Sequence(lambda n: f"Công ty {n}")
    district = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="001"))
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="10"))
    size = Enterprise.Size.SMALL
    workers = 50
    revenue_vnd = 10_000_000_000
    registered_on = datetime.date(2016, 1, 1)


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRequest

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = AssessmentRequest.Kind.RAPID_ASSESSMENT
    year = 2017


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    request = factory.SubFactory(RequestFactory, status=AssessmentRequest.Status.DONE)
    date = datetime.date(2017, 5, 1)
    consultant = "Trung tâm Tiết kiệm năng lượng Hà Nội"
    consultancy_cost_vnd = 100_000_000
    support_vnd = 40_000_000


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CPOption

    assessment = factory.SubFactory(AssessmentFactory)
    category = CPOption.Category.GOOD_HOUSEKEEPING
    description = "Sửa rò rỉ hơi"

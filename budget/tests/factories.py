import datetime

import factory

from budget.models import BudgetLine, Estimate, Expenditure


def line(code: str) -> BudgetLine:
    return BudgetLine.objects.select_related("section__plan").get(code=code)


class EstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estimate

    line = factory.LazyFunction(lambda: line("II.1"))
    year = 2016
    quantity = 8
    amount_vnd = 640_000_000
    decision_number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decision_date = datetime.date(2015, 12, 10)


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    line = factory.LazyFunction(lambda: line("II.1"))
    year = 2016
    date = factory.Sequence(lambda n: datetime.date(2016, 1, 1) + datetime.timedelta(days=n % 360))
    amount_vnd = 10_000_000
    description = factory.Sequence(lambda n: f"Chi lớp tập huấn {n}")
    voucher_number = factory.Sequence(lambda n: f"PC-{n:05d}")

import factory

from plan.models import AdministrativeUnit, ReportingPeriod
from reports.models import DistrictReport, DistrictReportFigure, FigureCode


class DistrictReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictReport
        skip_postgeneration_save = True

    period = factory.LazyFunction(lambda: ReportingPeriod.objects.get(code="2017S1"))
    district = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="001"))
    difficulties = factory.Sequence(lambda n: f"Khó khăn số {n}")
    proposals = factory.Sequence(lambda n: f"Đề xuất số {n}")

    @factory.post_generation
    def figures(self, create, extracted, **kwargs):
        if not create:
            return
        values = extracted or {}
        DistrictReportFigure.objects.bulk_create([
            DistrictReportFigure(report=self, code=code, registry_value=values.get(code)) for code in FigureCode.values
        ])

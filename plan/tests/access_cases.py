from tests.access import Case, public

CASES = [
    Case("plan:detail", public(200)),
    Case("v1:plan-list", public(200), api=True),
    Case("v1:plan-detail", public(200), kwargs=lambda p: {"pk": __import__("plan.models").models.Plan.objects.get().pk}, api=True),
    Case("v1:target-list", public(200), api=True),
    Case("v1:target-detail", public(200), kwargs=lambda p: {"pk": __import__("plan.models").models.Target.objects.get(code="T1").pk}, api=True),
    Case("v1:administrative-unit-list", public(200), api=True),
    Case("v1:administrative-unit-detail", public(200), kwargs={"code": "001"}, api=True),
    Case("v1:reporting-period-list", public(200), api=True),
    Case("v1:reporting-period-detail", public(200), kwargs=lambda p: {"pk": __import__("plan.models").models.ReportingPeriod.objects.get(code="2017S1").pk}, api=True),
]

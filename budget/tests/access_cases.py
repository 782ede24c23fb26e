from tests.access import CITY_READERS, Case, api_login_required, page_login_required, public, statuses


def _estimate_pk(personas):
    from budget.models import BudgetLine, Estimate

    estimate, _ = Estimate.objects.get_or_create(line=BudgetLine.objects.get(code="II.1"), year=2016,
                                                 defaults={"quantity": 8, "amount_vnd": 640_000_000})
    return {"pk": estimate.pk}


def _expenditure_pk(personas):
    import datetime

    from budget.models import BudgetLine, Expenditure

    expenditure, _ = Expenditure.objects.get_or_create(
        voucher_number="PC-ACCESS", defaults={"line": BudgetLine.objects.get(code="II.1"), "year": 2016,
                                              "date": datetime.date(2016, 3, 1), "amount_vnd": 5_000_000,
                                              "description": "access"})
    return {"pk": expenditure.pk}


_NEW_ESTIMATE = {"line": "I.2", "year": 2017, "quantity": 3, "amount_vnd": 240_000_000,
                 "decision_number": "1/QĐ-UBND", "decision_date": "2016-12-09"}
_NEW_EXPENDITURE = {"line": "I.2", "year": 2017, "date": "2017-04-02", "amount_vnd": 80_000_000,
                    "description": "Hội thảo"}
# Writes: DoIT staff only; readers without the add permission 403; anonymous 401.
_WRITE = statuses(403, doit_staff=201, anonymous=401)

CASES = [
    Case("budget:appendix", public(200)),
    Case("budget:appendix-xlsx", public(200)),
    Case("budget:execution", page_login_required(allowed=["doit_staff", "department_viewer"])),
    Case("v1:budget-line-list", public(200), api=True),
    Case("v1:budget-line-detail", public(200), kwargs={"code": "IV.1"}, api=True),
    Case("v1:budget-summary", public(200), api=True),
    Case("v1:budget-estimate-list", api_login_required(allowed=CITY_READERS), api=True),
    Case("v1:budget-estimate-detail", api_login_required(allowed=CITY_READERS), kwargs=_estimate_pk, api=True),
    Case("v1:budget-estimate-list", _WRITE, method="post", data=_NEW_ESTIMATE, api=True),
    Case("v1:budget-estimate-detail", statuses(403, doit_staff=200, anonymous=401), kwargs=_estimate_pk,
         method="patch", data={"amount_vnd": 600_000_000}, api=True),
    Case("v1:budget-estimate-detail", statuses(403, doit_staff=204, anonymous=401), kwargs=_estimate_pk,
         method="delete", api=True),
    Case("v1:budget-expenditure-list", api_login_required(allowed=CITY_READERS), api=True),
    Case("v1:budget-expenditure-detail", api_login_required(allowed=CITY_READERS), kwargs=_expenditure_pk, api=True),
    Case("v1:budget-expenditure-list", _WRITE, method="post", data=_NEW_EXPENDITURE, api=True),
    Case("v1:budget-expenditure-detail", statuses(403, doit_staff=200, anonymous=401), kwargs=_expenditure_pk,
         method="patch", data={"amount_vnd": 6_000_000}, api=True),
    # an expenditure is never deleted (audit): even DoIT staff get 405
    Case("v1:budget-expenditure-detail", statuses(403, doit_staff=405, anonymous=401), kwargs=_expenditure_pk,
         method="delete", api=True),
]


def _expenditure_with_scan(personas):
    from django.core.files.base import ContentFile

    kwargs = _expenditure_pk(personas)
    from budget.models import Expenditure

    expenditure = Expenditure.objects.get(pk=kwargs["pk"])
    if not expenditure.attachment:
        expenditure.attachment.save("chung-tu.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    return kwargs


CASES.append(Case("budget:expenditure-attachment", page_login_required(allowed=CITY_READERS, denied=404),
                  kwargs=_expenditure_with_scan))
CASES.append(Case("v1:budget-expenditure-attachment", api_login_required(allowed=CITY_READERS),
                  kwargs=_expenditure_with_scan, api=True))

"""Pages of the budget: the public appendix (and its xlsx), and the staff execution page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from budget.exports import appendix_xlsx
from budget.models import Expenditure
from budget.selectors import appendix_table, execution_table, over_estimate_line_years
from plan.files import file_response
from plan.roles import Role, role_of

EXECUTION_ROLES = {Role.DOIT_STAFF, Role.DEPARTMENT_VIEWER}


def appendix(request):
    """The appendix of the decision: sections I–IV, lines, quantities and amounts per year, in nghìn đồng."""
    return render(request, "budget/appendix.html", {"table": appendix_table()})


def appendix_download(request):
    response = HttpResponse(
        appendix_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="phu-luc-kinh-phi-5768.xlsx"'
    return response


@login_required
def execution(request):
    """Planned ↔ approved estimate ↔ spent, remainder and rate, per line, section and year (DoIT, Finance)."""
    if role_of(request.user) not in EXECUTION_ROLES:
        raise PermissionDenied
    table = execution_table()
    selected = request.GET.get("nam", "")
    # Compared as text, not through int(): "²".isdigit() is True but int("²") raises.
    year = next((y for y in table["years"] if str(y) == selected), None)
    chart = {
        "labels": [str(y["year"]) for y in table["years_total"]],
        "planned": [y["amount_vnd"] // 1000 for y in table["years_total"]],
        "estimate": [y["estimate_vnd"] // 1000 for y in table["years_total"]],
        "spent": [y["spent_vnd"] // 1000 for y in table["years_total"]],
    }
    return render(request, "budget/execution.html", {
        "table": table, "year": year, "chart": chart, "over": over_estimate_line_years(table["plan"]),
    })


@login_required
def expenditure_attachment(request, pk):
    """An expenditure's voucher scan, for those who may read the expenditures (DoIT, Finance, API clients)."""
    # every row of a correction chain keeps its scan readable
    expenditure = get_object_or_404(Expenditure.all_objects.visible_to(request.user), pk=pk)
    return file_response(expenditure.attachment, as_attachment=True)

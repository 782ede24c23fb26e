"""Permissions this app grants beyond the city-wide defaults of plan.roles.

The appendix (sections, lines, planned quantities) is public; estimates and expenditures are read only by
DoIT staff, department viewers and API clients (the defaults), so district officials and enterprises get
only the view permissions of the appendix.
"""

_READ_APPENDIX = ["budget.view_budgetsection", "budget.view_budgetline", "budget.view_plannedquantity"]

ROLE_PERMISSIONS = {
    "district_official": _READ_APPENDIX,
    "enterprise_user": _READ_APPENDIX,
}

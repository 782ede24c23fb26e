"""Permissions this app grants beyond the city-wide defaults of plan.roles."""

# The plan's reference data is public; district officials and enterprises may read it in the admin API too.
_READ_REFERENCE = [
    "plan.view_plan",
    "plan.view_target",
    "plan.view_administrativeunit",
    "plan.view_reportingperiod",
]

ROLE_PERMISSIONS = {
    "district_official": _READ_REFERENCE,
    "enterprise_user": _READ_REFERENCE,
}

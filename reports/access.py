"""Permissions this app grants beyond the city-wide defaults of plan.roles. Scope is `visible_to`."""

ROLE_PERMISSIONS = {
    "district_official": [
        "reports.view_districtreport", "reports.add_districtreport", "reports.change_districtreport",
        "reports.view_districtreportfigure",
        "reports.view_districtplan", "reports.add_districtplan", "reports.change_districtplan",
        "reports.view_cityreportjob", "reports.add_cityreportjob",
    ],
}

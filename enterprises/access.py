"""Permissions this app grants beyond the city-wide defaults; which rows is always `visible_to`."""

_REFERENCE = [
    "enterprises.view_sector",
    "enterprises.view_industrialarea",
    "enterprises.view_consumptionnorm",
    "enterprises.view_energyfactor",
    "enterprises.view_casestudy",
    "enterprises.view_batbep",
]

ROLE_PERMISSIONS = {
    # Their own district's facilities and what hangs off them (scope: Enterprise.objects.visible_to).
    "district_official": _REFERENCE + [
        "enterprises.view_enterprise", "enterprises.change_enterprise",
        "enterprises.view_awarenessrecord", "enterprises.add_awarenessrecord", "enterprises.change_awarenessrecord",
        "enterprises.view_cpofficer", "enterprises.add_cpofficer", "enterprises.change_cpofficer",
        "enterprises.view_assessmentrequest", "enterprises.view_assessment", "enterprises.view_cpoption",
        "enterprises.view_investmentproject",
        "enterprises.view_consumptionrecord", "enterprises.change_consumptionrecord",
    ],
    "enterprise_user": _REFERENCE + [
        "enterprises.view_enterprise",
        "enterprises.view_assessmentrequest", "enterprises.add_assessmentrequest",
        "enterprises.view_assessment", "enterprises.view_cpoption", "enterprises.view_investmentproject",
        # Their own facility's figures: they add, correct and delete them (district officials correct their
        # district's; DoIT staff any facility's).
        "enterprises.view_consumptionrecord", "enterprises.add_consumptionrecord",
        "enterprises.change_consumptionrecord", "enterprises.delete_consumptionrecord",
    ],
}

"""Permissions this app grants beyond the city-wide defaults of plan.roles.

News, documents and events are public through pages and PublicReadModelPermissions; outreach activities
(with their costs) are for the city-wide roles, which get every view permission by default.
"""

ROLE_PERMISSIONS: dict = {}

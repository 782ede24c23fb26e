"""Permissions this app grants beyond the city-wide defaults of plan.roles.

Nothing more: classes are read through public pages and the public API; participants' personal data is
for DoIT staff and department viewers only (the API checks the role on top of the model permission).
"""

ROLE_PERMISSIONS: dict = {}

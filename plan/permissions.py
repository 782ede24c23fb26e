"""API permissions shared by every app's viewsets."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ScopedModelPermissions(DjangoModelPermissions):
    """Model permissions, reads included; which rows a user sees is the queryset's `visible_to`."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class PublicReadModelPermissions(ScopedModelPermissions):
    """Anyone reads (public reference data); writes need the model permission."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)

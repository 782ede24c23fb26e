"""Admin deletions through the app's service, for one row and for "delete selected" alike."""

from django.db import transaction


class DeletedByService:
    """A model admin whose rows are deleted by its app's service, through `delete_through_service(obj, user)`, which
    each admin taking this mixin defines (what goes with the row: a seat freed, an awareness record, a posted
    cost), and refused where `delete_refusal(obj)` gives a reason: Django's confirmation page lists it as protected
    and offers no deletion. "Delete selected" deletes its rows one by one through the service, in one
    transaction: all or none."""

    def delete_refusal(self, obj) -> str | None:
        return None

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [reason for reason in (self.delete_refusal(obj) for obj in objs) if reason]
        return deleted, model_count, perms_needed, [*protected, *refusals]

    def delete_model(self, request, obj):
        self.delete_through_service(obj, request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_through_service(obj, request.user)

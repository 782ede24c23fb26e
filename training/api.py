"""/api/v1/training-classes/ (public classes for everyone, all for city-wide roles) and
/api/v1/participants/ (personal data: DoIT staff and department viewers only)."""

import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission

from plan.filters import PortalFilterSet, PortalRestFilterSet
from plan.permissions import PublicReadModelPermissions, ScopedModelPermissions
from training.models import Participant, Registration, TrainingClass, reads_personal_data


class TrainingClassSerializer(serializers.ModelSerializer):
    seats_taken = serializers.IntegerField(read_only=True, help_text="registrations pending or confirmed")
    status = serializers.ChoiceField(
        source="status_shown", choices=TrainingClass.StatusShown.choices, read_only=True, label=_("Trạng thái"),
        help_text="The status as the class's page shows it today: `cancelled` and `done` (held: certificates were "
                  "issued after its end) as recorded; a class recorded as planned or open is `running` from its "
                  "start date and `ended` once its end date has passed. Only a `planned` or `open` class takes "
                  "registrations (new ones are waitlisted once `seats_taken` reaches `capacity`).")

    class Meta:
        model = TrainingClass
        fields = ["id", "title", "audience", "description", "start_date", "end_date", "venue", "trainers",
                  "capacity", "seats_taken", "budget_line_code", "year", "cost_vnd", "status", "is_public"]


class ParticipantRegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ["id", "training_class", "status", "attended", "completed", "completed_on", "certificate_code"]


class ParticipantSerializer(serializers.ModelSerializer):
    enterprise = serializers.SlugRelatedField(slug_field="tax_code", read_only=True, allow_null=True)
    registrations = ParticipantRegistrationSerializer(many=True, read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "full_name", "position", "enterprise", "agency", "email", "phone", "registrations"]


class PersonalDataPermission(BasePermission):
    """Participants are personal data: DoIT staff and department viewers, never API clients or the public."""

    message = _("Dữ liệu cá nhân của học viên chỉ dành cho cán bộ Sở Công Thương và sở, ngành.")

    def has_permission(self, request, view):
        return reads_personal_data(request.user)


class TrainingClassFilter(PortalRestFilterSet):
    """?status= the status as shown today (the `status` the list gives), not the one recorded: ?status=open lists
    no class whose dates have passed."""

    status = django_filters.ChoiceFilter(choices=TrainingClass.StatusShown.choices, field_name="status_shown",
                                         label=_("Trạng thái"))

    class Meta:
        model = TrainingClass
        fields = ["year", "audience", "status"]


@extend_schema_view(
    list=extend_schema(summary="Training classes (appendix II.1)",
                       description="Public classes for everyone; DoIT staff, department viewers and API clients "
                                   "see every class. `status` (and ?status=) is the status as the class's page "
                                   "shows it today: a class whose dates have come is `running` or `ended`, never "
                                   "`open`."),
    retrieve=extend_schema(summary="One training class"),
)
class TrainingClassViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadModelPermissions]
    serializer_class = TrainingClassSerializer
    queryset = TrainingClass.objects.all()
    filterset_class = TrainingClassFilter
    search_fields = ["title", "venue"]
    ordering_fields = ["start_date", "year"]

    def get_queryset(self):
        return (TrainingClass.objects.visible_to(self.request.user).with_status_shown(timezone.localdate())
                .annotate(seats_taken=Count("registrations", filter=Q(registrations__status__in=[
                    Registration.Status.PENDING, Registration.Status.CONFIRMED])))
                ).order_by("-start_date", "id")


class ParticipantFilter(PortalFilterSet):
    """?enterprise= the facility's tax code, as the participants show it (it took the internal id before)."""

    enterprise = django_filters.CharFilter(field_name="enterprise__tax_code", label=_("mã số thuế của cơ sở"))

    class Meta:
        model = Participant
        fields = ["enterprise"]


@extend_schema_view(
    list=extend_schema(summary="Participants (personal data)",
                       description="Only DoIT staff and department viewers; 401 anonymous, 403 any other role."),
    retrieve=extend_schema(summary="One participant"),
)
class ParticipantViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ScopedModelPermissions, PersonalDataPermission]
    serializer_class = ParticipantSerializer
    queryset = Participant.objects.all()
    filterset_class = ParticipantFilter
    search_fields = ["full_name", "email"]

    def get_queryset(self):
        return (Participant.objects.visible_to(self.request.user).select_related("enterprise")
                .prefetch_related("registrations"))


ROUTES = [
    ("training-classes", TrainingClassViewSet, "training-class"),
    ("participants", ParticipantViewSet, "participant"),
]
api_urlpatterns: list = []

"""/api/v1/plans/, targets/, administrative-units/, reporting-periods/: public reference data."""

from rest_framework import serializers, viewsets

from plan.api_fast import ValuesListMixin
from plan.filters import AdministrativeUnitFilter, ReportingPeriodFilter
from plan.models import AdministrativeUnit, Plan, ReportingPeriod, Target
from plan.permissions import PublicReadModelPermissions


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "plan", "code", "text", "text_en", "measure", "target_value", "target_value_max", "unit",
                  "measurement", "measurement_en"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "code", "title", "title_en", "issuer", "decision_date", "start_year", "end_year",
                  "objective", "objective_en", "budget_source"]


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "type", "parent", "valid_from", "valid_to"]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "code", "kind", "start", "end", "due"]


class PublicReadOnlyViewSet(ValuesListMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadModelPermissions]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class PlanViewSet(PublicReadOnlyViewSet):
    queryset = Plan.objects.all()
    serializer_class = PlanSerializer


class TargetViewSet(PublicReadOnlyViewSet):
    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    filterset_fields = ["plan", "code"]


class AdministrativeUnitViewSet(PublicReadOnlyViewSet):
    queryset = AdministrativeUnit.objects.select_related("parent")
    serializer_class = AdministrativeUnitSerializer
    filterset_class = AdministrativeUnitFilter
    search_fields = ["name", "code"]
    lookup_field = "code"


class ReportingPeriodViewSet(PublicReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilter


ROUTES = [
    ("plans", PlanViewSet, "plan"),
    ("targets", TargetViewSet, "target"),
    ("administrative-units", AdministrativeUnitViewSet, "administrative-unit"),
    ("reporting-periods", ReportingPeriodViewSet, "reporting-period"),
]

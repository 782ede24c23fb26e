"""/api/v1/enterprises/, industrial-areas/, sectors/, assessment-requests/, assessments/, cp-options/,
investment-projects/, consumption-records/, consumption-norms/, case-studies/, bat-bep/: all through visible_to
(another district's row is a 404). Writes go through enterprises.services; a ValidationError is a 400 naming the
field.

Investment projects: demonstration models (model_kind=demonstration, not cancelled) are public, so that other
facilities can find and visit them; anyone, anonymous included, reads them (filter with ?model_kind=demonstration).
Every other project is read through visible_to; only DoIT staff write."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from enterprises import selectors, services
from enterprises.filters import (
    AssessmentRequestFilter,
    ConsumptionNormFilter,
    ConsumptionRecordFilter,
    EnterpriseFilter,
    IndustrialAreaFilter,
)
from enterprises.models import (
    Assessment,
    AssessmentRequest,
    BatBep,
    CaseStudy,
    ConsumptionNorm,
    ConsumptionRecord,
    CPOption,
    Enterprise,
    IndustrialArea,
    InvestmentProject,
    Sector,
)
from plan.api_fast import ValuesListMixin
from plan.api_fields import CodeRelatedField, VisiblePrimaryKeyRelatedField
from plan.models import AdministrativeUnit
from plan.permissions import PublicReadModelPermissions
from plan.roles import district_ids_of, is_doit, reads_city_wide


def _drf_error(exc: DjangoValidationError, renamed: dict | None = None):
    """DRF's 400 for a service's ValidationError; `renamed`: the model's field → the request's (decline_reason is
    sent as "reason"), so that the error names what the client sent."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    if renamed:
        detail = {renamed.get(key, key): messages for key, messages in detail.items()}
    return serializers.ValidationError(detail)


# One answer for an id that does not exist and for one outside the user's scope (VisiblePrimaryKeyRelatedField).
NO_SUCH_FACILITY = {"does_not_exist": gettext_lazy("Không có cơ sở này.")}
NO_SUCH_REQUEST = {"does_not_exist": gettext_lazy("Không có yêu cầu này.")}


class ServiceSavedSerializer(serializers.ModelSerializer):
    """Creates and updates through the app's service (`save_with(instance, user)`), so the API applies the
    same rules, cost postings and history as the pages; a service's ValidationError becomes a 400, and a row deleted
    by someone else since this request loaded it (services.RecordGone) a 404 saying so."""

    save_with = None

    def _save(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        try:
            return type(self).save_with(instance, self.context["request"].user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        except services.RecordGone as exc:
            raise NotFound(str(exc)) from exc

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "name", "name_en"]


class IndustrialAreaSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = IndustrialArea
        fields = ["id", "kind", "name", "district", "management_board", "cp_officer_name", "cp_officer_position"]


class EnterpriseSerializer(ServiceSavedSerializer):
    save_with = staticmethod(lambda obj, user: services.enterprise_save(enterprise=obj, user=user))
    district = CodeRelatedField(
        slug_field="code", queryset=AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY),
        help_text="GSO code of the district")
    sector = CodeRelatedField(slug_field="code", queryset=Sector.objects.all(), help_text="VSIC 2018 code")
    industrial_area = serializers.PrimaryKeyRelatedField(queryset=IndustrialArea.objects.all(), allow_null=True,
                                                         required=False)

    class Meta:
        model = Enterprise
        fields = ["id", "tax_code", "name", "address", "district", "industrial_area", "sector", "size", "workers",
                  "revenue_vnd", "capital_vnd", "status", "registered_on", "closed_on", "phone", "email",
                  "contact_person"]
        extra_kwargs = {"tax_code": {"validators": []}}  # uniqueness and check digit: model full_clean

    def validate_district(self, district):
        user = self.context["request"].user
        if not reads_city_wide(user) and district.pk not in district_ids_of(user):
            raise serializers.ValidationError(_("Chỉ được ghi cơ sở thuộc quận, huyện của mình."))
        return district


class AssessmentRequestSerializer(serializers.ModelSerializer):
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all(), error_messages=NO_SUCH_FACILITY)

    class Meta:
        model = AssessmentRequest
        fields = ["id", "enterprise", "kind", "status", "year", "note", "scheduled_on", "decline_reason",
                  "created_at"]
        read_only_fields = ["status", "scheduled_on", "decline_reason", "created_at"]


    def create(self, validated_data):
        try:
            return services.request_create(**validated_data, user=self.context["request"].user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc


class RequestDecisionSerializer(serializers.Serializer):
    scheduled_on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class CPOptionSerializer(serializers.ModelSerializer):
    payback_years = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = CPOption
        fields = ["id", "category", "description", "investment_vnd", "yearly_saving_vnd", "payback_years", "status",
                  "implemented_on"]


class AssessmentSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="request.enterprise_id", read_only=True)
    year = serializers.IntegerField(source="request.year", read_only=True)
    options = CPOptionSerializer(many=True, read_only=True)
    support_flags = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "request", "enterprise", "year", "date", "consultant", "findings", "consultancy_cost_vnd",
                  "support_vnd", "support_flags", "options"]


class AssessmentCreateSerializer(serializers.Serializer):
    """POST /assessments/: the assessment of an accepted or scheduled rapid-assessment request."""

    request = VisiblePrimaryKeyRelatedField(queryset=AssessmentRequest.objects.all(), error_messages=NO_SUCH_REQUEST)
    date = serializers.DateField()
    consultant = serializers.CharField(max_length=200)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    consultancy_cost_vnd = serializers.IntegerField(min_value=0, default=0)
    support_vnd = serializers.IntegerField(min_value=0, default=0)


class CPOptionCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CPOption.Category.choices)
    description = serializers.CharField()
    investment_vnd = serializers.IntegerField(min_value=0, default=0)
    yearly_saving_vnd = serializers.IntegerField(min_value=0, default=0)


class ImplementSerializer(serializers.Serializer):
    implemented_on = serializers.DateField()


class CPOptionDetailSerializer(CPOptionSerializer):
    assessment = serializers.IntegerField(source="assessment_id", read_only=True)
    enterprise = serializers.IntegerField(source="assessment.request.enterprise_id", read_only=True)

    class Meta(CPOptionSerializer.Meta):
        fields = ["id", "assessment", "enterprise", *CPOptionSerializer.Meta.fields[1:]]


class InvestmentProjectSerializer(ServiceSavedSerializer):
    save_with = staticmethod(lambda obj, user: services.investment_project_record(project=obj, user=user))
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all(), error_messages=NO_SUCH_FACILITY)
    request = VisiblePrimaryKeyRelatedField(queryset=AssessmentRequest.objects.all(), error_messages=NO_SUCH_REQUEST, allow_null=True,
                                                 required=False)

    class Meta:
        model = InvestmentProject
        fields = ["id", "enterprise", "request", "model_kind", "title", "technology", "year", "investment_vnd",
                  "funding_enterprise_vnd", "support_vnd", "funding_other_vnd", "funding_other_source", "status",
                  "started_on", "completed_on", "results"]
        validators = []  # the model's constraints, with their Vietnamese messages, run in full_clean




class ConsumptionRecordSerializer(ServiceSavedSerializer):
    save_with = staticmethod(lambda obj, user: services.consumption_record_save(record=obj, user=user))
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all(), error_messages=NO_SUCH_FACILITY)

    class Meta:
        model = ConsumptionRecord
        fields = ["id", "enterprise", "year", "half", "resource", "material_name", "unit", "quantity", "product",
                  "output_quantity", "product_unit", "is_baseline", "baseline_reason"]
        validators = []  # the model's constraints, with their Vietnamese messages, run in full_clean
        # The check constraints say the same in full_clean, but for the whole record: here the field is named.
        extra_kwargs = {
            "quantity": {"min_value": 0, "error_messages": {"min_value": gettext_lazy("Lượng tiêu thụ không được âm.")}},
            "output_quantity": {"min_value": 0,
                                "error_messages": {"min_value": gettext_lazy("Sản lượng không được âm.")}},
        }




class ConsumptionNormSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ConsumptionNorm
        fields = ["id", "sector", "product", "resource", "unit", "norm_per_unit", "source_document",
                  "valid_from_year", "valid_to_year"]


class CaseStudySerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CaseStudy
        fields = ["id", "sector", "title", "summary", "body", "results", "published_on"]


class BatBepSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = BatBep
        fields = ["id", "sector", "kind", "title", "description", "source"]


class ScopedMixin(ValuesListMixin):
    """The user's rows only (visible_to); lists of plain-column serializers read through values()."""

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class PublicReadOnly(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadModelPermissions]


class SectorViewSet(PublicReadOnly):
    """VSIC 2018 manufacturing divisions (public)."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    lookup_field = "code"
    search_fields = ["code", "name", "name_en"]


class IndustrialAreaViewSet(PublicReadOnly):
    """Industrial zones, export-processing zones, clusters, industrial points and craft villages (public)."""

    queryset = IndustrialArea.objects.select_related("district")
    serializer_class = IndustrialAreaSerializer
    filterset_class = IndustrialAreaFilter
    search_fields = ["name", "management_board"]


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("search", str, description="name, tax code or address contains"),
]))
class EnterpriseViewSet(ScopedMixin, viewsets.ModelViewSet):
    """The registry of industrial facilities, scoped to the user (a district official sees its district only)."""

    queryset = Enterprise.objects.select_related("district", "sector", "industrial_area")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    search_fields = ["name", "tax_code", "address"]
    ordering_fields = ["name", "tax_code", "workers"]
    # No COUNT(*) over the whole registry: `count` is PostgreSQL's estimate when unfiltered (count_is_estimate).


class AssessmentRequestViewSet(ScopedMixin, viewsets.ModelViewSet):
    """Requests for rapid CP assessments and investment support. DoIT staff accept, schedule or decline."""

    queryset = AssessmentRequest.objects.select_related("enterprise")
    serializer_class = AssessmentRequestSerializer
    filterset_class = AssessmentRequestFilter
    http_method_names = ["get", "post", "head", "options"]

    def _decide(self, request, service, renamed=None, **kwargs):
        if not is_doit(request.user):
            raise PermissionDenied(_("Chỉ Sở Công Thương xử lý yêu cầu."))
        body = RequestDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            obj = service(request=self.get_object(), user=request.user, **{k: body.validated_data.get(v)
                                                                         for k, v in kwargs.items()})
        except DjangoValidationError as exc:
            raise _drf_error(exc, renamed) from exc
        data = self.get_serializer(obj).data
        data["warning"] = getattr(obj, "quota_warning", None)
        return Response(data, status=status.HTTP_200_OK)

    @extend_schema(request=RequestDecisionSerializer, responses=AssessmentRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, services.request_accept)

    @extend_schema(request=RequestDecisionSerializer, responses=AssessmentRequestSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        return self._decide(request, services.request_schedule, scheduled_on="scheduled_on")

    @extend_schema(request=RequestDecisionSerializer, responses=AssessmentRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, services.request_decline, renamed={"decline_reason": "reason"}, reason="reason")


def _require_doit(request):
    if not is_doit(request.user):
        raise PermissionDenied(_("Chỉ Sở Công Thương ghi nội dung này."))


@extend_schema_view(create=extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer}))
class AssessmentViewSet(ScopedMixin, viewsets.ModelViewSet):
    """Rapid CP assessments with their CP options nested. DoIT staff record them and add options."""

    queryset = Assessment.objects.select_related("request").prefetch_related("options")
    serializer_class = AssessmentSerializer
    filterset_fields = ["request__year", "request__enterprise"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        _require_doit(request)
        body = AssessmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        try:
            assessment = services.assessment_record(user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        assessment = self.get_queryset().get(pk=assessment.pk)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CPOptionCreateSerializer, responses={201: CPOptionDetailSerializer})
    @action(detail=True, methods=["post"], url_path="options", url_name="options")
    def add_option(self, request, pk=None):  # not `options`: that name answers HTTP OPTIONS
        """Add a CP option (identified) to this assessment."""
        _require_doit(request)
        assessment = self.get_object()
        body = CPOptionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            option = services.cp_option_add(assessment=assessment, user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(CPOptionDetailSerializer(option).data, status=status.HTTP_201_CREATED)


class CPOptionViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """CP options of the assessments the user sees; DoIT staff mark one implemented with its date."""

    queryset = CPOption.objects.select_related("assessment__request")
    serializer_class = CPOptionDetailSerializer
    filterset_fields = ["assessment", "status", "category", "assessment__request__enterprise"]

    @extend_schema(request=ImplementSerializer, responses=CPOptionDetailSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        _require_doit(request)
        option = self.get_object()
        body = ImplementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            option = services.cp_option_implement(option=option, user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(option).data)


class InvestmentProjectViewSet(ScopedMixin, viewsets.ModelViewSet):
    """CP investment projects (pilot, demonstration, replication models; appendix IV.3).

    Demonstration models that are not cancelled are public (anyone reads them, `?model_kind=demonstration`);
    other projects are scoped to the user. DoIT staff create and edit; the city's support posts to line IV.3.
    """

    queryset = InvestmentProject.objects.select_related("enterprise")
    serializer_class = InvestmentProjectSerializer
    permission_classes = [PublicReadModelPermissions]
    filterset_fields = ["model_kind", "status", "year", "enterprise"]
    search_fields = ["title", "technology", "enterprise__name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        visible = InvestmentProject.objects.visible_to(self.request.user).values("pk")
        public = selectors.demonstration_projects().values("pk")
        return self.queryset.filter(Q(pk__in=visible) | Q(pk__in=public))

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            _require_doit(self.request)
        return obj

    def create(self, request, *args, **kwargs):
        _require_doit(request)
        return super().create(request, *args, **kwargs)


_FIELD_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description="The field errors, in the user's language: "
                                                                  '{"year": ["…"], "__all__": ["…"]}.')
_WRITE_REFUSED = OpenApiResponse(OpenApiTypes.OBJECT, description="The role may not change consumption records.")
_NOT_YOURS = OpenApiResponse(OpenApiTypes.OBJECT, description="No such record among those the user may see: "
                                                              "another facility's record answers as a missing one.")
_NOT_YOURS_OR_GONE = OpenApiResponse(OpenApiTypes.OBJECT, description=(
    "No such record among those the user may see (another facility's record answers as a missing one), or the "
    "record was deleted by someone else while this change was being saved: nothing is saved."))
_CONSUMPTION_SAVED = {200: ConsumptionRecordSerializer, 400: _FIELD_ERRORS, 403: _WRITE_REFUSED,
                      404: _NOT_YOURS_OR_GONE}


@extend_schema_view(
    update=extend_schema(responses=_CONSUMPTION_SAVED),
    partial_update=extend_schema(responses=_CONSUMPTION_SAVED),
    destroy=extend_schema(
        description="Deletes the record (its history keeps it, with who deleted it). A baseline is refused with a "
                    "400 on `is_baseline`: untick it first, with `baseline_reason`.",
        responses={204: None, 400: _FIELD_ERRORS, 403: _WRITE_REFUSED, 404: _NOT_YOURS}),
)
class ConsumptionRecordViewSet(ScopedMixin, viewsets.ModelViewSet):
    """Consumption per facility, year (or half-year) and resource, with the output in its product unit.

    An enterprise user adds, corrects (PUT, PATCH) and deletes its own facility's figures, DoIT staff any
    facility's; the other roles read them. Moving the baseline, or changing its figures, needs a new
    `baseline_reason`."""

    queryset = ConsumptionRecord.objects.all()
    serializer_class = ConsumptionRecordSerializer
    filterset_class = ConsumptionRecordFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_destroy(self, instance):
        try:
            services.consumption_record_delete(record=instance, user=self.request.user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc


class ConsumptionNormViewSet(PublicReadOnly):
    """Consumption norms per sector and product, with their source document and years (public)."""

    queryset = ConsumptionNorm.objects.select_related("sector")
    serializer_class = ConsumptionNormSerializer
    filterset_class = ConsumptionNormFilter


class CaseStudyViewSet(PublicReadOnly):
    """Published case studies of facilities that applied CP (public)."""

    queryset = CaseStudy.objects.select_related("sector")
    serializer_class = CaseStudySerializer
    filterset_fields = ["sector__code"]


class BatBepViewSet(PublicReadOnly):
    """The BAT/BEP catalogue by sector (public)."""

    queryset = BatBep.objects.select_related("sector")
    serializer_class = BatBepSerializer
    filterset_fields = ["sector__code", "kind"]


ROUTES = [
    ("enterprises", EnterpriseViewSet, "enterprise"),
    ("industrial-areas", IndustrialAreaViewSet, "industrial-area"),
    ("sectors", SectorViewSet, "sector"),
    ("assessment-requests", AssessmentRequestViewSet, "assessment-request"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("cp-options", CPOptionViewSet, "cp-option"),
    ("investment-projects", InvestmentProjectViewSet, "investment-project"),
    ("consumption-records", ConsumptionRecordViewSet, "consumption-record"),
    ("consumption-norms", ConsumptionNormViewSet, "consumption-norm"),
    ("case-studies", CaseStudyViewSet, "case-study"),
    ("bat-bep", BatBepViewSet, "bat-bep"),
]
api_urlpatterns: list = []

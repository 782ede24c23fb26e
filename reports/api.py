"""/api/v1/district-reports/ (workflow actions) and /api/v1/city-reports/ (PDF report jobs)."""


import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from plan.api_fields import body_object, code_or_none
from plan.filters import PortalFilterSet
from plan.models import ReportingPeriod
from reports import services
from reports.models import CityReportJob, DistrictReport, DistrictReportFigure, FigureCode


class DistrictReportFilter(PortalFilterSet):
    """By the codes the reports show: ?period=2017S1, ?district=001 (they took the internal ids before)."""

    period = django_filters.CharFilter(field_name="period__code", label=gettext_lazy("kỳ báo cáo (mã: 2017S1, 2019)"))
    district = django_filters.CharFilter(field_name="district__code", label=gettext_lazy("quận, huyện (mã)"))

    class Meta:
        model = DistrictReport
        fields = ["status", "period", "district"]


class CityReportJobFilter(PortalFilterSet):
    period = django_filters.CharFilter(field_name="period__code", label=gettext_lazy("kỳ báo cáo (mã: 2017S1, 2019)"))

    class Meta:
        model = CityReportJob
        fields = ["status", "period"]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _drf_error(exc: DjangoValidationError, renamed: dict | None = None):
    """DRF's 400 for a service's ValidationError; `renamed`: the model's field → the request's (return_reason is
    sent as "reason"), so that the error names what the client sent."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({(renamed or {}).get(key, key): messages
                                           for key, messages in exc.message_dict.items()})
    return exceptions.ValidationError({"detail": exc.messages})


class DistrictReportFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = DistrictReportFigure
        fields = ["code", "registry_value", "district_value", "reason", "denominator_code"]


class DistrictReportSerializer(serializers.ModelSerializer):
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    figures = DistrictReportFigureSerializer(many=True, read_only=True)
    editable = serializers.SerializerMethodField()

    class Meta:
        model = DistrictReport
        fields = ["id", "url", "period", "district", "status", "version", "editable", "figures", *services.REPORT_FIELDS,
                  "submitted_at", "first_submitted_at", "reviewed_at", "return_reason"]
        extra_kwargs = {"url": {"view_name": "v1:district-report-detail"}}

    def get_editable(self, obj) -> str | None:
        """None when the report can be edited, else why not."""
        return services.district_report_edit_block(obj)


class FigureChangeSerializer(serializers.Serializer):
    district_value = serializers.IntegerField(allow_null=True, required=False)
    reason = serializers.CharField(allow_blank=True, required=False)


class DistrictReportSaveSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read; refused if the report changed since.")
    figures = serializers.DictField(child=FigureChangeSerializer(), required=False,
                                    help_text="figure code → {district_value, reason}; codes: " + ", ".join(FigureCode.values))
    classes_count = serializers.IntegerField(min_value=0, required=False)
    classes_participants = serializers.IntegerField(min_value=0, required=False)
    classes_cost = serializers.IntegerField(min_value=0, required=False)
    workshops_count = serializers.IntegerField(min_value=0, required=False)
    workshops_participants = serializers.IntegerField(min_value=0, required=False)
    workshops_cost = serializers.IntegerField(min_value=0, required=False)
    media_count = serializers.IntegerField(min_value=0, required=False)
    media_participants = serializers.IntegerField(min_value=0, required=False)
    media_cost = serializers.IntegerField(min_value=0, required=False)
    budget_planned = serializers.IntegerField(min_value=0, required=False)
    budget_spent = serializers.IntegerField(min_value=0, required=False)
    difficulties = serializers.CharField(allow_blank=True, required=False)
    proposals = serializers.CharField(allow_blank=True, required=False)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DistrictReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """District reports: district officials see only their district's; DoIT and viewers all."""

    queryset = DistrictReport.objects.select_related("period", "district").prefetch_related("figures")
    serializer_class = DistrictReportSerializer
    filterset_class = DistrictReportFilter

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    # Each action finds the report first, before it reads the body: another district's report is a 404 whatever the
    # body, exactly as an id that does not exist (a bad body on it was a 400 naming the fields).

    def _run(self, fn, report, renamed=None, **kwargs):
        try:
            report = fn(report=report, user=self.request.user, **kwargs)
        except DjangoValidationError as exc:
            raise _drf_error(exc, renamed) from exc
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(DistrictReportSerializer(self.get_queryset().get(pk=report.pk),
                                                 context=self.get_serializer_context()).data)

    @extend_schema(request=DistrictReportSaveSerializer, responses=DistrictReportSerializer)
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        payload = DistrictReportSaveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version = data.pop("version")
        return self._run(services.district_report_save, report, data=data, expected_version=version)

    @extend_schema(request=None, responses=DistrictReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        return self._run(services.district_report_submit, report,
                         expected_version=body_object(request.data).get("version"))

    @extend_schema(request=ReturnSerializer, responses=DistrictReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        return self._run(services.district_report_return, report, renamed={"return_reason": "reason"},
                         reason=body_object(request.data).get("reason", ""))

    @extend_schema(request=None, responses=DistrictReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._run(services.district_report_approve, self.get_object())


class CityReportJobSerializer(serializers.ModelSerializer):
    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    pdf = serializers.SerializerMethodField()
    xlsx = serializers.SerializerMethodField()

    class Meta:
        model = CityReportJob
        fields = ["id", "url", "period", "district", "kind", "status", "note", "error", "requested_at", "started_at",
                  "finished_at", "duration", "attempts", "pdf", "xlsx"]
        read_only_fields = ["kind", "status", "note", "error", "requested_at", "started_at", "finished_at", "duration",
                            "attempts"]
        extra_kwargs = {"url": {"view_name": "v1:city-report-detail"}}

    def get_pdf(self, obj) -> str | None:
        """The permission-checked download of the PDF, once done."""
        if obj.status != CityReportJob.Status.DONE:
            return None
        url = reverse("v1:city-report-pdf", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_xlsx(self, obj) -> str | None:
        """The permission-checked download of the same tables as xlsx, once done."""
        if obj.status != CityReportJob.Status.DONE or not obj.xlsx:
            return None
        url = reverse("v1:city-report-xlsx", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CityReportJobViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """PDF report jobs. POST {"period": id} asks for the city's report (a district official: their district's)
    and answers 202 with the job's `url`; GET the job for its `status` and, when done, `pdf`."""

    queryset = CityReportJob.objects.select_related("period", "district")
    serializer_class = CityReportJobSerializer
    filterset_class = CityReportJobFilter

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(responses={202: CityReportJobSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        from plan.models import AdministrativeUnit
        from plan.roles import district_ids_of, is_doit

        district = None
        if not is_doit(request.user):
            district = AdministrativeUnit.objects.filter(pk__in=district_ids_of(request.user)).order_by("code").first()
            if district is None:
                raise exceptions.PermissionDenied()
        try:
            job = services.city_report_request(period=serializer.validated_data["period"], user=request.user,
                                               district=district)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        job.refresh_from_db()
        data = self.get_serializer(job).data
        # str(): the field is DRF's Hyperlink, a str subclass that WSGI servers (wsgiref) refuse as a header value.
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": str(data["url"])})

    @extend_schema(request=None, responses={202: CityReportJobSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Put a failed job (or one still queued because the broker was down) back on the queue; answers 202."""
        job = self.get_object()
        try:
            job = services.city_report_retry(job=job, user=request.user)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The generated PDF (404 until the job is done), for whoever may see the job."""
        job = self.get_object()
        if job.status != CityReportJob.Status.DONE or not job.pdf:
            raise exceptions.NotFound()
        scope = job.district.code if job.district_id else "ha-noi"
        return FileResponse(job.pdf.open("rb"), content_type="application/pdf",
                            filename=f"bao-cao-sxsh-{scope}-{job.period.code}.pdf")

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        """The report's tables as xlsx (404 until the job is done), for whoever may see the job."""
        job = self.get_object()
        if job.status != CityReportJob.Status.DONE or not job.xlsx:
            raise exceptions.NotFound()
        scope = job.district.code if job.district_id else "ha-noi"
        return FileResponse(job.xlsx.open("rb"), content_type=XLSX, as_attachment=True,
                            filename=f"bao-cao-sxsh-{scope}-{job.period.code}.xlsx")


ROUTES = [
    ("district-reports", DistrictReportViewSet, "district-report"),
    ("city-reports", CityReportJobViewSet, "city-report"),
]


class IndicatorSerializer(serializers.Serializer):
    target = serializers.CharField(help_text="T1…T5")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True,
                                     help_text="Percentage, 1 decimal; null when the denominator is 0.")
    target_value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    status = serializers.ChoiceField(choices=["met", "on_track", "off_track", "no_data"])


def default_period():
    """The latest reporting period that has ended by today, else the last one (None without periods): the
    period the dashboard and the indicators API show when none is asked for."""
    from django.utils import timezone

    periods = ReportingPeriod.objects.order_by("-end", "-start")
    return periods.filter(end__lte=timezone.localdate()).first() or periods.first()


class IndicatorsView(APIView):
    """T1–T5 as of a reporting period's end, for the city or one district.

    Without `period`, the period the /chi-so/ dashboard shows by default: the latest that has ended by today, else
    the last. The figures are read from the stored snapshot when there is one (the `X-Indicators-Computed-At`
    header says when it was computed; refreshed after a district report is approved and nightly), else counted
    live; `X-Indicators-Period` names the period answered.

    Public, like the plan's targets: the values are aggregates over the registry (counts and shares), with no
    personal or enterprise data, and the plan's progress is public. Not paginated: always five items.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, required=False, description=(
                "Reporting period: its id, else its code (2017S1, 2019). Omitted: the same period as the /chi-so/ "
                "dashboard, the latest period that has ended by today (else the last period).")),
            OpenApiParameter("district", str, required=False, description="District GSO code; omit for the city."),
        ],
        responses={200: IndicatorSerializer(many=True),
                   400: OpenApiResponse(description="No period, or no district, with the id or code given.")},
    )
    def get(self, request):
        from plan.models import AdministrativeUnit
        from reports.indicators import dashboard

        raw_period = request.query_params.get("period", "")
        if not raw_period:
            period = default_period()
        else:
            # An id is ASCII digits, few enough for int(): str.isdigit() alone also accepts "²", which int() refuses.
            is_id = raw_period.isascii() and raw_period.isdigit() and len(raw_period) < 20
            period = ReportingPeriod.objects.filter(pk=int(raw_period)).first() if is_id else None
        if period is None and code_or_none(raw_period, ReportingPeriod, "code"):  # a code (2017S1, 2019) too
            period = ReportingPeriod.objects.filter(code=raw_period).first()
        if period is None:
            raise exceptions.ValidationError({"period": [_("Kỳ báo cáo «%(period)s» không tồn tại.") % {"period": raw_period}]})
        district = None
        code = request.query_params.get("district", "")
        if code:  # a value that cannot be a code (a NUL: PostgreSQL refuses it) is no district, without a query
            district = (AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)
                        .filter(code=code).first()) if code_or_none(code, AdministrativeUnit, "code") else None
            if district is None:
                raise exceptions.ValidationError({"district": [_("Không có quận, huyện mã «%(code)s».") % {"code": code}]})
        result = dashboard(period=period, district=district)
        response = Response(IndicatorSerializer(result["items"], many=True).data)
        response["X-Indicators-Period"] = period.code
        if result["computed_at"] is not None:
            response["X-Indicators-Computed-At"] = result["computed_at"].isoformat()
        return response


api_urlpatterns = [
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
]


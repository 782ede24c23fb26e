"""/api/v1/budget/lines/, summary/, estimates/, expenditures/. Money is whole đồng."""


import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BigIntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from budget import selectors, services
from budget.models import BudgetLine, Estimate, Expenditure, PlannedQuantity
from plan.api_fields import body_object, code_or_none, shown
from plan.files import file_response
from plan.filters import PortalFilterSet
from plan.permissions import PublicReadModelPermissions
from plan.roles import reads_city_wide


def _drf_error(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return ValidationError({field: [str(m) for m in messages] for field, messages in exc.message_dict.items()})
    return ValidationError({"non_field_errors": [str(m) for m in exc.messages]})


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quantity = serializers.IntegerField()
    amount_vnd = serializers.IntegerField()


class BudgetLineSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.code", read_only=True)
    years = serializers.SerializerMethodField()
    total_vnd = serializers.IntegerField(read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["code", "section", "title", "title_en", "unit", "unit_en", "unit_price_vnd", "activity_kind",
                  "years", "total_vnd"]

    @extend_schema_field(YearAmountSerializer(many=True))
    def get_years(self, line):
        return [{"year": p.year, "quantity": p.quantity, "amount_vnd": int(p.amount)} for p in line.years_planned]


class BudgetLineViewSet(viewsets.ReadOnlyModelViewSet):
    """The lines of the appendix with quantity and amount (quantity × unit price) for every year of the plan."""

    permission_classes = [PublicReadModelPermissions]
    serializer_class = BudgetLineSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["activity_kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation must not need a database
            return BudgetLine.objects.none()
        total = (
            PlannedQuantity.objects.filter(line=OuterRef("pk")).order_by().values("line")
            .annotate(total=Sum(selectors.PLANNED_AMOUNT)).values("total")[:1]
        )
        planned = PlannedQuantity.objects.annotate(amount=selectors.PLANNED_AMOUNT).order_by("year")
        return (
            BudgetLine.objects.visible_to(self.request.user)
            .filter(section__plan=selectors.plan_for_budget())
            .select_related("section")
            .prefetch_related(Prefetch("planned", queryset=planned, to_attr="years_planned"))
            .annotate(total_vnd=Coalesce(Subquery(total), Value(0), output_field=BigIntegerField()))
            .order_by("section__order", "order")
        )


STAFF_ONLY = "Only for DoIT staff, department viewers and API clients (omitted for the others). "


class BudgetExecutionSerializer(serializers.Serializer):
    """What city-wide readers get beside each planned figure (budget.selectors.STAFF_FIGURES)."""

    estimate_vnd = serializers.IntegerField(required=False, help_text=STAFF_ONLY + "The approved estimates (dự toán).")
    spent_vnd = serializers.IntegerField(required=False, help_text=STAFF_ONLY + "The current expenditures.")
    remainder_vnd = serializers.IntegerField(required=False, help_text=STAFF_ONLY + "Estimate − spent.")
    over_estimate = serializers.BooleanField(required=False, help_text=STAFF_ONLY + "Spent more than the estimate.")


class BudgetSummaryYearSerializer(BudgetExecutionSerializer):
    """One year of the plan: planned, and for city-wide readers the execution."""

    year = serializers.IntegerField()
    amount_vnd = serializers.IntegerField(help_text="Planned for the year.")


class BudgetSummarySectionSerializer(BudgetExecutionSerializer):
    """One section of the appendix, by year and in total."""

    code = serializers.CharField(help_text="The appendix's section: I…V.")
    title = serializers.CharField()
    years = BudgetSummaryYearSerializer(many=True)
    total_vnd = serializers.IntegerField(help_text="Planned for the section over the whole plan.")


class BudgetSummarySerializer(BudgetExecutionSerializer):
    """The budget summary: planned by year, by section and in total; for city-wide readers the execution beside each
    figure (the schema of budget.selectors.summary_figures and public_summary)."""

    plan = serializers.CharField(allow_null=True, help_text="The plan's code; null before a plan is loaded.")
    years = BudgetSummaryYearSerializer(many=True)
    sections = BudgetSummarySectionSerializer(many=True)
    total_vnd = serializers.IntegerField(help_text="Planned over the whole plan (17 700 000 000 đồng).")


def budget_summary_data(user) -> dict:
    """The summary the API returns: planned (and, for city-wide readers, estimate and spent) by year and section."""
    summary = selectors.summary_snapshot()
    return summary if reads_city_wide(user) else selectors.public_summary(summary)


class BudgetSummaryView(APIView):
    """Planned amounts of the appendix by year and by section, and the grand total (17 700 000 000 đồng).

    DoIT staff, department viewers and API clients also get the approved estimate, the amount spent, the
    remainder and the over-estimate flag beside each planned figure."""

    permission_classes = [AllowAny]

    @extend_schema(responses=BudgetSummarySerializer)
    def get(self, request):
        return Response(budget_summary_data(request.user))


class LineCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return BudgetLine.objects.filter(section__plan=selectors.plan_for_budget()).select_related("section__plan")

    def to_internal_value(self, data):
        code = code_or_none(data, BudgetLine, "code")
        line = self.get_queryset().filter(code=code).first() if code is not None else None
        if line is None:
            raise ValidationError(_("Không có dòng kinh phí mã %(code)s.") % {"code": shown(data)})
        return line


class EstimateSerializer(serializers.ModelSerializer):
    line = LineCodeField()
    section = serializers.CharField(source="line.section.code", read_only=True)

    class Meta:
        model = Estimate
        fields = ["id", "line", "section", "year", "quantity", "amount_vnd", "decision_number", "decision_date"]
        validators = []  # the model's constraints are checked by the service, with Vietnamese messages

    def save(self, **kwargs):
        data = {**self.validated_data, **kwargs}
        try:
            self.instance = services.estimate_save(
                line=data["line"], year=data["year"], quantity=data.get("quantity", 0),
                amount_vnd=data["amount_vnd"], decision_number=data.get("decision_number", ""),
                decision_date=data.get("decision_date"), user=self.context["request"].user, instance=self.instance,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return self.instance

    def to_internal_value(self, data):
        body_object(data)  # before a partial update merges it into the saved values
        if self.instance is not None and self.partial:
            base = {"line": self.instance.line.code, "year": self.instance.year, "quantity": self.instance.quantity,
                    "amount_vnd": self.instance.amount_vnd, "decision_number": self.instance.decision_number,
                    "decision_date": self.instance.decision_date}
            data = {**base, **data}
        return super().to_internal_value(data)


class ExpenditureSerializer(serializers.ModelSerializer):
    line = LineCodeField()
    section = serializers.CharField(source="line.section.code", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)
    source_type = serializers.SerializerMethodField(allow_null=True)
    estimate_vnd = serializers.IntegerField(read_only=True)
    running_spent_vnd = serializers.IntegerField(read_only=True)
    over_estimate = serializers.SerializerMethodField()

    class Meta:
        model = Expenditure
        fields = ["id", "line", "section", "year", "date", "amount_vnd", "description", "voucher_number",
                  "attachment", "recorded_by", "source_type", "source_id", "estimate_vnd", "running_spent_vnd",
                  "over_estimate", "corrects", "superseded", "withdrawn", "created_at"]
        read_only_fields = ["source_id", "corrects", "superseded", "withdrawn", "created_at"]
        validators = []

    @extend_schema_field(OpenApiTypes.STR)
    def get_source_type(self, obj):
        return f"{obj.source_type.app_label}.{obj.source_type.model}" if obj.source_type_id else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The scan is served only through the permission-checked view, never from /media/.
        data["attachment"] = (
            self.context["request"].build_absolute_uri(reverse("v1:budget-expenditure-attachment", args=[instance.pk]))
            if instance.attachment else None
        )
        return data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_over_estimate(self, obj):
        return selectors.is_over_estimate(obj) if hasattr(obj, "running_spent_vnd") else None

    def to_internal_value(self, data):
        body_object(data)  # before a partial update merges it into the saved values
        if self.instance is not None and self.partial:
            i = self.instance
            base = {"line": i.line.code, "year": i.year, "date": i.date, "amount_vnd": i.amount_vnd,
                    "description": i.description, "voucher_number": i.voucher_number}
            data = {**base, **{k: v for k, v in data.items()}}
        return super().to_internal_value(data)

    def save(self, **kwargs):
        data = {**self.validated_data, **kwargs}
        try:
            saved = services.expenditure_save(
                line=data["line"], year=data["year"], date=data["date"], amount_vnd=data["amount_vnd"],
                description=data.get("description", ""), voucher_number=data.get("voucher_number", ""),
                attachment=data.get("attachment"), user=self.context["request"].user, instance=self.instance,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        self.instance = selectors.expenditures_with_flags(
            Expenditure.all_objects.select_related("line__section", "recorded_by", "source_type")
        ).get(pk=saved.pk)
        return self.instance


class EstimateFilter(PortalFilterSet):
    """?year=, ?line= the appendix line's code (IV.1)."""

    line = django_filters.CharFilter(field_name="line__code", label=gettext_lazy("dòng của Phụ lục (mã: IV.1)"))

    class Meta:
        model = Estimate
        fields = ["year", "line"]


class ExpenditureFilter(EstimateFilter):
    class Meta:
        model = Expenditure
        fields = ["year", "line"]


class EstimateViewSet(viewsets.ModelViewSet):
    """Approved annual estimates (dự toán): read by city-wide readers, written by DoIT staff."""

    serializer_class = EstimateSerializer
    filterset_class = EstimateFilter
    search_fields = ["line__code", "decision_number"]

    def get_queryset(self):
        return Estimate.objects.visible_to(self.request.user).select_related("line__section").order_by(
            "year", "line__section__order", "line__order")


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter(
        "include_superseded", OpenApiTypes.BOOL,
        description="1: also the superseded rows and withdrawals (the whole correction chains).")]),
    update=extend_schema(description="Creates a correction (a new row with `corrects` = this one; this one "
                                     "becomes superseded) and returns the new row with 200."),
    partial_update=extend_schema(description="As PUT: the fields not sent keep their values; returns the new "
                                             "row with 200."),
    destroy=extend_schema(description="Always refused (405): an expenditure is never deleted.",
                          responses={405: OpenApiResponse(description="Always: withdraw or correct it instead.")}),
)
class ExpenditureViewSet(viewsets.ModelViewSet):
    """Expenditures; each carries `over_estimate` (it took its line-year past the approved estimate).

    Saved expenditures are never changed or deleted: PUT/PATCH create a correction, a new row whose
    `corrects` is the id of the row it replaces, and answer 200 with the NEW row (its id differs). The list
    shows the current rows; `?include_superseded=1` adds superseded rows and withdrawals. DELETE is 405."""

    serializer_class = ExpenditureSerializer
    filterset_class = ExpenditureFilter
    search_fields = ["line__code", "voucher_number", "description"]

    def get_queryset(self):
        chain = self.action != "list" or (self.request.query_params.get("include_superseded") or "").lower() in ("1", "true", "yes")
        manager = Expenditure.all_objects if chain else Expenditure.objects
        queryset = manager.visible_to(self.request.user).select_related(
            "line__section", "recorded_by", "source_type")
        return selectors.expenditures_with_flags(queryset).order_by("year", "date", "id")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def attachment(self, request, pk=None):
        """The expenditure's voucher (404 when it has none), for whoever may read it: with a token as with a
        session (the page's /kinh-phi/chi/<id>/chung-tu/ wants a browser session)."""
        return file_response(self.get_object().attachment, as_attachment=True)

    def destroy(self, request, *args, **kwargs):
        self.get_object()  # 404 outside the user's scope
        raise MethodNotAllowed("DELETE", detail=_(
            "Khoản chi đã ghi không được xóa; hãy sửa (tạo bản ghi điều chỉnh) hoặc rút khoản chi."))


ROUTES = [
    ("budget/lines", BudgetLineViewSet, "budget-line"),
    ("budget/estimates", EstimateViewSet, "budget-estimate"),
    ("budget/expenditures", ExpenditureViewSet, "budget-expenditure"),
]
api_urlpatterns = [
    path("budget/summary/", BudgetSummaryView.as_view(), name="budget-summary"),
]

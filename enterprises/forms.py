"""Forms of the registry pages: they validate input; services do the writing."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from enterprises.models import (
    AssessmentRequest,
    ConsumptionRecord,
    CPOption,
    Enterprise,
    IndustrialArea,
    InvestmentProject,
    Sector,
)
from enterprises.validators import tax_code_normalize, validate_tax_code
from plan.models import AdministrativeUnit
from plan.validators import validate_phone


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["tax_code", "name", "address", "district", "industrial_area", "sector", "size", "workers",
                  "revenue_vnd", "capital_vnd", "status", "registered_on", "closed_on", "phone", "email",
                  "contact_person"]

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts if districts is not None else \
            AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)
        self.fields["industrial_area"].queryset = IndustrialArea.objects.select_related("district")


class PublicRequestForm(forms.Form):
    """The public form: a facility registers (or is found by tax code) and asks for support."""

    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=14)
    name = forms.CharField(label=_("Tên cơ sở"), max_length=255)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    district = forms.ModelChoiceField(label=_("Quận, huyện, thị xã"),
                                      queryset=AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY))
    sector = forms.ModelChoiceField(label=_("Ngành"), queryset=Sector.objects.all())
    size = forms.ChoiceField(label=_("Quy mô"), choices=Enterprise.Size.choices)
    workers = forms.IntegerField(label=_("Số lao động"), min_value=0)
    revenue_vnd = forms.IntegerField(label=_("Doanh thu năm (đồng)"), min_value=0)
    contact_person = forms.CharField(label=_("Người liên hệ"), max_length=120)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, validators=[validate_phone])
    email = forms.EmailField(label=_("Thư điện tử"))
    kind = forms.ChoiceField(label=_("Đề nghị"), choices=AssessmentRequest.Kind.choices)
    year = forms.TypedChoiceField(label=_("Năm đề nghị hỗ trợ"), coerce=int)
    note = forms.CharField(label=_("Nội dung đề nghị"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Honeypot: hidden from people by CSS, filled in by robots.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, today, plan, **kwargs):
        """The year of support is one of the plan's (the assessment and the money are counted against that year),
        this year while the plan runs, its last year once it has ended."""
        super().__init__(*args, **kwargs)
        years = list(range(plan.start_year, plan.end_year + 1)) if plan is not None else [today.year]
        if today.year in years:
            years = [year for year in years if year >= today.year]
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = years[0] if today.year in years else years[-1]

    def clean_tax_code(self):
        code = tax_code_normalize(self.cleaned_data["tax_code"])
        validate_tax_code(code)
        return code


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp xlsx hoặc csv"))
    dry_run = forms.BooleanField(label=_("Chạy thử (không lưu)"), required=False, initial=True)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}))


class ScheduleForm(forms.Form):
    scheduled_on = forms.DateField(label=_("Ngày dự kiến"))


class ConsumptionForm(forms.ModelForm):
    """A facility's consumption figure, entered or corrected: the model's rules (years from 2000 to this year, one
    figure per period and resource, output with consumption) plus figures that are not negative, under their
    field."""

    class Meta:
        model = ConsumptionRecord
        fields = ["year", "half", "resource", "material_name", "unit", "quantity", "product", "output_quantity",
                  "product_unit", "is_baseline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's check constraints say the same, but as errors of the whole form, not of the field.
        for name, message in (("quantity", _("Lượng tiêu thụ không được âm.")),
                              ("output_quantity", _("Sản lượng không được âm."))):
            self.fields[name].validators.append(MinValueValidator(0, message=message))
            self.fields[name].widget.attrs["min"] = "0"


class ConsumptionEditForm(ConsumptionForm):
    """Correcting a figure: the same fields and checks, and the reason that moving the baseline, or changing its
    figures, needs (services.consumption_record_save asks for a new one; the history keeps it)."""

    class Meta(ConsumptionForm.Meta):
        fields = [*ConsumptionForm.Meta.fields, "baseline_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["baseline_reason"] = ""
        self.fields["baseline_reason"].help_text = _(
            "Bắt buộc khi đặt hoặc bỏ năm cơ sở, hoặc sửa lượng tiêu thụ, sản lượng của năm cơ sở.")

    def clean_baseline_reason(self):
        # Left empty, the reason given before stays on the record (a change of the baseline then asks for a new one).
        return self.cleaned_data["baseline_reason"].strip() or self.instance.baseline_reason


# --- DoIT staff: assessments, CP options, CP officers, investment projects ----------------------------------
# Plain forms: they check types and ranges; the services check the rules and write (in one transaction).


class AssessmentForm(forms.Form):
    date = forms.DateField(label=_("Ngày đánh giá"))
    consultant = forms.CharField(label=_("Đơn vị tư vấn"), max_length=200)
    findings = forms.CharField(label=_("Kết quả đánh giá"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    consultancy_cost_vnd = forms.IntegerField(label=_("Chi phí tư vấn (đồng)"), min_value=0, initial=0)
    support_vnd = forms.IntegerField(
        label=_("Kinh phí hỗ trợ (đồng)"), min_value=0, initial=0,
        help_text=_("Cảnh báo khi vượt 50.000.000 đồng/cơ sở (phụ lục IV.1) hoặc vượt một nửa chi phí tư vấn."))


class CPOptionForm(forms.Form):
    category = forms.ChoiceField(label=_("Nhóm giải pháp"), choices=CPOption.Category.choices)
    description = forms.CharField(label=_("Mô tả giải pháp"), widget=forms.Textarea(attrs={"rows": 3}))
    investment_vnd = forms.IntegerField(label=_("Vốn đầu tư (đồng)"), min_value=0, initial=0)
    yearly_saving_vnd = forms.IntegerField(label=_("Lợi ích hằng năm (đồng)"), min_value=0, initial=0)


class ImplementForm(forms.Form):
    implemented_on = forms.DateField(label=_("Ngày thực hiện"))


class CPOfficerForm(forms.Form):
    name = forms.CharField(label=_("Họ tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    since = forms.DateField(label=_("Từ ngày"))


class InvestmentProjectForm(forms.ModelForm):
    """A CP investment project of one facility; its request (if any) is one of that facility's."""

    class Meta:
        model = InvestmentProject
        fields = ["request", "model_kind", "title", "technology", "year", "investment_vnd", "funding_enterprise_vnd",
                  "support_vnd", "funding_other_vnd", "funding_other_source", "status", "started_on",
                  "completed_on", "results"]
        widgets = {"technology": forms.Textarea(attrs={"rows": 3}), "results": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.enterprise = enterprise
        self.fields["request"].queryset = AssessmentRequest.objects.filter(
            enterprise=enterprise, kind=AssessmentRequest.Kind.INVESTMENT_SUPPORT)
        self.fields["request"].required = False

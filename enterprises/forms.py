"""Forms of the registry pages: they validate input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import AssessmentRequest, ConsumptionRecord, Enterprise, IndustrialArea, Sector
from enterprises.validators import tax_code_normalize, validate_tax_code
from plan.models import AdministrativeUnit


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
    phone = forms.CharField(label=_("Điện thoại"), max_length=40)
    email = forms.EmailField(label=_("Thư điện tử"))
    kind = forms.ChoiceField(label=_("Đề nghị"), choices=AssessmentRequest.Kind.choices)
    note = forms.CharField(label=_("Nội dung đề nghị"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Honeypot: hidden from people by CSS, filled in by robots.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

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
    class Meta:
        model = ConsumptionRecord
        fields = ["year", "half", "resource", "material_name", "unit", "quantity", "product", "output_quantity",
                  "product_unit", "is_baseline"]

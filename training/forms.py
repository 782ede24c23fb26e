from django import forms
from django.utils.translation import gettext_lazy as _

from plan.validators import validate_phone


class RegistrationForm(forms.Form):
    """The public registration to a class. The organisation is a registered facility (by tax code) or a name."""

    full_name = forms.CharField(label=_("Họ tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    email = forms.EmailField(label=_("Thư điện tử"))
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False, validators=[validate_phone])
    tax_code = forms.CharField(label=_("Mã số thuế của cơ sở (nếu có)"), max_length=14, required=False)
    agency = forms.CharField(label=_("Tên cơ quan, đơn vị"), max_length=255, required=False)

    def clean_tax_code(self):
        """A tax code in its format (10 digits, or 10 + "-" + a branch, check digit verified) before it is looked up:
        "12345" is a typing error, not a facility missing from the registry."""
        from enterprises.validators import tax_code_normalize, validate_tax_code

        code = tax_code_normalize(self.cleaned_data.get("tax_code"))
        if code:
            validate_tax_code(code)
        return code

    def clean(self):
        data = super().clean()
        tax_code = data.get("tax_code") or ""
        data["enterprise"] = None
        if self.has_error("tax_code") or self.has_error("agency"):
            return data  # the field's own error says it; "tax code or agency" would only add noise
        if tax_code:
            from enterprises.models import Enterprise

            data["enterprise"] = Enterprise.objects.filter(tax_code=tax_code).first()
            if data["enterprise"] is None:
                self.add_error("tax_code", _("Mã số thuế này chưa có trong cơ sở dữ liệu; hãy để trống và ghi tên "
                                             "cơ quan, đơn vị."))
        elif not (data.get("agency") or "").strip():
            self.add_error("agency", _("Cần mã số thuế của cơ sở hoặc tên cơ quan, đơn vị."))
        return data


class CertificateCheckForm(forms.Form):
    code = forms.CharField(label=_("Mã chứng nhận"), max_length=20)

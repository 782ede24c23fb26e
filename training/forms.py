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

    def clean(self):
        data = super().clean()
        tax_code = (data.get("tax_code") or "").strip()
        data["enterprise"] = None
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

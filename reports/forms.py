"""Forms of the district report pages; they only collect input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import DistrictPlan, DistrictReport
from reports.services import REPORT_FIELDS

FIGURE_MAX = 2_147_483_647  # DistrictReportFigure.district_value, a PositiveIntegerField: its column's largest value


class DistrictReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = DistrictReport
        fields = [*REPORT_FIELDS, "attachment"]
        widgets = {"difficulties": forms.Textarea(attrs={"rows": 3}), "proposals": forms.Textarea(attrs={"rows": 3}),
                   "attachment": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, instance=report, **kwargs)
        self.report = report
        self.fields["version"].initial = report.version
        self.figure_fields = []
        for figure in report.figures.all():
            value_name, reason_name = f"fig_{figure.code}_value", f"fig_{figure.code}_reason"
            # Drawn by their widgets, not by hand: the value is written as a plain number (1234, never the
            # grouped "1.234" a template prints, which the browser cannot send back), and each box's error is
            # shown under it.
            self.fields[value_name] = forms.IntegerField(
                label=figure.get_code_display(), required=False, initial=figure.district_value,
                min_value=0, max_value=FIGURE_MAX, widget=forms.NumberInput(attrs={
                    "class": "form-control form-control-sm", "aria-label": figure.get_code_display()}))
            self.fields[reason_name] = forms.CharField(
                label=_("Lý do khác số liệu cơ sở dữ liệu"), required=False, initial=figure.reason,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "aria-label": _("Lý do")}))
            self.figure_fields.append((figure, self[value_name], self[reason_name]))

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in REPORT_FIELDS}
        upload = self.files.get("attachment")
        if upload:
            data["attachment"] = upload
        data["figures"] = {
            figure.code: {"district_value": self.cleaned_data.get(f"fig_{figure.code}_value"),
                          "reason": self.cleaned_data.get(f"fig_{figure.code}_reason") or ""}
            for figure, _v, _r in self.figure_fields
        }
        return data


class DistrictPlanForm(forms.ModelForm):
    """The district's CP plan: targets, planned activities with counts and money, the budget, the CP staff."""

    class Meta:
        model = DistrictPlan
        fields = ["targets", "planned_activities", "classes_planned", "classes_budget", "workshops_planned",
                  "workshops_budget", "media_planned", "media_budget", "budget_planned", "cp_staff"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ["targets", "planned_activities", "cp_staff"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class DistrictPlanStartForm(forms.Form):
    """Which plan to write: the whole 2016–2020 period or one year."""

    year = forms.TypedChoiceField(
        label=_("Kế hoạch cho"), coerce=int, empty_value=None, required=False,
        choices=[("", _("Cả giai đoạn 2016–2020"))] + [(y, str(y)) for y in range(2016, 2021)],
        widget=forms.Select(attrs={"class": "form-select"}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportRequestForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Kỳ báo cáo"), queryset=None)

    def __init__(self, *args, **kwargs):
        from plan.models import ReportingPeriod

        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.order_by("end", "start")

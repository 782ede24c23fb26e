"""Public pages of training: classes, online registration, certificate check and PDF."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from training import selectors, services
from training.forms import CertificateCheckForm, RegistrationForm
from training.models import TrainingClass


def class_list(request):
    """Upcoming public classes (with free seats) and those already held."""
    today = timezone.localdate()
    upcoming = selectors.classes_upcoming(today=today).with_status_shown(today)
    past = (TrainingClass.objects.visible_to(request.user).filter(start_date__lte=today).with_status_shown(today)
            .order_by("-start_date")[:50])
    return render(request, "training/class_list.html", {"upcoming": upcoming, "past": past, "today": today})


def _class_shown(request, pk) -> TrainingClass:
    """The class, if the user may see it, with its status as shown today (status_shown)."""
    today = timezone.localdate()
    return get_object_or_404(TrainingClass.objects.visible_to(request.user).with_status_shown(today), pk=pk)


def class_detail(request, pk):
    training_class = _class_shown(request, pk)
    return render(request, "training/class_detail.html", {
        "training_class": training_class, "seats": selectors.class_seats(training_class),
        "status_shown": training_class.get_status_shown_display(),
        "open_for_registration": training_class.takes_registrations,
    })


def class_register(request, pk):
    """The online registration form: pending while seats remain, waiting list when full, errors by field. For a class
    that takes no registration (cancelled, held, begun: the service's rule), the reason instead of the form, and a
    POST saves nothing."""
    training_class = _class_shown(request, pk)
    refusal = services.class_registration_refusal(training_class=training_class)
    if refusal:
        return render(request, "training/class_register.html", {"training_class": training_class,
                                                                  "refusal": refusal})
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.class_register(
                training_class=training_class, full_name=data["full_name"], email=data["email"],
                position=data["position"], enterprise=data["enterprise"], agency=data["agency"],
                phone=data["phone"], user=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            request.session["training_registration"] = registration.pk
            return redirect("training:register_done", pk=training_class.pk)
    return render(request, "training/class_register.html", {"training_class": training_class, "form": form})


def register_done(request, pk):
    """The confirmation after registering: what was received and whether it is on the waiting list."""
    from training.models import Registration

    training_class = get_object_or_404(TrainingClass.objects.visible_to(request.user), pk=pk)
    reg_pk = request.session.get("training_registration")
    registration = Registration.objects.filter(pk=reg_pk, training_class=training_class).first() if reg_pk else None
    if registration is None:
        return redirect("training:class_detail", pk=pk)
    return render(request, "training/register_done.html", {"training_class": training_class,
                                                           "registration": registration})


def certificate_check(request):
    """Anyone checks a certificate code (form); a valid code leads to the certificate's page."""
    form = CertificateCheckForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if selectors.certificate_lookup(code):
            return redirect("training:certificate_verify", code=code)
        form.add_error("code", _("Không có chứng nhận nào mang mã này."))
    return render(request, "training/certificate_check.html", {"form": form})


def certificate_verify(request, code):
    """What a certificate attests: the name, the class, the date. Never the e-mail or phone."""
    registration = selectors.certificate_lookup(code)
    if registration is None:
        raise Http404(_("Không có chứng nhận nào mang mã này."))
    return render(request, "training/certificate_verify.html", {
        "code": registration.certificate_code, "full_name": registration.participant.full_name,
        "training_class": registration.training_class, "completed_on": registration.completed_on,
    })


def certificate_pdf(request, code):
    """The certificate as PDF: the code is what its holder has, so holding the code is enough."""
    registration = selectors.certificate_lookup(code)
    if registration is None:
        raise Http404(_("Không có chứng nhận nào mang mã này."))
    pdf = services.certificate_pdf(registration=registration)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{registration.certificate_code}.pdf"'
    return response

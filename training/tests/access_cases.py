"""Every URL of the training app with the status each role must get."""

import datetime

from tests.access import Case, api_login_required, public, statuses


def _class(p=None, **kw):
    from training.tests.factories import TrainingClassFactory

    return TrainingClassFactory(**kw)


def _certificate_code(p):
    from training import services
    from training.tests.factories import ParticipantFactory

    cls = _class(start_date=datetime.date.today() + datetime.timedelta(days=5))
    person = ParticipantFactory()
    reg = services.class_register(training_class=cls, full_name=person.full_name, email=person.email)
    services.registration_confirm(registration=reg)
    services.attendance_record(registration=reg, today=cls.end_date)  # once the class has run
    return services.registration_complete(registration=reg, today=cls.end_date).certificate_code


def _participant_pk(p):
    from training.tests.factories import ParticipantFactory

    return ParticipantFactory().pk


PERSONAL = api_login_required(allowed=["doit_staff", "department_viewer"])

CASES = [
    Case("training:class_list", public(200)),
    Case("training:class_detail", public(200), kwargs=lambda p: {"pk": _class().pk}),
    Case("training:class_register", public(200), kwargs=lambda p: {"pk": _class().pk}),
    Case("training:class_register", public(302), kwargs=lambda p: {"pk": _class().pk}, method="post",
         data={"full_name": "Nguyễn Văn Thử", "email": "thu@example.vn", "agency": "UBND phường"},
         label="POST training:class_register"),
    Case("training:register_done", statuses(302), kwargs=lambda p: {"pk": _class().pk}),
    Case("training:certificate_check", public(200)),
    Case("training:certificate_verify", public(200), kwargs=lambda p: {"code": _certificate_code(p)}),
    Case("training:certificate_pdf", public(200), kwargs=lambda p: {"code": _certificate_code(p)}),
    Case("v1:training-class-list", public(200), api=True),
    Case("v1:training-class-detail", public(200), kwargs=lambda p: {"pk": _class().pk}, api=True),
    Case("v1:participant-list", PERSONAL, api=True),
    Case("v1:participant-detail", PERSONAL, kwargs=lambda p: {"pk": _participant_pk(p)}, api=True),
]

import datetime
import itertools

import factory

from training.models import Participant, TrainingClass

_seq = itertools.count(100000001)


def valid_tax_code() -> str:
    """A fresh 10-digit tax code with a correct check digit."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    while True:
        body = f"{next(_seq):09d}"
        check = 10 - sum(int(d) * w for d, w in zip(body, weights, strict=False)) % 11
        if check < 10:
            return body + str(check)


def enterprise_make(*, size="large", district_code="001", name=None, **extra):
    """A registered facility (large by default) in a district, valid by the registry's rules."""
    from enterprises.models import Enterprise, Sector
    from plan.models import AdministrativeUnit

    sector = Sector.objects.filter(code="10").first() or Sector.objects.create(code="10", name="Thực phẩm")
    figures = {"large": (300, 300_000_000_000, 150_000_000_000), "small": (50, 20_000_000_000, 10_000_000_000)}[size]
    enterprise = Enterprise(
        tax_code=valid_tax_code(), name=name or f"Công ty thử {next(_seq)}",
        district=AdministrativeUnit.objects.get(code=district_code), sector=sector, size=size,
        workers=figures[0], revenue_vnd=figures[1], capital_vnd=figures[2],
        registered_on=datetime.date(2016, 1, 1), **extra)
    enterprise.full_clean()
    enterprise.save()
    return enterprise


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    title = factory.Sequence(lambda n: f"Lớp SXSH cho cán bộ kỹ thuật số {n}")
    audience = TrainingClass.Audience.TECHNICIANS
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    venue = "Sở Công Thương Hà Nội, 331 Cầu Giấy"
    trainers = "TS. Nguyễn Văn Bình"
    capacity = 30
    year = 2017
    cost_vnd = 80_000_000
    status = TrainingClass.Status.OPEN


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Học viên Thứ {n}")
    email = factory.Sequence(lambda n: f"hocvien{n}@example.vn")
    agency = "Phòng Kinh tế quận Ba Đình"
    phone = "0912345678"


def xlsx_upload(headers, rows, name="nhap.xlsx"):
    """An in-memory .xlsx with one header row and `rows`, as an upload for the admin import form."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def admin_import(client, model, upload, *, confirm=False):
    """Post `upload` to the admin import of `model` (the dry run); with confirm, also run the real import."""
    from django.contrib import admin
    from django.urls import reverse

    model_admin = admin.site._registry[model]
    formats = model_admin.get_import_formats()
    xlsx = next(i for i, f in enumerate(formats) if f().get_title() == "xlsx")
    opts = model._meta
    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
                           {"import_file": upload, "format": str(xlsx)})
    assert response.status_code == 200, response.content.decode()[:2000]
    if confirm:
        form = response.context.get("confirm_form")
        assert form is not None, f"the dry run found errors: {invalid_rows(response)}"
        data = {k: form.initial.get(k, "") for k in form.fields}
        response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"), data)
    return response


def invalid_rows(response) -> dict[int, str]:
    """The dry run's refused rows: {row number: every reason on that row, joined}."""
    result = response.context["result"]
    found = {row.number: " ".join(row.error.messages) for row in result.invalid_rows}
    for number, errors in result.row_errors():
        found[number] = (found.get(number, "") + " " + " ".join(str(e.error) for e in errors)).strip()
    return found



def completed_registration(training_class, **participant):
    """A participant registered before `training_class`, confirmed, present and certified once it ended."""
    from training import services

    person = ParticipantFactory(**participant)
    before = training_class.start_date - datetime.timedelta(days=14)
    reg = services.class_register(training_class=training_class, full_name=person.full_name, email=person.email,
                                  today=before)
    services.registration_confirm(registration=reg)
    services.attendance_record(registration=reg, today=training_class.end_date)
    return services.registration_complete(registration=reg, today=training_class.end_date)

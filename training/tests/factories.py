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

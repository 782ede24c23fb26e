"""Best practices published on the public site: case studies and the BAT/BEP catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enterprise, Sector
from plan.display import QuickChoiceDisplay
from plan.roles import is_doit


class PublishedQuerySet(models.QuerySet):
    """Everyone reads what is published; DoIT staff also see drafts."""

    def visible_to(self, user):
        return self if is_doit(user) else self.filter(published=True)

    def published(self):
        return self.filter(published=True)


class CaseStudy(models.Model):
    """A facility that applied CP: what it did and what it saved."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="case_studies", verbose_name=_("ngành"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="case_studies", verbose_name=_("cơ sở"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("tóm tắt"))
    body = models.TextField(_("nội dung"), blank=True)
    results = models.TextField(_("kết quả"), blank=True)
    published = models.BooleanField(_("công bố"), default=False)
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("điển hình SXSH")
        verbose_name_plural = _("điển hình SXSH")
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title


class BatBep(QuickChoiceDisplay, models.Model):
    """A best available technique or best environmental practice for a sector."""

    class Kind(models.TextChoices):
        BAT = "bat", _("công nghệ tốt nhất hiện có (BAT)")
        BEP = "bep", _("thực hành môi trường tốt nhất (BEP)")

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="bat_beps", verbose_name=_("ngành"))
    kind = models.CharField(_("loại"), max_length=3, choices=Kind.choices)
    title = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("mô tả"))
    source = models.CharField(_("nguồn tham khảo"), max_length=255, blank=True)
    published = models.BooleanField(_("công bố"), default=True)

    history = HistoricalRecords()
    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("BAT/BEP")
        verbose_name_plural = _("danh mục BAT/BEP")
        ordering = ["sector__code", "kind", "title"]

    def __str__(self):
        return self.title

"""A participant's e-mail is stored lower-case and is unique whatever its case (the public form and the import match
e-mails case-insensitively; the admin took "A@x.vn" beside "a@x.vn").

Existing e-mails are trimmed and lower-cased first. Two participants whose e-mails differ only by case are one person
entered twice: the migration stops and names them rather than choosing which to keep (merge them, then migrate again).
The demo seed has none (its e-mails are generated lower-case and distinct).
"""

from django.db import migrations, models
from django.db.models.functions import Lower


def emails_lower(apps, schema_editor):
    Participant = apps.get_model("training", "Participant")
    seen: dict[str, int] = {}
    clashes = []
    for pk, email in Participant.objects.order_by("pk").values_list("pk", "email"):
        normal = (email or "").strip().lower()
        if normal in seen:
            clashes.append(f"{seen[normal]} / {pk} ({normal})")
        seen.setdefault(normal, pk)
    if clashes:
        raise RuntimeError("Participants sharing an e-mail but for its case; merge them, then migrate again: "
                           + ", ".join(clashes))
    for pk, email in Participant.objects.values_list("pk", "email"):
        normal = (email or "").strip().lower()
        if normal != email:
            Participant.objects.filter(pk=pk).update(email=normal)


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0003_phone_checked"),
    ]

    operations = [
        migrations.RunPython(emails_lower, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.UniqueConstraint(
                Lower("email"), name="participant_email_unique_ci",
                violation_error_message="Thư điện tử này đã có người tham gia khác.",
            ),
        ),
    ]

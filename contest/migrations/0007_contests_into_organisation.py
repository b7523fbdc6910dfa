"""Every contest belongs to an organisation: today's contests and organisers move into one.

Before organisations, organising was a site-wide role (the "organiser" group). Upgrading an
installation puts its contests into one organisation, whose owners are those organisers, so
nobody loses access; owners can rename it and split work among roles afterwards.
"""

from django.db import migrations

NAME = "Contest organisers"
SLUG = "organisers"


def forward(apps, schema_editor):
    Contest = apps.get_model("contest", "Contest")
    Organisation = apps.get_model("accounts", "Organisation")
    Membership = apps.get_model("accounts", "Membership")
    User = apps.get_model("accounts", "User")
    if not Contest.objects.filter(organisation__isnull=True).exists():
        return
    organisation, _created = Organisation.objects.get_or_create(slug=SLUG, defaults={"name": NAME})
    Contest.objects.filter(organisation__isnull=True).update(organisation=organisation)
    for user in User.objects.filter(groups__name="organiser").distinct():
        Membership.objects.get_or_create(organisation=organisation, user=user,
                                         defaults={"role": "owner"})


def backward(apps, schema_editor):
    # The site-wide organiser group is still there: nobody loses access going back.
    Contest = apps.get_model("contest", "Contest")
    Contest.objects.update(organisation=None)


class Migration(migrations.Migration):
    dependencies = [
        ("contest", "0006_contest_organisation"),
        ("accounts", "0003_organisations"),
    ]

    operations = [migrations.RunPython(forward, backward)]

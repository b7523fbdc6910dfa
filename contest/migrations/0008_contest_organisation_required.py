import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contest", "0007_contests_into_organisation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contest",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contests",
                to="accounts.organisation",
                verbose_name="organisation",
            ),
        ),
    ]

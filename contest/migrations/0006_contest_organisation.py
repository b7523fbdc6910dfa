

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_organisations'),
        ('contest', '0005_delete_auditevent'),
    ]

    operations = [
        migrations.AddField(
            model_name='contest',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='contests', to='accounts.organisation', verbose_name='organisation'),
        ),
    ]

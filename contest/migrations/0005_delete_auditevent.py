# The audit trail moved to core (core.0002 copies its rows first).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contest', '0004_video_timeline_hashes'),
        ('core', '0002_copy_contest_audit'),
    ]

    operations = [
        migrations.DeleteModel(
            name='AuditEvent',
        ),
    ]

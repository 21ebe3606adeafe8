"""One index per lookup on the people tables.

Pay records and history events are found by person through their (person, date) indexes,
so the foreign keys' own single-column indexes go. On PostgreSQL, Django also gives every
indexed text column a second ``varchar_pattern_ops`` index (``…_like``) for ``LIKE 'x%'``;
nothing queries people ids that way, so the two on ``people_person`` (person id, manager)
go too. Each index less is one less to keep up or rebuild on every large import.
"""

import django.db.models.deletion
from django.db import migrations, models

LIKE_INDEXES = (
    "SELECT i.indexrelid::regclass::text FROM pg_index i "
    "WHERE i.indrelid = 'people_person'::regclass "
    "AND pg_get_indexdef(i.indexrelid) LIKE '%varchar_pattern_ops%'"
)


def drop_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(LIKE_INDEXES)
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def add_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    person = apps.get_model("people", "Person")
    for field in ("person_id", "manager"):
        sql = schema_editor._create_like_index_sql(person, person._meta.get_field(field))
        if sql is not None:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historyevent",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="payrecord",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pay",
                to="people.person",
            ),
        ),
        migrations.RunPython(drop_like_indexes, add_like_indexes),
    ]

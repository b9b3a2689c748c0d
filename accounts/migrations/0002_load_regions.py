"""Load provinces and cities from seeds/regions.json, the one source of region data."""

from django.db import migrations


def load(apps, schema_editor):
    from accounts.regions import load_regions

    Region = apps.get_model("accounts", "Region")
    records = load_regions()
    # Provinces first, so that every city's parent exists.
    for record in sorted(records, key=lambda r: r["level"] != "province"):
        Region.objects.update_or_create(
            code=record["code"],
            defaults={
                "name_zh": record["name_zh"],
                "name_en": record["name_en"],
                "level": record["level"],
                "parent_id": record["parent"],
                "lat": record["lat"],
                "lon": record["lon"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

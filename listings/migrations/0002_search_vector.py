"""PostgreSQL only: a stored tsvector generated from the search token fields, with a GIN index.

The tokens are prepared in Python (jieba segmentation, aliases: listings.search.text), so the "simple"
configuration keeps each token as one lexeme. A generated column is always in step with its row, with
no trigger and no code path that can forget it. The model does not declare the column (SQLite has no
tsvector); listings.search.backends refers to it by name. SQLite searches the token fields with LIKE.
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'D')"
)


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE listings_listing ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute("CREATE INDEX listing_search_gin ON listings_listing USING gin (search_vector)")


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE listings_listing DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [migrations.RunPython(add_vector, drop_vector)]


import django.db.models.deletion
from django.db import migrations, models

# The text index is engine-specific and not a Django field (see search/models.py and
# docs/decisions/0006-search-tokens-and-japanese.md). The SQL is frozen here on purpose:
# migrations must not import code that later changes.
SQLITE_FORWARD = [
    # Text arrives already folded and tokenised (search/text.py); unicode61 only splits it
    # on spaces. Prefix indexes of 2 and 3 characters keep type-ahead queries cheap.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "subject, people, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    # A ticket deleted in the database (cascade) takes its text with it.
    "CREATE TRIGGER search_document_delete AFTER DELETE ON search_searchdocument "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.ticket_id; END",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS search_document_delete", "DROP TABLE IF EXISTS search_fts"]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector",
    # Serves: `vector @@ query` in every search (backends.PostgresBackend.candidates).
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


forward = _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})
reverse = _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('tickets', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=64, unique=True)),
                ('value', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('ticket', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='tickets.ticket')),
                ('queue_id', models.BigIntegerField()),
                ('is_open', models.BooleanField()),
                ('indexed_at', models.DateTimeField()),
                ('text_version', models.PositiveSmallIntegerField(help_text='omotenashi.search.text.TEXT_VERSION at indexing time.')),
            ],
        ),
        migrations.RunPython(forward, reverse, elidable=False),
    ]

"""article_search: PostgreSQL's trigram index moves off the articles row

The pg_trgm GIN index of 0002 was on ``title || ' ' || body`` of ``articles``.
Setting an article's development or original is an UPDATE of a column that
other indexes hold, so never a HOT update: PostgreSQL wrote a new entry into
every index of the row, the trigram index included, cutting the whole text
into trigrams again (~4 ms for a 15 KB Korean article, 60 times the rest of
the UPDATE). Every relevant article is updated so once (when it is assigned),
every copy once more. Now the text lives in ``article_search`` (one row per
article, kept in step by a trigger on insert and on updates of title or body,
as SQLite's FTS5 table of 0002 is), and only that table carries the trigram
index: assigning an article no longer touches it. Existing articles are
copied over. SQLite: nothing changes.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE article_search ("
        "article_id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, doc text)"
    )
    op.execute(
        "CREATE FUNCTION newsmon_article_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO article_search (article_id, doc) VALUES (NEW.id, NEW.title || ' ' || NEW.body) "
        "ON CONFLICT (article_id) DO UPDATE SET doc = EXCLUDED.doc; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER articles_search_aiu AFTER INSERT OR UPDATE OF title, body ON articles "
        "FOR EACH ROW EXECUTE FUNCTION newsmon_article_search()"
    )
    op.execute("INSERT INTO article_search (article_id, doc) SELECT id, title || ' ' || body FROM articles")
    op.execute("CREATE INDEX ix_article_search_trgm ON article_search USING gin (doc gin_trgm_ops)")
    op.execute("DROP INDEX IF EXISTS ix_articles_text_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_articles_text_trgm ON articles USING gin ((title || ' ' || body) gin_trgm_ops)")
    op.execute("DROP TRIGGER IF EXISTS articles_search_aiu ON articles")
    op.execute("DROP FUNCTION IF EXISTS newsmon_article_search()")
    op.execute("DROP TABLE IF EXISTS article_search")

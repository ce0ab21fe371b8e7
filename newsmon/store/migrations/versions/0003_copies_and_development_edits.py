"""identical copies stored; developments split and merged by users

* ``articles.body_hash`` is unique only among originals (a partial unique
  index where ``duplicate_of IS NULL``), so a word-for-word copy at another
  URL is stored as a copy of its original instead of being dropped.
* ``developments.merged_into``: a development a user merged into another.
* ``development_edits``: every split and merge a user made, with the articles moved.

SQLite cannot drop a table's inline UNIQUE constraint, so ``articles`` is
rebuilt there. Dropping a table with foreign keys on deletes the rows that
cascade from it (near-duplicate bands, alerts), and ``PRAGMA foreign_keys``
cannot change inside the migration's transaction, so those rows are kept
aside and put back, as are the copies' links; ids, indexes and the
full-text triggers are restored.

Revision ID: 0003
Revises: 0017_set_aside (written against 0002)
"""
import re

import sqlalchemy as sa
from alembic import op

import newsmon.store.models

revision = "0003"
down_revision = "0005"  # chained after 0005 (schedule state) when merged
branch_labels = None
depends_on = None

_FTS_TRIGGERS = (
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)


def _sqlite_rebuild_articles(unique_body_hash: bool) -> None:
    """Recreate ``articles`` with or without its inline UNIQUE (body_hash), keeping every row."""
    conn = op.get_bind()
    run = conn.exec_driver_sql
    table_sql = run("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'articles'").scalar_one()
    index_sql = [r[0] for r in run(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles' AND sql IS NOT NULL"
    )]
    if unique_body_hash:
        new_sql = re.sub(r",\s*PRIMARY KEY \(id\)", ", PRIMARY KEY (id), UNIQUE (body_hash)", table_sql, count=1)
    else:
        new_sql = re.sub(r",\s*UNIQUE \(body_hash\)", "", table_sql, count=1)
    new_sql = re.sub(r'^CREATE TABLE "?articles"?', "CREATE TABLE articles_rebuilt", new_sql, count=1)
    children = [
        t for (t,) in run("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles%'")
        if any(fk[2] == "articles" for fk in run(f'PRAGMA foreign_key_list("{t}")'))
    ]
    for t in children:
        run(f'CREATE TEMP TABLE "kept_{t}" AS SELECT * FROM "{t}"')
    # Copies would point into the table being dropped: their links wait aside too.
    run("CREATE TEMP TABLE kept_links AS SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")
    run(new_sql)
    run("INSERT INTO articles_rebuilt SELECT * FROM articles")
    run("UPDATE articles_rebuilt SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
    run("DROP TABLE articles")  # also drops its indexes and triggers; cascades to the children
    run("ALTER TABLE articles_rebuilt RENAME TO articles")
    for sql in index_sql:
        run(sql)
    if run("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts'").scalar_one():
        for sql in _FTS_TRIGGERS:
            run(sql)
    run("UPDATE articles SET duplicate_of = (SELECT k.duplicate_of FROM kept_links k WHERE k.id = articles.id) "
        "WHERE id IN (SELECT id FROM kept_links)")
    run("DROP TABLE kept_links")
    for t in children:
        run(f'DELETE FROM "{t}"')
        run(f'INSERT INTO "{t}" SELECT * FROM "kept_{t}"')
        run(f'DROP TABLE "kept_{t}"')


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_rebuild_articles(unique_body_hash=False)
    else:
        op.drop_constraint("articles_body_hash_key", "articles", type_="unique")
    op.create_index("ix_articles_body_hash", "articles", ["body_hash"])
    op.create_index(
        "uq_articles_body_hash_original", "articles", ["body_hash"], unique=True,
        sqlite_where=sa.text("duplicate_of IS NULL"), postgresql_where=sa.text("duplicate_of IS NULL"),
    )
    with op.batch_alter_table("developments", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch_op.create_index("ix_developments_merged_into", ["merged_into"])
    if dialect != "sqlite":  # SQLite cannot add a constraint to an existing table; the column says enough
        op.create_foreign_key("fk_developments_merged_into", "developments", "developments", ["merged_into"], ["id"])
    op.create_table(
        "development_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("development_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=True),
        sa.Column("article_ids", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", newsmon.store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["development_id"], ["developments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["developments.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_development_edits_development_id", "development_edits", ["development_id"])


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_development_edits_development_id", table_name="development_edits")
    op.drop_table("development_edits")
    if dialect != "sqlite":
        op.drop_constraint("fk_developments_merged_into", "developments", type_="foreignkey")
    with op.batch_alter_table("developments", recreate="never") as batch_op:
        batch_op.drop_index("ix_developments_merged_into")
        batch_op.drop_column("merged_into")
    op.drop_index("uq_articles_body_hash_original", table_name="articles")
    op.drop_index("ix_articles_body_hash", table_name="articles")
    # Copies share their original's hash: only originals keep it under the old rule.
    op.execute("UPDATE articles SET body_hash = NULL WHERE duplicate_of IS NOT NULL")
    if dialect == "sqlite":
        _sqlite_rebuild_articles(unique_body_hash=True)
    else:
        op.create_unique_constraint("articles_body_hash_key", "articles", ["body_hash"])

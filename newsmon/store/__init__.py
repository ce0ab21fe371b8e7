"""The store: schema, engine and sessions, migrations, queries, run records and sources."""

"""What one newsmon command works with: its configuration and, on demand, its database.

CLI commands, the crawl cycle and the scheduler receive an ``App`` and ask it
for the database; nothing in newsmon holds a global engine or session. A
crawl hands its ``App`` to the spider and pipelines (``newsmon.crawl.context``),
so one run opens and migrates its database once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from newsmon.config import Config
from newsmon.store.database import Database


class App:
    def __init__(self, config: Config) -> None:
        self.config = config
        self._db: Optional[Database] = None
        self._ro: Optional[Database] = None

    def database(self, *, read_only: bool = False) -> Database:
        """The migrated database (opened once per App).

        ``read_only`` (the listing commands): never created or migrated, and a
        SQLite file is opened read-only.
        """
        if read_only:
            if self._db is not None:
                return self._db
            if self._ro is None:
                self._ro = Database(self.config.database_url, read_only=True)
            return self._ro
        if self._db is None:
            self._db = Database(self.config.database_url)
        return self._db

    def seeds_dir(self) -> Path:
        from newsmon.topics import default_seeds_dir

        return self.config.seeds_dir or default_seeds_dir()

    def close(self) -> None:
        for db in (self._db, self._ro):
            if db is not None:
                db.dispose()
        self._db = self._ro = None

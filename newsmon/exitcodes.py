"""Every exit code newsmon uses, in one place (README "Exit codes" lists the same).

cron and systemd act on these: anything but 0 gets mailed or marked failed.
A ``degraded`` crawl (some sources failed, the rest answered) exits 0 but
prints one line even with ``--quiet``, so cron still mails it.
"""

OK = 0
#: The run failed: no source answered, storing failed, the database is
#: unreachable, the crawl was interrupted, or ``alerts send``/``alerts test``
#: could not deliver.
FAILED = 1
#: Bad configuration, bad command-line usage, or an unsupported database URL.
USAGE = 2
#: Another crawl (or scheduler) holds the lock (EX_TEMPFAIL: try again later).
ALREADY_RUNNING = 75
#: Stopped with Ctrl-C (128 + SIGINT).
INTERRUPTED = 130

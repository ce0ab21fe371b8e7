"""The ``newsmon schedule`` daemon: run the crawl cycle on a cron schedule.

For hosts without cron or systemd timers, or for people who prefer one
long-running service. APScheduler 3.x's ``BlockingScheduler`` owns the main
thread; its job store lives in the newsmon database (table
``apscheduler_jobs``), so the schedule survives restarts and a restart after
downtime does exactly one catch-up run, not a burst.

Each run is a subprocess (``python -m newsmon crawl --quiet --trigger
schedule``): a Twisted reactor cannot be restarted in one process, and a
crashed, leaking or hung crawl must not take the daemon with it. A run that
outlives ``schedule.run_timeout`` has its whole process group killed; a run
that died before it could record itself gets its ``runs`` row from the
daemon. SIGTERM/SIGINT end the current child (SIGTERM, then SIGKILL), record
it as interrupted and exit 0. A daemon lock (see newsmon.schedule.locks) keeps a second
daemon on the same database from starting (exit code 75).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import FrameType
from pathlib import Path
from typing import IO, Any, Optional, Sequence
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from newsmon.config import Config, ConfigError, load_config
from newsmon.store.database import Database, DatabaseError, safe_url
from newsmon.schedule.locks import EXIT_ALREADY_RUNNING, AlreadyRunning, scheduler_lock
from newsmon.store.models import Run, utcnow
from newsmon.store.runs import (
    FAILED,
    INTERRUPTED,
    OK,
    RUNNING,
    SKIPPED,
    TIMEOUT,
    finish_run,
    next_scheduled_run,
    scrub,
    start_run,
)

JOB_ID = "newsmon-crawl"
JOBS_TABLE = "apscheduler_jobs"
JOB_FUNC = "newsmon.schedule.daemon:run_scheduled_crawl"  # a text reference: the job store pickles it
TERM_GRACE_SECONDS = 5.0  # SIGTERM -> SIGKILL for a child being stopped
OUTPUT_TAIL_BYTES = 4000  # the end of a failed child's output, kept for the log and the run row
EXIT_CONFIG = 2
EXIT_DATABASE = 1

log = logging.getLogger("newsmon.schedule.daemon")

_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crawl_command(config_path: Optional[str]) -> list[str]:
    """The command each scheduled run executes: one crawl cycle in a fresh interpreter."""
    return [
        sys.executable,
        "-m",
        "newsmon",
        *(["--config", config_path] if config_path else []),
        "crawl",
        "--quiet",
        "--trigger",
        "schedule",
    ]


def _crontab_weekday_numbers(field: str) -> set[int]:
    """The weekdays (0 = Sunday, as crontab counts) a crontab day-of-week field selects."""
    names = {name: i for i, name in enumerate(_WEEKDAYS)}

    def day(token: str) -> int:
        token = token.strip().lower()
        if token[:3] in names and token.isalpha():
            return names[token[:3]]
        value = int(token)
        if not 0 <= value <= 7:
            raise ValueError(f"day of week out of range: {token!r}")
        return value % 7

    selected: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in day of week: {part!r}")
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            a, b = span.split("-", 1)
            first, last = day(a), day(b)
            if b.strip() == "7":
                last = 7
        else:
            first = day(span)
            last = 6 if step_text else first
        selected.update(d % 7 for d in range(first, last + 1, step))
    return selected


def crontab_trigger(expr: str, tz: ZoneInfo) -> CronTrigger:
    """A CronTrigger with standard crontab meaning.

    APScheduler 3.x's ``from_crontab`` counts weekdays from Monday = 0 (its
    documented historical mistake), so ``1-5`` would mean Tuesday-Saturday.
    Here numeric weekdays are read as crontab does (0 and 7 = Sunday) and
    handed over as names.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"a cron expression has 5 fields, not {len(fields)}: {expr!r}")
    minute, hour, day, month, dow = fields
    if dow != "*":
        days = _crontab_weekday_numbers(dow)
        dow = ",".join(_WEEKDAYS[d] for d in sorted(days))
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=dow, timezone=tz)


def make_trigger(config: Config, every: Optional[float] = None) -> BaseTrigger:
    """The schedule: ``every`` seconds if given (testing/advanced), else ``schedule.cron``."""
    tz = ZoneInfo(config.schedule.timezone)
    if every is not None:
        if every <= 0:
            raise ConfigError("--every must be a positive number of seconds")
        return IntervalTrigger(seconds=every, timezone=tz)
    try:
        return crontab_trigger(config.schedule.cron, tz)
    except ValueError as exc:
        raise ConfigError(f"schedule.cron is not a valid cron expression: {config.schedule.cron!r} ({exc})") from exc


@dataclass(frozen=True)
class ChildOutcome:
    """How one crawl subprocess ended, as the daemon saw it."""

    pid: int
    started_at: datetime
    returncode: Optional[int]
    timed_out: bool
    interrupted: bool
    output_tail: str

    def status(self) -> str:
        if self.timed_out:
            return TIMEOUT
        if self.interrupted and self.returncode != 0:
            return INTERRUPTED
        if self.returncode == 0:
            return OK
        if self.returncode == EXIT_ALREADY_RUNNING:
            return SKIPPED
        return FAILED

    def describe(self, run_timeout: float) -> str:
        if self.timed_out:
            text = f"the crawl ran longer than run_timeout ({run_timeout:g}s); its process group was killed"
        elif self.interrupted and self.returncode != 0:
            text = "the scheduler was stopped during the crawl"
        elif self.returncode == 0:
            text = "the crawl exited 0 without recording its run"
        elif self.returncode == EXIT_ALREADY_RUNNING:
            text = "skipped: another newsmon crawl was running"
        elif self.returncode is not None and self.returncode < 0:
            text = f"the crawl was killed by signal {-self.returncode}"
        else:
            text = f"the crawl exited with code {self.returncode}"
        last = [line for line in self.output_tail.splitlines() if line.strip()][-3:]
        if last and self.status() not in (OK, SKIPPED):
            text += ": " + " | ".join(line.strip() for line in last)
        return scrub(text)

    def error_kind(self) -> str:
        if self.timed_out:
            return "crawl_timeout"
        if self.returncode is not None and self.returncode < 0:
            return f"crawl_signal_{-self.returncode}"
        return f"crawl_exit_{self.returncode}"


def _read_tail(out: IO[bytes]) -> str:
    out.seek(0, os.SEEK_END)
    size = out.tell()
    out.seek(max(0, size - OUTPUT_TAIL_BYTES))
    return out.read().decode("utf-8", "replace")


class CrawlDaemon:
    """The scheduler daemon for one configuration.

    ``command`` replaces the crawl command (tests use failing and hanging
    stand-ins); ``every`` replaces the cron schedule with a fixed interval.
    """

    def __init__(
        self,
        config: Config,
        *,
        every: Optional[float] = None,
        command: Optional[Sequence[str]] = None,
        term_grace: float = TERM_GRACE_SECONDS,
        install_signal_handlers: bool = True,
    ) -> None:
        self.config = config
        # Absolute, so the crawl finds it whatever its working directory.
        self.config_path = str(Path(config.path).resolve()) if config.path else None
        self.every = every
        self.command = list(command) if command is not None else crawl_command(self.config_path)
        self.term_grace = term_grace
        self.install_signal_handlers = install_signal_handlers
        self.trigger = make_trigger(config, every)  # ConfigError before anything starts
        self.db: Optional[Database] = None
        self.scheduler: Optional[BlockingScheduler] = None
        self._stopping = threading.Event()
        self._child_lock = threading.Lock()
        self._child: Optional[subprocess.Popen[bytes]] = None

    # ------------------------------------------------------------ lifecycle

    def run(self) -> int:
        """Run until SIGTERM/SIGINT (or stop()); the exit code: 0, 75 (another daemon), 1 (database)."""
        try:
            self.serve()
        except AlreadyRunning as exc:
            log.error("%s; not starting a second scheduler on %s", exc, safe_url(self.config.database_url))
            return EXIT_ALREADY_RUNNING
        except DatabaseError as exc:
            log.error("%s", exc)
            return EXIT_DATABASE
        return 0

    def serve(self) -> None:
        """Run until SIGTERM/SIGINT (or stop()); raises AlreadyRunning or DatabaseError instead of starting."""
        with scheduler_lock(self.config):
            self._serve()

    def stop(self) -> None:
        """Stop the scheduler: end the running crawl (recorded as interrupted) and return from run()."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        threading.Thread(target=self._shutdown, name="newsmon-scheduler-stop", daemon=True).start()

    def _serve(self) -> None:
        global _ACTIVE
        self.db = Database(self.config.database_url)
        tz = ZoneInfo(self.config.schedule.timezone)
        scheduler = BlockingScheduler(
            timezone=tz,
            jobstores={"default": SQLAlchemyJobStore(engine=self.db.engine, tablename=JOBS_TABLE)},
            executors={"default": ThreadPoolExecutor(max_workers=1)},
        )
        self.scheduler = scheduler
        extra: dict[str, Any] = {}
        catch_up = self._catch_up_time()
        if catch_up is not None:
            extra["next_run_time"] = catch_up
        scheduler.add_job(
            JOB_FUNC,
            self.trigger,
            args=[self.config_path],
            id=JOB_ID,
            name="newsmon crawl",
            replace_existing=True,
            # After downtime, or when the host slept through several slots:
            # one run, not one per missed slot.
            coalesce=True,
            # A crawl still running when the next slot comes: skip that slot.
            max_instances=1,
            # How late (seconds) a slot may start while the daemon is up;
            # later than that it is skipped and the next slot is awaited.
            misfire_grace_time=self.config.schedule.misfire_grace_time,
            **extra,
        )
        scheduler.add_listener(self._on_started, EVENT_SCHEDULER_STARTED)
        previous_handlers: dict[int, Any] = {}
        if self.install_signal_handlers:
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous_handlers[signum] = signal.signal(signum, self._on_signal)
        _ACTIVE = self
        log.info(
            "newsmon scheduler started on %s: %s (%s), run_timeout %gs",
            safe_url(self.config.database_url),
            f"every {self.every:g}s" if self.every is not None else f"cron {self.config.schedule.cron!r}",
            self.config.schedule.timezone,
            self.config.schedule.run_timeout,
        )
        try:
            scheduler.start()  # blocks until shutdown
        finally:
            _ACTIVE = None
            for signum, handler in previous_handlers.items():
                signal.signal(signum, handler)
            self.db.dispose()
        log.info("newsmon scheduler stopped")

    def _catch_up_time(self) -> Optional[datetime]:
        """``now`` if the stored job missed a slot while no daemon ran, else None.

        A replaced job would otherwise get its next run time afresh from the
        trigger and the missed slots would pass silently.
        """
        assert self.db is not None
        with self.db.session() as session:
            stored = next_scheduled_run(session, JOB_ID, JOBS_TABLE)
        now = datetime.now(timezone.utc)
        if stored is None or stored > now:
            return None
        log.info("a scheduled run was due at %s while no scheduler ran: one catch-up run now", stored.isoformat())
        return now

    def _on_started(self, _event: SchedulerEvent) -> None:
        # A signal that came before the scheduler was running could not stop it.
        if self._stopping.is_set():
            self._shutdown_scheduler(wait=False)

    def _on_signal(self, signum: int, _frame: Optional[FrameType]) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        self.stop()

    def _shutdown(self) -> None:
        with self._child_lock:
            child = self._child
        if child is not None:
            self._end_child(child)
        self._shutdown_scheduler(wait=True)

    def _shutdown_scheduler(self, *, wait: bool) -> None:
        if self.scheduler is None:
            return
        try:
            self.scheduler.shutdown(wait=wait)
        except SchedulerNotRunningError:
            pass

    # ------------------------------------------------------------ one run

    def _end_child(self, child: subprocess.Popen[bytes]) -> None:
        """SIGTERM the child's process group, SIGKILL what is left after the grace period."""
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            child.wait(self.term_grace)
        except subprocess.TimeoutExpired:
            log.warning("crawl (pid %d) ignored SIGTERM for %gs: killing it", child.pid, self.term_grace)
        try:
            os.killpg(child.pid, signal.SIGKILL)  # also any grandchildren left behind
        except ProcessLookupError:
            pass
        child.wait()

    def run_crawl(self) -> Optional[str]:
        """Run one crawl subprocess to its end and make sure it is recorded; returns the status seen."""
        with tempfile.TemporaryFile() as out:
            started = utcnow()
            with self._child_lock:
                if self._stopping.is_set():
                    return None
                try:
                    child = subprocess.Popen(
                        self.command,
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # its own process group, killed as one
                    )
                except OSError as exc:
                    log.error("cannot start the crawl: %s", exc)
                    self._record_unstarted(started, f"cannot start the crawl: {exc}")
                    return FAILED
                self._child = child
            log.info("crawl started (pid %d)", child.pid)
            timed_out = False
            try:
                child.wait(timeout=self.config.schedule.run_timeout)
            except subprocess.TimeoutExpired:
                timed_out = not self._stopping.is_set()
                if timed_out:
                    log.error(
                        "crawl (pid %d) still running after run_timeout %gs: killing its process group",
                        child.pid,
                        self.config.schedule.run_timeout,
                    )
                self._end_child(child)
            finally:
                with self._child_lock:
                    self._child = None
            outcome = ChildOutcome(
                pid=child.pid,
                started_at=started,
                returncode=child.returncode,
                timed_out=timed_out,
                interrupted=self._stopping.is_set(),
                output_tail=_read_tail(out),
            )
        status = outcome.status()
        if status == OK:
            log.info("crawl (pid %d) ended: ok", child.pid)
        else:
            level = logging.INFO if status == SKIPPED else logging.WARNING
            log.log(level, "crawl (pid %d) ended: %s", child.pid, outcome.describe(self.config.schedule.run_timeout))
        if status not in (OK, SKIPPED) and outcome.output_tail.strip():
            log.debug("crawl output (end):\n%s", scrub(outcome.output_tail))
        self._record(outcome)
        return status

    def _record(self, outcome: ChildOutcome) -> None:
        """Finish or add the run's row unless the crawl recorded its own end."""
        assert self.db is not None
        status = outcome.status()
        message = outcome.describe(self.config.schedule.run_timeout)
        try:
            with self.db.session() as session:
                run = session.scalars(
                    select(Run)
                    .where(Run.pid == outcome.pid, Run.started_at >= outcome.started_at - timedelta(seconds=5))
                    .order_by(Run.id.desc())
                    .limit(1)
                ).first()
                if run is not None and run.status != RUNNING:
                    return  # the crawl recorded how it ended
                if run is None:
                    run = start_run(session, trigger="schedule", pid=outcome.pid)
                    run.started_at = outcome.started_at
                errors = {outcome.error_kind(): 1} if status in (FAILED, TIMEOUT) else {}
                finish_run(session, run, status=status, counts={}, errors=errors, message=message)
        except Exception as exc:  # noqa: BLE001 - the daemon outlives a database hiccup
            log.error("could not record the crawl's end: %s", scrub(f"{type(exc).__name__}: {exc}"))

    def _record_unstarted(self, started: datetime, message: str) -> None:
        assert self.db is not None
        try:
            with self.db.session() as session:
                run = start_run(session, trigger="schedule", pid=None)
                run.started_at = started
                finish_run(session, run, status=FAILED, counts={}, errors={"crawl_start": 1}, message=message)
        except Exception as exc:  # noqa: BLE001
            log.error("could not record the failed start: %s", scrub(f"{type(exc).__name__}: {exc}"))


# The daemon running in this process, for the job function below. A
# persistent job store can only hold a reference to a module-level function
# and picklable arguments, not the daemon object itself.
_ACTIVE: Optional[CrawlDaemon] = None


def run_scheduled_crawl(config_path: Optional[str]) -> Optional[str]:
    """The scheduled job: one crawl cycle, run by the daemon of this process.

    Outside a daemon (a job store read by some other process), it runs the
    cycle for the configuration at ``config_path`` itself.
    """
    daemon = _ACTIVE
    if daemon is None:
        daemon = CrawlDaemon(load_config(config_path), install_signal_handlers=False)
        daemon.db = Database(daemon.config.database_url)
        try:
            return daemon.run_crawl()
        finally:
            daemon.db.dispose()
    return daemon.run_crawl()


def run_daemon(
    config: Config,
    *,
    every: Optional[float] = None,
    command: Optional[Sequence[str]] = None,
) -> int:
    """Build and run the daemon; returns its exit code (0, 1, 2 for a bad schedule, 75)."""
    try:
        daemon = CrawlDaemon(config, every=every, command=command)
    except ConfigError as exc:
        log.error("%s", exc)
        return EXIT_CONFIG
    return daemon.run()


def main(argv: Optional[Sequence[str]] = None, *, command: Optional[Sequence[str]] = None) -> int:
    """``python -m newsmon.schedule.daemon [--config PATH] [--every SECONDS] [--log-file PATH]``.

    The daemon without the ``newsmon`` command group; ``command`` replaces the
    crawl command (tests).
    """
    from newsmon.logconfig import configure_logging

    parser = argparse.ArgumentParser(prog="python -m newsmon.schedule.daemon", description="Run the newsmon scheduler.")
    parser.add_argument("--config", help="configuration file (default: $NEWSMON_CONFIG, ./newsmon.toml)")
    parser.add_argument("--every", type=float, help="run every SECONDS instead of schedule.cron (testing)")
    parser.add_argument("--log-file", help="log here instead of stderr")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"newsmon: error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(config, log_file=args.log_file, verbose=args.verbose)
    return run_daemon(config, every=args.every, command=command)


if __name__ == "__main__":
    # Re-import under the package name so the job store records
    # "newsmon.schedule.daemon:run_scheduled_crawl", not "__main__:...".
    from newsmon.schedule.daemon import main as _main

    sys.exit(_main())

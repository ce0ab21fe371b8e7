"""The ``newsmon schedule`` daemon: run the crawl cycle on a cron schedule.

For hosts without cron or systemd timers, or for people who prefer one
long-running service. APScheduler 3.x's ``BlockingScheduler`` owns the main
thread with its job in memory: nothing is ever unpickled from the database.
What must survive a restart, the job's last and next run time, is saved in
newsmon's own ``schedule_state`` table (``newsmon.store.schedule_state``),
so a restart after downtime does exactly one catch-up run, not a burst. If
the job ever disappears from the scheduler, the daemon adds it again, and
exits 1 if it cannot.

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
from datetime import datetime, timedelta, timezone
from types import FrameType
from pathlib import Path
from typing import Any, Optional, Sequence
from zoneinfo import ZoneInfo

from apscheduler.events import (
    EVENT_JOB_MISSED,
    EVENT_JOB_REMOVED,
    EVENT_JOB_SUBMITTED,
    EVENT_SCHEDULER_STARTED,
    JobEvent,
    SchedulerEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import select

from newsmon import exitcodes
from newsmon.config import Config, ConfigError, load_config
from newsmon.schedule.child import ChildOutcome, read_tail
from newsmon.schedule.locks import EXIT_ALREADY_RUNNING, AlreadyRunning, scheduler_lock
from newsmon.schedule.triggers import make_trigger
from newsmon.store.database import Database, DatabaseError, safe_url
from newsmon.store.models import Run, utcnow
from newsmon.store.runs import FAILED, OK, RUNNING, SKIPPED, TIMEOUT, finish_run, scrub, start_run
from newsmon.store.schedule_state import JOB_ID, load_schedule, save_schedule

TERM_GRACE_SECONDS = 5.0  # SIGTERM -> SIGKILL for a child being stopped
EXIT_CONFIG = exitcodes.USAGE
EXIT_DATABASE = exitcodes.FAILED

log = logging.getLogger("newsmon.schedule.daemon")


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


class ScheduleLost(Exception):
    """The job vanished and could not be added again: the daemon exits 1 rather than run on idle."""


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
        self.lost_schedule: Optional[str] = None  # why the daemon gave up, if it did

    # ------------------------------------------------------------ lifecycle

    def run(self) -> int:
        """Run until SIGTERM/SIGINT (or stop()); the exit code: 0, 75 (another daemon), 1 (database)."""
        try:
            self.serve()
        except AlreadyRunning as exc:
            log.error("%s; not starting a second scheduler on %s", exc, safe_url(self.config.database_url))
            return EXIT_ALREADY_RUNNING
        except (DatabaseError, ScheduleLost) as exc:
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
        self.db = Database(self.config.database_url)
        tz = ZoneInfo(self.config.schedule.timezone)
        # The default job store: in memory. Only plain times go to the database.
        scheduler = BlockingScheduler(timezone=tz, executors={"default": ThreadPoolExecutor(max_workers=1)})
        self.scheduler = scheduler
        self._add_job(self._catch_up_time())
        scheduler.add_listener(self._on_started, EVENT_SCHEDULER_STARTED)
        scheduler.add_listener(self._on_job_event, EVENT_JOB_SUBMITTED | EVENT_JOB_MISSED)
        scheduler.add_listener(self._on_job_removed, EVENT_JOB_REMOVED)
        previous_handlers: dict[int, Any] = {}
        if self.install_signal_handlers:
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous_handlers[signum] = signal.signal(signum, self._on_signal)
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
            for signum, handler in previous_handlers.items():
                signal.signal(signum, handler)
            self.db.dispose()
        if self.lost_schedule is not None:
            raise ScheduleLost(self.lost_schedule)
        log.info("newsmon scheduler stopped")

    def _add_job(self, next_run_time: Optional[datetime] = None) -> None:
        assert self.scheduler is not None
        extra: dict[str, Any] = {"next_run_time": next_run_time} if next_run_time is not None else {}
        self.scheduler.add_job(
            self.run_crawl,
            self.trigger,
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

    def _catch_up_time(self) -> Optional[datetime]:
        """``now`` if the saved next run was missed while no daemon ran, else None.

        The job is created afresh at every start and would otherwise get its
        next run time from the trigger, and the missed slots would pass silently.
        """
        assert self.db is not None
        with self.db.session() as session:
            saved = load_schedule(session)
        stored = saved.next_run_at if saved is not None else None
        now = datetime.now(timezone.utc)
        if stored is None or stored > now:
            return None
        due = stored.astimezone(ZoneInfo(self.config.schedule.timezone)).strftime("%Y-%m-%d %H:%M %Z")
        log.info("a scheduled run was due at %s while no scheduler ran: one catch-up run now", due)
        return now

    def _save_state(self, *, next_run_at: Optional[datetime] = None, last_run_at: Optional[datetime] = None) -> None:
        """Save the next run time (default: the job's) and the run just started; a database hiccup is only logged."""
        assert self.scheduler is not None and self.db is not None
        if next_run_at is None:
            job = self.scheduler.get_job(JOB_ID)
            next_run_at = job.next_run_time if job is not None else None
        try:
            with self.db.session() as session:
                save_schedule(session, next_run_at=next_run_at, last_run_at=last_run_at)
        except Exception as exc:  # noqa: BLE001 - the schedule runs on from memory
            log.error("could not save the schedule state: %s", scrub(f"{type(exc).__name__}: {exc}"))

    def _on_job_event(self, event: JobEvent) -> None:
        """A slot was run or missed: save the slot after it (as APScheduler is about to compute it)."""
        if event.job_id != JOB_ID:
            return
        slots = getattr(event, "scheduled_run_times", None) or [getattr(event, "scheduled_run_time")]
        now = datetime.now(timezone.utc)
        following = self.trigger.get_next_fire_time(slots[-1], now)
        self._save_state(next_run_at=following, last_run_at=now if event.code == EVENT_JOB_SUBMITTED else None)

    def _on_job_removed(self, event: JobEvent) -> None:
        """The job must not vanish while the daemon runs: add it again, or stop with exit 1."""
        if event.job_id != JOB_ID or self._stopping.is_set():
            return
        log.error("the scheduled job disappeared; adding it again")
        try:
            self._add_job()
            self._save_state()
        except Exception as exc:  # noqa: BLE001 - a daemon with no schedule must not run on
            self.lost_schedule = f"the schedule was lost and could not be recreated: {type(exc).__name__}: {exc}"
            log.error("%s", self.lost_schedule)
            self.stop()

    def _on_started(self, _event: SchedulerEvent) -> None:
        # A signal that came before the scheduler was running could not stop it.
        if self._stopping.is_set():
            self._shutdown_scheduler(wait=False)
            return
        self._save_state()

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
                output_tail=read_tail(out),
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
    sys.exit(main())

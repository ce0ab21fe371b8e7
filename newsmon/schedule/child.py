"""How one crawl subprocess of the daemon ended, and how that is recorded."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Optional

from newsmon.schedule.locks import EXIT_ALREADY_RUNNING
from newsmon.store.runs import FAILED, INTERRUPTED, OK, SKIPPED, TIMEOUT, scrub

OUTPUT_TAIL_BYTES = 4000  # the end of a failed child's output, kept for the log and the run row


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


def read_tail(out: IO[bytes]) -> str:
    out.seek(0, os.SEEK_END)
    size = out.tell()
    out.seek(max(0, size - OUTPUT_TAIL_BYTES))
    return out.read().decode("utf-8", "replace")

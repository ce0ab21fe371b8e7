"""The deployment examples: data under /var/lib/newsmon, a bounded cron run, pinned installs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from newsmon.config import parse_config
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def test_example_config_keeps_every_path_under_var_lib() -> None:
    path = Path("/etc/newsmon/newsmon.toml")  # where the units read it from
    cfg = parse_config(tomllib.loads((DEPLOY / "newsmon.toml.example").read_text("utf-8")), base=path.parent, path=path)
    assert cfg.database_url.startswith("sqlite:////var/lib/newsmon/"), cfg.database_url
    for value in (cfg.state_dir, cfg.alerts.outbox_dir):
        assert str(value).startswith("/var/lib/newsmon/"), value
    assert cfg.schedule.run_timeout < 30 * 60  # a run ends before the next slot


def test_units_and_crontab_use_the_example_paths() -> None:
    for name in ("newsmon.service", "newsmon-schedule.service", "crontab.example"):
        text = (DEPLOY / name).read_text("utf-8")
        assert "--config /etc/newsmon/newsmon.toml" in text and "/var/lib/newsmon" in text, name


def test_cron_runs_are_bounded_by_timeout() -> None:
    lines = [ln for ln in (DEPLOY / "crontab.example").read_text("utf-8").splitlines()
             if ln.strip() and not ln.startswith("#") and "=" not in ln.split()[0]]
    assert lines
    for line in lines:
        m = re.search(r"\btimeout (?:--kill-after=\d+[smh]? )?(\d+)([smh]) \S*newsmon ", line)
        assert m, line
        seconds = int(m.group(1)) * {"s": 1, "m": 60, "h": 3600}[m.group(2)]
        assert 0 < seconds < 30 * 60, line  # below the */30 interval


def test_installs_are_pinned_with_hashes() -> None:
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", lock, re.M))
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", lock.split("\n", 2)[-1])
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = pyproject["dependencies"] + [d for extra in ("test", "bench") for d in pyproject["optional-dependencies"][extra]]
    names = {re.split(r"[<>=!\[; ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in wanted}
    missing = names - {n.lower().replace("_", "-") for n in pins}
    assert not missing, f"not in requirements.lock (run make lock): {sorted(missing)}"
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "pip install -q --require-hashes -r $(LOCK)" in makefile and "--no-deps -e ." in makefile
    assert re.search(r"^\$\(STAMP\): .*\$\(LOCK\)", makefile, re.M)  # a changed lock rebuilds the venv

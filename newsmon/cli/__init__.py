"""The ``newsmon`` command: click commands and output formatting only (see newsmon.cli.main)."""

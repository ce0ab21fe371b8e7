"""``python -m newsmon`` is the ``newsmon`` command (the scheduler starts crawls this way)."""

import sys

from newsmon.cli.main import main

sys.exit(main())

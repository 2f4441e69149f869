"""``python -m suite.perf SHAPE``: see ``suite/perf/run.py``."""

import sys

from suite.perf.run import main

sys.exit(main())

"""``python -m suite.perf SHAPE`` (``suite/perf/run.py``) and ``python -m suite.perf compare --base REV``
(``suite/perf/compare.py``)."""

import sys

from suite.perf import compare, run

if sys.argv[1:2] == ["compare"]:
    sys.exit(compare.main(sys.argv[2:]))
sys.exit(run.main())

#!/usr/bin/env bash
# Performance runs: `./qa perf SHAPE` (see docs/PERFORMANCE.md).
#
#   ./qa perf smoke                 PR gate: 10 users for 40 s against gunicorn + PostgreSQL (SQLite if absent)
#   ./qa perf load | stress | spike | soak
#   ./qa perf nightly               load + SLO gate + baseline comparison + history + trend chart + integrity
#   ./qa perf distributed [SHAPE]   SHAPE (default smoke) as a Locust master with 2 workers on loopback
#   ./qa perf compare --base REV    REV and this tree side by side on this host, in alternating slices (~6 min);
#                                   --defects ID (candidate only), --slices K, --slice-s S, --users U, --scale F
#
# Options after the shape go to `python -m suite.perf` (--defects ID, --workers N, --base-url URL, --scale F,
# --record yes|no, --margin 0.3, --min-delta-ms 20, --k 5). ECRM_DEFECTS switches seeded defects on in the SUT.
# Outputs: reports/performance/<shape>/ (report.html, locust_stats.csv, verdict.json ...), reports/performance/history/,
# reports/performance/trend.html. The exit code is non-zero when an SLO, the integrity check or the baseline failed.
set -euo pipefail
cd "$(dirname "$0")/.."
shape="${1:-}"
case "$shape" in
  smoke|load|stress|spike|soak|nightly|distributed|compare) shift ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
if [ "$shape" = compare ]; then
  exec .venv/bin/python -m suite.perf compare "$@"
fi
if { [ "$shape" = smoke ] || { [ "$shape" = distributed ] && [ "${1:-smoke}" = smoke ]; }; } \
   && [ -z "${ECRM_PERF_SCALE:-}" ]; then
  # The PR gate seeds a fifth of the volume, so that a cold CI machine builds its template quickly.
  export ECRM_PERF_SCALE=0.2
fi
exec .venv/bin/python -m suite.perf "$shape" "$@"

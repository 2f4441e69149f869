#!/usr/bin/env bash
# Installs everything the suite needs, idempotently: the Python venv and the project with its pinned packages, the npm
# report tooling (npm ci from the lockfile), Chromium (Playwright's own if present, else the system package), ffmpeg
# for --video (Playwright's own if present, else the system package, linked where Playwright looks), and the compiled
# translations of the reference e-CRM. Safe to run again; it skips what is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# -- Python 3.11+ -------------------------------------------------------------------------------------------------
PYTHON="${ECRM_PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "Python 3.11 or newer is needed (set ECRM_PYTHON to its path)." >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  log "creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv || {
    log "venv module missing; installing python3-venv"; apt-get update -qq && apt-get install -y -qq python3-venv; "$PYTHON" -m venv .venv; }
fi
# The project (pyproject.toml: its dependencies, editable) at the versions pinned in constraints.txt.
stamp=.venv/.requirements.sha256
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing Python packages (pyproject.toml, pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
  echo "$want" > "$stamp"
fi

# -- npm: the Allure 3 report generator, pinned in package-lock.json ------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
  log "npm missing; installing nodejs and npm from the system packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
nstamp=node_modules/.lock.sha256
nwant=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$nstamp" 2>/dev/null)" != "$nwant" ]; then
  log "installing report tooling (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$nwant" > "$nstamp"
fi

# -- Browser ------------------------------------------------------------------------------------------------------
.venv/bin/python -m suite.server.browser --ensure

# -- Reference e-CRM translations ---------------------------------------------------------------------------------
.venv/bin/python manage.py compilepo >/dev/null
log "ready"

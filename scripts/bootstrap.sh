#!/usr/bin/env bash
# Everything Marquee needs on a fresh Debian machine, installed by the project itself:
# system packages (FFmpeg, Chromium, fonts, gettext), a virtualenv with the Python
# dependencies, and compiled translations. Safe to run again: each step is skipped
# when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
SYSTEM_PACKAGES=(ffmpeg chromium fonts-noto-cjk fonts-noto-core fonts-wqy-zenhei fonts-dejavu-core gettext poppler-utils
                 postgresql-client)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
stamp="$VENV/.marquee-deps"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV/bin/pip" install -q -e ".[dev]"
  touch "$stamp"
fi

# Compiled catalogs are build output: made here, never committed.
"$VENV/bin/python" manage.py compilemessages -v 0 --ignore "$VENV" --ignore node_modules >/dev/null

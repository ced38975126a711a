#!/usr/bin/env bash
# Set up a development environment in .venv and then either launch the app
# (`run`, on the default per-user database) or run the whole test suite (`test`).
#
#   bash packaging/dev.sh run  [sernam-desktop arguments…]
#   bash packaging/dev.sh test [pytest arguments…]
#
# Needs Python >= 3.11.  On Debian/Ubuntu, when run as root, it installs the
# system libraries Qt needs (also offscreen) and poppler-utils (PDF checks in the
# tests) if they are missing; otherwise it prints the apt-get line to run.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
shift || true

pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core)
[ "$mode" = test ] && pkgs+=(poppler-utils)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "Instalando paquetes del sistema: ${missing[*]}" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "Faltan paquetes del sistema; instálelos con: sudo apt-get install ${missing[*]}" >&2
    fi
  fi
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Se necesita Python 3.11 o más reciente (encontrado: $("$PY" --version 2>&1))." >&2; exit 2; }
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$mode
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  extra=""; [ "$mode" = test ] && extra="[test]"
  .venv/bin/python -m pip install --disable-pip-version-check -q -e ".${extra}"
  touch "$stamp"
fi

case "$mode" in
  run)  exec .venv/bin/sernam-desktop "$@" ;;
  test) exec .venv/bin/python -m pytest "$@" ;;
  *)    echo "uso: bash packaging/dev.sh run|test [argumentos…]" >&2; exit 2 ;;
esac

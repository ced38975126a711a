#!/usr/bin/env bash
# Set up a development environment in .venv and then either launch the app
# (`run`, on the default per-user database) or check and test it (`test`).
#
#   bash packaging/dev.sh run  [sernam-desktop arguments…]
#   bash packaging/dev.sh test [pytest arguments…]
#
# Needs Python >= 3.11 with venv/ensurepip (Debian: python3-venv).  On
# Debian/Ubuntu, as root, it installs the system packages that are missing:
# the libraries Qt needs (offscreen, and the xcb/wayland platform plugins of a
# real desktop) and, for `test`, poppler-utils (PDF checks) and xvfb + xauth
# (the real-window test).  As an ordinary user it names what is missing
# («como administrador (root): apt-get install …»); `test` then stops (exit 2)
# before pytest, `run` goes on (the command line needs none of them; the
# window check explains itself).
#
# `test` runs ruff and import-linter (pyproject.toml), then pytest.  Under CI
# (CI=true) as root it also runs the data-safety and GUI tests as a throw-away
# unprivileged user (SERNAM_DEV_USER, default sernam-ci) on a copy of the tree,
# and fails if that run leaves anything in its temporary folder besides
# pytest's own.  SERNAM_DEV_NONROOT=1/0 forces that pass on/off.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
shift || true
case "$mode" in
  run|test) ;;
  *) echo "uso: bash packaging/dev.sh run|test [argumentos…]" >&2; exit 2 ;;
esac
is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------- system ----
# Qt offscreen (tests) and the fonts the PDFs use.
base=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core)
# What `ldd` lists for PySide6's plugins/platforms/libqxcb.so and libqwayland.so.
desktop=(libxcb1 libx11-xcb1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-util1
         libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0
         libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-xinput0
         libxcb-glx0 libsm6 libice6 libwayland-client0 libwayland-cursor0 libwayland-egl1)
want=("${base[@]}" "${desktop[@]}")
required=("${base[@]}")
if [ "$mode" = test ]; then
  want+=(poppler-utils xvfb xauth)
  required+=(poppler-utils)
  # The real-window test runs whenever xvfb-run exists: then it needs the xcb libraries.
  command -v xvfb-run >/dev/null 2>&1 && required+=("${desktop[@]}")
fi
apt_hint() { echo "  como administrador (root): apt-get install $*" >&2; }

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ] && is_root; then
    echo "Instalando paquetes del sistema: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif [ ${#missing[@]} -gt 0 ]; then
    blocking=()
    for p in "${missing[@]}"; do
      [[ " ${required[*]} " == *" $p "* ]] && blocking+=("$p")
    done
    if [ "$mode" = test ] && [ ${#blocking[@]} -gt 0 ]; then
      echo "Faltan paquetes del sistema para las pruebas; instálelos" >&2
      apt_hint "${missing[@]}"
      exit 2
    fi
    echo "Faltan paquetes del sistema (la ventana o algunas pruebas los necesitan); instálelos" >&2
    apt_hint "${missing[@]}"
  fi
fi

# ---------------------------------------------------------------- python ----
PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null 2>&1 || {
  echo "No se encontró Python («$PY»): instale Python 3.11 o más reciente." >&2
  apt_hint python3 python3-venv; exit 2; }
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Se necesita Python 3.11 o más reciente (encontrado: $("$PY" --version 2>&1))." >&2; exit 2; }
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if is_root && command -v apt-get >/dev/null 2>&1; then
    echo "Instalando python3-venv (venv/ensurepip de Python)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || {
    echo "A Python le falta venv/ensurepip (el paquete python3-venv); instálelo" >&2
    apt_hint python3-venv; exit 2; }
fi
# A .venv without a working pip (e.g. made before python3-venv was installed,
# or interrupted) is rebuilt instead of failing on every later run.
if [ -e .venv ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  echo "El entorno .venv está incompleto (sin pip): se vuelve a crear." >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv || { rm -rf .venv; echo "No se pudo crear .venv con $PY." >&2; exit 2; }
fi
# Reinstall when pyproject.toml changed (its hash, not its modification time).
stamp=.venv/.installed-$mode
want_hash=$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' pyproject.toml)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want_hash" ]; then
  extra=""; [ "$mode" = test ] && extra="[test]"
  .venv/bin/python -m pip install --disable-pip-version-check -q -e ".${extra}"
  echo "$want_hash" >"$stamp"
fi

if [ "$mode" = run ]; then
  exec .venv/bin/sernam-desktop "$@"
fi

# ------------------------------------------------------------------ test ----
# Static checks first: style/bugs (ruff) and the layering (import-linter).
.venv/bin/ruff check --quiet . || { echo "ruff encontró problemas (arriba)." >&2; exit 1; }
lint_out=$(.venv/bin/lint-imports --no-cache 2>&1) || {
  echo "$lint_out" >&2; echo "import-linter: se rompió una regla de capas (arriba)." >&2; exit 1; }

nonroot="${SERNAM_DEV_NONROOT:-}"
[ -z "$nonroot" ] && { is_root && [ "${CI:-}" = true ] && nonroot=1 || nonroot=0; }
if [ "$nonroot" != 1 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
.venv/bin/python -m pytest "$@"
exec bash packaging/nonroot_tests.sh

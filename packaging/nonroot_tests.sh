#!/usr/bin/env bash
# Run the data-safety and GUI tests as an ordinary user, from root (CI).
#
#   bash packaging/nonroot_tests.sh [pytest arguments…]
#
# CI runs as root, where read-only folders, other users' files and /tmp
# permissions never bite.  This creates (once) the unprivileged user
# SERNAM_DEV_USER (default sernam-ci), copies the tree to a private temporary
# folder it owns, runs `bash packaging/dev.sh test` there as that user (its own
# .venv, its own TMPDIR) and fails when the run leaves anything in that TMPDIR
# besides pytest's own folder, or anything of that user's in /tmp.  Called by
# `dev.sh test` under CI=true as root.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "nonroot_tests.sh: hay que ejecutarlo como root (crea un usuario)." >&2; exit 2; }
user="${SERNAM_DEV_USER:-sernam-ci}"
# The whole suite by default (about as long again as the root run); arguments
# choose a subset, e.g. the data-safety and GUI files.
subset=("$@")

id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
work=$(mktemp -d "${TMPDIR:-/tmp}/sernam-nonroot.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir "$work/src" "$work/tmp"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/src"
else
  tar --exclude=./.venv --exclude=./.git --exclude='./.venv-*' -cf - . | tar -xf - -C "$work/src"
fi
chown -R "$user:" "$work/src" "$work/tmp"
chmod 700 "$work/tmp"
py=$(command -v python3.11 || command -v python3)
# A Python the user can run (root's may live under /root, e.g. pyenv).
runuser -u "$user" -- "$py" -c '' 2>/dev/null || py=/usr/bin/python3

echo "== Pruebas como usuario sin privilegios ($user): ${subset[*]:-todas}" >&2
before=$(find /tmp -maxdepth 1 -mindepth 1 -user "$user" 2>/dev/null | sort)
status=0
runuser -u "$user" -- env -i HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" \
  PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TMPDIR="$work/tmp" PYTHON="$py" \
  bash -c 'cd "$1" && shift && exec bash packaging/dev.sh test -p no:cacheprovider "$@"' \
  _ "$work/src" ${subset[@]+"${subset[@]}"} || status=$?
leftovers=$( (find "$work/tmp" -mindepth 1 -maxdepth 1 ! -name "pytest-of-$user";
             comm -13 <(echo "$before") <(find /tmp -maxdepth 1 -mindepth 1 -user "$user" 2>/dev/null | sort)) \
             | sed '/^$/d; s/^/  /')
if [ -n "$leftovers" ]; then
  echo "Las pruebas dejaron archivos en la carpeta temporal (fuera de la de pytest):" >&2
  echo "$leftovers" >&2
  [ "$status" = 0 ] && status=1
fi
exit "$status"

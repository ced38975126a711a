#!/usr/bin/env bash
# Install (or remove) the Linux one-folder build for the current user only:
#
#   bash packaging/linux/install_user.sh [dist/sernam-desktop]   install / update
#   bash packaging/linux/install_user.sh --uninstall             remove the program
#
#   ~/.local/lib/sernam-desktop/       the program (replaced on update)
#   ~/.local/bin/sernam-desktop        link to it (the menu entry runs this)
#   ~/.local/share/applications/       sernam-desktop.desktop (menu), and
#                                      sernam-desktop-envio.desktop (opens *.sernam)
#   ~/.local/share/icons/hicolor/…     the icon, 16–256 px and SVG
#   ~/.local/share/mime/packages/      the *.sernam type (application/x-sernam-bundle)
#
# User data (~/.local/share/sernam-desktop: databases, backups, bundles) is
# never touched, not even by --uninstall.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/sernam-desktop"
BIN="$HOME/.local/bin"
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"
MIME="$DATA_HOME/mime"

refresh() {
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$MIME" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$LIB"
  rm -f "$BIN/sernam-desktop" "$APPS/sernam-desktop.desktop" "$APPS/sernam-desktop-envio.desktop" \
        "$APPS/sernam-desktop-acuse.desktop" \
        "$MIME/packages/sernam-desktop-mime.xml"
  find "$ICONS" -name 'sernam-desktop.*' -path '*/apps/*' -delete 2>/dev/null || true
  refresh
  echo "sernam-desktop desinstalado. Sus datos siguen en $DATA_HOME/sernam-desktop."
  exit 0
fi

SRC="${1:-$ROOT/dist/sernam-desktop}"
[ -x "$SRC/sernam-desktop" ] || {
  echo "No se encontró $SRC/sernam-desktop: compile con bash packaging/build_linux.sh" >&2; exit 2; }

mkdir -p "$(dirname "$LIB")" "$BIN" "$APPS" "$MIME/packages"
tmp="$LIB.new.$$"
rm -rf "$tmp"
cp -a "$SRC" "$tmp"
rm -f "$tmp/portable.txt"   # an installed copy keeps data in the user folder
rm -rf "$LIB"
mv "$tmp" "$LIB"
ln -sfn "$LIB/sernam-desktop" "$BIN/sernam-desktop"
install -m 644 "$HERE/sernam-desktop.desktop" "$HERE/sernam-desktop-envio.desktop" \
  "$HERE/sernam-desktop-acuse.desktop" "$APPS/"
install -m 644 "$HERE/sernam-desktop-mime.xml" "$MIME/packages/"
for png in "$ROOT"/resources/icons/sernam-desktop-*.png; do
  n=$(basename "$png" .png); n=${n#sernam-desktop-}
  install -D -m 644 "$png" "$ICONS/${n}x${n}/apps/sernam-desktop.png"
done
install -D -m 644 "$ROOT/resources/icons/sernam-desktop.svg" "$ICONS/scalable/apps/sernam-desktop.svg"
refresh
echo "sernam-desktop $("$LIB/sernam-desktop" --version | cut -d' ' -f2) instalado en $LIB."
case ":$PATH:" in *":$BIN:"*) ;; *) echo "Nota: agregue $BIN a su PATH para usar «sernam-desktop» en la terminal." ;; esac

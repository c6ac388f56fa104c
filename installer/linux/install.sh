#!/bin/sh
# Install Coachbench for the current user (no root needed), or remove it again.
#
#   ./install.sh              copy to ~/.local/opt/coachbench, add the menu entry and
#                             ~/.local/bin/coachbench; run it again to upgrade in place
#   ./install.sh --uninstall  remove the program; your data stays in
#                             ~/.local/share/Coachbench (delete that folder to remove it)
#
# The database is never inside the program folder, so an upgrade keeps it, and the first
# start of the newer version upgrades its schema after copying it to backups/.
set -eu

HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
TARGET="$HOME/.local/opt/coachbench"
BIN="$HOME/.local/bin"
SIZES="16 24 32 48 64 128 256 512"

remove() {
    rm -rf "$TARGET"
    rm -f "$BIN/coachbench" "$DATA/applications/coachbench.desktop"
    for size in $SIZES; do
        rm -f "$DATA/icons/hicolor/${size}x${size}/apps/coachbench.png"
    done
    rm -f "$DATA/icons/hicolor/scalable/apps/coachbench.svg"
}

if [ "${1:-}" = "--uninstall" ]; then
    remove
    echo "Coachbench removed. Your data is still in $DATA/Coachbench."
    exit 0
fi

remove
mkdir -p "$(dirname "$TARGET")" "$BIN" "$DATA/applications" "$DATA/icons/hicolor/scalable/apps"
cp -a "$HERE/coachbench" "$TARGET"
ln -s "$TARGET/coachbench" "$BIN/coachbench"
for size in $SIZES; do
    mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
    cp "$HERE/icons/coachbench-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/coachbench.png"
done
cp "$HERE/icons/coachbench.svg" "$DATA/icons/hicolor/scalable/apps/coachbench.svg"
# The menu entry names the program by its full path: ~/.local/bin is not on every PATH.
sed -e "s|^Exec=coachbench|Exec=$TARGET/coachbench|" -e "s|^TryExec=coachbench|TryExec=$TARGET/coachbench|" \
    "$HERE/coachbench.desktop" > "$DATA/applications/coachbench.desktop"
update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
gtk-update-icon-cache -q "$DATA/icons/hicolor" >/dev/null 2>&1 || true
echo "Coachbench installed in $TARGET; start it from the applications menu or with $BIN/coachbench."
